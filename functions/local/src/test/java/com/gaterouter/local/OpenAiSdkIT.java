package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.accounts.Actor;
import com.gaterouter.common.accounts.ApiKeySecrets;
import com.gaterouter.common.accounts.AuditEntry;
import com.gaterouter.common.accounts.KeySecret;
import com.gaterouter.common.accounts.KeyStatus;
import com.gaterouter.common.accounts.KeyType;
import com.gaterouter.common.accounts.ManagedKey;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.tables.TemplateTables;
import com.gaterouter.simulator.VendorSimulator;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonField;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK, unmodified, against the local gateway: only its base URL and key
 * point at GateRouter. The SDK's own retries are off so each error class is seen as the gateway
 * answers it.
 */
class OpenAiSdkIT {

    private static LocalGateway gateway;
    private static OpenAIClient client;
    private static final String MODEL = "openai/gpt-4o-mini";

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayHttp.start(Map.of("GATEROUTER_SIM_TTFT_MS", "0", "GATEROUTER_SIM_TOKENS_PER_SECOND", "0")).gateway();
        client = sdk(gateway.demoApiKey());
    }

    @AfterAll
    static void stop() {
        client.close();
        gateway.close();
    }

    private static OpenAIClient sdk(String key) {
        return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + gateway.port() + "/v1").apiKey(key).maxRetries(0).build();
    }

    private static ChatCompletionCreateParams.Builder chat(String prompt) {
        return ChatCompletionCreateParams.builder().model(MODEL).addUserMessage(prompt);
    }

    @Test
    void plainCompletion() {
        ChatCompletion completion = client.chat().completions().create(chat("Say hello").maxCompletionTokens(50).build());
        assertThat(completion.model()).isEqualTo(MODEL);
        assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(c -> assertThat(c).isNotBlank());
        assertThat(completion.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isPositive();
            assertThat(u.completionTokens()).isPositive();
            assertThat(u._additionalProperties()).containsKey("cost");
        });
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"openai/gpt-4o-mini", "anthropic/claude-haiku-4-5",
            "gemini/gemini-2.5-flash", "deepseek/deepseek-chat", "bedrock/nova-lite"})
    void theSameUnmodifiedClientReachesEveryVendorStreamingOrNot(String model) {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder().model(model)
                .addSystemMessage("Be brief.").addUserMessage("Hello [[sim:tokens=12]]").maxCompletionTokens(100).build());
        assertThat(completion.model()).isEqualTo(model);
        assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(c -> assertThat(c).isNotBlank());
        long completionTokens = completion.usage().orElseThrow().completionTokens();

        StringBuilder text = new StringBuilder();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model(model).addSystemMessage("Be brief.").addUserMessage("Hello [[sim:tokens=12]]").maxCompletionTokens(100)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
            });
        }
        assertThat(text.toString()).isEqualTo(completion.choices().get(0).message().content().orElseThrow());
        assertThat(chunks.getLast().usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isEqualTo(completionTokens));
    }

    @Test
    void streamingWithUsage() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat("Stream to me [[sim:tokens=30]]")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunks::add);
        }
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> c.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
        assertThat(text.toString()).isNotBlank();
        ChatCompletionChunk last = chunks.getLast();
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isEqualTo(30));
        assertThat(chunks).allSatisfy(c -> assertThat(c.model()).isEqualTo(MODEL));
    }

    @Test
    void modelAutoRoutesAndTheUnmodifiedSdkSeesTheDecisionStreamingOrNot() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("auto")
                .addUserMessage("Write a Python function that merges two sorted lists, with unit tests.").maxCompletionTokens(200).build();
        var raw = client.chat().completions().withRawResponse().create(params);
        ChatCompletion completion = raw.parse();
        String served = raw.headers().values("x-gaterouter-model").get(0);
        assertThat(completion.model()).isEqualTo(served).isNotEqualTo("auto");
        assertThat(raw.headers().values("x-gaterouter-tier")).singleElement().isIn("light", "standard", "heavy");
        assertThat(raw.headers().values("x-gaterouter-route-reason")).singleElement().asString().startsWith("auto");

        var rawStream = client.chat().completions().withRawResponse().createStreaming(params.toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = rawStream.parse()) {
            stream.stream().forEach(chunks::add);
        }
        assertThat(rawStream.headers().values("x-gaterouter-tier")).isEqualTo(raw.headers().values("x-gaterouter-tier"));
        assertThat(rawStream.headers().values("x-gaterouter-route-score")).isEqualTo(raw.headers().values("x-gaterouter-route-score"));
        assertThat(chunks).allSatisfy(c -> assertThat(c.model()).isEqualTo(served));
    }

    @Test
    void toolCallRoundTrip() {
        ChatCompletionFunctionTool weather = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                .name("get_weather").description("Current weather in a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .build())
                .build()).build();
        ChatCompletionCreateParams first = chat("What's the weather in Paris?").addTool(weather).build();
        ChatCompletion asked = client.chat().completions().create(first);
        assertThat(asked.choices().get(0).finishReason()).hasToString("tool_calls");
        ChatCompletionMessageFunctionToolCall call = asked.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        JsonNode arguments = readJson(call.function().arguments());
        assertThat(arguments.path("city").isTextual()).isTrue();

        ChatCompletion answered = client.chat().completions().create(first.toBuilder()
                .addMessage(asked.choices().get(0).message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("{\"temp_c\":18}").build())
                .build());
        assertThat(answered.choices().get(0).finishReason()).hasToString("stop");
        assertThat(answered.choices().get(0).message().content()).hasValueSatisfying(c -> assertThat(c).contains("18"));
    }

    /** json_schema reaches every vendor: OpenAI natively, Gemini as its response schema, Claude as a forced tool. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {MODEL, "anthropic/claude-haiku-4-5", "gemini/gemini-2.5-flash"})
    void jsonSchemaOutput(String model) {
        ResponseFormatJsonSchema format = ResponseFormatJsonSchema.builder().jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                .name("person").strict(true)
                .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of(
                                "name", Map.of("type", "string"), "age", Map.of("type", "integer"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("name", "age")))
                        .build())
                .build()).build();
        ChatCompletion completion = client.chat().completions().create(chat("Invent a person").model(model).responseFormat(format).build());
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        JsonNode person = readJson(completion.choices().get(0).message().content().orElseThrow());
        assertThat(person.path("name").isTextual()).isTrue();
        assertThat(person.path("age").isIntegralNumber()).isTrue();
    }

    /** reasoning_effort is not dropped for Claude: it becomes a thinking budget, and the thinking comes back. */
    @Test
    void reasoningEffortBecomesClaudeThinking() {
        ChatCompletion completion = client.chat().completions().create(chat("Why is the sky blue?").model("anthropic/claude-sonnet-4-5")
                .reasoningEffort(com.openai.models.ReasoningEffort.LOW).maxCompletionTokens(2048).build());
        var message = completion.choices().get(0).message();
        assertThat(message._additionalProperties().get("reasoning_content")).as("the thinking, as reasoning_content").isNotNull();
        assertThat(message._additionalProperties().get("reasoning_content").toString()).isNotBlank();
        assertThat(message._additionalProperties().get("thinking_blocks")).as("the thinking blocks, signed").isNotNull();
        assertThat(message.content()).hasValueSatisfying(text -> assertThat(text).isNotBlank());
    }

    @Test
    void embeddingsAsFloatsAndAsBase64AreTheSameVector() {
        EmbeddingCreateParams.Builder params = EmbeddingCreateParams.builder().model("openai/text-embedding-3-small").input("GateRouter");
        CreateEmbeddingResponse floats = client.embeddings().create(params.encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());
        CreateEmbeddingResponse base64 = client.embeddings().create(params.encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64).build());
        List<Float> vector = floats.data().get(0).embedding();
        assertThat(vector).hasSize(1536);
        String encoded = base64.data().get(0).embeddingValue().asBase64();
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
        List<Float> decoded = new ArrayList<>();
        while (bytes.hasRemaining()) {
            decoded.add(bytes.getFloat());
        }
        assertThat(decoded).isEqualTo(vector);
        assertThat(floats.model()).isEqualTo("openai/text-embedding-3-small");
        assertThat(floats.usage().promptTokens()).isPositive();
    }

    @Test
    void modelsListShowsWhatTheKeyMayUse() {
        List<String> ids = client.models().list().data().stream().map(Model::id).toList();
        assertThat(ids).contains(MODEL, "openai/text-embedding-3-small", "deepseek/deepseek-chat");

        OpenAIClient restricted = sdk(restrictedKey(Set.of(MODEL)));
        assertThat(restricted.models().list().data()).extracting(Model::id).as("auto routes among what the key may use")
                .containsExactly("auto", MODEL);
        restricted.close();
    }

    @Test
    void everyErrorClassReachesTheSdkAsItsTypedException() {
        OpenAIClient wrongKey = sdk("gr-not-a-key");
        assertThatThrownBy(() -> wrongKey.chat().completions().create(chat("hi").build())).isInstanceOf(UnauthorizedException.class);
        wrongKey.close();
        OpenAIClient restricted = sdk(restrictedKey(Set.of("deepseek/deepseek-chat")));
        assertThatThrownBy(() -> restricted.chat().completions().create(chat("hi").build())).isInstanceOf(PermissionDeniedException.class);
        restricted.close();
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder().model("nope/model")
                .addUserMessage("hi").build())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.chat().completions().create(chat("busy [[sim:fault=rate_limit,retry_after=30]]").build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(e.headers().values("retry-after")).containsExactly("30"));
        assertThatThrownBy(() -> client.chat().completions().create(chat("down [[sim:fault=server_error,status=500]]").build()))
                .isInstanceOfSatisfying(InternalServerException.class, e -> assertThat(e.statusCode()).isEqualTo(502));
    }

    /**
     * The SDK retries 5xx by default: a request that can never succeed must come back as a 400, so
     * that it is raised once — with the SDK's default retries on, counted at the vendor.
     */
    @Test
    void anInvalidEmbeddingsRequestRaisesBadRequestOnceAndIsNeverRetried() {
        VendorSimulator simulator = gateway.simulator().orElseThrow();
        OpenAIClient retrying = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
                .apiKey(gateway.demoApiKey()).build();
        try {
            long before = embeddingCalls(simulator);
            // a shape the gateway knows is wrong: refused before any vendor call
            @SuppressWarnings("unchecked")
            JsonField<EmbeddingCreateParams.Input> nested = (JsonField<EmbeddingCreateParams.Input>) (JsonField<?>) JsonValue.from(
                    List.of(List.of("a")));
            assertThatThrownBy(() -> retrying.embeddings().create(EmbeddingCreateParams.builder().model("openai/text-embedding-3-small")
                    .input(nested).build()))
                    .isInstanceOfSatisfying(BadRequestException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.param()).hasValue("input[0][0]");
                        assertThat(e.type()).hasValue("invalid_request_error");
                    });
            assertThat(embeddingCalls(simulator)).isEqualTo(before);

            // a value only the vendor can judge (the model's largest size): its 400, relayed once, not retried by anyone
            assertThatThrownBy(() -> retrying.embeddings().create(EmbeddingCreateParams.builder().model("openai/text-embedding-3-small")
                    .input("GateRouter").dimensions(4096).build()))
                    .isInstanceOfSatisfying(BadRequestException.class, e -> {
                        assertThat(e.param()).hasValue("dimensions");
                        assertThat(e.getMessage()).contains("integer above maximum value");
                        assertThat(e.headers().values("x-should-retry")).containsExactly("false");
                    });
            assertThat(embeddingCalls(simulator)).as("one vendor call: neither the gateway nor the SDK retried").isEqualTo(before + 1);
        } finally {
            retrying.close();
        }
    }

    private static long embeddingCalls(VendorSimulator simulator) {
        return simulator.requests().stream().filter(r -> r.path().endsWith("/embeddings")).count();
    }

    /** An app key of the demo user allowed only {@code models}, written as the admin API writes keys. */
    private static String restrictedKey(Set<String> models) {
        var tables = TemplateTables.bundled("local");
        var accounts = new DynamoDbAccountStore(gateway.dynamo(), tables.get(GatewayTable.ACCOUNTS.logicalId()).tableName(),
                tables.get(GatewayTable.API_KEYS.logicalId()).tableName());
        String secret = ApiKeySecrets.newSecret();
        String keyId = ApiKeySecrets.newKeyId();
        Instant now = Instant.now();
        var key = new ManagedKey(DemoTenant.TENANT_ID, keyId, "restricted", KeyType.APP, DemoTenant.USER_ID,
                Optional.of(DemoTenant.DEPARTMENT_ID), Optional.of(DemoTenant.PROJECT_ID), KeyStatus.ACTIVE, ModelPolicy.allowOnly(models),
                List.of(new KeySecret(ApiKeySecrets.hash(secret), Optional.empty())), now, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), now, 1);
        accounts.insert(key, new AuditEntry(DemoTenant.TENANT_ID, java.util.UUID.randomUUID().toString(), now,
                new Actor(Actor.Kind.SYSTEM, "openai-sdk-it", Optional.empty()), "key.create", key.ref(), Optional.empty(),
                Optional.empty(), "openai-sdk-it"));
        return secret;
    }

    private static JsonNode readJson(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
