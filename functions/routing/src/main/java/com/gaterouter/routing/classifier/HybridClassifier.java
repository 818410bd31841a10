package com.gaterouter.routing.classifier;

import com.gaterouter.routing.semantic.StaticEmbeddings;
import java.util.ArrayList;
import java.util.List;

/**
 * The shipped classifier: the learned {@link ComplexityModel} over the last user turn, then
 * request-level rules the training data cannot teach (it has no tools, response formats or long
 * conversations), as documented logit offsets and one floor:
 * <ul>
 *   <li>{@code tools}: +{@value #TOOLS_LOGIT} logit, and the score is at least {@value #TOOLS_FLOOR},
 *       above every preset's light threshold — a request that may call tools is never light;</li>
 *   <li>{@code structured_output}: +{@value #JSON_SCHEMA_LOGIT} for {@code json_schema},
 *       +{@value #JSON_OBJECT_LOGIT} for {@code json_object};</li>
 *   <li>{@code conversation}: +{@value #CONVERSATION_LOGIT} from {@value #CONVERSATION_TURNS} user
 *       turns, twice that from {@value #LONG_CONVERSATION_TURNS};</li>
 *   <li>{@code long_context}: +{@value #LONG_CONTEXT_LOGIT} from {@value #LONG_CONTEXT_CHARS} characters
 *       across all messages, twice that from {@value #HUGE_CONTEXT_CHARS}; halved when the last turn
 *       asks for a simple task (summarising a long document is light work).</li>
 * </ul>
 * Thread-safe (the model is read-only) and deterministic.
 */
public final class HybridClassifier implements ComplexityClassifier {

    static final double TOOLS_LOGIT = 1.0;
    static final double TOOLS_FLOOR = 0.25;
    static final double JSON_SCHEMA_LOGIT = 0.4;
    static final double JSON_OBJECT_LOGIT = 0.2;
    static final double CONVERSATION_LOGIT = 0.3;
    static final int CONVERSATION_TURNS = 3;
    static final int LONG_CONVERSATION_TURNS = 8;
    static final double LONG_CONTEXT_LOGIT = 0.5;
    static final long LONG_CONTEXT_CHARS = 24_000;
    static final long HUGE_CONTEXT_CHARS = 100_000;
    /** Contributions smaller than this (in logits) are not worth naming as a reason. */
    private static final double MIN_REASON_LOGIT = 0.1;
    private static final int MAX_REASONS = 4;
    private static final Reason[] REASONS = Reason.values();

    private final ComplexityModel model;
    private final FeatureExtractor extractor;
    private final StaticEmbeddings embeddings;

    /** The model with the shipped static embeddings. */
    public HybridClassifier(ComplexityModel model) {
        this(model, StaticEmbeddings.bundled());
    }

    public HybridClassifier(ComplexityModel model, StaticEmbeddings embeddings) {
        if (model.semanticWeights().length != embeddings.dims()) {
            throw new IllegalArgumentException("the model weighs " + model.semanticWeights().length
                    + " embedding dimensions, the table has " + embeddings.dims());
        }
        if (!model.embeddings().isEmpty() && !embeddings.sha256().isEmpty() && !model.embeddings().equals(embeddings.sha256())) {
            throw new IllegalArgumentException("the model was trained on static embeddings " + model.embeddings()
                    + ", not on " + embeddings.sha256());
        }
        this.model = model;
        this.extractor = new FeatureExtractor(model.hashBits());
        this.embeddings = embeddings;
    }

    /** The lowest score a request with tools gets: every preset's light threshold stays below it. */
    public static double toolsFloor() {
        return TOOLS_FLOOR;
    }

    public ComplexityModel model() {
        return model;
    }

    @Override
    public Classification classify(RequestShape request) {
        float[] dense = new float[Feature.denseSize()];
        NgramScore ngrams = new NgramScore(model.ngramWeights());
        extractor.extract(request, dense, ngrams);

        // a cue contributes when it fires (w·x). Length features always fire and mean something
        // only against the average length, so they, like the n-grams, count relative to the
        // average training request: the length reason ("short_prompt" … "long_prompt") moved the score,
        // "learned_high/low" wording unlike the average request.
        double[] contributions = new double[REASONS.length];
        double logit = model.bias() + model.ngramMean();
        float[] weights = model.denseWeights();
        float[] means = model.denseMeans();
        boolean multipleChoice = dense[Feature.MULTIPLE_CHOICE.ordinal()] > 0;
        for (int i = 0; i < dense.length; i++) {
            // a feature that does not apply to this request (a multiple-choice measure of a question
            // without options, the multiple-choice copy of the vector) is zero and explains nothing:
            // it is not centred, so it cannot be named as a reason
            boolean applies = multipleChoice || (i < Feature.count() && !Feature.ofSlot(i).isMultipleChoiceOnly());
            double centre = applies && Feature.ofSlot(i).isCentred() ? means[i] : 0;
            logit += weights[i] * centre;
            contributions[Feature.ofSlot(i).reason().ordinal()] += weights[i] * (dense[i] - centre);
        }
        double wording = FeatureExtractor.ngramScale(dense) * ngrams.contribution() - model.ngramMean();
        contributions[(wording >= 0 ? Reason.LEARNED_HIGH : Reason.LEARNED_LOW).ordinal()] += wording;
        // what the prompt is about (its static sentence embedding), relative to the average training request
        float[] semantic = new float[embeddings.dims()];
        embeddings.embed(semantic, request.head(), request.tail());
        float[] semanticWeights = model.semanticWeights();
        double topic = -model.semanticMean();
        for (int i = 0; i < semantic.length; i++) {
            topic += semanticWeights[i] * semantic[i];
        }
        logit += model.semanticMean();
        contributions[(topic >= 0 ? Reason.SEMANTIC_HARD : Reason.SEMANTIC_EASY).ordinal()] += topic;
        applyRules(request, dense[Feature.SIMPLE_TASK.ordinal()] > 0, contributions);
        for (double contribution : contributions) {
            logit += contribution;
        }

        double score = 1 / (1 + Math.exp(-logit));
        boolean floored = request.tools() > 0 && score < TOOLS_FLOOR;
        if (floored) {
            score = TOOLS_FLOOR;
        }
        // the reasons say what moved the score away from the average training request's: up when
        // the contributions (each relative to that average) sum above zero
        double moved = 0;
        for (double contribution : contributions) {
            moved += contribution;
        }
        return new Classification(score, reasons(request, contributions, moved >= 0 || floored, floored));
    }

    private static void applyRules(RequestShape request, boolean simpleTask, double[] contributions) {
        if (request.tools() > 0) {
            contributions[Reason.TOOLS.ordinal()] += TOOLS_LOGIT;
        }
        contributions[Reason.STRUCTURED_OUTPUT.ordinal()] += switch (request.outputFormat()) {
            case JSON_SCHEMA -> JSON_SCHEMA_LOGIT;
            case JSON_OBJECT -> JSON_OBJECT_LOGIT;
            case TEXT -> 0;
        };
        if (request.userTurns() >= CONVERSATION_TURNS) {
            contributions[Reason.CONVERSATION.ordinal()] +=
                    request.userTurns() >= LONG_CONVERSATION_TURNS ? 2 * CONVERSATION_LOGIT : CONVERSATION_LOGIT;
        }
        if (request.contextChars() >= LONG_CONTEXT_CHARS) {
            double offset = request.contextChars() >= HUGE_CONTEXT_CHARS ? 2 * LONG_CONTEXT_LOGIT : LONG_CONTEXT_LOGIT;
            contributions[Reason.LONG_CONTEXT.ordinal()] += simpleTask ? offset / 2 : offset;
        }
    }

    /**
     * The reasons pushing towards the result (up for a score above the average request's, down
     * below), strongest
     * first; the tools floor, when it decided, comes first.
     */
    private static List<String> reasons(RequestShape request, double[] contributions, boolean up, boolean floored) {
        List<String> reasons = new ArrayList<>(MAX_REASONS);
        if (floored) {
            reasons.add(Reason.TOOLS.code());
        }
        boolean[] taken = new boolean[contributions.length];
        if (floored) {
            taken[Reason.TOOLS.ordinal()] = true;
        }
        while (reasons.size() < MAX_REASONS) {
            int best = -1;
            for (int i = 0; i < contributions.length; i++) {
                double directed = up ? contributions[i] : -contributions[i];
                if (!taken[i] && directed >= MIN_REASON_LOGIT && (best < 0 || directed > (up ? contributions[best] : -contributions[best]))) {
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            taken[best] = true;
            reasons.add(REASONS[best].code(request));
        }
        return reasons;
    }

    /** Sums the weights of the n-gram buckets; the contribution is normalised by √count. */
    private static final class NgramScore implements FeatureExtractor.NgramSink {
        private final float[] weights;
        private double sum;
        private int count;

        NgramScore(float[] weights) {
            this.weights = weights;
        }

        @Override
        public void accept(int bucket) {
            sum += weights[bucket];
            count++;
        }

        double contribution() {
            return count == 0 ? 0 : sum / Math.sqrt(count);
        }
    }
}
