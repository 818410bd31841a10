package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlock;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceAny;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.anthropic.models.messages.WebSearchTool20250305;
import com.gaterouter.common.testing.Since;
import com.gaterouter.common.usage.UsageRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official Anthropic Java SDK, unmodified, against the local gateway's {@code /v1/messages}: only its base URL and
 * key point at GateRouter (the key as {@code x-api-key}, and once as a bearer auth token). The SDK's retries are off
 * so each error is seen as the gateway answers it. Each feature runs on a model served by OpenAI, by Anthropic and by
 * Gemini (the vendor simulator behind each).
 */
class AnthropicSdkIT {

    private static final String OPENAI = "openai/gpt-4o-mini";
    private static final String ANTHROPIC = "anthropic/claude-sonnet-4-5";
    private static final String GEMINI = "gemini/gemini-2.5-flash";

    private static LocalGateway gateway;
    private static AnthropicClient client;
    private static Since since;

    @BeforeAll
    static void start() throws Exception {
        since = Since.now();
        gateway = GatewayHttp.start(Map.of("GATEROUTER_SIM_TTFT_MS", "0", "GATEROUTER_SIM_TOKENS_PER_SECOND", "0")).gateway();
        client = AnthropicOkHttpClient.builder().baseUrl(baseUrl()).apiKey(gateway.demoApiKey()).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        gateway.close();
    }

    private static String baseUrl() {
        return "http://127.0.0.1:" + gateway.port();
    }

    private static String text(Message message) {
        return message.content().stream().filter(ContentBlock::isText).map(ContentBlock::asText).map(TextBlock::text)
                .collect(Collectors.joining());
    }

    private static MessageCreateParams.Builder hello(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(200).system("Be brief.").addUserMessage("Hello [[sim:tokens=12]]");
    }

    @ParameterizedTest
    @ValueSource(strings = {OPENAI, ANTHROPIC, GEMINI})
    void aPlainMessage(String model) {
        Message message = client.messages().create(hello(model).build());
        assertThat(message.id()).startsWith("msg_");
        assertThat(message.model().asString()).isEqualTo(model);
        assertThat(text(message)).isNotBlank();
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isPositive();
        assertThat(message.usage().outputTokens()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {OPENAI, ANTHROPIC, GEMINI})
    void aStreamAccumulatesToTheSameMessage(String model) {
        Message buffered = client.messages().create(hello(model).build());
        MessageAccumulator accumulator = MessageAccumulator.create();
        List<String> types = new ArrayList<>();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(hello(model).build())) {
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                types.add(event.isMessageStart() ? "message_start" : event.isContentBlockStart() ? "content_block_start"
                        : event.isContentBlockDelta() ? "content_block_delta" : event.isContentBlockStop() ? "content_block_stop"
                        : event.isMessageDelta() ? "message_delta" : event.isMessageStop() ? "message_stop" : "other");
            });
        }
        Message streamed = accumulator.message();
        assertThat(types.getFirst()).isEqualTo("message_start");
        assertThat(types.getLast()).isEqualTo("message_stop");
        assertThat(types).contains("content_block_start", "content_block_delta", "content_block_stop", "message_delta");
        assertThat(text(streamed)).isEqualTo(text(buffered));
        assertThat(streamed.model().asString()).isEqualTo(model);
        assertThat(streamed.stopReason()).contains(StopReason.END_TURN);
        assertThat(streamed.usage().outputTokens()).isEqualTo(buffered.usage().outputTokens());
        assertThat(streamed.usage().inputTokens()).isEqualTo(buffered.usage().inputTokens());
    }

    @ParameterizedTest
    @ValueSource(strings = {OPENAI, ANTHROPIC, GEMINI})
    void aToolRoundTrip(String model) {
        Tool weather = Tool.builder().name("get_weather").description("Current weather in a city")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .required(List.of("city")).build())
                .build();
        MessageCreateParams first = MessageCreateParams.builder().model(model).maxTokens(300).addTool(weather)
                .toolChoice(ToolChoiceAny.builder().build()).addUserMessage("What is the weather in Paris?").build();
        Message call = client.messages().create(first);
        assertThat(call.stopReason()).contains(StopReason.TOOL_USE);
        ToolUseBlock use = call.content().stream().filter(ContentBlock::isToolUse).map(ContentBlock::asToolUse).findFirst().orElseThrow();
        assertThat(use.name()).isEqualTo("get_weather");
        assertThat(use._input().convert(Map.class)).containsKey("city");

        Message answer = client.messages().create(first.toBuilder().toolChoice(com.anthropic.models.messages.ToolChoiceAuto.builder().build())
                .addMessage(call)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                        .toolUseId(use.id()).content("18 degrees and sunny").build())))
                .build());
        assertThat(answer.stopReason()).contains(StopReason.END_TURN);
        assertThat(text(answer)).contains("18 degrees and sunny");

        // the same loop streamed: the tool call arrives as input_json_delta pieces and accumulates to the same input
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(first)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        ToolUseBlock streamedUse = accumulator.message().content().stream().filter(ContentBlock::isToolUse).map(ContentBlock::asToolUse)
                .findFirst().orElseThrow();
        assertThat(streamedUse.name()).isEqualTo("get_weather");
        assertThat(streamedUse._input().convert(Map.class)).isEqualTo(use._input().convert(Map.class));
        assertThat(accumulator.message().stopReason()).contains(StopReason.TOOL_USE);
    }

    /**
     * Extended thinking: served by Claude, the answer carries Claude's signed thinking block (the Anthropic adapter
     * shows it as thinking_blocks, i16-vendors). Other vendors may or may not show reasoning (as an unsigned block):
     * only that the answer is still whole is asserted for them.
     */
    @ParameterizedTest
    @ValueSource(strings = {OPENAI, ANTHROPIC, GEMINI})
    void extendedThinking(String model) {
        Message message = client.messages().create(MessageCreateParams.builder().model(model).maxTokens(4000).enabledThinking(1024)
                .addUserMessage("Think about it, then answer [[sim:tokens=8]]").build());
        assertThat(text(message)).isNotBlank();
        if (model.startsWith("anthropic/")) {
            assertThat(message.content().getFirst().isThinking()).as("Claude's thinking comes first").isTrue();
            assertThat(message.content().getFirst().asThinking().signature()).isNotEmpty();
            // sent back verbatim in the next turn, which Claude verifies
            Message next = client.messages().create(MessageCreateParams.builder().model(model).maxTokens(4000).enabledThinking(1024)
                    .addUserMessage("Think about it, then answer [[sim:tokens=8]]").addMessage(message).addUserMessage("And again?").build());
            assertThat(text(next)).isNotBlank();
        }
        message.content().stream().filter(ContentBlock::isThinking)
                .forEach(block -> assertThat(block.asThinking().thinking()).isNotNull());

        // streamed: thinking_delta pieces and a signature_delta accumulate to the same blocks
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(MessageCreateParams.builder().model(model)
                .maxTokens(4000).enabledThinking(1024).addUserMessage("Think about it, then answer [[sim:tokens=8]]").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message streamed = accumulator.message();
        assertThat(text(streamed)).isEqualTo(text(message));
        assertThat(streamed.content().stream().filter(ContentBlock::isThinking).map(b -> b.asThinking().thinking()).toList())
                .isEqualTo(message.content().stream().filter(ContentBlock::isThinking).map(b -> b.asThinking().thinking()).toList());
        if (model.startsWith("anthropic/")) {
            assertThat(streamed.content().getFirst().asThinking().signature()).isNotEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {OPENAI, ANTHROPIC, GEMINI})
    void countTokens(String model) {
        long small = client.messages().countTokens(MessageCountTokensParams.builder().model(model).addUserMessage("Hello").build())
                .inputTokens();
        long large = client.messages().countTokens(MessageCountTokensParams.builder().model(model).system("Be brief.")
                .addUserMessage("Hello ".repeat(400)).build()).inputTokens();
        assertThat(small).isPositive();
        assertThat(large).isGreaterThan(small + 500);
    }

    /** {@code auto} through the Messages dialect: the gateway classifies and routes it, and says so in its headers. */
    @Test
    void autoIsRoutedLikeOnEveryDialect() {
        var raw = client.messages().withRawResponse().create(hello("auto").build());
        Message message = raw.parse();
        assertThat(raw.headers().values("x-gaterouter-route-reason")).singleElement().asString().startsWith("auto");
        assertThat(raw.headers().values("x-gaterouter-tier")).singleElement().isIn("light", "standard", "heavy");
        assertThat(message.model().asString()).isEqualTo(raw.headers().values("x-gaterouter-model").getFirst());
        assertThat(text(message)).isNotBlank();
    }

    @Test
    void aBearerAuthTokenWorksLikeTheApiKey() {
        AnthropicClient bearer = AnthropicOkHttpClient.builder().baseUrl(baseUrl()).authToken(gateway.demoApiKey()).maxRetries(0).build();
        try {
            assertThat(text(bearer.messages().create(hello(OPENAI).build()))).isNotBlank();
        } finally {
            bearer.close();
        }
    }

    @Test
    void anUnknownModelIsNotFound() {
        assertThatThrownBy(() -> client.messages().create(hello("no-such/model").build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no-such/model");
    }

    @Test
    void aDatedClaudeSnapshotNameIsServedByItsCatalogModel() {
        Message message = client.messages().create(hello("claude-sonnet-4-5-20250929").build());
        assertThat(message.model().asString()).isEqualTo(ANTHROPIC);
    }

    @Test
    void aServerToolIsABadRequestNamingIt() {
        assertThatThrownBy(() -> client.messages().create(hello(ANTHROPIC).addTool(WebSearchTool20250305.builder().build()).build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("web_search_20250305");
    }

    @Test
    void aBadKeyIsUnauthorized() {
        AnthropicClient wrong = AnthropicOkHttpClient.builder().baseUrl(baseUrl()).apiKey("gr_live_not_a_key").maxRetries(0).build();
        try {
            assertThatThrownBy(() -> wrong.messages().create(hello(OPENAI).build())).isInstanceOf(UnauthorizedException.class);
        } finally {
            wrong.close();
        }
    }

    @Test
    void theUsageRecordSaysItCameInByMessages() throws Exception {
        var response = client.messages().withRawResponse().create(hello(GEMINI).build());
        String requestId = response.headers().values("x-request-id").getFirst();
        gateway.usageJournal().orElseThrow().flush(Duration.ofSeconds(30));
        List<UsageRecord> records = since.days().stream()
                .flatMap(day -> gateway.usageStore().findByTenantAndDay(DemoTenant.TENANT_ID, day).stream())
                .filter(r -> r.requestId().equals(requestId)).toList();
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.api()).isEqualTo("messages");
            assertThat(r.servedModel()).isEqualTo(GEMINI);
            assertThat(r.costMicros()).isPositive();
        });
    }
}
