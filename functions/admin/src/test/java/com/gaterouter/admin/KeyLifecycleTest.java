package com.gaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.admin.testing.AdminHarness;
import com.gaterouter.admin.testing.AdminHarness.Reply;
import com.gaterouter.admin.testing.Fixtures;
import com.gaterouter.common.accounts.ApiKeyRecord;
import com.gaterouter.common.accounts.ApiKeySecrets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Create → use → rotate (grace) → revoke, checked where the router checks: ApiKeys by hash, {@code usableAt}. */
class KeyLifecycleTest extends WithOneTenant {

    private String member;
    private String project;

    KeyLifecycleTest() {
        super("keys");
    }

    @BeforeEach
    void setUp() {
        String department = f.department(tenant.tenantId(), "Research");
        project = f.project(tenant.tenantId(), department, "Chatbot");
        member = f.user(tenant.tenantId(), department, "member");
    }

    private Optional<ApiKeyRecord> record(String secret) {
        return h.apiKeys.findByHash(ApiKeySecrets.hash(secret));
    }

    private boolean usable(String secret) {
        return record(secret).map(r -> r.usableAt(h.clock.instant())).orElse(false);
    }

    private Reply createKey() {
        return admin("POST", base + "/keys",
                "{\"userId\":\"" + member + "\",\"projectId\":\"" + project + "\",\"name\":\"prod\"}");
    }

    @Test
    void aNewKeyWorksAtOnceAndItsSecretIsShownOnlyOnce() {
        Reply created = createKey();
        assertThat(created.status()).isEqualTo(201);
        String secret = created.id("secret");
        String keyId = created.id("keyId");
        assertThat(secret).startsWith(ApiKeySecrets.PREFIX);
        assertThat(keyId).startsWith("key_");
        assertThat(created.json().path("status").asText()).isEqualTo("active");
        assertThat(created.json().path("type").asText()).isEqualTo("app");
        assertThat(created.header("etag")).contains("\"1\"");
        assertThat(created.text()).doesNotContain(ApiKeySecrets.hash(secret));
        assertThat(usable(secret)).isTrue();
        assertThat(record(secret).orElseThrow().owner().projectId()).isEqualTo(project);

        Reply read = admin("GET", base + "/keys/" + keyId, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.text()).doesNotContain(secret).doesNotContain("\"secret\"").doesNotContain(ApiKeySecrets.hash(secret));
        Reply listed = admin("GET", base + "/keys?userId=" + member, null);
        assertThat(listed.json().path("data")).hasSize(1);
        assertThat(listed.text()).doesNotContain(secret).doesNotContain(ApiKeySecrets.hash(secret));
    }

    @Test
    void aRevokedKeyStopsWorkingAndRevokingAgainAnswersTheSameKey() {
        Reply created = createKey();
        String secret = created.id("secret");
        String keyId = created.id("keyId");

        Reply revoked = admin("POST", base + "/keys/" + keyId + "/revoke", null);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().path("status").asText()).isEqualTo("revoked");
        assertThat(revoked.json().path("revokedAt").asText()).isEqualTo(h.clock.instant().toString());
        assertThat(usable(secret)).isFalse();

        Reply again = admin("POST", base + "/keys/" + keyId + "/revoke", "{}", "If-Match", "\"1\"");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("version").asLong()).isEqualTo(revoked.json().path("version").asLong());
        assertThat(usable(secret)).isFalse();

        assertThat(admin("POST", base + "/keys/" + keyId + "/rotate", null).errorCode()).isEqualTo("key_revoked");
        Reply renamed = admin("PATCH", base + "/keys/" + keyId, "{\"name\":\"x\"}");
        assertThat(renamed.status()).isEqualTo(409);
    }

    @Test
    void rotationKeepsTheOldSecretForItsGracePeriodOnly() {
        Reply created = createKey();
        String first = created.id("secret");
        String keyId = created.id("keyId");

        Reply rotated = admin("POST", base + "/keys/" + keyId + "/rotate", "{\"gracePeriodSeconds\":3600}");
        assertThat(rotated.status()).isEqualTo(200);
        String second = rotated.id("secret");
        assertThat(second).isNotEqualTo(first).startsWith(ApiKeySecrets.PREFIX);
        assertThat(rotated.json().path("keyId").asText()).isEqualTo(keyId);
        assertThat(rotated.json().path("previousSecretValidUntil").asText())
                .isEqualTo(h.clock.instant().plusSeconds(3600).toString());
        assertThat(usable(first)).as("old secret inside its grace").isTrue();
        assertThat(usable(second)).isTrue();

        h.clock.advance(Duration.ofSeconds(3599));
        assertThat(usable(first)).isTrue();
        h.clock.advance(Duration.ofSeconds(2));
        assertThat(usable(first)).as("old secret after its grace").isFalse();
        assertThat(usable(second)).isTrue();

        // rotating again drops any older in-grace secret at once and keeps only the latest previous one
        Reply third = admin("POST", base + "/keys/" + keyId + "/rotate", null);
        assertThat(third.status()).isEqualTo(200);
        Reply fourth = admin("POST", base + "/keys/" + keyId + "/rotate", "{\"gracePeriodSeconds\":600}");
        assertThat(record(first)).isEmpty();
        assertThat(record(second)).as("rotated out twice").isEmpty();
        assertThat(usable(third.id("secret"))).isTrue();
        assertThat(usable(fourth.id("secret"))).isTrue();
        h.clock.advance(Duration.ofSeconds(601));
        assertThat(usable(third.id("secret"))).isFalse();
        assertThat(usable(fourth.id("secret"))).isTrue();

        // no grace: the old secret stops at once
        Reply fifth = admin("POST", base + "/keys/" + keyId + "/rotate", "{\"gracePeriodSeconds\":0}");
        assertThat(usable(fourth.id("secret"))).isFalse();
        assertThat(usable(fifth.id("secret"))).isTrue();

        // revocation ends every secret, also one in its grace
        Reply sixth = admin("POST", base + "/keys/" + keyId + "/rotate", "{\"gracePeriodSeconds\":600}");
        admin("POST", base + "/keys/" + keyId + "/revoke", null);
        assertThat(usable(fifth.id("secret"))).isFalse();
        assertThat(usable(sixth.id("secret"))).isFalse();
    }

    @Test
    void aKeyExpiresAtItsExpiryAndLimitsBecomeItsBudget() {
        String expiry = h.clock.instant().plus(Duration.ofHours(1)).toString();
        Reply created = admin("POST", base + "/keys", """
                {"userId":"%s","projectId":"%s","name":"temp","expiresAt":"%s","allowedModels":["openai/*"],
                 "limits":{"monthlyUsd":"12.5","rpm":60}}""".formatted(member, project, expiry));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("expiresAt").asText()).isEqualTo(expiry);
        assertThat(created.json().path("limits").path("monthlyUsd").asText()).isEqualTo("12.500000");
        assertThat(created.json().path("limits").path("monthlyUsdMicros").asLong()).isEqualTo(12_500_000L);
        String secret = created.id("secret");
        assertThat(usable(secret)).isTrue();
        assertThat(record(secret).orElseThrow().models().permits("openai/gpt-4o")).isTrue();
        assertThat(record(secret).orElseThrow().models().permits("anthropic/claude")).isFalse();

        Reply budget = admin("GET", base + "/budgets/key/" + created.id("keyId"), null);
        assertThat(budget.status()).isEqualTo(200);
        assertThat(budget.json().path("rpm").asLong()).isEqualTo(60);

        h.clock.advance(Duration.ofHours(2));
        assertThat(usable(secret)).isFalse();
    }

    @Test
    void adminKeysAuthenticateTheirUserAndAppKeysAreRefused() {
        Fixtures f = new Fixtures(h);
        Fixtures.Key adminKey = f.adminKey(tenant.tenantId(), member);
        Fixtures.Key appKey = f.appKey(tenant.tenantId(), member, project);

        assertThat(h.as(adminKey.secret(), "GET", base + "/users/" + member, null).status()).isEqualTo(200);
        Reply withAppKey = h.as(appKey.secret(), "GET", base + "/users/" + member, null);
        assertThat(withAppKey.status()).isEqualTo(401);
        assertThat(withAppKey.errorCode()).isEqualTo("invalid_api_key");
        assertThat(h.as("gr-not-a-key", "GET", base, null).status()).isEqualTo(401);
        assertThat(h.send(AdminHarness.request("GET", base, null, null), Optional.empty()).status()).isEqualTo(401);

        // revoking the admin key ends its access; so does archiving its user
        Fixtures.Key second = f.adminKey(tenant.tenantId(), member);
        admin("POST", base + "/keys/" + adminKey.keyId() + "/revoke", null);
        assertThat(h.as(adminKey.secret(), "GET", base + "/users/" + member, null).status()).isEqualTo(401);
        assertThat(h.as(second.secret(), "GET", base + "/users/" + member, null).status()).isEqualTo(200);
        admin("PATCH", base + "/users/" + member, "{\"name\":\"Renamed\"}");
        assertThat(h.as(second.secret(), "GET", base + "/users/" + member, null).json().path("name").asText()).isEqualTo("Renamed");
    }

    @Test
    void theBootstrapPlatformKeyActsAsPlatformAdmin() {
        String platformKey = h.seedPlatformKey();
        Reply tenants = h.as(platformKey, "GET", "/admin/v1/tenants?limit=100", null);
        assertThat(tenants.status()).isEqualTo(200);
        Reply created = h.as(platformKey, "POST", base + "/departments", "{\"name\":\"Ops\"}");
        assertThat(created.status()).isEqualTo(201);
        Reply audit = admin("GET", base + "/audit?limit=1", null);
        assertThat(audit.json().path("data").get(0).path("actor").path("kind").asText()).isEqualTo("platform");
        assertThat(audit.json().path("data").get(0).path("actor").path("id").asText()).isEqualTo("bootstrap-key");
    }
}
