package com.gaterouter.routing.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaticEmbeddingsTest {

    private static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "cat", "dog", "car");
    private static final float[][] VECTORS = {{0, 0}, {0, 0}, {1, 0.5f}, {0.9f, 0.6f}, {-1, 0.2f}};

    @Test
    void aPromptIsTheNormalisedMeanOfItsTokenVectorsAndSurvivesTheFile() throws Exception {
        StaticEmbeddings table = StaticEmbeddings.quantise(VOCAB, VECTORS, new ObjectMapper().createObjectNode());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        table.write(bytes);
        StaticEmbeddings read = StaticEmbeddings.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(read.sha256()).hasSize(64).isEqualTo(table.sha256());
        assertThat(read.verify()).isTrue();
        float[] a = new float[2];
        float[] b = new float[2];
        assertThat(table.embed(a, "Cat dog")).isEqualTo(2);
        read.embed(b, "cat", "DOG");
        assertThat(b).containsExactly(a);
        // mean of (1, .5) and (.9, .6), normalised (int8 quantisation costs under 1 %)
        double x = 1.9;
        double y = 1.1;
        double norm = Math.hypot(x, y);
        assertThat(a[0]).isCloseTo((float) (x / norm), within(0.01f));
        assertThat(a[1]).isCloseTo((float) (y / norm), within(0.01f));
    }

    @Test
    void nothingKnownIsTheZeroVector() {
        StaticEmbeddings table = StaticEmbeddings.quantise(VOCAB, VECTORS, new ObjectMapper().createObjectNode());
        float[] out = {9, 9};
        assertThat(table.embed(out, "", "zebra")).isEqualTo(1);
        assertThat(out).containsExactly(0f, 0f);
    }

    @Test
    void theBundledTableIsTheModelsVocabularyAndStaysSmall() throws Exception {
        try (InputStream in = StaticEmbeddings.class.getResourceAsStream(StaticEmbeddings.BUNDLED)) {
            assertThat(in).isNotNull();
            byte[] bytes = in.readAllBytes();
            assertThat(bytes.length).isLessThan(5 * 1024 * 1024);
            StaticEmbeddings table = StaticEmbeddings.read(new ByteArrayInputStream(bytes));
            assertThat(table.vocabulary()).hasSize(30_522).startsWith("[PAD]");
            assertThat(table.dims()).isEqualTo(128);
            assertThat(table.verify()).as("the header's content hash is the content's").isTrue();
            ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
            table.write(rewritten);
            assertThat(rewritten.toByteArray()).isEqualTo(bytes);
            float[] cat = new float[table.dims()];
            float[] kitten = new float[table.dims()];
            float[] tax = new float[table.dims()];
            table.embed(cat, "my cat sleeps all day");
            table.embed(kitten, "the kitten naps on the sofa");
            table.embed(tax, "quarterly corporate tax filing deadlines");
            assertThat(dot(cat, kitten)).as("related prompts are closer than unrelated ones").isGreaterThan(dot(cat, tax));
            assertThat(dot(cat, cat)).isCloseTo(1.0, within(1e-4));
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
