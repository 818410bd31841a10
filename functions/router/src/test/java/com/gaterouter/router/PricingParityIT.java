package com.gaterouter.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.accounts.Actor;
import com.gaterouter.common.accounts.AuditEntry;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.common.accounts.TenantPricing;
import com.gaterouter.common.accounts.TenantPricing.PriceOverride;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.api.SseSink;
import com.gaterouter.common.api.SseStream.StreamResult;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.Since;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.router.catalog.CallerPricing;
import com.gaterouter.router.observability.RequestMetrics;
import com.gaterouter.router.testing.AccountsFixture;
import com.gaterouter.router.testing.RouterTestbed;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Done-when of issue 5: streaming and non-streaming calls to each vendor shape with the same usage
 * record the same cost. Real wiring, DynamoDB Local, the vendor simulator; the tenant has a
 * discount and a price override, so the caller's pricing is proved to reach both paths. Each pair
 * is asked with the same prompt and {@code [[sim:tokens=N]]}, so the simulator reports the same
 * usage; the stored records must agree on tokens and cost, and the cost must be the tenant's price.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class PricingParityIT {

    /** Above 1,024 prompt tokens: OpenAI, DeepSeek and Gemini report half of it as cached. */
    private static final String LONG_PROMPT = "background ".repeat(1_500);
    @RegisterExtension
    static final RouterTestbed testbed = new RouterTestbed();

    private RouterApp router;
    /** The router runs on the real clock: usage is read from every day the test ran in. */
    private Since since;
    private String tenant;
    private String key;
    private CallerPricing pricing;

    @BeforeEach
    void tenantWithPricing() {
        router = testbed.router(testbed.settings(Duration.ofSeconds(30)), RequestMetrics.NONE, Clock.systemUTC());
        testbed.simulator().faults().clear();
        since = Since.now();
        tenant = "t-" + UUID.randomUUID();
        var accounts = testbed.accounts();
        key = new AccountsFixture(accounts, tenant).appKey(ModelPolicy.UNRESTRICTED);
        Instant now = Instant.now();
        // 12.5 % off everything; gemini-2.5-flash at a negotiated $0.20 / $0.02 / $0.20 / $2.00 per 1M
        TenantPricing tenantPricing = new TenantPricing(tenant, 1_250,
                Map.of("gemini/gemini-2.5-flash", new PriceOverride(200_000, 20_000, 200_000, 2_000_000)), now, now, 1);
        accounts.insert(tenantPricing, new AuditEntry(tenant, "aud-" + UUID.randomUUID(), now,
                new Actor(Actor.Kind.PLATFORM, "test", Optional.empty()), "pricing.create", tenantPricing.ref(),
                Optional.empty(), Optional.empty(), "req-setup"));
        pricing = CallerPricing.of(Optional.of(tenantPricing));
    }

    @Test
    void openAiWithCachedAndReasoningTokens() {
        UsageRecord[] pair = pair("""
                {"model":"openai/gpt-5","reasoning_effort":"low","messages":[{"role":"user","content":"%s [[sim:tokens=30]]"}]}"""
                .formatted(LONG_PROMPT));
        assertThat(pair[0].tokens().cachedPromptTokens()).isPositive();
        assertThat(pair[0].tokens().reasoningTokens()).isPositive();
    }

    @Test
    void deepSeekWithCacheHitAndMiss() {
        UsageRecord[] pair = pair("""
                {"model":"deepseek/deepseek-chat","messages":[{"role":"user","content":"%s [[sim:tokens=30]]"}]}"""
                .formatted(LONG_PROMPT));
        assertThat(pair[0].tokens().cachedPromptTokens()).isPositive();
        assertThat(pair[0].tokens().uncachedPromptTokens()).isPositive();
    }

    @Test
    void deepSeekReasonerWithReasoningTokens() {
        UsageRecord[] pair = pair("""
                {"model":"deepseek/deepseek-reasoner","messages":[{"role":"user","content":"Think [[sim:tokens=30]]"}]}""");
        assertThat(pair[0].tokens().reasoningTokens()).isPositive();
    }

    @Test
    void geminiWithCachedContentAndThoughtsAtTheTenantsOverride() {
        UsageRecord[] pair = pair("""
                {"model":"gemini/gemini-2.5-flash","messages":[{"role":"user","content":"%s [[sim:tokens=30]]"}]}"""
                .formatted(LONG_PROMPT));
        assertThat(pair[0].tokens().cachedPromptTokens()).isPositive();
        assertThat(pair[0].tokens().reasoningTokens()).isPositive();
        // the override, not the catalog's price
        assertThat(pair[0].costMicros()).isNotEqualTo(CallerPricing.LIST.costOf(
                testbed.model("gemini/gemini-2.5-flash"), pair[0].tokens(), pair[0].occurredAt()));
    }

    @Test
    void anthropicWithCacheCreationThenCacheRead() {
        // two prefixes of equal length: each pair writes its own prefix (creation) on the first round, reads it on the second
        String template = """
                {"model":"anthropic/claude-sonnet-4-5","max_tokens":200,"messages":[{"role":"user","content":[
                  {"type":"text","text":"%s %s","cache_control":{"type":"ephemeral"}},
                  {"type":"text","text":"Now answer [[sim:tokens=30]]"}]}]}""";
        String plainPrefix = "alpha-" + UUID.randomUUID().toString().substring(0, 8);
        String streamPrefix = "bravo-" + UUID.randomUUID().toString().substring(0, 8);
        UsageRecord[] created = pair(template.formatted(plainPrefix, LONG_PROMPT), template.formatted(streamPrefix, LONG_PROMPT));
        assertThat(created[0].tokens().cacheWriteTokens()).isPositive();
        assertThat(created[0].tokens().cachedPromptTokens()).isZero();
        UsageRecord[] read = pair(template.formatted(plainPrefix, LONG_PROMPT), template.formatted(streamPrefix, LONG_PROMPT));
        assertThat(read[0].tokens().cachedPromptTokens()).isPositive();
        assertThat(read[0].tokens().cacheWriteTokens()).isZero();
    }

    /** The same request without and with {@code stream}: same tokens, same recorded cost, the tenant's price. */
    private UsageRecord[] pair(String body) {
        return pair(body, body);
    }

    private UsageRecord[] pair(String plainBody, String streamBody) {
        ApiRequest plainRequest = post(plainBody);
        ApiResponse plain = router.handle(plainRequest);
        assertThat(plain).isInstanceOf(ApiResponse.Buffered.class);
        assertThat(((ApiResponse.Buffered) plain).status()).as(new String(((ApiResponse.Buffered) plain).body(), StandardCharsets.UTF_8)).isEqualTo(200);

        String streaming = streamBody.replaceFirst("^\\s*\\{", "{\"stream\":true,");
        ApiRequest streamRequest = post(streaming);
        ApiResponse streamed = router.handle(streamRequest);
        assertThat(streamed).isInstanceOf(ApiResponse.Streamed.class);
        assertThat(((ApiResponse.Streamed) streamed).events().writeTo(new SseSink() {
            @Override
            public void open(Map<String, String> headers) {
            }

            @Override
            public void event(String name, String data) {
            }
        })).isInstanceOf(StreamResult.Delivered.class);

        UsageRecord plainRecord = record(plainRequest.requestId());
        UsageRecord streamRecord = record(streamRequest.requestId());
        assertThat(plainRecord.stream()).isFalse();
        assertThat(streamRecord.stream()).isTrue();
        assertThat(plainRecord.status()).isEqualTo(UsageStatus.SUCCEEDED);
        assertThat(streamRecord.status()).isEqualTo(UsageStatus.SUCCEEDED);
        assertThat(streamRecord.tokens()).isEqualTo(plainRecord.tokens());
        assertThat(streamRecord.costMicros()).isEqualTo(plainRecord.costMicros()).isPositive();
        var model = testbed.model(plainRecord.servedModel());
        assertThat(plainRecord.costMicros()).isEqualTo(pricing.costOf(model, plainRecord.tokens(), plainRecord.occurredAt()));
        return new UsageRecord[] {plainRecord, streamRecord};
    }

    private ApiRequest post(String body) {
        return new ApiRequest("POST", "/v1/chat/completions", Map.of(),
                Map.of("Authorization", "Bearer " + key, "Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8), "req-" + UUID.randomUUID(), Instant.now());
    }

    private UsageRecord record(String requestId) {
        return testbed.usage(tenant, since).stream().filter(r -> r.requestId().equals(requestId)).findFirst()
                .orElseThrow(() -> new AssertionError("no usage record for " + requestId));
    }
}
