package com.gaterouter.common.snapstart;

import com.gaterouter.common.accounts.ApiKeySecrets;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.spend.spool.Settlement;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Representative inputs for SnapStart priming: what a function receives in production, made at
 * the clock's now. They name no real tenant, key or request: ids start with {@code snapstart-},
 * and the API keys are new random secrets, so no key store holds them.
 */
public final class PrimingSamples {

    private PrimingSamples() {
    }

    /** A new random key, in the shape of GateRouter's keys, that no key store holds. */
    public static String unknownApiKey() {
        return ApiKeySecrets.newSecret();
    }

    /** A chat completion as an OpenAI SDK sends it, with {@code apiKey} as its bearer key. */
    public static ApiRequest chatCompletion(String apiKey, Clock clock) {
        String body = """
                {"model":"auto","stream":false,"temperature":0.2,"max_tokens":256,
                 "messages":[{"role":"system","content":"You are a concise assistant."},
                             {"role":"user","content":"Summarise in one sentence why idempotent settlement matters for metering."}]}""";
        return new ApiRequest("POST", "/v1/chat/completions", Map.of(),
                Map.of("Authorization", "Bearer " + apiKey, "Content-Type", "application/json", "User-Agent", "OpenAI/Java"),
                body.getBytes(StandardCharsets.UTF_8), "snapstart-priming-chat", clock.instant());
    }

    /** An Anthropic Messages request as the Anthropic SDKs send it, with {@code apiKey} in {@code x-api-key}. */
    public static ApiRequest message(String apiKey, Clock clock) {
        String body = """
                {"model":"claude-sonnet-4-5-20250929","max_tokens":256,"system":"You are a concise assistant.",
                 "messages":[{"role":"user","content":[{"type":"text","text":"Summarise idempotent settlement in one sentence."}]}]}""";
        return new ApiRequest("POST", "/v1/messages", Map.of(),
                Map.of("x-api-key", apiKey, "anthropic-version", "2023-06-01", "Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8), "snapstart-priming-messages", clock.instant());
    }

    /** An OpenAI Responses request as the OpenAI SDKs send it, with {@code apiKey} as its bearer key. */
    public static ApiRequest response(String apiKey, Clock clock) {
        String body = """
                {"model":"auto","instructions":"You are a concise assistant.","store":false,
                 "input":[{"role":"user","content":[{"type":"input_text","text":"Summarise idempotent settlement in one sentence."}]}]}""";
        return new ApiRequest("POST", "/v1/responses", Map.of(),
                Map.of("Authorization", "Bearer " + apiKey, "Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8), "snapstart-priming-responses", clock.instant());
    }

    /** An admin API call: create a department under a tenant, with {@code adminKey} as its bearer key. */
    public static ApiRequest createDepartment(String adminKey, Clock clock) {
        String body = "{\"departmentId\":\"snapstart-priming\",\"name\":\"Priming\"}";
        return new ApiRequest("POST", "/admin/v1/tenants/snapstart-priming/departments", Map.of(),
                Map.of("Authorization", "Bearer " + adminKey, "Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8), "snapstart-priming-admin", clock.instant());
    }

    /** A settlement as the router spools it: a chat completion's reservation and usage record, at the clock's now. */
    public static Settlement settlement(Clock clock) {
        Instant now = clock.instant();
        String day = DateTimeFormatter.ISO_LOCAL_DATE.format(now.atOffset(ZoneOffset.UTC));
        String month = day.substring(0, 7);
        String json = """
                {"v":1,
                 "reservation":{"requestId":"snapstart-priming-settlement","tenantId":"snapstart-priming","at":"%1$s",
                   "usdMicros":5000,"tokens":1200,
                   "limits":[{"counter":{"tenantId":"snapstart-priming","scope":"department","scopeId":"snapstart-priming","window":"M#%2$s"},
                              "measure":"USD_MICROS","limit":500000000,"scopeLabel":"department Priming"}],
                   "counters":[{"tenantId":"snapstart-priming","scope":"department","scopeId":"snapstart-priming","window":"M#%2$s"},
                               {"tenantId":"snapstart-priming","scope":"key","scopeId":"snapstart-priming","window":"D#%3$s"}]},
                 "usage":{"requestId":"snapstart-priming-settlement",
                   "principal":{"tenantId":"snapstart-priming","departmentId":"snapstart-priming","projectId":"snapstart-priming",
                                "userId":"snapstart-priming","keyId":"snapstart-priming"},
                   "requestedModel":"auto","servedModel":"openai/gpt-4o-mini","vendor":"openai","attempts":1,
                   "tokens":{"prompt":1000,"cachedPrompt":0,"cacheWrite":0,"completion":200,"reasoning":0},
                   "costMicros":270,"latencyMillis":812,"ttftMillis":95,"status":"SUCCEEDED","httpStatus":200,"stream":true,
                   "occurredAt":"%1$s"}}""".formatted(now, month, day).replace("\n", "");
        return Settlement.fromJson(json);
    }
}
