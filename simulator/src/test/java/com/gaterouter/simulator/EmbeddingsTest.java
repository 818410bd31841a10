package com.gaterouter.simulator;

import static com.gaterouter.simulator.SimHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.simulator.text.TokenEstimator;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EmbeddingsTest extends SimulatorTestBase {

    private static URI embeddings() {
        return URI.create(sim.openAiBaseUrl() + "/embeddings");
    }

    private static float[] floats(JsonNode embedding) {
        float[] out = new float[embedding.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = embedding.get(i).floatValue();
        }
        return out;
    }

    private static float[] decode(String base64) {
        ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[buffer.remaining() / Float.BYTES];
        for (int i = 0; i < out.length; i++) {
            out[i] = buffer.getFloat();
        }
        return out;
    }

    @Test
    void floatAndBase64DecodeToTheSameUnitVector() {
        JsonNode asFloat = post(embeddings(), """
                {"model":"text-embedding-3-small","input":"The food was delicious"}""").json();
        JsonNode asBase64 = post(embeddings(), """
                {"model":"text-embedding-3-small","input":"The food was delicious","encoding_format":"base64"}""").json();
        assertThat(asFloat.path("object").asText()).isEqualTo("list");
        JsonNode item = asFloat.path("data").get(0);
        assertThat(item.path("object").asText()).isEqualTo("embedding");
        assertThat(item.path("index").asInt()).isZero();
        float[] a = floats(item.path("embedding"));
        float[] b = decode(asBase64.path("data").get(0).path("embedding").asText());
        assertThat(a).hasSize(1536).containsExactly(b);
        double norm = 0;
        for (float v : a) {
            norm += v * v;
        }
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        int tokens = TokenEstimator.count("The food was delicious");
        assertThat(asFloat.path("usage").path("prompt_tokens").asInt()).isEqualTo(tokens);
        assertThat(asFloat.path("usage").path("total_tokens").asInt()).isEqualTo(tokens);
        assertThat(asFloat.path("model").asText()).isEqualTo("text-embedding-3-small");
    }

    @Test
    void vectorsAreDeterministicPerInputAndDimensionsAreHonoured() {
        JsonNode batch = post(embeddings(), """
                {"model":"text-embedding-3-small","input":["alpha","beta","alpha"],"dimensions":256}""").json();
        assertThat(batch.path("data")).hasSize(3);
        assertThat(batch.path("data").get(0).path("embedding")).hasSize(256);
        assertThat(batch.path("data").get(0).path("embedding")).isEqualTo(batch.path("data").get(2).path("embedding"));
        assertThat(batch.path("data").get(0).path("embedding")).isNotEqualTo(batch.path("data").get(1).path("embedding"));
        assertThat(batch.path("data").get(2).path("index").asInt()).isEqualTo(2);

        JsonNode large = post(embeddings(), """
                {"model":"text-embedding-3-large","input":"x"}""").json();
        assertThat(large.path("data").get(0).path("embedding")).hasSize(3072);
    }

    @Test
    void tokenArrayInputsCountTheirLength() {
        JsonNode single = post(embeddings(), """
                {"model":"text-embedding-3-small","input":[1,2,3,4]}""").json();
        assertThat(single.path("data")).hasSize(1);
        assertThat(single.path("usage").path("prompt_tokens").asInt()).isEqualTo(4);
        JsonNode many = post(embeddings(), """
                {"model":"text-embedding-3-small","input":[[1,2],[3,4,5]]}""").json();
        assertThat(many.path("data")).hasSize(2);
        assertThat(many.path("usage").path("prompt_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void invalidRequests() {
        assertThat(post(embeddings(), "{\"model\":\"m\"}").status()).isEqualTo(400);
        assertThat(post(embeddings(), "{\"model\":\"m\",\"input\":[]}").status()).isEqualTo(400);
        assertThat(post(embeddings(), "{\"model\":\"m\",\"input\":\"x\",\"encoding_format\":\"hex\"}").status()).isEqualTo(400);
        assertThat(post(embeddings(), "{\"model\":\"m\",\"input\":\"x\",\"dimensions\":0}").status()).isEqualTo(400);
        assertThat(post(embeddings(), "{\"input\":\"x\"}").json().path("error").path("param").asText()).isEqualTo("model");
    }

    @Test
    void refusalsUseOpenAisOwnWords() {
        for (String input : new String[] {"[[\"a\"]]", "[\"a\",\"\"]", "[[1,2],[]]", "[" + "\"x\",".repeat(2048) + "\"x\"]"}) {
            SimHttp.Reply reply = post(embeddings(), "{\"model\":\"text-embedding-3-small\",\"input\":" + input + "}");
            assertThat(reply.status()).as(input).isEqualTo(400);
            assertThat(reply.json().path("error").path("message").asText()).isEqualTo(
                    "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.");
            assertThat(reply.json().path("error").path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(reply.json().path("error").path("param").isNull()).isTrue();
        }
        JsonNode tooMany = post(embeddings(), """
                {"model":"text-embedding-3-small","input":"x","dimensions":4096}""").json().path("error");
        assertThat(tooMany.path("message").asText()).isEqualTo(
                "Invalid 'dimensions': integer above maximum value. Expected a value <= 1536, but got 4096 instead.");
        assertThat(tooMany.path("param").asText()).isEqualTo("dimensions");
        assertThat(post(embeddings(), """
                {"model":"text-embedding-3-large","input":"x","dimensions":3072}""").status()).isEqualTo(200);

        JsonNode tooLong = post(embeddings(), """
                {"model":"text-embedding-3-small","input":"five words fit nowhere here [[sim:context_window=3]]"}""").json().path("error");
        assertThat(tooLong.path("message").asText()).matches("This model's maximum context length is 3 tokens, however you requested "
                + "\\d+ tokens \\(\\d+ in your prompt; 0 for the completion\\)\\. Please reduce your prompt; or completion length\\.");
        SimHttp.Reply overLimit = post(embeddings(), "{\"model\":\"text-embedding-3-small\",\"input\":[" + "1,".repeat(8192) + "1]}");
        assertThat(overLimit.status()).as("8193 tokens: over the model's own limit").isEqualTo(400);
        assertThat(overLimit.json().path("error").path("message").asText()).startsWith(
                "This model's maximum context length is 8192 tokens, however you requested 8193 tokens");
        assertThat(post(embeddings(), "{\"model\":\"text-embedding-3-small\",\"input\":[" + "1,".repeat(8191) + "1]}").status())
                .as("one input of 8192 token ids: longer than 2048, still one input").isEqualTo(200);
    }

    @Test
    void faultsApplyToEmbeddingsToo() {
        sim.faults().enqueue(SimVendor.OPENAI, new Fault.RateLimited(Duration.ofSeconds(1)));
        assertThat(post(embeddings(), "{\"model\":\"m\",\"input\":\"x\"}").status()).isEqualTo(429);
        assertThat(post(embeddings(), "{\"model\":\"m\",\"input\":\"x [[sim:fault=server_error,status=502]]\"}").status())
                .isEqualTo(502);
    }
}
