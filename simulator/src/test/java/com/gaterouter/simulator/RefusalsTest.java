package com.gaterouter.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How each vendor refuses a request it will never serve — invalid, too long for the model's
 * window, blocked by its content policy, an account without credit, an unknown model — in its own
 * status, error shape and words, so a gateway's error mapping is tested against the real formats.
 */
class RefusalsTest extends SimulatorTestBase {

    private static final String[] SIGNED = {"Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE1234/20261124/us-east-1/bedrock/"
            + "aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=" + "ab".repeat(32), "X-Amz-Date", "20261124T000000Z"};
    private static final String BEDROCK_MODEL = "us.amazon.nova-lite-v1:0";

    private static SimHttp.Reply bedrock(String text) {
        return SimHttp.post(BedrockConverseTest.converse(sim, BEDROCK_MODEL, false), BedrockConverseTest.userText(text), SIGNED);
    }

    private static String awsType(SimHttp.Reply reply) {
        String type = reply.header("x-amzn-ErrorType").orElse("");
        return type.contains(":") ? type.substring(0, type.indexOf(':')) : type;
    }

    // ------------------------------------------------------------ bad_request

    @ParameterizedTest
    @EnumSource(value = SimVendor.class, mode = EnumSource.Mode.EXCLUDE, names = VendorCalls.BEDROCK)
    void anInvalidRequestIsEachVendors400(SimVendor vendor) {
        SimHttp.Reply reply = VendorCalls.call(sim, vendor, "hi [[sim:fault=bad_request]]");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(VendorCalls.errorType(vendor, reply.json())).isEqualTo(switch (vendor) {
            case OPENAI -> "invalid_request_error";
            case DEEPSEEK -> "invalid_request_error";
            case ANTHROPIC -> "invalid_request_error";
            case GEMINI -> "INVALID_ARGUMENT";
            case BEDROCK -> throw new IllegalArgumentException("excluded");
        });
        SimHttp.Reply aws = bedrock("hi [[sim:fault=bad_request]]");
        assertThat(aws.status()).isEqualTo(400);
        assertThat(awsType(aws)).isEqualTo("ValidationException");
    }

    // ------------------------------------------------------------ context_window

    @Test
    void aPromptLongerThanTheWindowGetsEachVendorsContextLengthError() {
        String text = "one two three four five six seven eight nine ten [[sim:context_window=10]]";
        JsonNode openAi = VendorCalls.call(sim, SimVendor.OPENAI, text).json().path("error");
        assertThat(openAi.path("code").asText()).isEqualTo("context_length_exceeded");
        assertThat(openAi.path("param").asText()).isEqualTo("messages");
        assertThat(openAi.path("message").asText()).startsWith("This model's maximum context length is 10 tokens. However, your "
                + "messages resulted in ");

        JsonNode deepSeek = VendorCalls.call(sim, SimVendor.DEEPSEEK, text).json().path("error");
        assertThat(deepSeek.path("code").asText()).isEqualTo("invalid_request_error");
        assertThat(deepSeek.path("message").asText()).contains("maximum context length is 10 tokens").contains("in the messages, 0 in the completion");

        SimHttp.Reply anthropic = VendorCalls.call(sim, SimVendor.ANTHROPIC, text);
        assertThat(anthropic.status()).isEqualTo(400);
        assertThat(anthropic.json().path("error").path("message").asText()).matches("prompt is too long: \\d+ tokens > 10 maximum");
        SimHttp.Reply withOutput = VendorCalls.call(sim, SimVendor.ANTHROPIC, "short [[sim:context_window=100]]");
        assertThat(withOutput.json().path("error").path("message").asText()).as("max_tokens 256 does not fit")
                .matches("input length and `max_tokens` exceed context limit: \\d+ \\+ 256 > 100, .*");

        JsonNode gemini = VendorCalls.call(sim, SimVendor.GEMINI, text).json().path("error");
        assertThat(gemini.path("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(gemini.path("message").asText()).matches("The input token count \\(\\d+\\) exceeds the maximum number of tokens allowed \\(10\\)\\.");

        SimHttp.Reply aws = bedrock(text);
        assertThat(awsType(aws)).isEqualTo("ValidationException");
        assertThat(aws.json().path("message").asText()).isEqualTo("Input is too long for requested model.");

        assertThat(VendorCalls.call(sim, SimVendor.OPENAI, "fits [[sim:context_window=1000]]").status()).isEqualTo(200);
    }

    // ------------------------------------------------------------ content_filter

    @Test
    void aBlockedPromptIsAnErrorAtOpenAiAndDeepSeekAndA200Elsewhere() {
        String text = "something dangerous [[sim:fault=content_filter]]";
        JsonNode openAi = VendorCalls.call(sim, SimVendor.OPENAI, text).json().path("error");
        assertThat(openAi.path("code").asText()).isEqualTo("invalid_prompt");
        assertThat(openAi.path("message").asText()).startsWith("Invalid prompt: your prompt was flagged");

        SimHttp.Reply deepSeek = VendorCalls.call(sim, SimVendor.DEEPSEEK, text);
        assertThat(deepSeek.status()).isEqualTo(400);
        assertThat(deepSeek.json().path("error").path("message").asText()).isEqualTo("Content Exists Risk");

        SimHttp.Reply gemini = VendorCalls.call(sim, SimVendor.GEMINI, text);
        assertThat(gemini.status()).isEqualTo(200);
        assertThat(gemini.json().path("promptFeedback").path("blockReason").asText()).isEqualTo("SAFETY");
        assertThat(gemini.json().has("candidates")).isFalse();
        assertThat(gemini.json().path("usageMetadata").path("promptTokenCount").asInt()).isPositive();
        List<SimHttp.Frame> geminiStream = VendorCalls.stream(sim, SimVendor.GEMINI, text).frames();
        assertThat(geminiStream).singleElement().satisfies(f -> assertThat(f.json().path("promptFeedback").has("blockReason")).isTrue());

        SimHttp.Reply anthropic = VendorCalls.call(sim, SimVendor.ANTHROPIC, text);
        assertThat(anthropic.status()).isEqualTo(200);
        assertThat(anthropic.json().path("stop_reason").asText()).isEqualTo("refusal");
        assertThat(anthropic.json().path("usage").path("output_tokens").asInt()).isZero();
        assertThat(VendorCalls.stream(sim, SimVendor.ANTHROPIC, text).frames()).anySatisfy(f ->
                assertThat(f.json().path("delta").path("stop_reason").asText()).isEqualTo("refusal"));

        SimHttp.Reply aws = bedrock(text);
        assertThat(aws.status()).isEqualTo(200);
        assertThat(aws.json().path("stopReason").asText()).isEqualTo("content_filtered");
    }

    // ------------------------------------------------------------ quota_exhausted

    @Test
    void anAccountWithoutCreditIsAnsweredInEachVendorsOwnStatus() {
        String text = "hi [[sim:fault=quota_exhausted]]";
        SimHttp.Reply openAi = VendorCalls.call(sim, SimVendor.OPENAI, text);
        assertThat(openAi.status()).isEqualTo(429);
        assertThat(openAi.json().path("error").path("code").asText()).isEqualTo("insufficient_quota");
        assertThat(openAi.json().path("error").path("type").asText()).isEqualTo("insufficient_quota");

        SimHttp.Reply deepSeek = VendorCalls.call(sim, SimVendor.DEEPSEEK, text);
        assertThat(deepSeek.status()).isEqualTo(402);
        assertThat(deepSeek.json().path("error").path("message").asText()).isEqualTo("Insufficient Balance");

        SimHttp.Reply anthropic = VendorCalls.call(sim, SimVendor.ANTHROPIC, text);
        assertThat(anthropic.status()).isEqualTo(400);
        assertThat(anthropic.json().path("error").path("message").asText()).startsWith("Your credit balance is too low");

        JsonNode gemini = VendorCalls.call(sim, SimVendor.GEMINI, text).json().path("error");
        assertThat(gemini.path("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(gemini.path("details")).anySatisfy(d -> assertThat(d.path("retryDelay").asText()).isEqualTo("43200s"));

        SimHttp.Reply aws = bedrock(text);
        assertThat(aws.status()).isEqualTo(400);
        assertThat(awsType(aws)).isEqualTo("ServiceQuotaExceededException");
    }

    // ------------------------------------------------------------ model_not_found

    @Test
    void anUnknownModelIsEachVendorsNotFound() {
        String text = "hi [[sim:fault=model_not_found]]";
        SimHttp.Reply openAi = VendorCalls.call(sim, SimVendor.OPENAI, text);
        assertThat(openAi.status()).isEqualTo(404);
        assertThat(openAi.json().path("error").path("code").asText()).isEqualTo("model_not_found");
        assertThat(openAi.json().path("error").path("message").asText()).isEqualTo(
                "The model `gpt-4o` does not exist or you do not have access to it.");

        SimHttp.Reply deepSeek = VendorCalls.call(sim, SimVendor.DEEPSEEK, text);
        assertThat(deepSeek.status()).isEqualTo(400);
        assertThat(deepSeek.json().path("error").path("message").asText()).isEqualTo("Model Not Exist");

        SimHttp.Reply anthropic = VendorCalls.call(sim, SimVendor.ANTHROPIC, text);
        assertThat(anthropic.status()).isEqualTo(404);
        assertThat(anthropic.json().path("error").path("message").asText()).isEqualTo("model: claude-sonnet-4-5");

        SimHttp.Reply gemini = VendorCalls.call(sim, SimVendor.GEMINI, text);
        assertThat(gemini.status()).isEqualTo(404);
        assertThat(gemini.json().path("error").path("message").asText()).startsWith("models/gemini-2.0-flash is not found");

        SimHttp.Reply aws = bedrock(text);
        assertThat(aws.status()).isEqualTo(400);
        assertThat(aws.json().path("message").asText()).isEqualTo("The provided model identifier is invalid.");
    }

    @Test
    void refusalsCanBeQueuedLikeAnyFault() {
        sim.faults().enqueue(SimVendor.OPENAI, new Fault.Refused(Fault.Refusal.CONTENT_FILTER));
        assertThat(VendorCalls.call(sim, SimVendor.OPENAI, "hi").json().path("error").path("code").asText()).isEqualTo("invalid_prompt");
        assertThat(VendorCalls.call(sim, SimVendor.OPENAI, "hi").status()).isEqualTo(200);
        SimHttp.Reply control = SimHttp.post(URI.create(sim.baseUri() + "/_sim/faults"),
                "{\"vendor\":\"deepseek\",\"fault\":\"quota_exhausted\"}");
        assertThat(control.status()).isLessThan(300);
        assertThat(VendorCalls.call(sim, SimVendor.DEEPSEEK, "hi").status()).isEqualTo(402);
    }
}
