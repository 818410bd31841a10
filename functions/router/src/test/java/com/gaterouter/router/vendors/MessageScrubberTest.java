package com.gaterouter.router.vendors;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a vendor's error message may not carry to a client: keys, the vendor endpoint, internal addresses. */
class MessageScrubberTest {

    private static final Optional<URI> ENDPOINT = Optional.of(URI.create("https://llm-proxy.example.com:8443/openai/v1"));

    private static String scrub(String message) {
        return MessageScrubber.scrub(message, "sk-live-0123456789abcdef", ENDPOINT);
    }

    @Test
    void theCallsKeyAndAnythingShapedLikeAKeyIsHidden() {
        assertThat(scrub("Incorrect API key provided: sk-live-0123456789abcdef. You can find your API key at "
                + "https://platform.openai.com/account/api-keys."))
                .isEqualTo("Incorrect API key provided: ***. You can find your API key at https://platform.openai.com/account/api-keys.");
        assertThat(scrub("Incorrect API key provided: sk-proj-****abcd.")).isEqualTo("Incorrect API key provided: ***.");
        assertThat(scrub("key AIzaSyD-0123456789abcdefghij rejected")).isEqualTo("key *** rejected");
        assertThat(scrub("The security token AKIAIOSFODNN7EXAMPLE is invalid")).isEqualTo("The security token *** is invalid");
        assertThat(scrub("sent Authorization: Bearer eyJhbGciOiJIUzI1.payload-sig")).isEqualTo("sent Authorization: ***");
        assertThat(scrub("Missing bearer authentication in header")).as("words are not tokens")
                .isEqualTo("Missing bearer authentication in header");
        assertThat(scrub("caller key gr-AbCdEfGhIjKlMnOpQr echoed")).isEqualTo("caller key *** echoed");
        assertThat(scrub("GET https://generativelanguage.googleapis.com/v1beta/models?key=AIza-short&alt=sse failed"))
                .isEqualTo("GET https://generativelanguage.googleapis.com/v1beta/models?key=***&alt=sse failed");
        // a key another key's shape does not catch is still hidden when it is the call's own
        assertThat(MessageScrubber.scrub("token tenant-key-98765 refused", "tenant-key-98765", Optional.empty()))
                .isEqualTo("token *** refused");
    }

    @Test
    void theVendorEndpointAndInternalAddressesAreHiddenPublicDocumentationStays() {
        assertThat(scrub("Invalid URL (POST https://llm-proxy.example.com:8443/openai/v1/embedding)"))
                .isEqualTo("Invalid URL (POST <vendor endpoint>)");
        assertThat(scrub("upstream http://10.0.3.7:9000/v1 refused; see http://bedrock-proxy.svc/health or http://gw.corp.internal/x"))
                .isEqualTo("upstream <vendor endpoint> refused; see <vendor endpoint> or <vendor endpoint>");
        assertThat(scrub("proxy at http://localhost:8081/v1 and http://[::1]:8081/v1"))
                .isEqualTo("proxy at <vendor endpoint> and <vendor endpoint>");
        String documented = "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.";
        assertThat(scrub(documented)).isEqualTo(documented);
    }

    @Test
    void longMessagesAreCutAndNothingIsNeverNull() {
        assertThat(scrub("x".repeat(1_000))).hasSize(MessageScrubber.MAX_LENGTH + 1).endsWith("…");
        assertThat(scrub(null)).isEmpty();
        assertThat(MessageScrubber.scrub("short key kept? ab", "ab", Optional.empty())).as("too short to search for")
                .isEqualTo("short key kept? ab");
    }
}
