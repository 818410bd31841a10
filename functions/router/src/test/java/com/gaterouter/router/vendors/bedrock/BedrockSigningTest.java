package com.gaterouter.router.vendors.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.router.vendors.VendorTimeouts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The ConverseStream request is signed the way AWS checks it: recomputed here with an independent
 * SigV4 implementation (canonical request with the path encoded twice, string to sign, HMAC chain),
 * so a wrong service name, region, path encoding or a signed header that is not sent would show.
 */
class BedrockSigningTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30Z");
    private static final Pattern AUTH = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");

    private final BedrockClient client = new BedrockClient(HttpClient.newHttpClient(), VendorTimeouts.DEFAULT,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")),
            () -> Region.US_EAST_1, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void converseStreamIsSignedForBedrockInTheEndpointsRegion() throws Exception {
        URI uri = BedrockClient.operationUri(URI.create("https://bedrock-runtime.eu-central-1.amazonaws.com"),
                "eu.anthropic.claude-3-5-haiku-20241022-v1:0", "converse-stream");
        byte[] body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = client.signedRequest(uri, body,
                AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), Region.EU_CENTRAL_1);

        assertThat(request.uri().getRawPath()).isEqualTo("/model/eu.anthropic.claude-3-5-haiku-20241022-v1%3A0/converse-stream");
        assertThat(request.headers().firstValue("X-Amz-Date")).hasValue("20261124T101530Z");
        assertThat(request.headers().firstValue("Accept")).hasValue("application/vnd.amazon.eventstream");
        String authorization = request.headers().firstValue("Authorization").orElseThrow();
        Matcher m = AUTH.matcher(authorization);
        assertThat(m.matches()).as(authorization).isTrue();
        assertThat(m.group(1)).isEqualTo("AKIDEXAMPLE");
        assertThat(m.group(2)).isEqualTo("20261124");
        assertThat(m.group(3)).isEqualTo("eu-central-1");
        assertThat(m.group(4)).isEqualTo("bedrock");
        List<String> signed = List.of(m.group(5).split(";"));
        assertThat(signed).contains("host", "x-amz-date", "content-type");
        for (String header : signed) {
            if (!header.equals("host")) {
                assertThat(request.headers().firstValue(header)).as("signed header %s is sent", header).isPresent();
            }
        }
        assertThat(m.group(6)).isEqualTo(expectedSignature(request, body, signed, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                "20261124", "eu-central-1"));
    }

    @Test
    void sessionCredentialsAddTheSecurityToken() {
        HttpRequest request = client.signedRequest(URI.create("http://127.0.0.1:9/bedrock/model/m/converse-stream"), new byte[0],
                AwsSessionCredentials.create("ASIAEXAMPLE", "secret", "session-token-from-the-lambda-role"), Region.US_EAST_1);
        assertThat(request.headers().firstValue("X-Amz-Security-Token")).hasValue("session-token-from-the-lambda-role");
        assertThat(request.headers().firstValue("Authorization").orElseThrow()).contains("x-amz-security-token");
    }

    /** SigV4 from the specification, written independently of the SDK's signer. */
    private static String expectedSignature(HttpRequest request, byte[] body, List<String> signedHeaders, String secret,
            String date, String region) throws Exception {
        StringBuilder canonicalUri = new StringBuilder();
        for (String segment : request.uri().getRawPath().split("/", -1)) {
            if (!canonicalUri.isEmpty() || !segment.isEmpty()) {
                canonicalUri.append('/');
            }
            canonicalUri.append(uriEncode(segment)); // every segment encoded a second time (all services but S3)
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signedHeaders.stream().sorted().toList()) {
            String value = name.equals("host") ? hostHeader(request.uri()) : request.headers().firstValue(name).orElseThrow();
            canonicalHeaders.append(name).append(':').append(value.strip()).append('\n');
        }
        String canonicalRequest = String.join("\n", "POST", canonicalUri.toString(), "", canonicalHeaders.toString(),
                String.join(";", signedHeaders), hex(sha256(body)));
        String scope = date + "/" + region + "/bedrock/aws4_request";
        String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", request.headers().firstValue("X-Amz-Date").orElseThrow(), scope,
                hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, "bedrock");
        key = hmac(key, "aws4_request");
        return hex(hmac(key, stringToSign));
    }

    private static String hostHeader(URI uri) {
        int port = uri.getPort();
        boolean standard = port == -1 || (uri.getScheme().equals("https") && port == 443) || (uri.getScheme().equals("http") && port == 80);
        return uri.getHost() + (standard ? "" : ":" + port);
    }

    private static String uriEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xFF));
            }
        }
        return out.toString();
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
