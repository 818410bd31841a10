package com.gaterouter.admin.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.admin.reconciliation.ReconciliationReport.CauseTotal;
import com.gaterouter.admin.reconciliation.ReconciliationReport.PriceCheck;
import com.gaterouter.admin.reconciliation.ReconciliationReport.Row;
import com.gaterouter.admin.testing.ReconciliationFixtures;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.billing.InvoiceLine;
import com.gaterouter.common.billing.InvoiceLine.TokenClass;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's arithmetic with hand-computed figures. Prices (after 20 % off) per 1M tokens:
 * gpt-4o-mini input 120 000 µ$, cached 60 000 µ$, output 480 000 µ$. A gateway request of 1 000
 * prompt and 500 completion tokens costs 1 000 × 0.12 + 500 × 0.48 = 360 µ$; ten of them 3 600 µ$,
 * whose tolerance against a two-line invoice is 10 × 0.5 + 2 × 0.5 = 6 µ$.
 */
class ReconcilerTest {

    private static final String MINI = "openai/gpt-4o-mini";
    private static final LocalDate DAY = LocalDate.of(2026, 11, 10);
    private static final Principal WHO = new Principal("t1", "dept_1", "proj_1", "user_1", "key_1");

    /** Ten requests of 1 000 prompt (of them {@code cached} cached) and 500 completion tokens on {@code day}, each costing {@code costEach}. */
    private static List<UsageRecord> tenRequests(LocalDate day, long cached, long costEach) {
        List<UsageRecord> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(request(MINI, "openai", day, new TokenUsage(1000, cached, 0, 500, 0), costEach, UsageStatus.SUCCEEDED));
        }
        return records;
    }

    private static UsageRecord request(String model, String vendor, LocalDate day, TokenUsage tokens, long cost, UsageStatus status) {
        return new UsageRecord("req-" + System.identityHashCode(tokens) + "-" + Math.random(), WHO, model, model, vendor, 1, tokens, cost,
                100, 50, status, status == UsageStatus.REFUSED ? 429 : 200, false, day.atTime(12, 0).toInstant(ZoneOffset.UTC));
    }

    private static InvoiceLine line(String model, LocalDate day, TokenClass tokenClass, long tokens, long cost) {
        return new InvoiceLine("openai", model, day, tokenClass, OptionalLong.of(tokens), OptionalLong.of(10), cost, Optional.empty());
    }

    private static InvoiceLine line(LocalDate day, TokenClass tokenClass, long tokens, long cost, String account) {
        return new InvoiceLine("openai", "gpt-4o-mini-2024-07-18", day, tokenClass, OptionalLong.of(tokens), OptionalLong.empty(), cost,
                Optional.ofNullable(account));
    }

    private static ReconciliationReport reconcile(List<InvoiceLine> lines, List<UsageRecord> usage) {
        return reconcile(lines, usage, Optional.empty(), 1);
    }

    private static ReconciliationReport reconcile(List<InvoiceLine> lines, List<UsageRecord> usage, Optional<String> account, long unit) {
        return Reconciler.reconcile(new Reconciler.Input("t1", "openai", LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), account,
                unit, lines, usage), ReconciliationFixtures.prices());
    }

    /** Invoice input and output lines for one day. */
    private static List<InvoiceLine> invoice(long inputTokens, long inputCost, long outputTokens, long outputCost) {
        return List.of(line("gpt-4o-mini-2024-07-18", DAY, TokenClass.INPUT, inputTokens, inputCost),
                line("gpt-4o-mini-2024-07-18", DAY, TokenClass.OUTPUT, outputTokens, outputCost));
    }

    private static Row only(ReconciliationReport report) {
        assertThat(report.rows()).hasSize(1);
        return report.rows().getFirst();
    }

    @Test
    void anInvoiceThatAgreesWithTheGatewayMatches() {
        Row row = only(reconcile(invoice(10_000, 1_200, 5_000, 2_400), tenRequests(DAY, 0, 360)));

        assertThat(row.cause()).isEqualTo(Cause.MATCHED);
        assertThat(row.vendor()).isEqualTo("openai");
        assertThat(row.model()).isEqualTo(MINI);
        assertThat(row.day()).isEqualTo(DAY);
        assertThat(row.gateway().requests()).isEqualTo(10);
        assertThat(row.gateway().tokens()).isEqualTo(new Tokens(10_000, 0, 0, 5_000));
        assertThat(row.gateway().costMicros()).isEqualTo(3_600);
        assertThat(row.invoice().tokens()).contains(new Tokens(10_000, 0, 0, 5_000));
        assertThat(row.invoice().requests()).hasValue(10);
        assertThat(row.invoice().costMicros()).isEqualTo(3_600);
        assertThat(row.differenceMicros()).isZero();
        assertThat(row.toleranceMicros()).isEqualByComparingTo("6.0");
    }

    @Test
    void theToleranceIsHalfAMicroDollarPerRequestAndHalfTheExportUnitPerLine() {
        // 6 µ$ either way is rounding; 7 µ$ is not (the output line then prices 5 000 tokens at 481 400 µ$ per 1M)
        assertThat(only(reconcile(invoice(10_000, 1_200, 5_000, 2_406), tenRequests(DAY, 0, 360))).cause()).isEqualTo(Cause.MATCHED);
        assertThat(only(reconcile(invoice(10_000, 1_200, 5_000, 2_394), tenRequests(DAY, 0, 360))).cause()).isEqualTo(Cause.MATCHED);
        assertThat(only(reconcile(invoice(10_000, 1_200, 5_000, 2_407), tenRequests(DAY, 0, 360))).cause()).isEqualTo(Cause.PRICE_CHANGE);
        // an export rounding each line to 1/100 cent (100 µ$): 10 × 0.5 + 2 × 50 = 105 µ$
        Row anthropicUnit = only(reconcile(invoice(10_000, 1_200, 5_000, 2_505), tenRequests(DAY, 0, 360), Optional.empty(), 100));
        assertThat(anthropicUnit.toleranceMicros()).isEqualByComparingTo("105.0");
        assertThat(anthropicUnit.cause()).isEqualTo(Cause.MATCHED);
        assertThat(only(reconcile(invoice(10_000, 1_200, 5_000, 2_506), tenRequests(DAY, 0, 360), Optional.empty(), 100)).cause())
                .isNotEqualTo(Cause.MATCHED);
    }

    @Test
    void extraInvoiceTokensThatCostTheDifferenceAtTheContractPriceAreABypass() {
        // 300 input + 150 output tokens more: 300 × 0.12 + 150 × 0.48 = 36 + 72 = 108 µ$; the invoice says 109 (1 µ$ rounding)
        Row row = only(reconcile(invoice(10_300, 1_237, 5_150, 2_472), tenRequests(DAY, 0, 360)));

        assertThat(row.cause()).isEqualTo(Cause.BYPASS);
        assertThat(row.differenceMicros()).isEqualTo(109);
        assertThat(row.bypassTokens()).isEqualTo(450);
        assertThat(row.bypassMicros()).isEqualTo(108);
    }

    @Test
    void aDayTheGatewayNeverSawIsAllBypass() {
        LocalDate other = DAY.plusDays(1);
        Row row = only(reconcile(List.of(line("gpt-4o-mini", other, TokenClass.INPUT, 1_000, 120),
                line("gpt-4o-mini", other, TokenClass.OUTPUT, 500, 240)), List.of()));

        assertThat(row.cause()).isEqualTo(Cause.BYPASS);
        assertThat(row.gateway().requests()).isZero();
        assertThat(row.bypassTokens()).isEqualTo(1_500);
        assertThat(row.bypassMicros()).isEqualTo(360);
        // the invoice's 10 requests and its two lines: 10 × 0.5 + 2 × 0.5
        assertThat(row.toleranceMicros()).isEqualByComparingTo("6.0");
    }

    @Test
    void requestsTheInvoiceCountsBeyondTheGatewaysWidenTheTolerance() {
        // 14 requests on the invoice, 10 through the gateway: 14 × 0.5 + 2 × 0.5 = 8 µ$
        List<InvoiceLine> lines = List.of(
                new InvoiceLine("openai", "gpt-4o-mini", DAY, TokenClass.INPUT, OptionalLong.of(14_000), OptionalLong.of(14), 1_680, Optional.empty()),
                new InvoiceLine("openai", "gpt-4o-mini", DAY, TokenClass.OUTPUT, OptionalLong.of(7_000), OptionalLong.of(14), 3_368, Optional.empty()));
        Row row = only(reconcile(lines, tenRequests(DAY, 0, 360)));

        // 4 000 × 0.12 + 2 000 × 0.48 = 1 440 µ$ of bypass; the invoice is 1 448 µ$ more: 8 µ$ of rounding, just within
        assertThat(row.toleranceMicros()).isEqualByComparingTo("8.0");
        assertThat(row.differenceMicros()).isEqualTo(1_448);
        assertThat(row.cause()).isEqualTo(Cause.BYPASS);
        assertThat(row.bypassMicros()).isEqualTo(1_440);
    }

    @Test
    void extraTokensThatDoNotCostTheDifferenceAreUnexplained() {
        // 300 more input tokens would cost 36 µ$; the invoice is 500 µ$ more
        Row row = only(reconcile(invoice(10_300, 1_700, 5_000, 2_400), tenRequests(DAY, 0, 360)));

        assertThat(row.cause()).isEqualTo(Cause.UNEXPLAINED);
        assertThat(row.bypassTokens()).isZero();
        assertThat(row.differenceMicros()).isEqualTo(500);
    }

    @Test
    void theSamePromptTokensSplitOtherwiseIntoCachedTokensIsCachePricing() {
        // gateway: 10 × (600 input + 400 cached + 500 output) = 10 × (72 + 24 + 240) = 3 360 µ$
        // invoice: 7 000 input (840) + 3 000 cached (180) + 5 000 output (2 400) = 3 420 µ$
        List<InvoiceLine> lines = List.of(line("gpt-4o-mini", DAY, TokenClass.INPUT, 7_000, 840),
                line("gpt-4o-mini", DAY, TokenClass.CACHED_INPUT, 3_000, 180), line("gpt-4o-mini", DAY, TokenClass.OUTPUT, 5_000, 2_400));
        Row row = only(reconcile(lines, tenRequests(DAY, 400, 336)));

        assertThat(row.cause()).isEqualTo(Cause.CACHE_PRICING);
        assertThat(row.gateway().tokens()).isEqualTo(new Tokens(6_000, 4_000, 0, 5_000));
        assertThat(row.invoice().tokens()).contains(new Tokens(7_000, 3_000, 0, 5_000));
        assertThat(row.differenceMicros()).isEqualTo(60);
        assertThat(row.detail()).contains("3000 cached").contains("4000");
    }

    @Test
    void cachedTokensPricedOtherwiseIsCachePricing() {
        // same tokens; the invoice prices 4 000 cached tokens at 300 µ$ (75 000 per 1M) instead of 240 µ$
        List<InvoiceLine> lines = List.of(line("gpt-4o-mini", DAY, TokenClass.INPUT, 6_000, 720),
                line("gpt-4o-mini", DAY, TokenClass.CACHED_INPUT, 4_000, 300), line("gpt-4o-mini", DAY, TokenClass.OUTPUT, 5_000, 2_400));
        Row row = only(reconcile(lines, tenRequests(DAY, 400, 336)));

        assertThat(row.cause()).isEqualTo(Cause.CACHE_PRICING);
        assertThat(row.differenceMicros()).isEqualTo(60);
        PriceCheck cached = row.prices().stream().filter(p -> p.tokenClass() == TokenClass.CACHED_INPUT).findFirst().orElseThrow();
        assertThat(cached.invoicePer1M()).hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("75000"));
        assertThat(cached.bookPer1M()).hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("60000"));
    }

    @Test
    void theSameTokensAtAnotherPriceIsAPriceChangeWithTheImpliedPrice() {
        // the invoice bills output at list price, 600 000 µ$ per 1M: 5 000 tokens cost 3 000 µ$, not 2 400
        Row row = only(reconcile(invoice(10_000, 1_200, 5_000, 3_000), tenRequests(DAY, 0, 360)));

        assertThat(row.cause()).isEqualTo(Cause.PRICE_CHANGE);
        assertThat(row.differenceMicros()).isEqualTo(600);
        assertThat(row.prices()).hasSize(2);
        PriceCheck output = row.prices().get(1);
        assertThat(output.tokenClass()).isEqualTo(TokenClass.OUTPUT);
        assertThat(output.invoicePer1M()).contains(new BigDecimal("600000.000000"));
        assertThat(output.bookPer1M()).contains(new BigDecimal("480000"));
        assertThat(row.detail()).contains("output");
    }

    @Test
    void gatewayUsageTheInvoiceLacksIsNotBilled() {
        Row none = only(reconcile(List.of(), tenRequests(DAY, 0, 360)));
        assertThat(none.cause()).isEqualTo(Cause.NOT_BILLED);
        assertThat(none.differenceMicros()).isEqualTo(-3_600);

        // the invoice lacks 1 000 input and 500 output tokens: 120 + 240 = 360 µ$ less
        Row fewer = only(reconcile(invoice(9_000, 1_080, 4_500, 2_160), tenRequests(DAY, 0, 360)));
        assertThat(fewer.cause()).isEqualTo(Cause.NOT_BILLED);
        assertThat(fewer.differenceMicros()).isEqualTo(-360);
    }

    @Test
    void aModelTheCatalogDoesNotKnowIsUnknownModelUnderTheVendorsName() {
        Row row = only(reconcile(List.of(line("gpt-9-preview", DAY, TokenClass.INPUT, 100, 50)), List.of()));

        assertThat(row.cause()).isEqualTo(Cause.UNKNOWN_MODEL);
        assertThat(row.model()).isEqualTo("gpt-9-preview");
    }

    @Test
    void aCostOnlyExportCanMatchButExplainsNothing() {
        List<InvoiceLine> costOnly = List.of(new InvoiceLine("openai", "gpt-4o-mini", DAY, TokenClass.INPUT, OptionalLong.empty(),
                OptionalLong.empty(), 3_700, Optional.empty()));
        Row row = only(reconcile(costOnly, tenRequests(DAY, 0, 360)));

        assertThat(row.invoice().tokens()).isEmpty();
        assertThat(row.cause()).isEqualTo(Cause.UNEXPLAINED);
        assertThat(only(reconcile(List.of(new InvoiceLine("openai", "gpt-4o-mini", DAY, TokenClass.INPUT, OptionalLong.empty(),
                OptionalLong.empty(), 3_603, Optional.empty())), tenRequests(DAY, 0, 360))).cause()).isEqualTo(Cause.MATCHED);
    }

    @Test
    void linesOutsideThePeriodAndUsageOutsideItAreIgnoredAndCounted() {
        List<InvoiceLine> lines = new ArrayList<>(invoice(10_000, 1_200, 5_000, 2_400));
        lines.add(line("gpt-4o-mini", LocalDate.of(2026, 10, 31), TokenClass.INPUT, 999, 999));
        lines.add(line("gpt-4o-mini", LocalDate.of(2026, 12, 1), TokenClass.INPUT, 999, 999));
        List<UsageRecord> usage = new ArrayList<>(tenRequests(DAY, 0, 360));
        usage.addAll(tenRequests(LocalDate.of(2026, 12, 1), 0, 360));
        ReconciliationReport report = reconcile(lines, usage);

        assertThat(only(report).cause()).isEqualTo(Cause.MATCHED);
        assertThat(report.summary().linesRead()).isEqualTo(4);
        assertThat(report.summary().linesOutsidePeriod()).isEqualTo(2);
    }

    @Test
    void theAccountFilterKeepsOnlyThatAccountsLines() {
        List<InvoiceLine> lines = List.of(line(DAY, TokenClass.INPUT, 10_000, 1_200, "proj_gateway"),
                line(DAY, TokenClass.OUTPUT, 5_000, 2_400, "proj_gateway"),
                line(DAY, TokenClass.INPUT, 50_000, 6_000, "proj_other"),
                line(DAY, TokenClass.INPUT, 70_000, 8_400, null));
        ReconciliationReport filtered = reconcile(lines, tenRequests(DAY, 0, 360), Optional.of("proj_gateway"), 1);

        assertThat(only(filtered).cause()).isEqualTo(Cause.MATCHED);
        assertThat(filtered.summary().linesOtherAccounts()).isEqualTo(2);
        // without the filter the other accounts' 120 000 input tokens are traffic the gateway did not see
        Row all = only(reconcile(lines, tenRequests(DAY, 0, 360)));
        assertThat(all.cause()).isEqualTo(Cause.BYPASS);
        assertThat(all.bypassMicros()).isEqualTo(14_400);
    }

    @Test
    void onlyTheFormatsVendorsServedRequestsCount() {
        List<UsageRecord> usage = new ArrayList<>(tenRequests(DAY, 0, 360));
        usage.add(request("anthropic/claude-3-haiku", "anthropic", DAY, new TokenUsage(100, 0, 0, 10, 0), 30, UsageStatus.SUCCEEDED));
        usage.add(request(MINI, "openai", DAY, TokenUsage.NONE, 0, UsageStatus.REFUSED));
        Row row = only(reconcile(invoice(10_000, 1_200, 5_000, 2_400), usage));

        assertThat(row.cause()).isEqualTo(Cause.MATCHED);
        assertThat(row.gateway().requests()).isEqualTo(10);
    }

    @Test
    void rowsAreSortedAndTheSummaryAddsThemUp() {
        LocalDate second = DAY.plusDays(1);
        List<InvoiceLine> lines = new ArrayList<>();
        // DAY: 108 µ$ bypass (invoice 3 708); second day: matched (3 600); an unknown model: 50 µ$
        lines.addAll(List.of(line("gpt-4o-mini", second, TokenClass.INPUT, 10_000, 1_200), line("gpt-4o-mini", second, TokenClass.OUTPUT, 5_000, 2_400)));
        lines.addAll(invoice(10_300, 1_236, 5_150, 2_472));
        lines.add(line("gpt-9-preview", DAY, TokenClass.INPUT, 100, 50));
        List<UsageRecord> usage = new ArrayList<>(tenRequests(second, 0, 360));
        usage.addAll(tenRequests(DAY, 0, 360));
        ReconciliationReport report = reconcile(lines, usage);

        // by vendor, model (the vendor's name for a model the catalog lacks), day
        assertThat(report.rows()).extracting(Row::model, Row::day, Row::cause).containsExactly(
                org.assertj.core.groups.Tuple.tuple("gpt-9-preview", DAY, Cause.UNKNOWN_MODEL),
                org.assertj.core.groups.Tuple.tuple(MINI, DAY, Cause.BYPASS),
                org.assertj.core.groups.Tuple.tuple(MINI, second, Cause.MATCHED));
        ReconciliationReport.Summary s = report.summary();
        assertThat(s.gateway().costMicros()).isEqualTo(7_200);
        assertThat(s.invoiceCostMicros()).isEqualTo(3_708 + 3_600 + 50);
        assertThat(s.differenceMicros()).isEqualTo(158);
        assertThat(s.byCause()).containsEntry(Cause.BYPASS, new CauseTotal(1, 108)).containsEntry(Cause.MATCHED, new CauseTotal(1, 0))
                .containsEntry(Cause.UNKNOWN_MODEL, new CauseTotal(1, 50));
        assertThat(s.explainedMicros()).isEqualTo(108);
        assertThat(s.unexplainedMicros()).isEqualTo(50);
        assertThat(s.bypassTokens()).isEqualTo(450);
        assertThat(s.bypassMicros()).isEqualTo(108);
        // 108 / 7 358 = 1.4678 %
        assertThat(s.bypassSharePercent()).contains(new BigDecimal("1.47"));
        assertThat(s.reconciled()).isFalse();
        assertThat(s.invoiceTokens()).isEqualTo(new Tokens(20_400, 0, 0, 10_150));
    }

    @Test
    void everyRowMatchedOrExplainedIsReconciled() {
        ReconciliationReport report = reconcile(invoice(10_300, 1_236, 5_150, 2_472), tenRequests(DAY, 0, 360));

        assertThat(report.summary().reconciled()).isTrue();
        assertThat(report.summary().unexplainedMicros()).isZero();
        assertThat(report.summary().bypassSharePercent()).contains(new BigDecimal("2.91"));
    }
}
