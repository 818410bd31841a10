package com.gaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.admin.testing.AdminHarness.Reply;
import com.gaterouter.admin.testing.Fixtures;
import com.gaterouter.common.accounts.Actor;
import com.gaterouter.common.accounts.ApiKeySecrets;
import com.gaterouter.common.accounts.AuditEntry;
import com.gaterouter.common.accounts.Department;
import com.gaterouter.common.accounts.EntityStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Archiving cascades (department → projects and keys; project → keys; user → keys) and the audit log. */
class ArchiveAndAuditTest extends WithOneTenant {

    ArchiveAndAuditTest() {
        super("archive");
    }

    private boolean usable(String secret) {
        return h.apiKeys.findByHash(ApiKeySecrets.hash(secret)).map(r -> r.usableAt(h.clock.instant())).orElse(false);
    }

    private List<JsonNode> audit() {
        List<JsonNode> entries = new ArrayList<>();
        String token = null;
        do {
            Reply page = admin("GET", base + "/audit?limit=7" + (token == null ? "" : "&nextToken=" + token), null);
            assertThat(page.status()).isEqualTo(200);
            page.json().path("data").forEach(entries::add);
            token = page.json().path("nextToken").isNull() ? null : page.json().path("nextToken").asText();
        } while (token != null);
        return entries;
    }

    private void moveTo(String userId, String departmentId) {
        Reply moved = admin("PATCH", base + "/users/" + userId, "{\"departmentId\":\"" + departmentId + "\"}");
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    }

    @Test
    void archivingADepartmentArchivesItsProjectsAndRevokesTheKeysOfItsProjectsAndUsers() {
        String t = tenant.tenantId();
        String research = f.department(t, "Research");
        String sales = f.department(t, "Sales");
        String chatbot = f.project(t, research, "Chatbot");
        String search = f.project(t, research, "Search");
        String crm = f.project(t, sales, "CRM");
        // an app key's project must be in its user's department when it is created; users who move
        // department keep their app keys, which is how a key comes to spend in another department
        String alice = f.user(t, sales, "member");
        String bob = f.user(t, research, "member");
        Fixtures.Key aliceCrm = f.appKey(t, alice, crm); // a research user's key spending in sales: still revoked
        Fixtures.Key bobChatbot = f.appKey(t, bob, chatbot); // a sales user's key in a research project: revoked
        moveTo(alice, research);
        moveTo(bob, sales);
        Fixtures.Key aliceChatbot = f.appKey(t, alice, chatbot);
        Fixtures.Key aliceSearch = f.appKey(t, alice, search);
        Fixtures.Key aliceAdmin = f.adminKey(t, alice);
        Fixtures.Key bobCrm = f.appKey(t, bob, crm); // untouched

        Reply archived = admin("DELETE", base + "/departments/" + research, null);
        assertThat(archived.status()).isEqualTo(200);
        assertThat(archived.json().path("status").asText()).isEqualTo("archived");

        for (Fixtures.Key key : List.of(aliceChatbot, aliceSearch, aliceAdmin, aliceCrm, bobChatbot)) {
            assertThat(usable(key.secret())).as(key.keyId()).isFalse();
            assertThat(admin("GET", base + "/keys/" + key.keyId(), null).json().path("status").asText()).isEqualTo("revoked");
        }
        assertThat(usable(bobCrm.secret())).isTrue();
        for (String project : List.of(chatbot, search)) {
            assertThat(admin("GET", base + "/projects/" + project, null).json().path("status").asText()).isEqualTo("archived");
        }
        assertThat(admin("GET", base + "/projects/" + crm, null).json().path("status").asText()).isEqualTo("active");
        // users stay (they may move), the department's history stays
        assertThat(admin("GET", base + "/users/" + alice, null).json().path("status").asText()).isEqualTo("active");

        // nothing new hangs under an archived department
        Reply newProject = admin("POST", base + "/projects", "{\"name\":\"Late\",\"departmentId\":\"" + research + "\"}");
        assertThat(newProject.status()).isEqualTo(409);
        assertThat(newProject.errorCode()).isEqualTo("parent_archived");
        Reply newKey = admin("POST", base + "/keys", "{\"userId\":\"" + alice + "\",\"projectId\":\"" + chatbot + "\",\"name\":\"x\"}");
        assertThat(newKey.status()).isEqualTo(409);

        // each cascade step is its own audited write by the gateway, in the same request
        List<JsonNode> entries = audit();
        JsonNode archiveEntry = entries.stream().filter(e -> e.path("action").asText().equals("department.archive")).findFirst().orElseThrow();
        List<JsonNode> cascade = entries.stream()
                .filter(e -> e.path("requestId").asText().equals(archiveEntry.path("requestId").asText()))
                .filter(e -> e.path("actor").path("kind").asText().equals("system"))
                .toList();
        assertThat(cascade).extracting(e -> e.path("action").asText())
                .containsOnly("key.revoke", "project.archive")
                .filteredOn("key.revoke"::equals).hasSize(5);
        assertThat(cascade).filteredOn(e -> e.path("action").asText().equals("project.archive")).hasSize(2);
        assertThat(archiveEntry.path("actor").path("kind").asText()).isEqualTo("user");
        assertThat(archiveEntry.path("actor").path("id").asText()).isEqualTo(tenant.adminUserId());
        assertThat(archiveEntry.path("actor").path("keyId").asText()).isEqualTo(tenant.adminKey().keyId());
    }

    @Test
    void archivingAnArchivedDepartmentRerunsTheCascadeSoAnInterruptedOneCompletes() {
        String t = tenant.tenantId();
        String research = f.department(t, "Research");
        String chatbot = f.project(t, research, "Chatbot");
        String alice = f.user(t, research, "member");
        Fixtures.Key key = f.appKey(t, alice, chatbot);

        // a cascade interrupted right after the department itself was archived (e.g. the Lambda timed out)
        Department stored = h.accounts.findDepartment(t, research).orElseThrow();
        Department archived = new Department(t, research, stored.name(), EntityStatus.ARCHIVED, stored.createdAt(),
                h.clock.instant(), stored.version() + 1);
        h.accounts.replace(archived, new AuditEntry(t, "aud_interrupted", h.clock.instant(),
                new Actor(Actor.Kind.PLATFORM, "test", Optional.empty()), "department.archive", archived.ref(),
                Optional.empty(), Optional.empty(), "req-interrupted"));
        assertThat(usable(key.secret())).isTrue();

        Reply again = admin("DELETE", base + "/departments/" + research, null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("status").asText()).isEqualTo("archived");
        assertThat(again.json().path("version").asLong()).isEqualTo(stored.version() + 1);
        assertThat(usable(key.secret())).isFalse();
        assertThat(admin("GET", base + "/projects/" + chatbot, null).json().path("status").asText()).isEqualTo("archived");

        // and once complete, another run changes nothing and writes no audit entry
        int entries = audit().size();
        assertThat(admin("DELETE", base + "/departments/" + research, null).status()).isEqualTo(200);
        assertThat(audit()).hasSize(entries);
    }

    @Test
    void archivingAProjectOrAUserRevokesTheirKeys() {
        String t = tenant.tenantId();
        String research = f.department(t, "Research");
        String chatbot = f.project(t, research, "Chatbot");
        String search = f.project(t, research, "Search");
        String alice = f.user(t, research, "member");
        String bob = f.user(t, research, "member");
        Fixtures.Key aliceChatbot = f.appKey(t, alice, chatbot);
        Fixtures.Key aliceSearch = f.appKey(t, alice, search);
        Fixtures.Key bobSearch = f.appKey(t, bob, search);
        Fixtures.Key bobAdmin = f.adminKey(t, bob);

        Reply project = admin("DELETE", base + "/projects/" + chatbot, null, "If-Match", "\"1\"");
        assertThat(project.status()).isEqualTo(200);
        assertThat(project.json().path("status").asText()).isEqualTo("archived");
        assertThat(usable(aliceChatbot.secret())).isFalse();
        assertThat(usable(aliceSearch.secret())).isTrue();

        assertThat(h.as(bobAdmin.secret(), "GET", base + "/users/" + bob, null).status()).isEqualTo(200);
        Reply user = admin("DELETE", base + "/users/" + bob, null);
        assertThat(user.status()).isEqualTo(200);
        assertThat(user.json().path("status").asText()).isEqualTo("archived");
        assertThat(usable(bobSearch.secret())).isFalse();
        assertThat(usable(bobAdmin.secret())).isFalse();
        assertThat(h.as(bobAdmin.secret(), "GET", base + "/users/" + bob, null).status()).isEqualTo(401);
        assertThat(usable(aliceSearch.secret())).isTrue();

        // stale If-Match on an archive is refused before anything changes
        Reply stale = admin("DELETE", base + "/users/" + alice, null, "If-Match", "\"9\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(usable(aliceSearch.secret())).isTrue();
    }

    @Test
    void theAuditLogIsNewestFirstWithBeforeAndAfterAndNeverASecret() {
        String t = tenant.tenantId();
        String research = f.department(t, "Research");
        String chatbot = f.project(t, research, "Chatbot");
        String alice = f.user(t, research, "member");
        List<String> secrets = new ArrayList<>();
        secrets.add(tenant.adminKey().secret());

        h.clock.advance(Duration.ofMinutes(1));
        Reply created = admin("POST", base + "/keys", "{\"userId\":\"" + alice + "\",\"projectId\":\"" + chatbot + "\",\"name\":\"k\"}");
        secrets.add(created.id("secret"));
        String keyId = created.id("keyId");
        h.clock.advance(Duration.ofMinutes(1));
        Reply renamed = admin("PATCH", base + "/departments/" + research, "{\"name\":\"R&D\"}", "If-Match", "\"1\"");
        assertThat(renamed.status()).isEqualTo(200);
        h.clock.advance(Duration.ofMinutes(1));
        secrets.add(admin("POST", base + "/keys/" + keyId + "/rotate", "{}").id("secret"));
        admin("PUT", base + "/budgets/project/" + chatbot, "{\"monthlyUsd\":\"10.25\"}");
        admin("DELETE", base + "/budgets/project/" + chatbot, null);
        h.clock.advance(Duration.ofMinutes(1));
        admin("POST", base + "/keys/" + keyId + "/revoke", null);

        List<JsonNode> entries = audit();
        assertThat(entries).extracting(e -> e.path("action").asText()).startsWith(
                "key.revoke", "budget.delete", "budget.create", "key.rotate", "department.update", "key.create",
                "user.create", "project.create", "department.create");
        assertThat(entries.getLast().path("action").asText()).isEqualTo("tenant.create");
        List<Instant> times = entries.stream().map(e -> Instant.parse(e.path("at").asText())).toList();
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i)).isBeforeOrEqualTo(times.get(i - 1));
        }

        JsonNode update = entries.get(4);
        assertThat(update.path("target").path("kind").asText()).isEqualTo("department");
        assertThat(update.path("target").path("id").asText()).isEqualTo(research);
        assertThat(update.path("before").path("name").asText()).isEqualTo("Research");
        assertThat(update.path("after").path("name").asText()).isEqualTo("R&D");
        assertThat(update.path("after").path("version").asLong()).isEqualTo(2);
        assertThat(update.path("requestId").asText()).startsWith("req-");
        JsonNode revoke = entries.getFirst();
        assertThat(revoke.path("before").path("status").asText()).isEqualTo("active");
        assertThat(revoke.path("after").path("status").asText()).isEqualTo("revoked");
        JsonNode budgetDelete = entries.get(1);
        assertThat(budgetDelete.path("after").isNull()).isTrue();
        assertThat(budgetDelete.path("before").path("monthlyUsd").asText()).isEqualTo("10.250000");
        JsonNode keyCreate = entries.get(5);
        assertThat(keyCreate.path("before").isNull()).isTrue();
        assertThat(keyCreate.path("after").path("keyId").asText()).isEqualTo(keyId);

        String all = entries.toString();
        for (String secret : secrets) {
            assertThat(all).doesNotContain(secret).doesNotContain(ApiKeySecrets.hash(secret));
        }
        assertThat(all).doesNotContain("\"secret\"").doesNotContain("hash");
    }
}
