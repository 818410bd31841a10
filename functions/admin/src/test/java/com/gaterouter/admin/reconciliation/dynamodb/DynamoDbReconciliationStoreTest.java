package com.gaterouter.admin.reconciliation.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.admin.reconciliation.Reconciliation;
import com.gaterouter.admin.reconciliation.ReconciliationStore;
import com.gaterouter.common.accounts.Actor;
import com.gaterouter.common.accounts.AuditEntry;
import com.gaterouter.common.accounts.EntityKind;
import com.gaterouter.common.accounts.EntityRef;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.PageRequest;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.billing.InvoiceLine;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Reconciliations in the Rollups table with their audit entries in the Accounts table, on DynamoDB Local. */
@ExtendWith(DynamoDbLocalExtension.class)
class DynamoDbReconciliationStoreTest {

    private static final Instant AT = Instant.parse("2026-12-02T09:00:00Z");
    private static final Actor FINANCE = new Actor(Actor.Kind.USER, "user_fin", Optional.of("key_fin"));

    private LocalTables tables;
    private DynamoDbReconciliationStore store;
    private DynamoDbAccountStore accounts;
    private String tenant;

    @BeforeEach
    void setUp(LocalTables tables) {
        this.tables = tables;
        store = new DynamoDbReconciliationStore(tables.client(), tables.name(GatewayTable.ROLLUPS), tables.name(GatewayTable.ACCOUNTS));
        accounts = new DynamoDbAccountStore(tables.client(), tables.name(GatewayTable.ACCOUNTS), tables.name(GatewayTable.API_KEYS));
        tenant = "rec-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Reconciliation reconciliation(String id, Instant at, String reportJson) {
        Reconciliation.Head head = new Reconciliation.Head(tenant, id, "openai", "openai", LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 11, 30), Optional.of("proj_gw"), at, FINANCE);
        List<InvoiceLine> lines = List.of(
                new InvoiceLine("openai", "gpt-4o-mini-2024-07-18", LocalDate.of(2026, 11, 3), InvoiceLine.TokenClass.INPUT,
                        OptionalLong.of(1_000), OptionalLong.of(4), 120, Optional.of("proj_gw")),
                new InvoiceLine("openai", "gpt-4o-mini-2024-07-18", LocalDate.of(2026, 11, 3), InvoiceLine.TokenClass.OTHER,
                        OptionalLong.empty(), OptionalLong.empty(), 5, Optional.empty()));
        return new Reconciliation(head, lines, reportJson);
    }

    private AuditEntry audit(String id, Instant at) {
        return new AuditEntry(tenant, "aud_" + id, at, FINANCE, "reconciliation.create", new EntityRef(EntityKind.RECONCILIATION, id),
                Optional.empty(), Optional.of(Json.MAPPER.createObjectNode().put("id", id)), "req-" + id);
    }

    @Test
    void aReconciliationReadsBackWithItsLinesReportAndAuditEntry() {
        Reconciliation stored = reconciliation("rec_1", AT, "{\"id\":\"rec_1\",\"data\":[]}");
        store.create(stored, "{\"rows\":0}", audit("rec_1", AT));

        assertThat(store.find(tenant, "rec_1")).contains(stored);
        assertThat(store.find(tenant, "rec_2")).isEmpty();
        assertThat(store.find("another-tenant", "rec_1")).isEmpty();
        var log = accounts.audit(tenant, PageRequest.first(10)).items();
        assertThat(log).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo("reconciliation.create");
            assertThat(entry.target()).isEqualTo(new EntityRef(EntityKind.RECONCILIATION, "rec_1"));
        });
    }

    @Test
    void theListIsNewestFirstPagedAndShowsTheSummary() {
        for (int i = 1; i <= 3; i++) {
            String id = "rec_000000000000" + i;
            store.create(reconciliation(id, AT.plusSeconds(i), "{}"), "{\"rows\":" + i + "}", audit(id, AT.plusSeconds(i)));
        }
        Page<ReconciliationStore.Listed> first = store.list(tenant, PageRequest.first(2));
        assertThat(first.items()).extracting(l -> l.head().id()).containsExactly("rec_0000000000003", "rec_0000000000002");
        assertThat(first.items().getFirst().summaryJson()).isEqualTo("{\"rows\":3}");
        assertThat(first.items().getFirst().head().account()).contains("proj_gw");
        assertThat(first.items().getFirst().head().createdBy()).isEqualTo(FINANCE);
        assertThat(first.nextToken()).isPresent();
        Page<ReconciliationStore.Listed> second = store.list(tenant, new PageRequest(2, first.nextToken()));
        assertThat(second.items()).extracting(l -> l.head().id()).containsExactly("rec_0000000000001");
    }

    @Test
    void aReportLargerThanOneItemIsCompressedAndSplitIntoParts() {
        // random text compresses little: 700 000 characters of 90 kinds stay over 500 KB, more than one part of at most 300 000 bytes
        SecureRandom random = new SecureRandom(new byte[] {7});
        StringBuilder noise = new StringBuilder();
        for (int i = 0; i < 700_000; i++) {
            noise.append((char) ('!' + random.nextInt(90)));
        }
        String report = Json.MAPPER.createObjectNode().put("noise", noise.toString()).toString();
        Reconciliation big = reconciliation("rec_big", AT, report);
        store.create(big, "{}", audit("rec_big", AT));

        List<Map<String, AttributeValue>> parts = new ArrayList<>();
        tables.client().queryPaginator(b -> b.tableName(tables.name(GatewayTable.ROLLUPS))
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("TENANT#" + tenant),
                        ":prefix", AttributeValue.fromS(DynamoDbReconciliationStore.PART_PREFIX + "rec_big#")))).items().forEach(parts::add);
        assertThat(parts).hasSizeGreaterThan(1)
                .allSatisfy(part -> assertThat(part.get("data").b().asByteArray().length).isLessThanOrEqualTo(DynamoDbReconciliationStore.PART_BYTES));
        assertThat(store.find(tenant, "rec_big")).contains(big);
    }

    @Test
    void aWriteThatCannotBeAuditedStoresNothing() {
        store.create(reconciliation("rec_a", AT, "{}"), "{}", audit("rec_a", AT));
        // the audit entry exists already: the transaction is cancelled, so rec_b's head and parts are not written either
        AuditEntry taken = new AuditEntry(tenant, "aud_rec_a", AT, FINANCE, "reconciliation.create",
                new EntityRef(EntityKind.RECONCILIATION, "rec_b"), Optional.empty(), Optional.empty(), "req-b");
        assertThatThrownBy(() -> store.create(reconciliation("rec_b", AT, "{}"), "{}", taken))
                .isInstanceOf(TransactionCanceledException.class);

        assertThat(store.find(tenant, "rec_b")).isEmpty();
        assertThat(store.list(tenant, PageRequest.first(10)).items()).extracting(l -> l.head().id()).containsExactly("rec_a");
    }
}
