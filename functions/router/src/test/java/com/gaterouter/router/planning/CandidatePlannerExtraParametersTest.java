package com.gaterouter.router.planning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.accounts.ExtraParameters;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.chat.ChatRequestParser;
import com.gaterouter.router.testing.TestAccounts;
import com.gaterouter.router.vendors.OpenAiOnlyParameters;
import com.gaterouter.router.vendors.RefusingVendorClient;
import com.gaterouter.router.vendors.VendorClient;
import com.gaterouter.router.vendors.VendorClients;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A field the model's vendor cannot honour under the tenant's policy: under {@code reject} it rules
 * the model out (a 400 naming it when nothing is left), under {@code drop} the model stays and the
 * field is recorded on its candidate, to be left out of that model's call only.
 */
class CandidatePlannerExtraParametersTest {

    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    /** Anthropic's and Bedrock's refusals as their adapters list them; no vendor is ever called. */
    private static VendorClient refusing(boolean withMessageParts) {
        return new RefusingVendorClient("planning calls no vendor") {
            @Override
            public List<String> unsupportedParameters(ObjectNode request) {
                List<String> unsupported = new ArrayList<>(OpenAiOnlyParameters.in(request));
                if (withMessageParts && request.path("messages").path(0).path("content").isArray()) {
                    unsupported.add("messages[0].content[0].image_url");
                }
                return unsupported;
            }
        };
    }

    private final CandidatePlanner planner = new CandidatePlanner(ModelCatalog.load(Optional.empty()), VendorClients.byApi(api -> switch (api) {
        case ANTHROPIC_MESSAGES -> refusing(false);
        case BEDROCK_CONVERSE -> refusing(true);
        default -> new RefusingVendorClient("planning calls no vendor");
    }));

    private final Caller rejecting = TestAccounts.caller(ModelPolicy.UNRESTRICTED, ModelPolicy.UNRESTRICTED, null, null);
    private final Caller dropping = new Caller(rejecting.key(), rejecting.access(), rejecting.budgets(), rejecting.routing(),
            ExtraParameters.DROP);

    private static ChatRequest request(String fields) {
        String body = "{" + fields + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        return ((ChatRequestParser.Valid) new ChatRequestParser().parse(body.getBytes(StandardCharsets.UTF_8))).request();
    }

    private static List<Candidate> candidates(CandidatePlanner.Plan plan) {
        assertThat(plan).as(plan.toString()).isInstanceOf(CandidatePlanner.Candidates.class);
        return ((CandidatePlanner.Candidates) plan).candidates();
    }

    private static ApiError rejected(CandidatePlanner.Plan plan) {
        assertThat(plan).as(plan.toString()).isInstanceOf(CandidatePlanner.Rejected.class);
        return ((CandidatePlanner.Rejected) plan).error();
    }

    @Test
    void underRejectAClaudeModelAskedForLogprobsIsA400NamingTheField() {
        ApiError error = rejected(planner.plan(request("\"model\":\"anthropic/claude-sonnet-4-5\",\"logprobs\":true"), rejecting, AT));
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.param()).isEqualTo("logprobs");
        assertThat(error.message()).contains("anthropic/claude-sonnet-4-5").contains("'logprobs'");
    }

    @Test
    void underDropTheClaudeModelStaysACandidateThatLeavesTheFieldsOut() {
        ChatRequest asked = request("\"model\":\"anthropic/claude-sonnet-4-5\",\"logprobs\":true,\"n\":2,\"seed\":7");
        List<Candidate> planned = candidates(planner.plan(asked, dropping, AT));
        assertThat(planned).hasSize(1);
        assertThat(planned.get(0).model().id()).isEqualTo("anthropic/claude-sonnet-4-5");
        assertThat(planned.get(0).dropped()).containsExactly("n", "logprobs");

        // the explicit overload says the same; the three-argument plan follows the caller's policy
        assertThat(candidates(planner.plan(asked, rejecting, AT, ExtraParameters.DROP)).get(0).dropped()).containsExactly("n", "logprobs");
        assertThat(rejected(planner.plan(asked, dropping, AT, ExtraParameters.REJECT)).param()).isEqualTo("n");
    }

    @Test
    void eachCandidateDropsOnlyWhatItsOwnVendorCannotHonour() {
        List<Candidate> planned = candidates(planner.plan(
                request("\"model\":\"anthropic/claude-sonnet-4-5\",\"models\":[\"openai/gpt-4o-mini\"],\"logprobs\":true"), dropping, AT));
        assertThat(planned).extracting(c -> c.model().id()).containsExactly("anthropic/claude-sonnet-4-5", "openai/gpt-4o-mini");
        assertThat(planned.get(0).dropped()).containsExactly("logprobs");
        assertThat(planned.get(1).dropped()).as("OpenAI honours logprobs").isEmpty();

        // under reject the Claude model is skipped and the OpenAI fallback serves as asked
        List<Candidate> strict = candidates(planner.plan(
                request("\"model\":\"anthropic/claude-sonnet-4-5\",\"models\":[\"openai/gpt-4o-mini\"],\"logprobs\":true"), rejecting, AT));
        assertThat(strict).extracting(c -> c.model().id()).containsExactly("openai/gpt-4o-mini");
    }

    @Test
    void aMessagePartAVendorCannotTakeIsNeverDroppedItWouldChangeThePrompt() {
        String body = "{\"model\":\"bedrock/claude-sonnet-4-5\",\"logprobs\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\"}}]}]}";
        ChatRequest asked = ((ChatRequestParser.Valid) new ChatRequestParser().parse(body.getBytes(StandardCharsets.UTF_8))).request();
        ApiError error = rejected(planner.plan(asked, dropping, AT));
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.param()).isEqualTo("messages[0].content[0].image_url");
    }

    @Test
    void nothingToDropMeansNothingRecorded() {
        assertThat(candidates(planner.plan(request("\"model\":\"anthropic/claude-sonnet-4-5\""), dropping, AT)).get(0).dropped()).isEmpty();
    }
}
