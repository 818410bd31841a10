package com.gaterouter.router.vendors.gemini;

import static com.gaterouter.router.vendors.JsonFixtures.json;
import static com.gaterouter.router.vendors.gemini.GeminiFixtures.call;
import static com.gaterouter.router.vendors.gemini.GeminiFixtures.model;
import static com.gaterouter.router.vendors.gemini.GeminiFixtures.reparse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.vendors.OpenAiUsage;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorFailure;
import com.gaterouter.router.vendors.VendorHttpClients;
import com.gaterouter.router.vendors.VendorResult;
import com.gaterouter.router.vendors.VendorTimeouts;
import java.net.URI;
import java.net.http.HttpClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiTranslationTest {

    private static final ModelSpec FLASH = model("gemini-2.5-flash", "tools", "vision", "json_schema", "reasoning");
    private static final ModelSpec OLD_FLASH = model("gemini-2.0-flash", "tools", "vision", "json_schema");
    private static final URI BASE = URI.create("https://generativelanguage.googleapis.com");

    private static ObjectNode translate(String request) throws GeminiRequestTranslator.Rejected {
        return GeminiRequestTranslator.translate(FLASH, json(request));
    }

    private static String rejection(ModelSpec model, String request) {
        try {
            GeminiRequestTranslator.translate(model, json(request));
        } catch (GeminiRequestTranslator.Rejected e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the request to be rejected");
    }

    @Nested
    class Messages {

        @Test
        void systemAndDeveloperMessagesJoinIntoTheSystemInstructionAndRolesMap() throws Exception {
            ObjectNode body = translate("""
                    {"model":"m","messages":[
                      {"role":"system","content":"Be brief."},
                      {"role":"user","content":"Hi"},
                      {"role":"assistant","content":"Hello!"},
                      {"role":"developer","content":[{"type":"text","text":"Answer in French."}]},
                      {"role":"user","content":"How are you?"}]}""");

            assertThat(reparse(body.path("systemInstruction"))).isEqualTo(json("""
                    {"parts":[{"text":"Be brief.\\n\\nAnswer in French."}]}"""));
            assertThat(body.path("contents")).isEqualTo(Json.MAPPER.valueToTree(java.util.List.of(
                    json("{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}"),
                    json("{\"role\":\"model\",\"parts\":[{\"text\":\"Hello!\"}]}"),
                    json("{\"role\":\"user\",\"parts\":[{\"text\":\"How are you?\"}]}"))));
            assertThat(body.has("generationConfig")).as("nothing asked, nothing sent").isFalse();
            assertThat(body.has("tools")).isFalse();
        }

        @Test
        void consecutiveSameRoleMessagesMergeAndEmptyOnesAreSkipped() throws Exception {
            ObjectNode body = translate("""
                    {"model":"m","messages":[
                      {"role":"user","content":"one"},
                      {"role":"user","content":[{"type":"text","text":"two"},{"type":"text","text":"three"}]},
                      {"role":"assistant","content":""},
                      {"role":"user","content":"four"}]}""");

            assertThat(body.path("contents")).hasSize(1);
            assertThat(reparse(body.path("contents").get(0))).isEqualTo(json("""
                    {"role":"user","parts":[{"text":"one"},{"text":"two"},{"text":"three"},{"text":"four"}]}"""));
        }

        @Test
        void imagesGoInlineFromDataUrlsAndByReferenceFromHttpUrlsWithAGuessedMimeType() throws Exception {
            ObjectNode body = translate("""
                    {"model":"m","messages":[{"role":"user","content":[
                      {"type":"text","text":"What is in these?"},
                      {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}},
                      {"type":"image_url","image_url":{"url":"https://example.com/cat.webp?size=large"}},
                      {"type":"image_url","image_url":{"url":"https://example.com/render"}},
                      {"type":"input_audio","input_audio":{"data":"UklGRg==","format":"mp3"}},
                      {"type":"file","file":{"file_data":"data:application/pdf;base64,JVBERi0=","filename":"a.pdf"}}]}]}""");

            assertThat(reparse(body.path("contents").get(0).path("parts"))).isEqualTo(json("""
                    {"p":[{"text":"What is in these?"},
                      {"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}},
                      {"fileData":{"mimeType":"image/webp","fileUri":"https://example.com/cat.webp?size=large"}},
                      {"fileData":{"mimeType":"image/jpeg","fileUri":"https://example.com/render"}},
                      {"inlineData":{"mimeType":"audio/mp3","data":"UklGRg=="}},
                      {"inlineData":{"mimeType":"application/pdf","data":"JVBERi0="}}]}""").get("p"));
        }

        @Test
        void mediaGeminiCannotReachIsABadRequestNamingThePart() {
            assertThat(rejection(FLASH, """
                    {"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png,rawbytes"}}]}]}"""))
                    .contains("messages[0].content[0].image_url.url").contains("base64");
            assertThat(rejection(FLASH, """
                    {"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"file-abc"}}]}]}"""))
                    .contains("messages[0].content[0].file");
            assertThat(rejection(FLASH, """
                    {"model":"m","messages":[{"role":"user","content":[{"type":"video","video":{}}]}]}"""))
                    .contains("messages[0].content[0].type");
        }

        @Test
        void toolCallsBecomeFunctionCallsAndToolResultsNamedFunctionResponsesInOneUserTurn() throws Exception {
            ObjectNode body = translate("""
                    {"model":"m","messages":[
                      {"role":"user","content":"Weather in Paris and Rome?"},
                      {"role":"assistant","content":null,"tool_calls":[
                        {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                        {"id":"call_2","type":"function","function":{"name":"get_time","arguments":""},
                         "extra_content":{"google":{"thought_signature":"c2ln"}}}]},
                      {"role":"tool","tool_call_id":"call_1","content":"{\\"temperature\\":21}"},
                      {"role":"tool","tool_call_id":"call_2","content":[{"type":"text","text":"noon"}]}]}""");

            assertThat(body.path("contents")).hasSize(3);
            assertThat(reparse(body.path("contents").get(1))).isEqualTo(json("""
                    {"role":"model","parts":[
                      {"functionCall":{"name":"get_weather","args":{"city":"Paris"}}},
                      {"functionCall":{"name":"get_time","args":{}},"thoughtSignature":"c2ln"}]}"""));
            assertThat(reparse(body.path("contents").get(2))).isEqualTo(json("""
                    {"role":"user","parts":[
                      {"functionResponse":{"name":"get_weather","response":{"temperature":21}}},
                      {"functionResponse":{"name":"get_time","response":{"content":"noon"}}}]}"""));
        }

        @Test
        void legacyFunctionMessagesCarryTheirOwnName() throws Exception {
            ObjectNode body = translate("""
                    {"model":"m","messages":[
                      {"role":"user","content":"x"},
                      {"role":"assistant","content":null,"function_call":{"name":"lookup","arguments":"{\\"q\\":1}"}},
                      {"role":"function","name":"lookup","content":"[1,2]"}]}""");

            assertThat(reparse(body.path("contents").get(1).path("parts").get(0))).isEqualTo(json("""
                    {"functionCall":{"name":"lookup","args":{"q":1}}}"""));
            assertThat(reparse(body.path("contents").get(2).path("parts").get(0))).isEqualTo(json("""
                    {"functionResponse":{"name":"lookup","response":{"content":"[1,2]"}}}"""));
        }

        @Test
        void invalidToolCallArgumentsAreABadRequestNamingTheField() {
            assertThat(rejection(FLASH, """
                    {"model":"m","messages":[{"role":"user","content":"x"},
                      {"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{not json"}}]}]}"""))
                    .isEqualTo("Invalid 'messages[1].tool_calls[0].function.arguments' for Gemini: not valid JSON.");
            assertThat(rejection(FLASH, """
                    {"model":"m","messages":[{"role":"user","content":"x"},
                      {"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"[1]"}}]}]}"""))
                    .contains("messages[1].tool_calls[0].function.arguments").contains("JSON object");
        }

        @Test
        void aToolResultWithoutItsCallCannotBeNamedAndIsRejected() {
            assertThat(rejection(FLASH, """
                    {"model":"m","messages":[{"role":"user","content":"x"},{"role":"tool","tool_call_id":"call_zz","content":"1"}]}"""))
                    .contains("messages[1].tool_call_id");
        }

        @Test
        void theClientsRequestIsNeverModified() throws Exception {
            ObjectNode request = json("""
                    {"model":"m","temperature":0.2,"tools":[{"type":"function","function":{"name":"f",
                      "parameters":{"type":"object","properties":{"a":{"type":["string","null"]}},"additionalProperties":false}}}],
                     "messages":[{"role":"user","content":"x"},
                      {"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]},
                      {"role":"tool","tool_call_id":"c","content":"{\\"ok\\":true}"}]}""");
            ObjectNode before = request.deepCopy();

            ObjectNode body = GeminiRequestTranslator.translate(FLASH, request);
            ((ObjectNode) body.path("contents").get(2).path("parts").get(0).path("functionResponse").path("response")).put("mutated", 1);

            assertThat(request).isEqualTo(before);
        }
    }

    @Nested
    class Tools {

        @Test
        void toolsBecomeFunctionDeclarationsWithConvertedSchemasAndNoArgumentFunctionsHaveNoParameters() throws Exception {
            ObjectNode body = translate("""
                    {"model":"m","messages":[{"role":"user","content":"x"}],"tools":[
                      {"type":"function","function":{"name":"get_weather","description":"Weather now","strict":true,
                        "parameters":{"$schema":"http://json-schema.org/draft-07/schema#","type":"object",
                          "properties":{"city":{"type":"string","description":"City name"},
                                        "unit":{"type":["string","null"],"enum":["c","f",null]}},
                          "required":["city","unit"],"additionalProperties":false}}},
                      {"type":"function","function":{"name":"now","parameters":{"type":"object","properties":{}}}}]}""");

            assertThat(reparse(body.path("tools"))).isEqualTo(json("""
                    {"t":[{"functionDeclarations":[
                      {"name":"get_weather","description":"Weather now","parameters":{"type":"OBJECT",
                        "properties":{"city":{"type":"STRING","description":"City name"},
                                      "unit":{"nullable":true,"type":"STRING","enum":["c","f"]}},
                        "required":["city","unit"]}},
                      {"name":"now"}]}]}""").get("t"));
            assertThat(body.has("toolConfig")).as("no tool_choice: Gemini's default AUTO").isFalse();
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "\"auto\"                                              | {\"mode\":\"AUTO\"}",
                "\"none\"                                              | {\"mode\":\"NONE\"}",
                "\"required\"                                          | {\"mode\":\"ANY\"}",
                "{\"type\":\"function\",\"function\":{\"name\":\"b\"}} | {\"mode\":\"ANY\",\"allowedFunctionNames\":[\"b\"]}",
                "{\"type\":\"allowed_tools\",\"allowed_tools\":{\"mode\":\"required\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"b\"}}]}} | {\"mode\":\"ANY\",\"allowedFunctionNames\":[\"b\"]}"})
        void toolChoiceBecomesTheFunctionCallingMode(String choice, String expected) throws Exception {
            ObjectNode body = translate("""
                    {"model":"m","messages":[{"role":"user","content":"x"}],"tool_choice":%s,"tools":[
                      {"type":"function","function":{"name":"a"}},{"type":"function","function":{"name":"b"}}]}""".formatted(choice));

            assertThat(reparse(body.path("toolConfig").path("functionCallingConfig"))).isEqualTo(json(expected));
        }

        @Test
        void allowedToolsInAutoModeDeclareOnlyThoseTools() throws Exception {
            ObjectNode body = translate("""
                    {"model":"m","messages":[{"role":"user","content":"x"}],
                     "tool_choice":{"type":"allowed_tools","allowed_tools":{"mode":"auto","tools":[{"type":"function","function":{"name":"b"}}]}},
                     "tools":[{"type":"function","function":{"name":"a"}},{"type":"function","function":{"name":"b"}}]}""");

            assertThat(body.path("tools").get(0).path("functionDeclarations")).hasSize(1);
            assertThat(body.path("tools").get(0).path("functionDeclarations").get(0).path("name").asText()).isEqualTo("b");
            assertThat(reparse(body.path("toolConfig").path("functionCallingConfig"))).isEqualTo(json("{\"mode\":\"AUTO\"}"));
        }

        @Test
        void nonFunctionToolsAreRejected() {
            assertThat(rejection(FLASH, """
                    {"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"custom","custom":{"name":"x"}}]}"""))
                    .contains("tools[0].type");
        }
    }

    @Nested
    class Schemas {

        @Test
        void jsonSchemaIsReducedToGeminisOpenApiSubset() throws Exception {
            ObjectNode converted = GeminiSchema.convert(json("""
                    {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","title":"Person",
                     "additionalProperties":false,"strict":true,
                     "$defs":{"Address":{"type":"object","properties":{"street":{"type":"string"}},"required":["street"]}},
                     "properties":{
                       "name":{"type":"string","minLength":1,"pattern":"^[A-Z]","default":"Ann"},
                       "email":{"type":"string","format":"email"},
                       "born":{"type":"string","format":"date-time"},
                       "age":{"type":"integer","minimum":0,"maximum":150,"exclusiveMaximum":151},
                       "score":{"anyOf":[{"type":"number"},{"type":"null"}]},
                       "tags":{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":5,"uniqueItems":true},
                       "address":{"$ref":"#/$defs/Address","description":"Home"},
                       "level":{"enum":[1,2,3]},
                       "kind":{"const":"person"},
                       "either":{"oneOf":[{"type":"string"},{"type":"integer"}]},
                       "meta":{"type":"object","additionalProperties":{"type":"string"}}},
                     "required":["name","age","ghost"]}"""), "schema", false);

            assertThat(reparse(converted)).isEqualTo(json("""
                    {"type":"OBJECT","description":"Person","properties":{
                       "name":{"type":"STRING"},
                       "email":{"type":"STRING"},
                       "born":{"type":"STRING","format":"date-time"},
                       "age":{"type":"INTEGER","minimum":0,"maximum":150},
                       "score":{"nullable":true,"type":"NUMBER"},
                       "tags":{"type":"ARRAY","minItems":1,"maxItems":5,"items":{"type":"STRING"}},
                       "address":{"type":"OBJECT","properties":{"street":{"type":"STRING"}},"required":["street"],"description":"Home"},
                       "level":{"type":"INTEGER","description":"Allowed values: 1, 2, 3."},
                       "kind":{"type":"STRING","enum":["person"]},
                       "either":{"anyOf":[{"type":"STRING"},{"type":"INTEGER"}]},
                       "meta":{"type":"OBJECT"}},
                     "required":["name","age"]}"""));
        }

        @Test
        void responseSchemasKeepTheDeclaredPropertyOrder() throws Exception {
            ObjectNode converted = GeminiSchema.convert(json("""
                    {"type":"object","properties":{"zeta":{"type":"string"},"alpha":{"type":"string"}}}"""), "schema", true);

            assertThat(reparse(converted.path("propertyOrdering"))).isEqualTo(json("{\"o\":[\"zeta\",\"alpha\"]}").get("o"));
        }

        @Test
        void recursiveSchemasCannotBeInlinedAndAreRejected() {
            assertThatThrownBy(() -> GeminiSchema.convert(json("""
                    {"type":"object","properties":{"child":{"$ref":"#"}}}"""), "tools[0].function.parameters", false))
                    .isInstanceOf(GeminiRequestTranslator.Rejected.class)
                    .hasMessageContaining("tools[0].function.parameters").hasMessageContaining("recursive");
        }
    }

    @Nested
    class GenerationConfig {

        @Test
        void samplingLimitsAndStopsMapToGenerationConfig() throws Exception {
            ObjectNode body = translate("""
                    {"model":"m","messages":[{"role":"user","content":"x"}],"temperature":0.7,"top_p":0.9,
                     "max_tokens":100,"max_completion_tokens":200,"stop":"END","seed":42,"n":2,
                     "presence_penalty":0.5,"frequency_penalty":-0.5,
                     "user":"u-1","metadata":{"a":"b"},"parallel_tool_calls":false,"service_tier":"auto","store":true}""");

            assertThat(reparse(body.path("generationConfig"))).isEqualTo(json("""
                    {"temperature":0.7,"topP":0.9,"presencePenalty":0.5,"frequencyPenalty":-0.5,"seed":42,
                     "maxOutputTokens":200,"candidateCount":2,"stopSequences":["END"]}"""));
            assertThat(body.properties()).extracting(java.util.Map.Entry::getKey)
                    .containsExactlyInAnyOrder("contents", "generationConfig");
        }

        @Test
        void maxTokensAloneAndStopArraysWork() throws Exception {
            ObjectNode body = translate("""
                    {"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":50,"stop":["a","b"],"n":1}""");

            assertThat(reparse(body.path("generationConfig"))).isEqualTo(json("""
                    {"maxOutputTokens":50,"stopSequences":["a","b"]}"""));
        }

        @Test
        void responseFormatsAskForJsonAndConvertTheSchema() throws Exception {
            ObjectNode jsonObject = translate("""
                    {"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_object"}}""");
            ObjectNode jsonSchema = translate("""
                    {"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema",
                     "json_schema":{"name":"p","strict":true,"schema":{"type":"object","additionalProperties":false,
                       "properties":{"b":{"type":"string"},"a":{"type":"integer"}},"required":["b","a"]}}}}""");

            assertThat(reparse(jsonObject.path("generationConfig"))).isEqualTo(json("{\"responseMimeType\":\"application/json\"}"));
            assertThat(reparse(jsonSchema.path("generationConfig"))).isEqualTo(json("""
                    {"responseMimeType":"application/json","responseSchema":{"type":"OBJECT",
                      "properties":{"b":{"type":"STRING"},"a":{"type":"INTEGER"}},"required":["b","a"],"propertyOrdering":["b","a"]}}"""));
        }

        @ParameterizedTest
        @CsvSource({"low,1024", "medium,8192", "high,24576", "minimal,1024", "none,0"})
        void reasoningEffortBecomesAThinkingBudgetForReasoningModels(String effort, int budget) throws Exception {
            ObjectNode body = translate("""
                    {"model":"m","messages":[{"role":"user","content":"x"}],"reasoning_effort":"%s"}""".formatted(effort));

            assertThat(reparse(body.path("generationConfig").path("thinkingConfig"))).isEqualTo(json("{\"thinkingBudget\":" + budget + "}"));
        }

        @Test
        void reasoningEffortIsDroppedForModelsThatDoNotThinkAndUnknownEffortsAreRejected() throws Exception {
            ObjectNode body = GeminiRequestTranslator.translate(OLD_FLASH, json("""
                    {"model":"m","messages":[{"role":"user","content":"x"}],"reasoning_effort":"high"}"""));

            assertThat(body.has("generationConfig")).isFalse();
            assertThat(rejection(FLASH, """
                    {"model":"m","messages":[{"role":"user","content":"x"}],"reasoning_effort":"extreme"}""")).contains("reasoning_effort");
        }

        @Test
        void wrongTypesAreRejectedNamingTheField() {
            assertThat(rejection(FLASH, """
                    {"model":"m","messages":[{"role":"user","content":"x"}],"temperature":"hot"}""")).contains("'temperature'");
            assertThat(rejection(FLASH, """
                    {"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":1.5}""")).contains("'max_tokens'");
        }
    }

    @Nested
    class Client {

        private final GeminiClient client = new GeminiClient(VendorHttpClients.fixed(HttpClient.newHttpClient()), VendorTimeouts.DEFAULT);

        @Test
        void unsupportedParametersAreNamed() {
            assertThat(client.unsupportedParameters(json("""
                    {"model":"m","messages":[],"logprobs":true,"top_logprobs":3,"logit_bias":{"50256":-100},
                     "stream":true,"n":2,"audio":{"voice":"alloy","format":"mp3"},"modalities":["text","audio"],
                     "web_search_options":{}}""")))
                    .containsExactly("logprobs", "top_logprobs", "logit_bias", "n", "audio", "modalities", "web_search_options");
            assertThat(client.unsupportedParameters(json("""
                    {"model":"m","messages":[],"logprobs":false,"logit_bias":{},"n":2,"user":"u","metadata":{},
                     "parallel_tool_calls":true,"service_tier":"default","modalities":["text"]}"""))).isEmpty();
        }

        @Test
        void endpointsNameTheModelAndNeverCarryTheKey() {
            ObjectNode request = json("{\"model\":\"m\",\"messages\":[]}");
            assertThat(GeminiClient.endpoint(call(FLASH, BASE, request), false))
                    .hasToString("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent");
            assertThat(GeminiClient.endpoint(call(FLASH, URI.create("https://proxy.example/gemini/"), request), true))
                    .hasToString("https://proxy.example/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
            assertThat(GeminiClient.endpoint(call(model("tunedModels/my-tune"), URI.create("https://g.example/v1beta"), request), false))
                    .hasToString("https://g.example/v1beta/tunedModels/my-tune:generateContent");
        }

        @Test
        void anUntranslatableRequestFailsAsABadRequestWithoutCallingGemini() {
            VendorCall bad = call(FLASH, URI.create("http://127.0.0.1:9"), json("""
                    {"model":"m","messages":[{"role":"user","content":"x"},{"role":"tool","tool_call_id":"nope","content":"1"}]}"""));

            VendorResult result = client.complete(bad);

            assertThat(result).isInstanceOfSatisfying(VendorResult.Failed.class, f -> {
                assertThat(f.failure().kind()).isEqualTo(VendorFailure.Kind.BAD_REQUEST);
                assertThat(f.failure().message()).contains("messages[1].tool_call_id");
            });
        }
    }

    @Nested
    class Responses {

        private final VendorCall call = call(FLASH, BASE, json("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));

        private ObjectNode completion(String body) {
            VendorResult result = GeminiResponseTranslator.completion(call, json(body));
            assertThat(result).isInstanceOf(VendorResult.Completed.class);
            return ((VendorResult.Completed) result).completion();
        }

        @Test
        void textPartsJoinThoughtsAreSkippedAndUsageCountsThoughtsAsCompletion() {
            VendorResult result = GeminiResponseTranslator.completion(call, json("""
                    {"candidates":[{"content":{"role":"model","parts":[
                        {"text":"Let me think about greetings.","thought":true},
                        {"text":"Hello, "},{"text":"world."}]},"finishReason":"STOP","index":0}],
                     "usageMetadata":{"promptTokenCount":2000,"cachedContentTokenCount":1000,"candidatesTokenCount":4,
                       "thoughtsTokenCount":32,"totalTokenCount":2036},
                     "modelVersion":"gemini-2.5-flash","responseId":"resp-123"}"""));

            VendorResult.Completed done = (VendorResult.Completed) result;
            assertThat(done.usage()).isEqualTo(new TokenUsage(2000, 1000, 0, 36, 32));
            ObjectNode completion = done.completion();
            assertThat(completion.path("id").asText()).isEqualTo("resp-123");
            assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
            assertThat(reparse(completion.path("choices").get(0).path("message"))).isEqualTo(json("""
                    {"role":"assistant","content":"Hello, world."}"""));
            assertThat(completion.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
            assertThat(reparse(completion.path("usage"))).isEqualTo(json("""
                    {"prompt_tokens":2000,"completion_tokens":36,"total_tokens":2036,
                     "prompt_tokens_details":{"cached_tokens":1000},"completion_tokens_details":{"reasoning_tokens":32}}"""));
            assertThat(OpenAiUsage.parse(completion.path("usage"))).isEqualTo(done.usage());
        }

        @Test
        void functionCallsBecomeToolCallsWithGeneratedIdsAndJsonArguments() {
            ObjectNode completion = completion("""
                    {"candidates":[{"content":{"role":"model","parts":[
                        {"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"c2ln"},
                        {"functionCall":{"name":"get_time"}}]},"finishReason":"STOP"}],
                     "usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":8,"totalTokenCount":18}}""");

            JsonNode message = completion.path("choices").get(0).path("message");
            assertThat(message.path("content").isNull()).isTrue();
            assertThat(message.path("tool_calls")).hasSize(2);
            JsonNode first = message.path("tool_calls").get(0);
            assertThat(first.path("id").asText()).startsWith("call_").hasSizeGreaterThan(10);
            assertThat(first.path("type").asText()).isEqualTo("function");
            assertThat(reparse(first.path("function"))).isEqualTo(json("{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}"));
            assertThat(first.path("extra_content").path("google").path("thought_signature").asText()).isEqualTo("c2ln");
            assertThat(message.path("tool_calls").get(1).path("function").path("arguments").asText()).isEqualTo("{}");
            assertThat(message.path("tool_calls").get(1).path("id").asText()).isNotEqualTo(first.path("id").asText());
            assertThat(completion.path("choices").get(0).path("finish_reason").asText()).isEqualTo("tool_calls");
            assertThat(completion.path("id").asText()).startsWith("chatcmpl-");
        }

        @ParameterizedTest
        @CsvSource({"STOP,stop", "MAX_TOKENS,length", "SAFETY,content_filter", "RECITATION,content_filter",
                "BLOCKLIST,content_filter", "PROHIBITED_CONTENT,content_filter", "SPII,content_filter",
                "LANGUAGE,stop", "OTHER,stop", "MALFORMED_FUNCTION_CALL,stop", "FINISH_REASON_UNSPECIFIED,stop"})
        void finishReasonsMap(String gemini, String openAi) {
            ObjectNode completion = completion("""
                    {"candidates":[{"content":{"role":"model","parts":[{"text":"x"}]},"finishReason":"%s"}],
                     "usageMetadata":{"promptTokenCount":1,"candidatesTokenCount":1,"totalTokenCount":2}}""".formatted(gemini));

            assertThat(completion.path("choices").get(0).path("finish_reason").asText()).isEqualTo(openAi);
        }

        @Test
        void aCandidateStoppedForSafetyWithoutContentHasEmptyContent() {
            ObjectNode completion = completion("""
                    {"candidates":[{"finishReason":"SAFETY","index":0}],"usageMetadata":{"promptTokenCount":5,"totalTokenCount":5}}""");

            assertThat(completion.path("choices").get(0).path("message").path("content").asText()).isEmpty();
            assertThat(completion.path("choices").get(0).path("finish_reason").asText()).isEqualTo("content_filter");
        }

        @Test
        void severalCandidatesBecomeSeveralChoices() {
            ObjectNode completion = completion("""
                    {"candidates":[{"content":{"parts":[{"text":"a"}]},"finishReason":"STOP","index":0},
                                   {"content":{"parts":[{"text":"b"}]},"finishReason":"MAX_TOKENS","index":1}],
                     "usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":2,"totalTokenCount":7}}""");

            assertThat(completion.path("choices")).hasSize(2);
            assertThat(completion.path("choices").get(1).path("index").asInt()).isEqualTo(1);
            assertThat(completion.path("choices").get(1).path("message").path("content").asText()).isEqualTo("b");
            assertThat(completion.path("choices").get(1).path("finish_reason").asText()).isEqualTo("length");
        }

        @Test
        void aBlockedPromptIsAContentPolicyRefusalSayingSo() {
            VendorResult result = GeminiResponseTranslator.completion(call, json("""
                    {"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[]},"usageMetadata":{"promptTokenCount":8,"totalTokenCount":8}}"""));

            assertThat(result).isInstanceOfSatisfying(VendorResult.Failed.class, f -> {
                assertThat(f.failure().kind()).isEqualTo(VendorFailure.Kind.CONTENT_FILTERED);
                assertThat(f.failure().message()).contains("blocked").contains("SAFETY");
            });
        }

        @Test
        void noCandidatesWithoutABlockIsMalformed() {
            VendorResult result = GeminiResponseTranslator.completion(call, json("{\"usageMetadata\":{\"promptTokenCount\":8}}"));

            assertThat(result).isInstanceOfSatisfying(VendorResult.Failed.class,
                    f -> assertThat(f.failure().kind()).isEqualTo(VendorFailure.Kind.MALFORMED_RESPONSE));
        }

        @Test
        void withoutUsageMetadataTheUsageIsEstimatedNeverZero() {
            VendorResult.Completed done = (VendorResult.Completed) GeminiResponseTranslator.completion(call, json("""
                    {"candidates":[{"content":{"parts":[{"text":"Hello there, friend."}]},"finishReason":"STOP"}]}"""));

            assertThat(done.usage().promptTokens()).isPositive();
            assertThat(done.usage().completionTokens()).isPositive();
        }

        @Test
        void toolUsePromptTokensAreBilledAsInput() {
            assertThat(GeminiResponseTranslator.usage(json("""
                    {"promptTokenCount":100,"toolUsePromptTokenCount":20,"candidatesTokenCount":5,"totalTokenCount":125}""")))
                    .isEqualTo(new TokenUsage(120, 0, 0, 5, 0));
        }
    }
}
