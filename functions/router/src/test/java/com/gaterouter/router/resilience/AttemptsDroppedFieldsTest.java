package com.gaterouter.router.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.planning.Candidate;
import com.gaterouter.router.vendors.RefusingVendorClient;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The body a candidate's vendor is called with: the request itself, or a copy without the fields dropped for it. */
class AttemptsDroppedFieldsTest {

    private final ModelCatalog catalog = ModelCatalog.load(Optional.empty());
    private final ModelSpec claude = catalog.resolve("anthropic/claude-sonnet-4-5").orElseThrow();

    private Candidate candidate(List<String> dropped) {
        return new Candidate(claude, catalog.vendor(claude.vendor()), new RefusingVendorClient("no call"), claude.id(), dropped);
    }

    @Test
    void aCandidateWithNothingToDropGetsTheRequestItselfNoCopy() throws Exception {
        ObjectNode request = (ObjectNode) Json.MAPPER.readTree("{\"model\":\"m\",\"logprobs\":true,\"messages\":[]}");
        assertThat(Attempts.forCandidate(request, candidate(List.of()))).isSameAs(request);
    }

    @Test
    void aCandidateWithFieldsToDropGetsACopyWithoutThemAndTheRequestStaysWhole() throws Exception {
        ObjectNode request = (ObjectNode) Json.MAPPER.readTree(
                "{\"model\":\"m\",\"n\":2,\"logprobs\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"seed\":7}");
        String before = request.toString();
        ObjectNode sent = Attempts.forCandidate(request, candidate(List.of("n", "logprobs")));
        assertThat(sent.toString()).isEqualTo("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"seed\":7}");
        assertThat(request.toString()).as("the next candidate gets it as sent").isEqualTo(before);
    }
}
