package com.gaterouter.routing.classifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The learned half of the classifier: a logistic regression over the dense {@link Feature}s and
 * hashed word n-grams, as trained by {@code TrainClassifier} and shipped as a resource.
 *
 * <p>File format (version {@value #FORMAT_VERSION}, big-endian): the magic {@code GRCM}; the
 * format version (int); the header length (int) and the header, UTF-8 JSON — hash bits, feature
 * names, bias, dense weights, dense means, n-gram scale, and the provenance (training data SHA-256,
 * training configuration); then {@code 2^hashBits} n-gram weights as 16-bit integers, each times
 * the header's {@code ngramScale}. Written with fixed field order and no timestamps, so identical
 * training input gives identical bytes.
 *
 * @param hashBits      n-gram buckets are {@code 2^hashBits}
 * @param bias          intercept (logit)
 * @param denseWeights  one weight per slot of the dense vector ({@link Feature#denseSize()})
 * @param denseMeans    each slot's mean over the training rows: the one-hot length buckets are explained
 *                      relative to it
 * @param ngramMean     the mean n-gram contribution over the training rows: the {@code learned_high/low}
 *                      reasons are the n-gram contribution relative to it
 * @param ngramWeights  the dequantised n-gram weights
 * @param semanticWeights one weight per dimension of the static sentence embedding ({@code StaticEmbeddings})
 * @param semanticMean  the mean semantic contribution over the training rows: the {@code semantic_hard/easy}
 *                      reasons are the semantic contribution relative to it
 * @param embeddings    SHA-256 of the static-embedding table the weights were trained on: a model
 *                      only scores with that table
 * @param header        the header as stored, for provenance (not part of equality: numbers in it
 *                      may be held as float or double nodes depending on how the model was made)
 */
public record ComplexityModel(int hashBits, float bias, float[] denseWeights, float[] denseMeans, float ngramMean,
                              float[] ngramWeights, float[] semanticWeights, float semanticMean, String embeddings,
                              ObjectNode header) {

    public static final int FORMAT_VERSION = 2;
    private static final int MAGIC = 0x4752434D; // "GRCM"
    private static final ObjectMapper JSON = new ObjectMapper();

    public ComplexityModel {
        if (denseWeights.length != Feature.denseSize() || denseMeans.length != Feature.denseSize()) {
            throw new IllegalArgumentException("expected " + Feature.denseSize() + " dense weights and means");
        }
        if (ngramWeights.length != 1 << hashBits) {
            throw new IllegalArgumentException("expected 2^" + hashBits + " n-gram weights");
        }
    }

    /**
     * A model from trained weights: quantises the n-gram weights as the file stores them, so the
     * returned model scores exactly like the one read back from its file.
     */
    public static ComplexityModel of(int hashBits, float bias, float[] denseWeights, float[] denseMeans,
                                     float ngramMean, float[] ngramWeights, float[] semanticWeights,
                                     float semanticMean, String embeddings, ObjectNode provenance) {
        float scale = ngramScale(ngramWeights);
        float[] dequantised = new float[ngramWeights.length];
        for (int i = 0; i < ngramWeights.length; i++) {
            dequantised[i] = quantise(ngramWeights[i], scale) * scale;
        }
        ObjectNode header = JSON.createObjectNode();
        header.put("format", "gaterouter-complexity-model");
        header.put("formatVersion", FORMAT_VERSION);
        header.put("hashBits", hashBits);
        ArrayNode names = header.putArray("features");
        Feature.all().forEach(feature -> names.add(feature.name()));
        header.put("denseLayout", "features, then features again for multiple-choice questions");
        header.put("bias", bias);
        floats(header.putArray("denseWeights"), denseWeights);
        floats(header.putArray("denseMeans"), denseMeans);
        header.put("ngramMean", ngramMean);
        header.put("ngramScale", scale);
        floats(header.putArray("semanticWeights"), semanticWeights);
        header.put("semanticMean", semanticMean);
        header.put("embeddings", embeddings);
        header.set("provenance", provenance);
        return new ComplexityModel(hashBits, bias, denseWeights.clone(), denseMeans.clone(), ngramMean, dequantised,
                semanticWeights.clone(), semanticMean, embeddings, header);
    }

    public void write(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        byte[] headerBytes = JSON.writeValueAsBytes(header);
        data.writeInt(MAGIC);
        data.writeInt(FORMAT_VERSION);
        data.writeInt(headerBytes.length);
        data.write(headerBytes);
        float scale = header.path("ngramScale").floatValue();
        for (float weight : ngramWeights) {
            data.writeShort(quantise(weight, scale));
        }
        data.flush();
    }

    public static ComplexityModel read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != MAGIC) {
            throw new IOException("not a GateRouter complexity model (bad magic)");
        }
        int version = data.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException("unsupported complexity model format version " + version);
        }
        byte[] headerBytes = data.readNBytes(data.readInt());
        ObjectNode header = (ObjectNode) JSON.readTree(new String(headerBytes, StandardCharsets.UTF_8));
        List<String> names = JSON.convertValue(header.get("features"),
                JSON.getTypeFactory().constructCollectionType(List.class, String.class));
        List<String> expected = Feature.all().stream().map(Feature::name).toList();
        if (!names.equals(expected)) {
            throw new IOException("model features " + names + " do not match this code's " + expected);
        }
        int hashBits = header.path("hashBits").intValue();
        float scale = header.path("ngramScale").floatValue();
        float[] ngram = new float[1 << hashBits];
        for (int i = 0; i < ngram.length; i++) {
            ngram[i] = data.readShort() * scale;
        }
        return new ComplexityModel(hashBits, header.path("bias").floatValue(), floats(header.get("denseWeights")),
                floats(header.get("denseMeans")), header.path("ngramMean").floatValue(), ngram,
                floats(header.get("semanticWeights")), header.path("semanticMean").floatValue(),
                header.path("embeddings").asText(), header);
    }

    private static float ngramScale(float[] weights) {
        float max = 0;
        for (float weight : weights) {
            max = Math.max(max, Math.abs(weight));
        }
        return max == 0 ? 1 : max / Short.MAX_VALUE;
    }

    private static short quantise(float weight, float scale) {
        return (short) Math.max(-Short.MAX_VALUE, Math.min(Short.MAX_VALUE, Math.round(weight / scale)));
    }

    private static void floats(ArrayNode array, float[] values) {
        for (float value : values) {
            array.add(value);
        }
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).floatValue();
        }
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ComplexityModel model && hashBits == model.hashBits && bias == model.bias
                && ngramMean == model.ngramMean && semanticMean == model.semanticMean
                && embeddings.equals(model.embeddings) && Arrays.equals(semanticWeights, model.semanticWeights)
                && Arrays.equals(denseWeights, model.denseWeights)
                && Arrays.equals(denseMeans, model.denseMeans) && Arrays.equals(ngramWeights, model.ngramWeights);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ngramWeights) * 31 + Arrays.hashCode(denseWeights);
    }

    @Override
    public String toString() {
        return "ComplexityModel[hashBits=" + hashBits + ", provenance=" + header.get("provenance") + "]";
    }
}
