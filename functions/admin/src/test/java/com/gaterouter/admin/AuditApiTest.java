package com.gaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.admin.audit.AuditActions;
import com.gaterouter.admin.testing.AdminHarness;
import com.gaterouter.admin.testing.AdminHarness.Reply;
import com.gaterouter.admin.testing.Fixtures;
import com.gaterouter.common.testing.RepositoryRoot;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET …/audit} with its filters: what each selects, its 400s, tokens bound to the filters, who may read. */
class AuditApiTest extends WithOneTenant {

    AuditApiTest() {
        super("audit");
    }

    private String research;
    private String chatbot;
    private String alice;
    private String keyId;
    private Instant day1;
    private Instant day2;

    /**
     * Day 1 (the harness's start, 09:00 UTC): the platform admin creates the tenant, its admin and
     * their key, then a department, project and user. Day 2 at 10:00 the tenant admin creates a key,
     * at 11:00 rotates it and sets the department's budget, at 12:00 revokes the key.
     */
    @BeforeEach
    void history() {
        String t = tenant.tenantId();
        day1 = h.clock.instant();
        research = f.department(t, "Research");
        chatbot = f.project(t, research, "Chatbot");
        alice = f.user(t, research, "member");
        h.clock.advance(Duration.ofHours(25));
        day2 = h.clock.instant();
        keyId = admin("POST", base + "/keys", "{\"userId\":\"" + alice + "\",\"projectId\":\"" + chatbot + "\",\"name\":\"k\"}")
                .id("keyId");
        h.clock.advance(Duration.ofHours(1));
        assertThat(admin("POST", base + "/keys/" + keyId + "/rotate", "{}").status()).isEqualTo(200);
        assertThat(admin("PUT", base + "/budgets/department/" + research, "{\"monthlyUsd\":\"10\"}").status()).isEqualTo(201);
        h.clock.advance(Duration.ofHours(1));
        assertThat(admin("POST", base + "/keys/" + keyId + "/revoke", null).status()).isEqualTo(200);
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String day(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    /** Every page of {@code query} (without limit/nextToken), as "action target" lines, newest first. */
    private List<String> all(String query, int limit) {
        List<String> lines = new ArrayList<>();
        String token = null;
        do {
            Reply page = admin("GET", base + "/audit?limit=" + limit + (query.isEmpty() ? "" : "&" + query)
                    + (token == null ? "" : "&nextToken=" + q(token)), null);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.json().path("data").size()).isLessThanOrEqualTo(limit);
            page.json().path("data").forEach(e -> lines.add(e.path("action").asText() + " " + e.path("target").path("id").asText()));
            JsonNode next = page.json().path("nextToken");
            token = next.isNull() ? null : next.asText();
            if (token != null) {
                assertThat(page.json().path("data").size()).as("a page with a token here is full").isEqualTo(limit);
            }
        } while (token != null);
        return lines;
    }

    @Test
    void withoutFiltersTheWholeLogNewestFirst() {
        assertThat(all("", 3)).containsExactly(
                "key.revoke " + keyId, "budget.create department/" + research, "key.rotate " + keyId, "key.create " + keyId,
                "user.create " + alice, "project.create " + chatbot, "department.create " + research,
                "key.create " + tenant.adminKey().keyId(), "user.create " + tenant.adminUserId(), "tenant.create " + tenant.tenantId());
    }

    @Test
    void actionIsExactOrAWholeKind() {
        assertThat(all("action=key.revoke", 50)).containsExactly("key.revoke " + keyId);
        assertThat(all("action=key", 2)).containsExactly("key.revoke " + keyId, "key.rotate " + keyId, "key.create " + keyId,
                "key.create " + tenant.adminKey().keyId());
        assertThat(all("action=budget", 50)).containsExactly("budget.create department/" + research);
        assertThat(all("action=pricing", 50)).isEmpty();
        assertThat(all("action=routing.delete", 50)).isEmpty();
    }

    @Test
    void actorIdIsTheActorOrTheAdminKeyItActedWith() {
        List<String> byAdmin = List.of("key.revoke " + keyId, "budget.create department/" + research, "key.rotate " + keyId,
                "key.create " + keyId);
        assertThat(all("actorId=" + tenant.adminUserId(), 3)).containsExactlyElementsOf(byAdmin);
        assertThat(all("actorId=" + tenant.adminKey().keyId(), 3)).containsExactlyElementsOf(byAdmin);
        assertThat(all("actorId=" + q(AdminHarness.PLATFORM_ARN), 50)).hasSize(6).last().isEqualTo("tenant.create " + tenant.tenantId());
        assertThat(all("actorId=" + alice, 50)).isEmpty();
        assertThat(all("actorId=bootstrap-key", 50)).isEmpty();
        Reply page = admin("GET", base + "/audit?actorId=" + tenant.adminKey().keyId() + "&limit=1", null);
        JsonNode actor = page.json().path("data").get(0).path("actor");
        assertThat(actor.path("kind").asText()).isEqualTo("user");
        assertThat(actor.path("id").asText()).isEqualTo(tenant.adminUserId());
        assertThat(actor.path("keyId").asText()).isEqualTo(tenant.adminKey().keyId());
    }

    @Test
    void systemActorsOfACascadeAreFoundByTheirCascadeId() {
        assertThat(admin("DELETE", base + "/projects/" + chatbot, null).status()).isEqualTo(200);
        Reply page = admin("GET", base + "/audit?action=project.archive", null);
        assertThat(page.json().path("data")).hasSize(1);
        // the key was revoked already; archive a user with a live key instead
        String bob = f.user(tenant.tenantId(), research, "member");
        String search = f.project(tenant.tenantId(), research, "Search");
        Fixtures.Key bobKey = f.appKey(tenant.tenantId(), bob, search);
        assertThat(admin("DELETE", base + "/users/" + bob, null).status()).isEqualTo(200);
        Reply revoked = admin("GET", base + "/audit?action=key.revoke&targetId=" + bobKey.keyId(), null);
        assertThat(revoked.json().path("data")).hasSize(1);
        String cascade = revoked.json().path("data").get(0).path("actor").path("id").asText();
        assertThat(revoked.json().path("data").get(0).path("actor").path("kind").asText()).isEqualTo("system");
        assertThat(cascade).startsWith("cascade:");
        assertThat(all("actorId=" + q(cascade), 50)).containsExactly("key.revoke " + bobKey.keyId());
    }

    @Test
    void targetIdIsExact() {
        assertThat(all("targetId=" + keyId, 2)).containsExactly("key.revoke " + keyId, "key.rotate " + keyId, "key.create " + keyId);
        assertThat(all("targetId=" + q("department/" + research), 50)).containsExactly("budget.create department/" + research);
        assertThat(all("targetId=" + research, 50)).containsExactly("department.create " + research);
        assertThat(all("targetId=key_nothing", 50)).isEmpty();
    }

    @Test
    void fromAndToAreInclusiveInstantsOrWholeUtcDays() {
        Instant created = day2;
        Instant rotated = day2.plus(Duration.ofHours(1));
        Instant revoked = day2.plus(Duration.ofHours(2));
        assertThat(all("from=" + day(day2), 50)).hasSize(4);
        assertThat(all("to=" + day(day1), 50)).hasSize(6);
        assertThat(all("from=" + day(day1) + "&to=" + day(day1), 50)).hasSize(6);
        assertThat(all("from=" + day(day2) + "&to=" + day(day2), 50)).hasSize(4);
        // instants are inclusive at both ends
        assertThat(all("from=" + q(rotated.toString()) + "&to=" + q(rotated.toString()), 50))
                .containsExactly("budget.create department/" + research, "key.rotate " + keyId);
        assertThat(all("from=" + q(created.toString()) + "&to=" + q(rotated.minusNanos(1).toString()), 50))
                .containsExactly("key.create " + keyId);
        assertThat(all("from=" + q(revoked.plusMillis(1).toString()), 50)).isEmpty();
        // an offset is the same instant as its UTC spelling
        String offset = revoked.atOffset(ZoneOffset.ofHours(2)).toString();
        assertThat(all("from=" + q(offset), 50)).containsExactly("key.revoke " + keyId);
        // a day for 'to' runs through its end; an instant at the day's start does not
        assertThat(all("to=" + q(day(day2) + "T00:00:00Z"), 50)).hasSize(6);
        assertThat(all("from=" + q(day(day2) + "T00:00:00Z") + "&to=" + day(day2), 50)).hasSize(4);
    }

    @Test
    void filtersCombine() {
        assertThat(all("action=key&actorId=" + tenant.adminUserId() + "&from=" + q(day2.plusSeconds(1).toString()), 1))
                .containsExactly("key.revoke " + keyId, "key.rotate " + keyId);
        assertThat(all("action=key.create&targetId=" + keyId + "&actorId=" + tenant.adminKey().keyId() + "&from=" + day(day2)
                + "&to=" + day(day2), 50)).containsExactly("key.create " + keyId);
        assertThat(all("action=key&to=" + day(day1), 50)).containsExactly("key.create " + tenant.adminKey().keyId());
        assertThat(all("action=department&from=" + day(day2), 50)).isEmpty();
    }

    @Test
    void eachMalformedFilterIsA400NamingIt() {
        String[][] cases = {
                {"action=keys", "action"}, {"action=key.delete", "action"}, {"action=key.", "action"}, {"action=.revoke", "action"},
                {"action=", "action"}, {"action=Key.revoke", "action"}, {"action=key.revoke.now", "action"},
                {"actorId=", "actorId"}, {"actorId=" + q("usr a"), "actorId"}, {"actorId=" + "x".repeat(1025), "actorId"},
                {"targetId=", "targetId"}, {"targetId=" + q("key one"), "targetId"}, {"targetId=" + q("a/b/c"), "targetId"},
                {"targetId=" + q("department/"), "targetId"},
                {"from=yesterday", "from"}, {"from=", "from"}, {"from=2026-02-30", "from"}, {"from=2026-1-5", "from"},
                {"from=" + q("2026-11-24 09:00:00Z"), "from"}, {"from=1700000000", "from"}, {"from=" + q("+10000-01-01T00:00:00Z"), "from"},
                {"to=2026-13-01", "to"}, {"to=" + q("2026-11-24T25:00:00Z"), "to"}, {"to=" + q("2026-11-24T09:00:00"), "to"},
                {"from=2026-11-25&to=2026-11-24", "from"},
                {"from=" + q("2026-11-24T10:00:00Z") + "&to=" + q("2026-11-24T09:59:59.999Z"), "from"},
                {"actor=usr_x", "actor"},
        };
        for (String[] c : cases) {
            Reply reply = admin("GET", base + "/audit?" + c[0], null);
            assertThat(reply.status()).as(c[0] + " → " + reply).isEqualTo(400);
            assertThat(reply.errorCode()).as(c[0]).isEqualTo("invalid_request");
            assertThat(reply.errorParam()).as(c[0]).isEqualTo(c[1]);
        }
        // the same day as both bounds, and a 'to' date on the 'from' instant's day, are fine
        assertThat(admin("GET", base + "/audit?from=2026-11-24&to=2026-11-24", null).status()).isEqualTo(200);
        assertThat(admin("GET", base + "/audit?from=" + q("2026-11-24T23:00:00Z") + "&to=2026-11-24", null).status()).isEqualTo(200);
    }

    @Test
    void aTokenWorksOnlyWithTheFiltersThatIssuedIt() {
        Reply first = admin("GET", base + "/audit?action=key&limit=1", null);
        String token = first.json().path("nextToken").asText();
        assertThat(token).isNotEmpty();
        // the same filters continue, with any limit
        Reply next = admin("GET", base + "/audit?action=key&limit=2&nextToken=" + q(token), null);
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.json().path("data").get(0).path("action").asText()).isEqualTo("key.rotate");
        for (String other : List.of("", "action=key.revoke&", "action=key&actorId=" + tenant.adminUserId() + "&",
                "action=key&from=" + day(day1) + "&", "action=key&to=" + day(day2) + "&", "action=key&targetId=" + keyId + "&")) {
            Reply reply = admin("GET", base + "/audit?" + other + "nextToken=" + q(token), null);
            assertThat(reply.status()).as(other).isEqualTo(400);
            assertThat(reply.errorParam()).as(other).isEqualTo("nextToken");
        }
    }

    @Test
    void onlyTenantAdminsAndPlatformAdminsReadIt() {
        String t = tenant.tenantId();
        for (String role : List.of("department_admin", "finance", "member")) {
            String user = f.user(t, role.equals("finance") ? null : research, role);
            Fixtures.Key key = f.adminKey(t, user);
            for (String query : List.of("", "?action=key", "?from=2026-11-24&actorId=" + user)) {
                Reply reply = h.as(key.secret(), "GET", base + "/audit" + query, null);
                assertThat(reply.status()).as(role + query).isEqualTo(403);
                assertThat(reply.errorCode()).isEqualTo("permission_denied");
            }
        }
        Reply platform = h.platform("GET", base + "/audit?action=tenant", null);
        assertThat(platform.status()).isEqualTo(200);
        assertThat(platform.json().path("data")).hasSize(1);
        // another tenant's admin sees a tenant that does not exist, filters or not
        Fixtures.TenantWithAdmin other = f.tenant("other");
        assertThat(h.as(other.adminKey().secret(), "GET", base + "/audit?action=key", null).status()).isEqualTo(404);
    }

    /** The kinds and actions the filter accepts are exactly those docs/admin-api.md "Audit log" lists. */
    @Test
    void theActionVocabularyIsTheOneTheGuideLists() throws Exception {
        String guide = Files.readString(RepositoryRoot.locate().resolve("docs/admin-api.md"));
        String section = guide.substring(guide.indexOf("## Audit log"), guide.indexOf("\n## ", guide.indexOf("## Audit log") + 1));
        String sentence = section.substring(section.indexOf("`action` is `<kind>.<verb>`:"), section.indexOf("`actor.kind`"));
        Set<String> listed = new LinkedHashSet<>();
        Matcher m = Pattern.compile("`([a-z]+)\\.([a-z|]+)`").matcher(sentence);
        while (m.find()) {
            for (String verb : m.group(2).split("\\|")) {
                listed.add(m.group(1) + "." + verb);
            }
        }
        Set<String> known = new LinkedHashSet<>();
        AuditActions.VERBS.forEach((kind, verbs) -> verbs.forEach(verb -> known.add(kind + "." + verb)));
        assertThat(listed).containsExactlyElementsOf(known);
    }
}
