package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.testing.Since;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.simulator.RecordedRequest;
import com.gaterouter.simulator.VendorSimulator;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseOutputText;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseTextConfig;
import com.openai.models.responses.ResponseUsage;
import com.openai.models.responses.StructuredResponse;
import com.openai.models.responses.WebSearchTool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official OpenAI Java SDK's Responses API, unmodified, against the local gateway and its
 * vendor simulator: only the base URL and key point at GateRouter, retries off. The same calls are
 * served by an OpenAI, an Anthropic and a Gemini model (the gateway translates), buffered and
 * streamed, with function calling and structured output; what needs OpenAI's servers or stored
 * state is refused as the SDK's {@link BadRequestException}.
 */
class OpenAiResponsesSdkIT {

    private static LocalGateway gateway;
    private static OpenAIClient client;
    private static Since since;

    @BeforeAll
    static void start() throws Exception {
        since = Since.now();
        gateway = GatewayHttp.start(Map.of("GATEROUTER_SIM_TTFT_MS", "0", "GATEROUTER_SIM_TOKENS_PER_SECOND", "0")).gateway();
        client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + gateway.port() + "/v1").apiKey(gateway.demoApiKey())
                .maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        gateway.close();
    }

    private static String outputText(Response response) {
        StringBuilder text = new StringBuilder();
        response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream())
                .flatMap(content -> content.outputText().stream())
                .map(ResponseOutputText::text).forEach(text::append);
        return text.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai/gpt-4o-mini", "anthropic/claude-haiku-4-5", "gemini/gemini-2.5-flash"})
    void aPlainResponseThenTheSameStreamed(String model) throws Exception {
        ResponseCreateParams params = ResponseCreateParams.builder().model(model).instructions("Be brief.")
                .input("Hello [[sim:tokens=12]]").maxOutputTokens(100).build();
        var raw = client.responses().withRawResponse().create(params);
        Response response = raw.parse();
        assertThat(response.id()).startsWith("resp_");
        assertThat(response.model().asString()).isEqualTo(model);
        assertThat(response.status()).contains(ResponseStatus.COMPLETED);
        assertThat(response.instructions()).hasValueSatisfying(i -> assertThat(i.asString()).isEqualTo("Be brief."));
        assertThat(response.maxOutputTokens()).contains(100L);
        assertThat(response.output()).singleElement().satisfies(item -> assertThat(item.isMessage()).isTrue());
        String text = outputText(response);
        assertThat(text).startsWith("Simulated reply to:");
        ResponseUsage usage = response.usage().orElseThrow();
        assertThat(usage.inputTokens()).isPositive();
        // Gemini 2.5 thinks (the simulator's 32 tokens): billed as output, shown as reasoning tokens
        long reasoning = model.startsWith("gemini/") ? 32 : 0;
        assertThat(usage.outputTokensDetails().reasoningTokens()).isEqualTo(reasoning);
        assertThat(usage.outputTokens()).isEqualTo(12 + reasoning);
        assertThat(usage.totalTokens()).isEqualTo(usage.inputTokens() + usage.outputTokens());
        assertThat(usage._additionalProperties()).containsKey("cost");
        assertThat(raw.headers().values("x-gaterouter-model")).containsExactly(model);

        UsageRecord record = awaitUsage(raw.headers().values("x-request-id").get(0));
        assertThat(record.api()).isEqualTo("responses");
        assertThat(record.servedModel()).isEqualTo(model);

        List<ResponseStreamEvent> events = new ArrayList<>();
        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
            stream.stream().forEach(event -> {
                events.add(event);
                event.outputTextDelta().ifPresent(delta -> streamed.append(delta.delta()));
            });
        }
        assertThat(events.getFirst().isCreated()).isTrue();
        assertThat(events.get(1).isInProgress()).isTrue();
        assertThat(streamed.toString()).isEqualTo(text);
        Response completed = events.getLast().completed().orElseThrow().response();
        assertThat(outputText(completed)).isEqualTo(text);
        assertThat(completed.usage().orElseThrow().outputTokens()).isEqualTo(usage.outputTokens());
        assertThat(completed.usage().orElseThrow().inputTokens()).isEqualTo(usage.inputTokens());
        assertThat(events.stream().filter(ResponseStreamEvent::isOutputTextDone).findFirst().orElseThrow().asOutputTextDone().text())
                .isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai/gpt-4o-mini", "anthropic/claude-haiku-4-5", "gemini/gemini-2.5-flash"})
    void aFunctionCallRoundTrip(String model) {
        FunctionTool weather = FunctionTool.builder().name("get_weather").description("Current weather in a city").strict(true)
                .parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .putAdditionalProperty("additionalProperties", JsonValue.from(false))
                        .build())
                .build();
        List<ResponseInputItem> input = new ArrayList<>();
        input.add(ResponseInputItem.ofEasyInputMessage(com.openai.models.responses.EasyInputMessage.builder()
                .role(com.openai.models.responses.EasyInputMessage.Role.USER).content("What's the weather in Paris?").build()));
        ResponseCreateParams first = ResponseCreateParams.builder().model(model).inputOfResponse(input).addTool(weather).build();
        Response asked = client.responses().create(first);
        ResponseFunctionToolCall call = asked.output().stream().flatMap(item -> item.functionCall().stream()).findFirst().orElseThrow();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(readJson(call.arguments()).path("city").asText()).isEqualTo("Paris");
        assertThat(call.callId()).isNotBlank();

        // the whole conversation goes back in input: the model's items as they came, then the function's output
        asked.output().forEach(item -> input.add(asInput(item)));
        input.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder().callId(call.callId())
                .output("{\"temp_c\":18}").build()));
        Response answered = client.responses().create(first.toBuilder().inputOfResponse(input).build());
        assertThat(answered.status()).contains(ResponseStatus.COMPLETED);
        assertThat(answered.output().stream().noneMatch(ResponseOutputItem::isFunctionCall)).isTrue();
        assertThat(outputText(answered)).contains("Based on the tool result").contains("18");

        // streamed: the call comes as a function_call item whose arguments add up
        StringBuilder arguments = new StringBuilder();
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(first)) {
            stream.stream().forEach(event -> {
                events.add(event);
                event.functionCallArgumentsDelta().ifPresent(delta -> arguments.append(delta.delta()));
            });
        }
        assertThat(readJson(arguments.toString()).path("city").asText()).isEqualTo("Paris");
        assertThat(events.stream().filter(ResponseStreamEvent::isFunctionCallArgumentsDone).findFirst().orElseThrow()
                .asFunctionCallArgumentsDone().arguments()).isEqualTo(arguments.toString());
        Response completed = events.getLast().completed().orElseThrow().response();
        assertThat(completed.output().stream().flatMap(item -> item.functionCall().stream()).findFirst().orElseThrow().arguments())
                .isEqualTo(arguments.toString());
    }

    private static ResponseInputItem asInput(ResponseOutputItem item) {
        if (item.isFunctionCall()) {
            return ResponseInputItem.ofFunctionCall(item.asFunctionCall());
        }
        if (item.isMessage()) {
            return ResponseInputItem.ofResponseOutputMessage(item.asMessage());
        }
        if (item.isReasoning()) {
            return ResponseInputItem.ofReasoning(item.asReasoning());
        }
        throw new AssertionError("unexpected output item " + item);
    }

    /** What the structured output test asks for: a simple class, its JSON Schema made by the SDK. */
    public static final class Person {
        public String name;
        public int age;
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai/gpt-4o-mini", "anthropic/claude-haiku-4-5", "gemini/gemini-2.5-flash"})
    void structuredOutputFromAJavaClass(String model) {
        StructuredResponse<Person> response = client.responses().create(ResponseCreateParams.builder().model(model)
                .input("Invent a person").text(Person.class).build());
        Person person = response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream()).flatMap(content -> content.outputText().stream())
                .findFirst().orElseThrow();
        assertThat(person.name).isNotBlank();
        assertThat(person.age).isNotZero();
    }

    /**
     * A JSON Schema reaches Claude as a forced tool whose input is the answer (Anthropic has no response format); a
     * JSON object is asked for by instruction (both checked at the simulator), and the reply is whatever the model
     * writes (here the simulator's scripted JSON).
     */
    @Test
    void structuredOutputOnAnthropicIsAForcedToolAndJsonObjectAnInstruction() {
        VendorSimulator simulator = gateway.simulator().orElseThrow();
        simulator.resetRecorded();
        client.responses().create(ResponseCreateParams.builder().model("anthropic/claude-haiku-4-5").input("Invent a person")
                .text(Person.class).build());
        RecordedRequest forced = simulator.requests().stream().filter(r -> r.path().endsWith("/messages")).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(forced.bodyJson().path("tool_choice").path("type").asText()).isEqualTo("tool");
        assertThat(forced.bodyJson().path("tools").get(0).path("input_schema").path("properties").has("age")).isTrue();

        simulator.resetRecorded();
        Response response = client.responses().create(ResponseCreateParams.builder().model("anthropic/claude-haiku-4-5")
                .input("Invent a person as JSON [[sim:text={\"name\":\"Ada\",\"age\":36}]]")
                .text(ResponseTextConfig.builder().format(ResponseFormatJsonObject.builder().build()).build()).build());
        JsonNode person = readJson(outputText(response));
        assertThat(person.path("name").asText()).isEqualTo("Ada");
        assertThat(person.path("age").asInt()).isEqualTo(36);
        RecordedRequest sent = simulator.requests().stream().filter(r -> r.path().endsWith("/messages")).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(sent.bodyJson().path("system").toString()).contains("JSON");
        assertThat(response.text().orElseThrow().format().orElseThrow().isJsonObject()).isTrue();
    }

    /** DeepSeek's reasoner shows its reasoning ({@code reasoning_content}): a reasoning item before the message. */
    @Test
    void shownReasoningIsAReasoningItemBufferedAndStreamed() {
        ResponseCreateParams params = ResponseCreateParams.builder().model("deepseek/deepseek-reasoner").input("Think first [[sim:tokens=10]]")
                .build();
        Response response = client.responses().create(params);
        assertThat(response.output()).hasSize(2);
        var reasoning = response.output().get(0).asReasoning();
        String thought = reasoning.content().orElseThrow().stream().map(c -> c.text()).reduce("", String::concat);
        assertThat(thought).isNotBlank();
        assertThat(reasoning.summary()).isEmpty();
        assertThat(response.output().get(1).isMessage()).isTrue();
        assertThat(response.usage().orElseThrow().outputTokensDetails().reasoningTokens()).isEqualTo(32);

        StringBuilder streamed = new StringBuilder();
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
            stream.stream().forEach(event -> {
                events.add(event);
                event.reasoningTextDelta().ifPresent(delta -> streamed.append(delta.delta()));
            });
        }
        assertThat(streamed.toString()).isEqualTo(thought);
        Response completed = events.getLast().completed().orElseThrow().response();
        assertThat(completed.output().get(0).asReasoning().content().orElseThrow().get(0).text()).isEqualTo(thought);
        assertThat(outputText(completed)).isEqualTo(outputText(response));
    }

    /** The vendor fails mid-stream: the SDK sees OpenAI's {@code error} event last, and no {@code response.completed}. */
    @Test
    void aFailureMidStreamIsAnErrorEvent() {
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ResponseCreateParams.builder()
                .model("anthropic/claude-haiku-4-5").input("Break [[sim:tokens=40]] [[sim:fault=stream_error,after=3,status=529]]")
                .build())) {
            stream.stream().forEach(events::add);
        }
        assertThat(events.getFirst().isCreated()).isTrue();
        assertThat(events.stream().anyMatch(ResponseStreamEvent::isOutputTextDelta)).isTrue();
        assertThat(events.stream().noneMatch(ResponseStreamEvent::isCompleted)).isTrue();
        var error = events.getLast().error().orElseThrow();
        assertThat(error.message()).isNotBlank();
        assertThat(error.sequenceNumber()).isEqualTo(events.size() - 1);
    }

    /** {@code auto} through the Responses dialect: the gateway classifies and routes it, and says so in its headers. */
    @Test
    void autoIsRoutedLikeOnEveryDialect() {
        var raw = client.responses().withRawResponse().create(ResponseCreateParams.builder().model("auto")
                .input("Translate good morning into French").build());
        Response response = raw.parse();
        assertThat(raw.headers().values("x-gaterouter-route-reason")).singleElement().asString().startsWith("auto");
        assertThat(raw.headers().values("x-gaterouter-tier")).singleElement().isIn("light", "standard", "heavy");
        assertThat(response.model().asString()).isEqualTo(raw.headers().values("x-gaterouter-model").getFirst());
        assertThat(outputText(response)).isNotBlank();
    }

    @Test
    void aBuiltInToolIsABadRequestNamingIt() {
        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("openai/gpt-4o-mini")
                .input("Search the web for GateRouter")
                .addTool(WebSearchTool.builder().type(WebSearchTool.Type.WEB_SEARCH).build()).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.param()).hasValue("tools[0].type");
                    assertThat(e.getMessage()).contains("web_search");
                });
    }

    @Test
    void previousResponseIdIsABadRequestSayingTheGatewayIsStateless() {
        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("openai/gpt-4o-mini")
                .input("And then?").previousResponseId("resp_123").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.param()).hasValue("previous_response_id");
                    assertThat(e.getMessage()).contains("stateless");
                });
    }

    @Test
    void anAnswerCutByMaxOutputTokensIsIncomplete() {
        Response response = client.responses().create(ResponseCreateParams.builder().model("anthropic/claude-haiku-4-5")
                .input("Talk at length [[sim:tokens=60]]").maxOutputTokens(16).build());
        assertThat(response.status()).contains(ResponseStatus.INCOMPLETE);
        assertThat(response.incompleteDetails().orElseThrow().reason()).hasValueSatisfying(
                reason -> assertThat(reason.asString()).isEqualTo("max_output_tokens"));
        assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(16);
    }

    private static UsageRecord awaitUsage(String requestId) throws InterruptedException {
        return UsageRecords.await(gateway, since, requestId);
    }

    private static JsonNode readJson(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
