package com.gaterouter.admin.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScheduledReconciliationsTest {

    private static final Instant MID_MONTH = Instant.parse("2026-11-17T06:30:00Z");
    private static final Instant FIRST = Instant.parse("2026-12-01T06:30:00Z");

    record Call(String tenantId, String format, LocalDate from, LocalDate to, Optional<String> account, String export) {
    }

    /** Fetches answer "{vendor} {from} {toExclusive}"; vendors in {@code failing} throw. */
    static final class FakeApi implements VendorBillingApi {
        final List<String> fetches = new ArrayList<>();
        final Set<String> failing;

        FakeApi(Set<String> failing) {
            this.failing = failing;
        }

        @Override
        public Set<String> vendors() {
            return Set.of("openai", "anthropic");
        }

        @Override
        public byte[] export(String vendor, LocalDate from, LocalDate toExclusive) {
            fetches.add(vendor);
            if (failing.contains(vendor)) {
                throw new VendorBillingException(vendor, 401, "/organization/costs failed", null);
            }
            return (vendor + " " + from + " " + toExclusive).getBytes(StandardCharsets.UTF_8);
        }
    }

    private final List<Call> calls = new ArrayList<>();
    private final ReconciliationSink recording = (tenantId, format, from, to, account, export) ->
            calls.add(new Call(tenantId, format, from, to, account, new String(export, StandardCharsets.UTF_8)));

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    @Test
    void midMonthTheMonthToDateUpToYesterdayIsReconciledForEachTenantWithABillingAccount() {
        FakeAccounts accounts = new FakeAccounts()
                .tenant("t_a", EntityStatus.ACTIVE, FakeAccounts.terms("openai", LocalDate.of(2026, 1, 1), "proj_a"),
                        FakeAccounts.terms("anthropic", LocalDate.of(2026, 1, 1), "wrkspc_a"))
                .tenant("t_b", EntityStatus.ACTIVE, FakeAccounts.terms("openai", LocalDate.of(2026, 6, 1), "proj_b"));
        FakeApi api = new FakeApi(Set.of());

        var summary = new ScheduledReconciliations(accounts.store(), at(MID_MONTH), api, recording).run(MID_MONTH.plusSeconds(60));

        assertThat(summary).isEqualTo(new ScheduledReconciliations.Summary(2, 3, 0, true));
        LocalDate from = LocalDate.of(2026, 11, 1);
        LocalDate to = LocalDate.of(2026, 11, 16);
        assertThat(calls).containsExactly(
                new Call("t_a", "anthropic", from, to, Optional.of("wrkspc_a"), "anthropic 2026-11-01 2026-11-17"),
                new Call("t_a", "openai", from, to, Optional.of("proj_a"), "openai 2026-11-01 2026-11-17"),
                new Call("t_b", "openai", from, to, Optional.of("proj_b"), "openai 2026-11-01 2026-11-17"));
        assertThat(api.fetches).as("one fetch per vendor and run").containsExactlyInAnyOrder("openai", "anthropic");
    }

    @Test
    void onTheFirstTheWholePreviousMonthIsReconciled() {
        assertThat(ScheduledReconciliations.Period.before(LocalDate.of(2026, 12, 1)))
                .isEqualTo(new ScheduledReconciliations.Period(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30)));
        assertThat(ScheduledReconciliations.Period.before(LocalDate.of(2027, 1, 1)))
                .isEqualTo(new ScheduledReconciliations.Period(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 31)));
        assertThat(ScheduledReconciliations.Period.before(LocalDate.of(2028, 3, 1)).to()).isEqualTo(LocalDate.of(2028, 2, 29));
        assertThat(ScheduledReconciliations.Period.before(LocalDate.of(2026, 11, 2)))
                .isEqualTo(new ScheduledReconciliations.Period(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 1)));

        FakeAccounts accounts = new FakeAccounts().tenant("t_a", EntityStatus.ACTIVE, FakeAccounts.terms("openai", LocalDate.of(2026, 1, 1), "proj_a"));
        new ScheduledReconciliations(accounts.store(), at(FIRST), api(), recording).run(FIRST.plusSeconds(60));

        assertThat(calls).containsExactly(new Call("t_a", "openai", LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30),
                Optional.of("proj_a"), "openai 2026-11-01 2026-12-01"));
    }

    private static FakeApi api() {
        return new FakeApi(Set.of());
    }

    @Test
    void tenantsWithoutTermsWithoutABillingAccountOrNotActiveAreSkippedAndTodaysTermsDecide() {
        FakeAccounts accounts = new FakeAccounts()
                .tenant("t_none", EntityStatus.ACTIVE)
                .tenant("t_no_account", EntityStatus.ACTIVE, FakeAccounts.terms("openai", LocalDate.of(2026, 1, 1), null))
                .tenant("t_archived", EntityStatus.ARCHIVED, FakeAccounts.terms("openai", LocalDate.of(2026, 1, 1), "proj_s"))
                // the account named from tomorrow is not in force today; the one before it had none
                .tenant("t_later", EntityStatus.ACTIVE, FakeAccounts.terms("openai", LocalDate.of(2026, 1, 1), null),
                        FakeAccounts.terms("openai", LocalDate.of(2026, 11, 18), "proj_later"))
                // terms that dropped the account today
                .tenant("t_dropped", EntityStatus.ACTIVE, FakeAccounts.terms("openai", LocalDate.of(2026, 1, 1), "proj_old"),
                        FakeAccounts.terms("openai", LocalDate.of(2026, 11, 17), null));
        FakeApi api = api();

        var summary = new ScheduledReconciliations(accounts.store(), at(MID_MONTH), api, recording).run(MID_MONTH.plusSeconds(60));

        assertThat(summary).as("the archived tenant is not visited").isEqualTo(new ScheduledReconciliations.Summary(4, 0, 0, true));
        assertThat(calls).isEmpty();
        assertThat(api.fetches).as("nothing to reconcile: nothing fetched").isEmpty();
    }

    @Test
    void vendorsWithoutAnAdminKeyAreSkipped() {
        FakeAccounts accounts = new FakeAccounts().tenant("t_a", EntityStatus.ACTIVE, FakeAccounts.terms("openai", LocalDate.of(2026, 1, 1), "proj_a"),
                FakeAccounts.terms("anthropic", LocalDate.of(2026, 1, 1), "wrkspc_a"), FakeAccounts.terms("gemini", LocalDate.of(2026, 1, 1), "gcp_a"));
        FakeApi api = api();

        var summary = new ScheduledReconciliations(accounts.store(), at(MID_MONTH), Set.of("anthropic"), api, recording)
                .run(MID_MONTH.plusSeconds(60));

        assertThat(summary.reconciliations()).isEqualTo(1);
        assertThat(calls).extracting(Call::format).containsExactly("anthropic");
        assertThat(api.fetches).containsExactly("anthropic");

        var none = new ScheduledReconciliations(accounts.store(), at(MID_MONTH), Set.of(), api, recording).run(MID_MONTH.plusSeconds(60));
        assertThat(none).isEqualTo(new ScheduledReconciliations.Summary(0, 0, 0, true));
    }

    @Test
    void aFailingVendorATenantWhoseTermsCannotBeReadAndAFailingReconciliationAreCountedAndTheOthersGoOn() {
        FakeAccounts accounts = new FakeAccounts()
                .tenant("t_a", EntityStatus.ACTIVE, FakeAccounts.terms("openai", LocalDate.of(2026, 1, 1), "proj_a"),
                        FakeAccounts.terms("anthropic", LocalDate.of(2026, 1, 1), "wrkspc_a"))
                .tenant("t_unreadable", EntityStatus.ACTIVE)
                .tenant("t_rejected", EntityStatus.ACTIVE, FakeAccounts.terms("anthropic", LocalDate.of(2026, 1, 1), "wrkspc_bad"))
                .tenant("t_b", EntityStatus.ACTIVE, FakeAccounts.terms("openai", LocalDate.of(2026, 1, 1), "proj_b"),
                        FakeAccounts.terms("anthropic", LocalDate.of(2026, 1, 1), "wrkspc_b"));
        accounts.unreadable.add("t_unreadable");
        FakeApi api = new FakeApi(Set.of("openai"));
        ReconciliationSink sink = (tenantId, format, from, to, account, export) -> {
            if (tenantId.equals("t_rejected")) {
                throw new IllegalArgumentException("the export has no line for wrkspc_bad");
            }
            recording.reconcile(tenantId, format, from, to, account, export);
        };

        var summary = new ScheduledReconciliations(accounts.store(), at(MID_MONTH), api, sink).run(MID_MONTH.plusSeconds(60));

        // openai fails for t_a and t_b (fetched once), t_unreadable's terms, t_rejected's reconciliation
        assertThat(summary).isEqualTo(new ScheduledReconciliations.Summary(4, 2, 4, true));
        assertThat(calls).extracting(Call::tenantId, Call::format)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("t_a", "anthropic"), org.assertj.core.groups.Tuple.tuple("t_b", "anthropic"));
        assertThat(api.fetches).containsExactlyInAnyOrder("openai", "anthropic");
    }

    @Test
    void theRunStopsBetweenTenantsAtTheDeadline() {
        FakeAccounts accounts = new FakeAccounts();
        for (int i = 0; i < 5; i++) {
            accounts.tenant("t_" + i, EntityStatus.ACTIVE, FakeAccounts.terms("openai", LocalDate.of(2026, 1, 1), "proj_" + i));
        }
        // each tenant's terms read takes a minute on this clock
        MutableClock moving = new MutableClock(MID_MONTH);
        accounts.onFindPricing = () -> moving.advance(Duration.ofSeconds(60));

        var summary = new ScheduledReconciliations(accounts.store(), moving, api(), recording).run(MID_MONTH.plusSeconds(150));

        assertThat(summary).isEqualTo(new ScheduledReconciliations.Summary(3, 3, 0, false));
        assertThat(calls).extracting(Call::tenantId).containsExactly("t_0", "t_1", "t_2");
    }

    @Test
    void theVendorsComeFromTheApiUnlessGiven() {
        FakeAccounts accounts = new FakeAccounts();
        assertThat(new ScheduledReconciliations(accounts.store(), at(MID_MONTH), api(), recording).vendors())
                .containsExactly("anthropic", "openai");
    }
}
