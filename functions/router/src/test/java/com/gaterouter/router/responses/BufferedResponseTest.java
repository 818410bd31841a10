package com.gaterouter.router.responses;

import static com.gaterouter.router.responses.ResponsesFixtures.any;
import static com.gaterouter.router.responses.ResponsesFixtures.json;
import static com.gaterouter.router.responses.ResponsesFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.usage.TokenUsage;
import org.junit.jupiter.api.Test;

/** A normal-form completion as a Responses {@code response} object. */
class BufferedResponseTest {

    private static final ResponseObjects.Ids IDS = ResponseObjects.Ids.of("req-7F");
    private static final TokenUsage TOKENS = new TokenUsage(120, 100, 10, 30, 8);

    private static ObjectNode answer(ResponsesRequest request, String completion) {
        // as the client reads it: from the wire
        return json(BufferedResponse.of(request, json(completion), IDS, 1_700_000_000L, 1_700_000_003L, "openai/gpt-4o-mini", TOKENS,
                2_500).toString());
    }

    @Test
    void aTextAnswerIsOneCompletedMessageWithUsageAndTheRequestEchoed() {
        ObjectNode response = answer(request("""
                {"model":"gpt","instructions":"Be brief.","input":"Hi","temperature":0.2,"max_output_tokens":99,"metadata":{"a":"b"},
                 "store":true,"user":"u1","text":{"format":{"type":"json_object"},"verbosity":"low"},"reasoning":{"effort":"low"}}"""),
                "{\"choices\":[{\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"Hello!\"}}]}");
        assertThat(response).isEqualTo(any("""
                {"id":"resp_req7f","object":"response","created_at":1700000000,"status":"completed","background":false,"error":null,
                 "incomplete_details":null,"instructions":"Be brief.","max_output_tokens":99,"max_tool_calls":null,
                 "model":"openai/gpt-4o-mini",
                 "output":[{"id":"msg_req7f_0","type":"message","status":"completed",
                   "content":[{"type":"output_text","annotations":[],"logprobs":[],"text":"Hello!"}],"role":"assistant"}],
                 "parallel_tool_calls":true,"previous_response_id":null,"prompt_cache_key":null,
                 "reasoning":{"effort":"low","summary":null},"safety_identifier":null,"service_tier":"default","store":false,
                 "temperature":0.2,"text":{"format":{"type":"json_object"},"verbosity":"low"},"tool_choice":"auto","tools":[],
                 "top_logprobs":null,"top_p":null,"truncation":"disabled",
                 "usage":{"input_tokens":120,"input_tokens_details":{"cached_tokens":100,"cache_write_tokens":10},"output_tokens":30,
                   "output_tokens_details":{"reasoning_tokens":8},"total_tokens":150,"cost":0.002500},
                 "user":"u1","metadata":{"a":"b"},"completed_at":1700000003}"""));
    }

    @Test
    void toolCallsAreFunctionCallItemsAfterTheTextAndReasoningComesFirst() {
        ObjectNode response = answer(request("""
                {"model":"m","input":"Weather?","tools":[{"type":"function","name":"get_weather","parameters":{"type":"object"}}],
                 "tool_choice":"required"}"""), """
                {"choices":[{"finish_reason":"tool_calls","message":{"role":"assistant","content":"Let me check.",
                  "reasoning_content":"The user wants weather.",
                  "thinking_blocks":[{"type":"thinking","thinking":"The user wants weather.","signature":"sig"}],
                  "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                                {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]}}]}""");
        assertThat(response.get("output")).isEqualTo(any("""
                [{"id":"rs_req7f_0","type":"reasoning","summary":[],"content":[{"type":"reasoning_text","text":"The user wants weather."}],
                  "status":"completed"},
                 {"id":"msg_req7f_1","type":"message","status":"completed",
                  "content":[{"type":"output_text","annotations":[],"logprobs":[],"text":"Let me check."}],"role":"assistant"},
                 {"id":"fc_req7f_2","type":"function_call","status":"completed","arguments":"{\\"city\\":\\"Paris\\"}","call_id":"call_1",
                  "name":"get_weather"},
                 {"id":"fc_req7f_3","type":"function_call","status":"completed","arguments":"{\\"city\\":\\"Rome\\"}","call_id":"call_2",
                  "name":"get_weather"}]"""));
        assertThat(response.get("tool_choice").asText()).isEqualTo("required");
        assertThat(response.get("tools")).isEqualTo(any("""
                [{"type":"function","name":"get_weather","parameters":{"type":"object"},"description":null,"strict":null}]"""));
        assertThat(response.get("status").asText()).isEqualTo("completed");
    }

    @Test
    void toolCallsAloneHaveNoMessageItem() {
        ObjectNode response = answer(request("{\"input\":\"x\",\"tools\":[{\"type\":\"function\",\"name\":\"f\"}]}"), """
                {"choices":[{"finish_reason":"tool_calls","message":{"role":"assistant","content":null,
                  "tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]}}]}""");
        assertThat(response.get("output")).singleElement().satisfies(item -> {
            assertThat(item.get("type").asText()).isEqualTo("function_call");
            assertThat(item.get("id").asText()).isEqualTo("fc_req7f_0");
        });
    }

    @Test
    void anAnswerCutByTheOutputLimitOrAFilterIsIncomplete() {
        ObjectNode cut = answer(request("{\"input\":\"x\",\"max_output_tokens\":5}"),
                "{\"choices\":[{\"finish_reason\":\"length\",\"message\":{\"role\":\"assistant\",\"content\":\"One two\"}}]}");
        assertThat(cut.get("status").asText()).isEqualTo("incomplete");
        assertThat(cut.get("incomplete_details")).isEqualTo(any("{\"reason\":\"max_output_tokens\"}"));
        assertThat(cut.get("output").get(0).get("status").asText()).isEqualTo("incomplete");
        assertThat(cut.has("completed_at")).isFalse();

        ObjectNode filtered = answer(request("{\"input\":\"x\"}"),
                "{\"choices\":[{\"finish_reason\":\"content_filter\",\"message\":{\"role\":\"assistant\",\"content\":\"\"}}]}");
        assertThat(filtered.get("incomplete_details")).isEqualTo(any("{\"reason\":\"content_filter\"}"));
    }

    @Test
    void aRefusalIsARefusalPart() {
        ObjectNode response = answer(request("{\"input\":\"x\"}"),
                "{\"choices\":[{\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":\"I can't.\"}}]}");
        assertThat(response.get("output").get(0).get("content")).isEqualTo(any("[{\"type\":\"refusal\",\"refusal\":\"I can't.\"}]"));
    }
}
