package com.gaterouter.routing.semantic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A sentence embedding in microseconds: one vector per WordPiece token, distilled offline from a
 * sentence-embedding model (every vocabulary token embedded once by the model, reduced by PCA and
 * quantised to int8 per dimension — {@code DistillEmbeddings} in tools), and a prompt's embedding is
 * the L2-normalised mean of its tokens' vectors. This is the static-embedding idea of Model2Vec:
 * most of the model's topical signal at a small fraction of its cost, with no native code and no
 * model run per request.
 *
 * <p>File format (version {@value #FORMAT_VERSION}, big-endian): the magic {@code GRSE}; the version
 * (int); the header length (int) and the header, UTF-8 JSON — dims, vocabulary size, per-dimension
 * scales, provenance; the vocabulary, one UTF-8 string per token ({@code writeUTF}), in id order;
 * then {@code vocabulary × dims} signed bytes. Thread-safe and read-only.
 */
public final class StaticEmbeddings {

    /** Where the shipped table is on the classpath. */
    public static final String BUNDLED = "/routing/static-embeddings.bin";
    public static final int FORMAT_VERSION = 1;
    /** Tokens read from a prompt at most: the head and tail of a long turn are enough to say what it is about. */
    public static final int MAX_TOKENS = 512;
    private static final int MAGIC = 0x47525345; // "GRSE"
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int dims;
    private final float[] scales;
    private final byte[] table;
    private final List<String> vocabulary;
    private final WordPieceTokenizer tokenizer;
    private final ObjectNode header;
    private final String sha256;

    private StaticEmbeddings(int dims, float[] scales, byte[] table, List<String> vocabulary, ObjectNode header,
                             String sha256) {
        if (table.length != vocabulary.size() * dims || scales.length != dims) {
            throw new IllegalArgumentException("table is not vocabulary x dims");
        }
        this.dims = dims;
        this.scales = scales;
        this.table = table;
        this.vocabulary = List.copyOf(vocabulary);
        this.tokenizer = new WordPieceTokenizer(this.vocabulary);
        this.header = header;
        this.sha256 = sha256;
    }

    /**
     * A table from float vectors (one row per vocabulary token), quantised exactly as the file stores
     * it, so the result embeds like the table read back from its file.
     */
    public static StaticEmbeddings quantise(List<String> vocabulary, float[][] vectors, ObjectNode provenance) {
        int dims = vectors[0].length;
        float[] scales = new float[dims];
        for (float[] row : vectors) {
            for (int d = 0; d < dims; d++) {
                scales[d] = Math.max(scales[d], Math.abs(row[d]));
            }
        }
        for (int d = 0; d < dims; d++) {
            scales[d] = scales[d] == 0 ? 1 : scales[d] / 127f;
        }
        byte[] table = new byte[vectors.length * dims];
        for (int t = 0; t < vectors.length; t++) {
            for (int d = 0; d < dims; d++) {
                table[t * dims + d] = (byte) Math.max(-127, Math.min(127, Math.round(vectors[t][d] / scales[d])));
            }
        }
        ObjectNode header = JSON.createObjectNode();
        header.put("format", "gaterouter-static-embeddings");
        header.put("formatVersion", FORMAT_VERSION);
        header.put("dims", dims);
        header.put("vocabulary", vocabulary.size());
        ArrayNode scaleArray = header.putArray("scales");
        for (float scale : scales) {
            scaleArray.add(scale);
        }
        header.set("provenance", provenance);
        String sha256 = contentSha256(vocabulary, table);
        header.put("sha256", sha256);
        return new StaticEmbeddings(dims, scales, table, vocabulary, header, sha256);
    }

    /** The shipped table, read once. */
    public static StaticEmbeddings bundled() {
        return Bundled.INSTANCE;
    }

    private static final class Bundled {
        private static final StaticEmbeddings INSTANCE = load();

        private static StaticEmbeddings load() {
            try (InputStream in = StaticEmbeddings.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new IllegalStateException("the static embeddings " + BUNDLED + " are not on the classpath");
                }
                return read(new BufferedInputStream(in, 1 << 16));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the static embeddings " + BUNDLED, e);
            }
        }
    }

    public void write(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        byte[] headerBytes = JSON.writeValueAsBytes(header);
        data.writeInt(MAGIC);
        data.writeInt(FORMAT_VERSION);
        data.writeInt(headerBytes.length);
        data.write(headerBytes);
        for (String token : vocabulary) {
            data.writeUTF(token);
        }
        data.write(table);
        data.flush();
    }

    /**
     * Reads a table. Its id is the content hash its header records (written at distillation), not
     * recomputed: hashing 4 MB in a cold JVM costs hundreds of milliseconds of start-up, and a
     * classpath resource needs no integrity check at run time ({@link #verify()} is for tests).
     */
    public static StaticEmbeddings read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != MAGIC) {
            throw new IOException("not a GateRouter static-embedding table (bad magic)");
        }
        int version = data.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException("unsupported static-embedding format version " + version);
        }
        ObjectNode header = (ObjectNode) JSON.readTree(new String(data.readNBytes(data.readInt()), StandardCharsets.UTF_8));
        int dims = header.path("dims").intValue();
        int size = header.path("vocabulary").intValue();
        float[] scales = new float[dims];
        for (int d = 0; d < dims; d++) {
            scales[d] = header.path("scales").path(d).floatValue();
        }
        List<String> vocabulary = new ArrayList<>(size);
        for (int t = 0; t < size; t++) {
            vocabulary.add(data.readUTF());
        }
        byte[] table = data.readNBytes(size * dims);
        if (table.length != size * dims) {
            throw new IOException("the static-embedding table is truncated");
        }
        String sha256 = header.path("sha256").asText("");
        if (sha256.isEmpty()) {
            sha256 = contentSha256(vocabulary, table);
            header.put("sha256", sha256);
        }
        return new StaticEmbeddings(dims, scales, table, vocabulary, header, sha256);
    }

    /** Whether the content hash in the header is the content's: a corrupted or hand-edited table fails. */
    public boolean verify() {
        return sha256.equals(contentSha256(vocabulary, table));
    }

    /** SHA-256 over the vocabulary (UTF-8, each followed by a NUL) and the int8 table. */
    static String contentSha256(List<String> vocabulary, byte[] table) {
        MessageDigest digest = newDigest();
        for (String token : vocabulary) {
            digest.update(token.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        digest.update(table);
        return HexFormat.of().formatHex(digest.digest());
    }

    public int dims() {
        return dims;
    }

    public List<String> vocabulary() {
        return vocabulary;
    }

    public ObjectNode header() {
        return header;
    }

    /** The table's content hash (vocabulary and vectors): models record which table they were trained on. */
    public String sha256() {
        return sha256;
    }

    public WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * The L2-normalised mean of the token vectors of {@code texts} (a turn's head and tail) into
     * {@code out} ({@link #dims()} long); all zeros when no token has a vector. Returns the tokens read.
     */
    public int embed(float[] out, CharSequence... texts) {
        int[] sums = new int[dims];
        int[] tokens = {0};
        for (CharSequence text : texts) {
            if (text.isEmpty() || tokens[0] >= MAX_TOKENS) {
                continue;
            }
            tokens[0] += tokenizer.tokenize(text, MAX_TOKENS - tokens[0], id -> {
                int base = id * dims;
                for (int d = 0; d < dims; d++) {
                    sums[d] += table[base + d];
                }
            });
        }
        double norm = 0;
        for (int d = 0; d < dims; d++) {
            out[d] = sums[d] * scales[d];
            norm += out[d] * (double) out[d];
        }
        if (norm > 0) {
            float inverse = (float) (1 / Math.sqrt(norm));
            for (int d = 0; d < dims; d++) {
                out[d] *= inverse;
            }
        }
        return tokens[0];
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
