package com.gaterouter.router.vendors.bedrock;

import static com.gaterouter.router.vendors.JsonFixtures.canonical;
import static com.gaterouter.router.vendors.JsonFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.router.vendors.VendorFailure;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/** The mapping rules between OpenAI Chat Completions and Bedrock Converse, without any I/O. */
class BedrockTranslationTest {

    static ObjectNode translate(String openAi) {
        return BedrockRequestTranslator.translate(json(openAi));
    }

    @Nested
    class Request {

        @Test
        void systemAndDeveloperMessagesGoToSystemInOrderAndTurnsAlternate() {
            ObjectNode body = translate("""
                    {"model":"m","messages":[
                      {"role":"system","content":"Be brief."},
                      {"role":"user","content":"Hi"},
                      {"role":"user","content":[{"type":"text","text":"there"},{"type":"text","text":""}]},
                      {"role":"developer","content":[{"type":"text","text":"Use metric units."}]},
                      {"role":"assistant","content":"Hello!"},
                      {"role":"assistant","content":[{"type":"refusal","refusal":"No."}]},
                      {"role":"user","content":"Thanks"}]}""");
            assertThat(body.path("system")).isEqualTo(json("""
                    {"s":[{"text":"Be brief."},{"text":"Use metric units."}]}""").get("s"));
            assertThat(body.path("messages")).isEqualTo(json("""
                    {"m":[{"role":"user","content":[{"text":"Hi"},{"text":"there"}]},
                          {"role":"assistant","content":[{"text":"Hello!"},{"text":"No."}]},
                          {"role":"user","content":[{"text":"Thanks"}]}]}""").get("m"));
            assertThat(body.has("inferenceConfig")).isFalse();
            assertThat(body.has("toolConfig")).isFalse();
        }

        @Test
        void inferenceConfigFromLimitsSamplingAndStops() {
            ObjectNode body = translate("""
                    {"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":50,"max_completion_tokens":80,
                     "temperature":0.3,"top_p":0.9,"stop":"END"}""");
            assertThat(body.path("inferenceConfig")).isEqualTo(json("""
                    {"maxTokens":80,"temperature":0.3,"topP":0.9,"stopSequences":["END"]}"""));
            assertThat(canonical(translate("""
                    {"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":50,"temperature":1.7,"stop":["a","","b"]}""")
                    .path("inferenceConfig"))).isEqualTo(json("""
                    {"maxTokens":50,"temperature":1.0,"stopSequences":["a","b"]}"""));
        }

        @Test
        void harmlessOpenAiAndGatewayFieldsNeverReachBedrock() {
            ObjectNode request = json("""
                    {"model":"m","models":["a","b"],"messages":[{"role":"user","content":"x","name":"ann"}],"seed":7,"user":"u1",
                     "metadata":{"k":"v"},"stream":true,"stream_options":{"include_usage":true},"n":1,"logprobs":false,
                     "presence_penalty":0,"service_tier":"flex","store":true,"reasoning_effort":"low","parallel_tool_calls":false}""");
            ObjectNode before = request.deepCopy();
            ObjectNode body = BedrockRequestTranslator.translate(request);
            assertThat(body.properties()).extracting(java.util.Map.Entry::getKey).containsExactly("messages");
            assertThat(request).as("the client's request is never modified").isEqualTo(before);
            assertThat(BedrockRequestTranslator.unsupportedParameters(request)).isEmpty();
        }

        @Test
        void imagesAndDocumentsAsBase64Blocks() {
            ObjectNode body = translate("""
                    {"model":"m","messages":[{"role":"user","content":[
                      {"type":"text","text":"Compare"},
                      {"type":"image_url","image_url":{"url":"data:image/jpg;base64,/9j/4AAQ","detail":"high"}},
                      {"type":"file","file":{"filename":"Q3 report (final).v2.pdf","file_data":"data:application/pdf;base64,JVBERi0x"}}]}]}""");
            JsonNode content = body.path("messages").path(0).path("content");
            assertThat(content.path(1)).isEqualTo(json("""
                    {"image":{"format":"jpeg","source":{"bytes":"/9j/4AAQ"}}}"""));
            assertThat(content.path(2)).isEqualTo(json("""
                    {"document":{"format":"pdf","name":"Q3 report (final)-v2","source":{"bytes":"JVBERi0x"}}}"""));
            assertThat(BedrockRequestTranslator.documentName("", 3)).isEqualTo("document-3");
        }

        @Test
        void whatConverseCannotTakeIsNamedUpFrontAndRejected() {
            ObjectNode request = json("""
                    {"model":"m","messages":[
                      {"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}},
                        {"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}},
                        {"type":"file","file":{"file_id":"file-123"}}]},
                      {"role":"function","name":"f","content":"x"}]}""");
            assertThat(BedrockRequestTranslator.unsupportedParameters(request)).containsExactly(
                    "messages[0].content[0].image_url", "messages[0].content[1].input_audio", "messages[0].content[2].file",
                    "messages[1].role");
            assertThatThrownBy(() -> BedrockRequestTranslator.translate(request))
                    .isInstanceOf(BedrockRequestTranslator.UntranslatableRequest.class)
                    .hasMessageContaining("messages[0].content[0].image_url").hasMessageContaining("data URL");
            assertThatThrownBy(() -> translate("""
                    {"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/bmp;base64,Qk0="}}]}]}"""))
                    .hasMessageContaining("image/bmp");
        }

        @Test
        void unsupportedParameters() {
            ObjectNode request = json("""
                    {"model":"m","messages":[{"role":"user","content":"x"}],"n":2,"logprobs":true,"top_logprobs":3,
                     "logit_bias":{"50256":-100},"presence_penalty":0.5,"frequency_penalty":0,"audio":{"voice":"alloy"},
                     "modalities":["text","audio"],"functions":[],"function_call":"auto","web_search_options":{}}""");
            assertThat(BedrockRequestTranslator.unsupportedParameters(request)).containsExactly("n", "logprobs", "top_logprobs",
                    "logit_bias", "presence_penalty", "audio", "modalities", "functions", "function_call", "web_search_options");
        }

        @Test
        void toolsToolChoiceAndTheToolCallRoundTrip() {
            ObjectNode body = translate("""
                    {"model":"m","messages":[
                      {"role":"user","content":"Weather in Paris and Rome?"},
                      {"role":"assistant","content":"Checking.","tool_calls":[
                        {"id":"tooluse_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\",\\"days\\":2.50}"}},
                        {"id":"tooluse_2","type":"function","function":{"name":"get_weather","arguments":""}}]},
                      {"role":"tool","tool_call_id":"tooluse_1","content":"{\\"temp\\":21}"},
                      {"role":"tool","tool_call_id":"tooluse_2","content":[{"type":"text","text":"sunny"}]},
                      {"role":"user","content":"And tomorrow?"}],
                     "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather","strict":true,
                       "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}},
                       {"type":"function","function":{"name":"now"}}],
                     "tool_choice":{"type":"function","function":{"name":"get_weather"}}}""");
            assertThat(body.path("messages").path(1)).isEqualTo(json("""
                    {"role":"assistant","content":[{"text":"Checking."},
                      {"toolUse":{"toolUseId":"tooluse_1","name":"get_weather","input":{"city":"Paris","days":2.50}}},
                      {"toolUse":{"toolUseId":"tooluse_2","name":"get_weather","input":{}}}]}"""));
            assertThat(body.path("messages").path(2)).as("tool results first, then the user's text, in one user turn").isEqualTo(json("""
                    {"role":"user","content":[
                      {"toolResult":{"toolUseId":"tooluse_1","content":[{"json":{"temp":21}}]}},
                      {"toolResult":{"toolUseId":"tooluse_2","content":[{"text":"sunny"}]}},
                      {"text":"And tomorrow?"}]}"""));
            assertThat(body.path("toolConfig")).isEqualTo(json("""
                    {"tools":[{"toolSpec":{"name":"get_weather","description":"Weather",
                                "inputSchema":{"json":{"type":"object","properties":{"city":{"type":"string"}}}}}},
                              {"toolSpec":{"name":"now","inputSchema":{"json":{"type":"object","properties":{}}}}}],
                     "toolChoice":{"tool":{"name":"get_weather"}}}"""));
        }

        @Test
        void toolChoiceModes() {
            String base = """
                    {"model":"m","messages":[{"role":"user","content":"x"}],
                     "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}]%s}""";
            assertThat(translate(base.formatted(",\"tool_choice\":\"auto\"")).path("toolConfig").path("toolChoice"))
                    .isEqualTo(json("{\"auto\":{}}"));
            assertThat(translate(base.formatted(",\"tool_choice\":\"required\"")).path("toolConfig").path("toolChoice"))
                    .isEqualTo(json("{\"any\":{}}"));
            assertThat(translate(base.formatted("")).path("toolConfig").has("toolChoice")).isFalse();
            ObjectNode none = translate(base.formatted(",\"tool_choice\":\"none\""));
            assertThat(none.has("toolConfig")).as("Converse has no 'none': the tools are left out").isFalse();
        }

        @Test
        void toolHistoryWithoutUsableToolsStillDeclaresThemAndAsksForNoCall() {
            String history = """
                    {"role":"user","content":"x"},
                    {"role":"assistant","tool_calls":[{"id":"t1","type":"function","function":{"name":"lookup","arguments":"{}"}}]},
                    {"role":"tool","tool_call_id":"t1","content":"42"}""";
            ObjectNode withoutTools = translate("{\"model\":\"m\",\"messages\":[" + history + "]}");
            assertThat(withoutTools.path("toolConfig").path("tools").path(0).path("toolSpec").path("name").asText()).isEqualTo("lookup");
            assertThat(withoutTools.path("system").path(0).path("text").asText()).isEqualTo(BedrockRequestTranslator.NO_TOOLS_INSTRUCTION);
            assertThat(withoutTools.path("messages").path(2).path("content").path(0).path("toolResult").path("content").path(0))
                    .as("a number is not a JSON object: sent as text").isEqualTo(json("{\"text\":\"42\"}"));

            ObjectNode none = translate("""
                    {"model":"m","messages":[%s],"tool_choice":"none",
                     "tools":[{"type":"function","function":{"name":"lookup"}}]}""".formatted(history));
            assertThat(none.path("toolConfig").has("toolChoice")).isFalse();
            assertThat(none.path("toolConfig").path("tools").path(0).path("toolSpec").path("name").asText()).isEqualTo("lookup");
            assertThat(none.path("system").path(0).path("text").asText()).isEqualTo(BedrockRequestTranslator.NO_TOOLS_INSTRUCTION);
        }

        @Test
        void badToolArgumentsAreRejected() {
            assertThatThrownBy(() -> translate("""
                    {"model":"m","messages":[{"role":"user","content":"x"},
                      {"role":"assistant","tool_calls":[{"id":"t1","type":"function","function":{"name":"f","arguments":"[1,2]"}}]}]}"""))
                    .hasMessageContaining("messages[1].tool_calls[0].function.arguments");
            assertThatThrownBy(() -> translate("""
                    {"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","function_call":{"name":"f","arguments":"{}"}}]}"""))
                    .hasMessageContaining("legacy");
        }

        @Test
        void responseFormatIsEmulatedWithASystemInstruction() {
            ObjectNode object = translate("""
                    {"model":"m","messages":[{"role":"system","content":"S"},{"role":"user","content":"x"}],"response_format":{"type":"json_object"}}""");
            assertThat(object.path("system").path(1).path("text").asText()).isEqualTo(BedrockRequestTranslator.JSON_OBJECT_INSTRUCTION);
            ObjectNode schema = translate("""
                    {"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema",
                     "json_schema":{"name":"city","schema":{"type":"object","properties":{"name":{"type":"string"}}}}}}""");
            assertThat(schema.path("system").path(0).path("text").asText()).startsWith(BedrockRequestTranslator.JSON_OBJECT_INSTRUCTION)
                    .contains("(city)").contains("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}");
            assertThat(translate("""
                    {"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"text"}}""").has("system")).isFalse();
        }
    }

    @Nested
    class Response {

        @Test
        void textAnswer() {
            ObjectNode completion = BedrockResponseTranslator.completion(json("""
                    {"output":{"message":{"role":"assistant","content":[{"text":"Paris is "},{"text":"the capital."}]}},
                     "stopReason":"end_turn","usage":{"inputTokens":12,"outputTokens":5,"totalTokens":17},"metrics":{"latencyMs":300}}"""),
                    "chatcmpl-abc", 1_700_000_000L, "anthropic.claude");
            assertThat(canonical(completion)).isEqualTo(json("""
                    {"id":"chatcmpl-abc","object":"chat.completion","created":1700000000,"model":"anthropic.claude",
                     "choices":[{"index":0,"message":{"role":"assistant","content":"Paris is the capital.","refusal":null},
                                 "logprobs":null,"finish_reason":"stop"}],
                     "usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17,
                              "prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}"""));
        }

        @Test
        void toolUseBecomesToolCalls() {
            ObjectNode completion = BedrockResponseTranslator.completion(json("""
                    {"output":{"message":{"role":"assistant","content":[
                      {"toolUse":{"toolUseId":"tooluse_a","name":"get_weather","input":{"city":"Paris","n":2}}},
                      {"toolUse":{"toolUseId":"tooluse_b","name":"now","input":{}}}]}},
                     "stopReason":"tool_use","usage":{"inputTokens":1,"outputTokens":1,"totalTokens":2}}"""), "id", 1, "m");
            JsonNode message = completion.path("choices").path(0).path("message");
            assertThat(message.path("content").isNull()).isTrue();
            assertThat(message.path("tool_calls")).isEqualTo(json("""
                    {"t":[{"id":"tooluse_a","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\",\\"n\\":2}"}},
                          {"id":"tooluse_b","type":"function","function":{"name":"now","arguments":"{}"}}]}""").get("t"));
            assertThat(completion.path("choices").path(0).path("finish_reason").asText()).isEqualTo("tool_calls");
        }

        @Test
        void stopReasons() {
            assertThat(List.of("end_turn", "stop_sequence", "tool_use", "max_tokens", "model_context_window_exceeded",
                    "guardrail_intervened", "content_filtered", "something_new").stream()
                    .map(BedrockResponseTranslator::finishReason).toList())
                    .containsExactly("stop", "stop", "tool_calls", "length", "length", "content_filter", "content_filter", "stop");
        }

        @Test
        void usageFoldsCacheReadsAndWritesIntoPromptTokens() {
            TokenUsage usage = BedrockResponseTranslator.usage(json("""
                    {"inputTokens":100,"outputTokens":30,"totalTokens":200,"cacheReadInputTokens":50,"cacheWriteInputTokens":20}"""));
            assertThat(usage).isEqualTo(new TokenUsage(170, 50, 20, 30, 0));
            assertThat(usage.uncachedPromptTokens()).isEqualTo(100);
            assertThat(canonical(BedrockResponseTranslator.openAiUsage(usage))).isEqualTo(json("""
                    {"prompt_tokens":170,"completion_tokens":30,"total_tokens":200,
                     "prompt_tokens_details":{"cached_tokens":50,"cache_write_tokens":20},"completion_tokens_details":{"reasoning_tokens":0}}"""));
            assertThat(BedrockResponseTranslator.usage(Json.MAPPER.missingNode())).isEqualTo(TokenUsage.NONE);
        }

        @Test
        void anAnswerWithoutOutputIsMalformed() {
            assertThatThrownBy(() -> BedrockResponseTranslator.completion(json("{\"stopReason\":\"end_turn\"}"), "id", 1, "m"))
                    .isInstanceOf(BedrockResponseTranslator.MalformedAnswer.class);
        }
    }

    @Nested
    class Stream {

        private List<ObjectNode> feed(BedrockStreamTranslator t, String... events) {
            List<ObjectNode> out = new java.util.ArrayList<>();
            for (int i = 0; i < events.length; i += 2) {
                out.addAll(t.onEvent(events[i], json(events[i + 1])));
            }
            return out;
        }

        @Test
        void textEventsBecomeRoleDeltasFinishAndUsage() {
            BedrockStreamTranslator t = new BedrockStreamTranslator("chatcmpl-x", 7, "m", 400);
            assertThat(t.onEvent("messageStart", json("{\"role\":\"assistant\"}"))).as("the role waits for content").isEmpty();
            List<ObjectNode> chunks = feed(t,
                    "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel\"},\"p\":\"abc\"}",
                    "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"lo\"}}",
                    "contentBlockStop", "{\"contentBlockIndex\":0}",
                    "messageStop", "{\"stopReason\":\"max_tokens\"}",
                    "metadata", "{\"usage\":{\"inputTokens\":9,\"outputTokens\":2,\"totalTokens\":11},\"metrics\":{\"latencyMs\":5}}");
            assertThat(chunks).hasSize(5);
            assertThat(chunks).allSatisfy(c -> {
                assertThat(c.path("id").asText()).isEqualTo("chatcmpl-x");
                assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
            });
            assertThat(chunks.get(0).path("choices").path(0).path("delta")).isEqualTo(json("{\"role\":\"assistant\",\"content\":\"\"}"));
            assertThat(chunks.get(1).path("choices").path(0).path("delta")).isEqualTo(json("{\"content\":\"Hel\"}"));
            assertThat(chunks.get(3).path("choices").path(0).path("finish_reason").asText()).isEqualTo("length");
            assertThat(chunks.get(4).path("choices").isEmpty()).isTrue();
            assertThat(chunks.get(4).path("usage").path("total_tokens").asInt()).isEqualTo(11);
            assertThat(t.reportedUsage()).isTrue();
            assertThat(t.usageSoFar()).isEqualTo(new TokenUsage(9, 0, 0, 2, 0));
        }

        @Test
        void toolUseBlocksBecomeIndexedToolCallDeltas() {
            BedrockStreamTranslator t = new BedrockStreamTranslator("id", 7, "m", 400);
            List<ObjectNode> chunks = feed(t,
                    "messageStart", "{\"role\":\"assistant\"}",
                    "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Let me check.\"}}",
                    "contentBlockStop", "{\"contentBlockIndex\":0}",
                    "contentBlockStart", "{\"contentBlockIndex\":1,\"start\":{\"toolUse\":{\"toolUseId\":\"tooluse_a\",\"name\":\"f\"}}}",
                    "contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"{\\\"a\\\":\"}}}",
                    "contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"1}\"}}}",
                    "contentBlockStart", "{\"contentBlockIndex\":2,\"start\":{\"toolUse\":{\"toolUseId\":\"tooluse_b\",\"name\":\"g\"}}}",
                    "contentBlockDelta", "{\"contentBlockIndex\":2,\"delta\":{\"toolUse\":{\"input\":\"{}\"}}}",
                    "messageStop", "{\"stopReason\":\"tool_use\"}");
            List<JsonNode> calls = chunks.stream().map(c -> c.path("choices").path(0).path("delta").path("tool_calls"))
                    .filter(JsonNode::isArray).map(a -> a.path(0)).toList();
            assertThat(calls).hasSize(5);
            assertThat(calls.get(0)).isEqualTo(json("""
                    {"index":0,"id":"tooluse_a","type":"function","function":{"name":"f","arguments":""}}"""));
            assertThat(calls.get(1)).isEqualTo(json("{\"index\":0,\"function\":{\"arguments\":\"{\\\"a\\\":\"}}"));
            assertThat(calls.get(3).path("index").asInt()).isEqualTo(1);
            assertThat(calls.get(3).path("id").asText()).isEqualTo("tooluse_b");
            assertThat(chunks.getLast().path("choices").path(0).path("finish_reason").asText()).isEqualTo("tool_calls");

            List<ObjectNode> callFirst = feed(new BedrockStreamTranslator("id", 7, "m", 10),
                    "contentBlockStart", "{\"contentBlockIndex\":0,\"start\":{\"toolUse\":{\"toolUseId\":\"t\",\"name\":\"f\"}}}");
            assertThat(callFirst.getFirst().path("choices").path(0).path("delta")).isEqualTo(json("{\"role\":\"assistant\",\"content\":null}"));
        }

        @Test
        void withoutMetadataTheUsageIsAnEstimateNeverZero() {
            BedrockStreamTranslator t = new BedrockStreamTranslator("id", 7, "m", 400);
            feed(t, "messageStart", "{}", "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"twelve chars\"}}");
            assertThat(t.reportedUsage()).isFalse();
            assertThat(t.usageSoFar()).isEqualTo(new TokenUsage(100, 0, 0, 3, 0));
            assertThat(new BedrockStreamTranslator("id", 7, "m", 0).usageSoFar().promptTokens()).isEqualTo(1);
        }
    }

    @Nested
    class Failures {

        @Test
        void errorTypesDecideTheKind() {
            record Case(int status, String type, VendorFailure.Kind kind) {
            }
            List<Case> cases = List.of(
                    new Case(429, "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/", VendorFailure.Kind.RATE_LIMITED),
                    new Case(400, "ServiceQuotaExceededException", VendorFailure.Kind.RATE_LIMITED),
                    new Case(429, "throttlingException", VendorFailure.Kind.RATE_LIMITED),
                    new Case(408, "ModelTimeoutException", VendorFailure.Kind.TIMEOUT),
                    new Case(500, "InternalServerException", VendorFailure.Kind.SERVER_ERROR),
                    new Case(503, "ServiceUnavailableException", VendorFailure.Kind.SERVER_ERROR),
                    new Case(424, "ModelErrorException", VendorFailure.Kind.SERVER_ERROR),
                    new Case(429, "ModelNotReadyException", VendorFailure.Kind.SERVER_ERROR),
                    new Case(403, "AccessDeniedException", VendorFailure.Kind.UNAUTHORIZED),
                    new Case(403, "UnrecognizedClientException", VendorFailure.Kind.UNAUTHORIZED),
                    new Case(403, "ExpiredTokenException", VendorFailure.Kind.UNAUTHORIZED),
                    new Case(400, "com.amazon.coral.service#ExpiredTokenException", VendorFailure.Kind.UNAUTHORIZED),
                    new Case(400, "ValidationException", VendorFailure.Kind.BAD_REQUEST),
                    new Case(404, "ResourceNotFoundException", VendorFailure.Kind.NOT_FOUND),
                    new Case(400, "SerializationException", VendorFailure.Kind.BAD_REQUEST),
                    new Case(405, null, VendorFailure.Kind.SERVER_ERROR),
                    new Case(502, null, VendorFailure.Kind.SERVER_ERROR),
                    new Case(429, null, VendorFailure.Kind.RATE_LIMITED),
                    new Case(403, "", VendorFailure.Kind.UNAUTHORIZED));
            for (Case c : cases) {
                VendorFailure failure = BedrockFailures.of("bedrock", c.status(), c.type(), "m", Optional.empty());
                assertThat(failure.kind()).as(c.toString()).isEqualTo(c.kind());
                assertThat(failure.vendorStatus()).isEqualTo(c.status());
            }
            // a ValidationException is the caller's, read by its message: the context window, or anything else
            assertThat(BedrockFailures.of("bedrock", 400, "ValidationException", "Input is too long for requested model.",
                    Optional.empty()).kind()).isEqualTo(VendorFailure.Kind.CONTEXT_LENGTH_EXCEEDED);
            assertThat(BedrockFailures.of("bedrock", 400, "ValidationException",
                    "The model returned the following errors: prompt is too long: 200049 tokens > 200000 maximum",
                    Optional.empty()).kind()).isEqualTo(VendorFailure.Kind.CONTEXT_LENGTH_EXCEEDED);
            assertThat(BedrockFailures.of("bedrock", 400, "ValidationException",
                    "A conversation must start with a user message.", Optional.empty()).kind()).isEqualTo(VendorFailure.Kind.BAD_REQUEST);
            assertThat(BedrockFailures.of("bedrock", 400, "ValidationException", "The provided model identifier is invalid.",
                    Optional.empty()).kind()).as("the catalog's model id").isEqualTo(VendorFailure.Kind.NOT_FOUND);
            assertThat(BedrockFailures.of("bedrock", 429, "ThrottlingException:ns", "Too many requests", Optional.of(Duration.ofSeconds(3))))
                    .isEqualTo(new VendorFailure(VendorFailure.Kind.RATE_LIMITED, 429, Optional.of(Duration.ofSeconds(3)),
                            "bedrock answered HTTP 429 (ThrottlingException): Too many requests"));
            assertThat(BedrockFailures.statusOf("throttlingException")).isEqualTo(429);
            assertThat(BedrockFailures.statusOf("modelStreamErrorException")).isEqualTo(424);
        }

        @Test
        void awsMessagesNeverLeakAccountsOrRoles() {
            VendorFailure denied = BedrockFailures.of("bedrock", 403, "AccessDeniedException",
                    "User: arn:aws:sts::123456789012:assumed-role/router/fn is not authorized", Optional.empty());
            assertThat(denied.message()).isEqualTo("bedrock rejected the gateway's AWS credentials (HTTP 403 (AccessDeniedException))");
            VendorFailure invalid = BedrockFailures.of("bedrock", 400, "ValidationException",
                    "The provided model arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.x is invalid for account 123456789012",
                    Optional.empty());
            assertThat(invalid.message()).doesNotContain("123456789012").contains("arn:…").contains("account …");
            assertThat(BedrockFailures.messageOf("{\"Message\":\"capitalised\"}")).isEqualTo("capitalised");
            assertThat(BedrockFailures.messageOf("not json")).isNull();
            assertThat(BedrockFailures.typeOf("{\"__type\":\"com.amazon.coral.service#ExpiredTokenException\",\"message\":\"x\"}"))
                    .isEqualTo("com.amazon.coral.service#ExpiredTokenException");
        }

        @Test
        void sdkExceptions() {
            ThrottlingException throttled = (ThrottlingException) ThrottlingException.builder().statusCode(429)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").errorMessage("slow down").build()).build();
            assertThat(BedrockFailures.fromSdk("bedrock", throttled).kind()).isEqualTo(VendorFailure.Kind.RATE_LIMITED);
            assertThat(BedrockFailures.fromSdk("bedrock", ApiCallTimeoutException.create(1000)).kind()).isEqualTo(VendorFailure.Kind.TIMEOUT);
            assertThat(BedrockFailures.fromSdk("bedrock", SdkClientException.create("x", new java.net.ConnectException("refused"))).kind())
                    .isEqualTo(VendorFailure.Kind.CONNECTION);
            assertThat(BedrockFailures.fromSdk("bedrock", SdkClientException.create("x", new java.net.SocketTimeoutException("read"))).kind())
                    .isEqualTo(VendorFailure.Kind.TIMEOUT);
            assertThat(BedrockFailures.fromSdk("bedrock", SdkClientException.create("Unable to execute HTTP request")).kind())
                    .isEqualTo(VendorFailure.Kind.CONNECTION);
        }
    }

    @Nested
    class SdkBridge {

        @Test
        void theTypedRequestCarriesEverythingTheJsonSays() {
            ObjectNode body = translate("""
                    {"model":"m","messages":[{"role":"system","content":"S"},{"role":"user","content":[{"type":"text","text":"hi"},
                      {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]},
                      {"role":"assistant","tool_calls":[{"id":"t1","type":"function","function":{"name":"f","arguments":"{\\"x\\":0.1,\\"big\\":12345678901234567890,\\"l\\":[true,null]}"}}]},
                      {"role":"tool","tool_call_id":"t1","content":"{\\"ok\\":true}"}],
                     "max_tokens":10,"temperature":0.5,"top_p":0.25,"stop":["X"],
                     "tools":[{"type":"function","function":{"name":"f","description":"d","parameters":{"type":"object"}}}],"tool_choice":"required"}""");
            ConverseRequest request = ConverseSdkModel.request("anthropic.claude-3-5-haiku-20241022-v1:0", body);
            assertThat(request.modelId()).isEqualTo("anthropic.claude-3-5-haiku-20241022-v1:0");
            assertThat(request.system()).singleElement().satisfies(s -> assertThat(s.text()).isEqualTo("S"));
            Message user = request.messages().get(0);
            assertThat(user.content().get(0).text()).isEqualTo("hi");
            assertThat(user.content().get(1).image().formatAsString()).isEqualTo("png");
            assertThat(user.content().get(1).image().source().bytes().asByteArray()).startsWith((byte) 0x89, (byte) 'P');
            ToolUseBlock toolUse = request.messages().get(1).content().get(0).toolUse();
            assertThat(ConverseSdkModel.json(toolUse.input()).toString()).isEqualTo("{\"x\":0.1,\"big\":12345678901234567890,\"l\":[true,null]}");
            assertThat(request.messages().get(2).content().get(0).toolResult().content().get(0).json().asMap().get("ok").asBoolean()).isTrue();
            assertThat(request.inferenceConfig().maxTokens()).isEqualTo(10);
            assertThat(request.inferenceConfig().temperature()).isEqualTo(0.5f);
            assertThat(request.inferenceConfig().topP()).isEqualTo(0.25f);
            assertThat(request.inferenceConfig().stopSequences()).containsExactly("X");
            assertThat(request.toolConfig().tools().get(0).toolSpec().description()).isEqualTo("d");
            assertThat(request.toolConfig().toolChoice().type()).isEqualTo(ToolChoice.Type.ANY);
        }

        @Test
        void theTypedResponseReadsLikeTheJsonOne() {
            ConverseResponse response = ConverseResponse.builder()
                    .output(ConverseOutput.fromMessage(Message.builder().role("assistant").content(
                            ContentBlock.fromText("Hi"),
                            ContentBlock.fromToolUse(ToolUseBlock.builder().toolUseId("t").name("f")
                                    .input(ConverseSdkModel.document(json("{\"a\":[1,2.5]}"))).build())).build()))
                    .stopReason("tool_use")
                    .usage(u -> u.inputTokens(3).outputTokens(4).totalTokens(12).cacheReadInputTokens(5))
                    .build();
            assertThat(canonical(ConverseSdkModel.response(response))).isEqualTo(json("""
                    {"output":{"message":{"role":"assistant","content":[{"text":"Hi"},{"toolUse":{"toolUseId":"t","name":"f","input":{"a":[1,2.5]}}}]}},
                     "stopReason":"tool_use","usage":{"inputTokens":3,"outputTokens":4,"totalTokens":12,"cacheReadInputTokens":5}}"""));
        }
    }

    @Nested
    class Endpoints {

        @Test
        void theSigningRegionComesFromTheHost() {
            assertThat(BedrockClient.regionOf(URI.create("https://bedrock-runtime.eu-west-1.amazonaws.com"))).hasValue(Region.EU_WEST_1);
            assertThat(BedrockClient.regionOf(URI.create("https://bedrock-runtime-fips.us-gov-west-1.amazonaws.com")))
                    .hasValue(Region.US_GOV_WEST_1);
            assertThat(BedrockClient.regionOf(URI.create(
                    "https://vpce-0abc-xyz.bedrock-runtime.ap-southeast-2.vpce.amazonaws.com"))).hasValue(Region.AP_SOUTHEAST_2);
            assertThat(BedrockClient.regionOf(URI.create("https://bedrock-runtime.cn-north-1.amazonaws.com.cn"))).hasValue(Region.CN_NORTH_1);
            assertThat(BedrockClient.regionOf(URI.create("http://127.0.0.1:4010/bedrock"))).isEmpty();
        }

        @Test
        void modelIdsArePercentEncodedInThePath() {
            assertThat(BedrockClient.operationUri(URI.create("https://bedrock-runtime.us-east-1.amazonaws.com"),
                    "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0", "converse"))
                    .hasToString("https://bedrock-runtime.us-east-1.amazonaws.com/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012"
                            + "%3Ainference-profile%2Fus.anthropic.claude-3-5-haiku-20241022-v1%3A0/converse");
        }
    }
}
