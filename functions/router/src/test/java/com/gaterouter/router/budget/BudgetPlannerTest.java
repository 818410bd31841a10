package com.gaterouter.router.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Limits;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.money.ModelPrice;
import com.gaterouter.router.catalog.ModelSpec;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BudgetPlannerTest {

    static final Principal WHO = new Principal("t1", "d1", "p1", "u1", "k1");
    static final Instant AT = Instant.parse("2026-11-30T23:30:00Z");

    static ModelSpec model(String id, int maxOut, long inPer1M, long outPer1M) {
        return new ModelSpec(id, "v", id.substring(2), 100_000, maxOut, Set.of(), List.of(),
                List.of(new ModelPrice(LocalDate.of(2025, 1, 1), inPer1M, inPer1M, inPer1M, outPer1M)));
    }

    static Limits everything(long n) {
        OptionalLong v = OptionalLong.of(n);
        return new Limits(v, v, v, v, v, v);
    }

    static final WorstCase.Pricing PRICING = (m, t, at) -> m.priceOn(LocalDate.ofInstant(at, ZoneOffset.UTC)).costOf(t);

    @Test
    void worstCaseIsPromptPlusMaxOutputAtThePriciestCandidate() {
        var body = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.createObjectNode();
        body.put("model", "v/cheap");
        body.putArray("messages").addObject().put("role", "user").put("content", "x".repeat(370));
        body.put("max_tokens", 50);
        // the prompt's bound: its bytes, one message's and the request's overhead (the models' windows do not cap it)
        long prompt = PromptBound.PER_REQUEST + PromptBound.PER_MESSAGE + body.get("messages").get(0).toString().length();

        WorstCase worst = WorstCase.ofChat(body, List.of(model("v/cheap", 1000, 1_000_000, 2_000_000),
                model("v/dear", 20, 10_000_000, 30_000_000)), AT, PRICING);
        // tokens: the cheap one may write 50; the dear one at most 20
        assertThat(worst.tokens()).isEqualTo(prompt + 50);
        // cost: max(prompt*1 + 50*2, prompt*10 + 20*30) micro-USD
        assertThat(worst.usdMicros()).isEqualTo(Math.max(prompt + 100, prompt * 10 + 600));
    }

    @Test
    void withoutMaxTokensTheModelsMaximumCounts() {
        var body = Json.MAPPER.createObjectNode();
        body.putArray("messages").addObject().put("role", "user").put("content", "hi");
        WorstCase worst = WorstCase.ofChat(body, List.of(model("v/a", 4096, 0, 1_000_000)), AT, PRICING);
        assertThat(worst.tokens()).isEqualTo(PromptBound.PER_REQUEST + PromptBound.PER_MESSAGE
                + "{\"role\":\"user\",\"content\":\"hi\"}".length() + 4096);
        assertThat(worst.usdMicros()).isEqualTo(4096);
        body.put("max_completion_tokens", 10);
        assertThat(WorstCase.ofChat(body, List.of(model("v/a", 4096, 0, 1_000_000)), AT, PRICING).usdMicros()).isEqualTo(10);
    }

    @Test
    void daysAndMonthsAreTheTenantsAndRatesAreMinutes() {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        var budgets = new CallerBudgets(tokyo, Optional.of("Marketing"), Optional.of("Chatbot"),
                Map.of(BudgetScope.DEPARTMENT, everything(100)));
        Reservation r = new BudgetPlanner(true).plan("req", WHO, budgets, AT, new WorstCase(7, 9));
        // 23:30 UTC on Nov 30 is 08:30 on Dec 1 in Tokyo
        assertThat(r.limits()).extracting(l -> l.counter().window()).containsOnly(
                new Window.Month(YearMonth.of(2026, 12)), new Window.Day(LocalDate.of(2026, 12, 1)));
        assertThat(r.limits()).extracting(CounterLimit::measure).containsExactly(
                Measure.USD_MICROS, Measure.USD_MICROS, Measure.TOKENS, Measure.TOKENS);
        assertThat(r.limits()).allMatch(l -> l.scopeLabel().equals("department Marketing"));
        assertThat(r.usdMicros()).isEqualTo(9);
        assertThat(r.tokens()).isEqualTo(7);
    }

    @Test
    void rateLimitsApplyToKeyUserAndProjectOnly() {
        var budgets = new CallerBudgets(ZoneOffset.UTC, Optional.empty(), Optional.empty(), Map.of(
                BudgetScope.KEY, everything(1), BudgetScope.USER, everything(2), BudgetScope.PROJECT, everything(3),
                BudgetScope.DEPARTMENT, everything(4), BudgetScope.TENANT, everything(5)));
        Reservation r = new BudgetPlanner(true).plan("req", WHO, budgets, AT, new WorstCase(1, 1));
        List<CounterLimit> perMinute = r.limits().stream().filter(l -> l.counter().window() instanceof Window.Minute).toList();
        assertThat(perMinute).extracting(l -> l.counter().scope()).containsExactly(
                BudgetScope.KEY, BudgetScope.KEY, BudgetScope.USER, BudgetScope.USER, BudgetScope.PROJECT, BudgetScope.PROJECT);
        assertThat(perMinute).extracting(l -> l.counter().window()).containsOnly(new Window.Minute(Instant.parse("2026-11-30T23:30:00Z")));
        assertThat(r.limits()).hasSize(5 * 4 + 3 * 2);
        // quotas come before rates
        assertThat(r.limits().subList(0, 20)).noneMatch(l -> l.counter().window() instanceof Window.Minute);
        assertThat(r.limits()).extracting(CounterLimit::scopeLabel).contains("key k1", "user u1", "project p1", "department d1", "tenant");
    }

    @Test
    void countersAreTheDayAndMonthOfAllFiveScopesAlwaysAndLimitsOnlyWhenEnforced() {
        var budgets = new CallerBudgets(ZoneOffset.UTC, Optional.empty(), Optional.empty(), Map.of(BudgetScope.KEY, everything(1)));
        for (boolean enforce : new boolean[] {true, false}) {
            Reservation r = new BudgetPlanner(enforce).plan("req", WHO, budgets, AT, new WorstCase(1, 1));
            assertThat(r.counters()).hasSize(10);
            assertThat(r.counters()).contains(new Counter("t1", BudgetScope.TENANT, "t1", new Window.Month(YearMonth.of(2026, 11))),
                    new Counter("t1", BudgetScope.KEY, "k1", new Window.Day(LocalDate.of(2026, 11, 30))));
            assertThat(r.limits()).hasSize(enforce ? 6 : 0);
        }
        Reservation none = new BudgetPlanner(true).plan("req", WHO, CallerBudgets.NONE, AT, new WorstCase(1, 1));
        assertThat(none.limits()).isEmpty();
        assertThat(none.counters()).hasSize(10);
    }
}
