package com.gaterouter.common.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.accounts.dynamodb.AccountItems;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The audit log's filters and their paging, on DynamoDB Local; {@link AuditQuery#matches} is the reference. */
@ExtendWith(DynamoDbLocalExtension.class)
class DynamoDbAuditQueryTest {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    private static final String ARN = "arn:aws:iam::123456789012:role/platform-ops";
    private static final List<String> ACTIONS = List.of("key.create", "key.rotate", "key.revoke", "department.create",
            "department.archive", "budget.update", "project.create", "policy.delete", "keyring.create");
    private static final List<Actor> ACTORS = List.of(
            new Actor(Actor.Kind.USER, "usr_ada", Optional.of("key_ada_admin")),
            new Actor(Actor.Kind.USER, "usr_bob", Optional.of("key_bob_admin")),
            new Actor(Actor.Kind.PLATFORM, "bootstrap-key", Optional.empty()),
            new Actor(Actor.Kind.PLATFORM, ARN, Optional.empty()),
            new Actor(Actor.Kind.SYSTEM, "cascade:department/dept_research", Optional.empty()));
    private static final List<EntityRef> TARGETS = List.of(
            new EntityRef(EntityKind.KEY, "key_one"),
            new EntityRef(EntityKind.KEY, "key_two"),
            new EntityRef(EntityKind.DEPARTMENT, "dept_research"),
            new EntityRef(EntityKind.BUDGET, "department/dept_research"),
            new EntityRef(EntityKind.PROJECT, "proj_chat"));

    private LocalTables tables;
    private DynamoDbAccountStore store;
    private String tenantId;
    private final List<AuditEntry> written = new ArrayList<>();

    @BeforeEach
    void setUp(LocalTables tables) {
        this.tables = tables;
        store = new DynamoDbAccountStore(tables.client(), tables.name(GatewayTable.ACCOUNTS), tables.name(GatewayTable.API_KEYS));
        tenantId = "t_" + UUID.randomUUID().toString().substring(0, 8);
        // 90 entries a minute apart, three at a time sharing an instant; actions, actors and targets
        // cycle at co-prime lengths so every combination occurs
        List<AuditEntry> entries = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            entries.add(entry(T0.plus(Duration.ofMinutes(i / 3)), ACTIONS.get(i % ACTIONS.size()),
                    ACTORS.get(i % ACTORS.size()), TARGETS.get((i / 2) % TARGETS.size())));
        }
        write(entries);
        // another tenant's entries that match everything: never listed
        String other = tenantId + "x";
        write(List.of(new AuditEntry(other, "aud_other", T0.plusSeconds(60), ACTORS.get(0), "key.create", TARGETS.get(0),
                Optional.empty(), Optional.empty(), "req")));
        written.removeIf(e -> e.tenantId().equals(other));
    }

    private AuditEntry entry(Instant at, String action, Actor actor, EntityRef target) {
        return new AuditEntry(tenantId, "aud_" + UUID.randomUUID().toString().replace("-", ""), at, actor, action, target,
                Optional.empty(), Optional.empty(), "req_" + written.size());
    }

    private void write(List<AuditEntry> entries) {
        for (int i = 0; i < entries.size(); i += 25) {
            List<WriteRequest> batch = entries.subList(i, Math.min(entries.size(), i + 25)).stream()
                    .map(e -> WriteRequest.builder().putRequest(PutRequest.builder().item(AccountItems.toItem(e)).build()).build())
                    .toList();
            var response = tables.client().batchWriteItem(b -> b.requestItems(java.util.Map.of(tables.name(GatewayTable.ACCOUNTS), batch)));
            assertThat(response.unprocessedItems()).isEmpty();
        }
        written.addAll(entries);
    }

    /** Newest first, as the sort key orders them (time, then audit id). */
    private List<AuditEntry> expected(AuditQuery query) {
        return written.stream().filter(query::matches)
                .sorted(Comparator.comparing((AuditEntry e) -> AccountItems.auditSk(e.at(), e.auditId())).reversed())
                .toList();
    }

    private record Walk(List<AuditEntry> entries, List<Integer> pageSizes) {
    }

    private Walk walk(AuditQuery query, int limit) {
        List<AuditEntry> all = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            Page<AuditEntry> page = store.audit(tenantId, query, new PageRequest(limit, token));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            all.addAll(page.items());
            sizes.add(page.items().size());
            token = page.nextToken();
            assertThat(sizes).as("pages").hasSizeLessThan(200);
        } while (token.isPresent());
        return new Walk(all, sizes);
    }

    private void assertListsExactly(AuditQuery query, int limit) {
        List<AuditEntry> expected = expected(query);
        Walk walk = walk(query, limit);
        assertThat(walk.entries()).as(query.toString()).containsExactlyElementsOf(expected);
        // far below the read budget, pages are full until the last, which is never empty unless the list is
        List<Integer> sizes = walk.pageSizes();
        for (int i = 0; i < sizes.size() - 1; i++) {
            assertThat(sizes.get(i)).as(query + " page " + i).isEqualTo(limit);
        }
        if (!expected.isEmpty()) {
            assertThat(sizes.getLast()).as(query + " last page").isPositive();
        }
    }

    @Test
    void theWholeLogIsNewestFirstAsBefore() {
        assertListsExactly(AuditQuery.all(), 7);
        assertThat(store.audit(tenantId, PageRequest.first(100)).items()).containsExactlyElementsOf(expected(AuditQuery.all()));
    }

    @Test
    void eachFilterAlone() {
        AuditQuery all = AuditQuery.all();
        assertThat(expected(all.withAction("key.revoke"))).hasSize(10).allMatch(e -> e.action().equals("key.revoke"));
        assertListsExactly(all.withAction("key.revoke"), 4);
        // a kind is every action of that kind, and only that kind ("keyring.create" is not a key action)
        assertThat(expected(all.withAction("key"))).hasSize(30).extracting(AuditEntry::action)
                .containsOnly("key.create", "key.rotate", "key.revoke");
        assertListsExactly(all.withAction("key"), 7);
        assertListsExactly(all.withAction("department"), 5);
        // an actor by id: a user, the bootstrap key, an IAM ARN, a cascade
        for (Actor actor : ACTORS) {
            assertThat(expected(all.withActorId(actor.id()))).hasSize(18);
            assertListsExactly(all.withActorId(actor.id()), 5);
        }
        // or by the admin key a user acted with
        assertThat(expected(all.withActorId("key_bob_admin"))).hasSize(18).allMatch(e -> e.actor().id().equals("usr_bob"));
        assertListsExactly(all.withActorId("key_bob_admin"), 5);
        assertListsExactly(all.withTargetId("key_one"), 6);
        assertListsExactly(all.withTargetId("department/dept_research"), 6);
        assertThat(expected(all.withTargetId("dept_research"))).hasSize(18); // exact: not the budget of it
        assertListsExactly(all.withTargetId("dept_research"), 6);
        assertListsExactly(all.withTargetId("key_nobody"), 6);
        assertThat(walk(all.withTargetId("key_nobody"), 6).pageSizes()).containsExactly(0);
    }

    @Test
    void timeBoundsAreInclusiveToTheNanosecond() {
        Instant from = T0.plus(Duration.ofMinutes(5));
        Instant to = T0.plus(Duration.ofMinutes(9));
        AuditQuery range = AuditQuery.all().withFrom(from).withTo(to);
        // five instants, three entries each, including all three at exactly 'from' and exactly 'to'
        assertThat(expected(range)).hasSize(15);
        assertListsExactly(range, 4);
        assertThat(walk(range, 100).entries().getFirst().at()).isEqualTo(to);
        assertThat(walk(range, 100).entries().getLast().at()).isEqualTo(from);
        assertThat(expected(AuditQuery.all().withFrom(from.plusNanos(1)).withTo(to.minusNanos(1)))).hasSize(9);
        assertListsExactly(AuditQuery.all().withFrom(from.plusNanos(1)).withTo(to.minusNanos(1)), 4);
        assertListsExactly(AuditQuery.all().withFrom(from), 11);
        assertListsExactly(AuditQuery.all().withTo(to), 11);
        assertListsExactly(AuditQuery.all().withFrom(to).withTo(to), 2); // one instant
        // a day as the API turns it into instants: its first and its last nanosecond
        Instant dayStart = Instant.parse("2026-11-24T00:00:00Z");
        Instant dayEnd = Instant.parse("2026-11-24T23:59:59.999999999Z");
        assertThat(walk(AuditQuery.all().withFrom(dayStart).withTo(dayEnd), 50).entries()).hasSize(90);
        assertThat(walk(AuditQuery.all().withTo(dayStart.minusNanos(1)), 50).entries()).isEmpty();
        assertThat(walk(AuditQuery.all().withFrom(dayEnd.plusNanos(1)), 50).pageSizes()).containsExactly(0);
        // bounds beyond what the sort key can spell are no bound at all
        assertListsExactly(AuditQuery.all().withFrom(Instant.parse("-1000-01-01T00:00:00Z"))
                .withTo(Instant.parse("+20000-01-01T00:00:00Z")), 30);
    }

    @Test
    void filtersCombine() {
        AuditQuery query = AuditQuery.all().withAction("key").withActorId("usr_ada")
                .withFrom(T0.plus(Duration.ofMinutes(3))).withTo(T0.plus(Duration.ofMinutes(25)));
        assertThat(expected(query)).isNotEmpty();
        assertListsExactly(query, 2);
        AuditQuery targeted = AuditQuery.all().withTargetId("department/dept_research").withActorId(ARN);
        assertListsExactly(targeted, 1);
        AuditQuery everything = AuditQuery.all().withAction("key.create").withActorId("key_ada_admin").withTargetId("key_one")
                .withFrom(T0).withTo(T0.plus(Duration.ofHours(1)));
        assertListsExactly(everything, 3);
        assertThat(expected(everything)).allMatch(e -> e.action().equals("key.create") && e.actor().id().equals("usr_ada")
                && e.target().id().equals("key_one"));
    }

    @Test
    void aTokenOutsideTheTimeBoundsIsRefused() {
        AuditQuery late = AuditQuery.all().withFrom(T0.plus(Duration.ofMinutes(20)));
        Page<AuditEntry> first = store.audit(tenantId, late, PageRequest.first(3));
        assertThat(first.nextToken()).isPresent();
        // the same query continues; one whose bounds exclude the position is not this list
        assertThat(store.audit(tenantId, late, new PageRequest(3, first.nextToken())).items()).hasSize(3);
        AuditQuery early = AuditQuery.all().withTo(T0.plus(Duration.ofMinutes(5)));
        assertThatThrownBy(() -> store.audit(tenantId, early, new PageRequest(3, first.nextToken())))
                .isInstanceOf(InvalidPageTokenException.class);
        String departmentToken = store.listDepartments(tenantId, PageRequest.first(1), d -> true).nextToken().orElse("REVQVCN4");
        assertThatThrownBy(() -> store.audit(tenantId, late, new PageRequest(3, Optional.of(departmentToken))))
                .isInstanceOf(InvalidPageTokenException.class);
    }

    @Test
    void aRareMatchInALongLogAnswersShortPagesWithATokenAndTheLastPageHasNone() {
        // 2,500 entries nobody filters for, between two pairs of matches
        Instant base = T0.plus(Duration.ofDays(1));
        List<AuditEntry> noise = new ArrayList<>();
        write(List.of(entry(base, "pricing.update", ACTORS.get(0), TARGETS.get(0)),
                entry(base.plusSeconds(1), "pricing.update", ACTORS.get(1), TARGETS.get(1))));
        for (int i = 0; i < 2500; i++) {
            noise.add(entry(base.plusSeconds(10 + i), "key.update", ACTORS.get(i % ACTORS.size()), TARGETS.get(i % TARGETS.size())));
        }
        write(noise);
        write(List.of(entry(base.plusSeconds(5000), "pricing.update", ACTORS.get(2), TARGETS.get(2)),
                entry(base.plusSeconds(5001), "pricing.update", ACTORS.get(3), TARGETS.get(3))));

        AuditQuery pricing = AuditQuery.all().withAction("pricing");
        Walk walk = walk(pricing, 50);
        assertThat(walk.entries()).containsExactlyElementsOf(expected(pricing)).hasSize(4);
        // the first page reads the two newest and stops after its read budget with a token; the walk
        // ends with the two oldest and no token
        assertThat(walk.pageSizes().getFirst()).isEqualTo(2);
        assertThat(walk.pageSizes().getLast()).isEqualTo(2);
        assertThat(walk.pageSizes().size()).isBetween(3, 5);
        assertThat(walk.pageSizes().subList(1, walk.pageSizes().size() - 1)).containsOnly(0);

        // the time bounds are the key condition, so a bounded query reads only its range: one full page
        AuditQuery bounded = pricing.withTo(base.plusSeconds(5));
        assertThat(walk(bounded, 50).pageSizes()).containsExactly(2);
        // an unfiltered page is always full
        assertThat(walk(AuditQuery.all().withFrom(base), 100).pageSizes()).hasSize(26).first().isEqualTo(100);
    }
}
