package com.gaterouter.common.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.accounts.dynamodb.AccountItems;
import com.gaterouter.common.rollup.RollupDimension;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every scope is known everywhere a scope must be known: a new constant that misses a place fails here. */
class BudgetScopeTest {

    private static final Principal CALLER = new Principal("t-1", "d-1", "p-1", "u-1", "k-1");
    private static final Instant AT = Instant.EPOCH;

    @Test
    void theOrderRunsFromTheCallersKeyOutToTheTenantAndNamesEveryScopeOnce() {
        assertThat(BudgetScope.fromCallerOutwards()).containsExactly(
                BudgetScope.KEY, BudgetScope.USER, BudgetScope.PROJECT, BudgetScope.DEPARTMENT, BudgetScope.TENANT);
        assertThat(BudgetScope.fromCallerOutwards()).containsExactlyInAnyOrder(BudgetScope.values());
    }

    @Test
    void everyScopeReadsItsOwnIdOfThePrincipal() {
        Set<String> ids = Arrays.stream(BudgetScope.values()).map(s -> s.idOf(CALLER)).collect(Collectors.toSet());
        assertThat(ids).hasSize(BudgetScope.values().length);
        assertThat(BudgetScope.TENANT.idOf(CALLER)).isEqualTo("t-1");
        assertThat(BudgetScope.DEPARTMENT.idOf(CALLER)).isEqualTo("d-1");
        assertThat(BudgetScope.PROJECT.idOf(CALLER)).isEqualTo("p-1");
        assertThat(BudgetScope.USER.idOf(CALLER)).isEqualTo("u-1");
        assertThat(BudgetScope.KEY.idOf(CALLER)).isEqualTo("k-1");
    }

    @ParameterizedTest
    @EnumSource(BudgetScope.class)
    void everyScopeRoundTripsItsWireName(BudgetScope scope) {
        assertThat(BudgetScope.fromWire(scope.wireName())).contains(scope);
    }

    @Test
    void rateLimitsWhereTrafficComesFromRecipientsWhereFinanceWorks() {
        assertThat(Arrays.stream(BudgetScope.values()).filter(BudgetScope::takesRateLimits))
                .containsExactlyInAnyOrder(BudgetScope.KEY, BudgetScope.USER, BudgetScope.PROJECT);
        assertThat(Arrays.stream(BudgetScope.values()).filter(BudgetScope::takesAlertRecipients))
                .containsExactlyInAnyOrder(BudgetScope.TENANT, BudgetScope.DEPARTMENT);
    }

    @ParameterizedTest
    @EnumSource(BudgetScope.class)
    void everyScopesBudgetHasItsOwnAccountItemAndReadsBack(BudgetScope scope) {
        String scopeId = scope == BudgetScope.TENANT ? "t-1" : scope.idOf(CALLER);
        List<String> recipients = scope.takesAlertRecipients() ? List.of("finance@example.com") : List.of();
        Budget budget = new Budget("t-1", scope, scopeId, Limits.NONE, Budget.DEFAULT_THRESHOLDS, recipients, AT, AT, 1);

        assertThat(AccountItems.budget(AccountItems.toItem(budget))).isEqualTo(budget);
        Set<String> sortKeys = Arrays.stream(BudgetScope.values()).map(s -> AccountItems.budgetSk(s, "same"))
                .collect(Collectors.toSet());
        assertThat(sortKeys).hasSize(BudgetScope.values().length);
    }

    /** Spend below the tenant is rolled up by each scope: the roll-up row of a scope holds the caller's id in it. */
    @ParameterizedTest
    @EnumSource(value = BudgetScope.class, names = "TENANT", mode = EnumSource.Mode.EXCLUDE)
    void everyScopeBelowTheTenantIsARollUpDimensionOfTheSameId(BudgetScope scope) {
        UsageRecord usage = new UsageRecord("r-1", CALLER, "openai/gpt-4o-mini", "openai/gpt-4o-mini", "openai", 1,
                new TokenUsage(10, 5, 0, 0, 0), 1, 10, 5, UsageStatus.SUCCEEDED, 200, true, AT);

        RollupDimension dimension = RollupDimension.fromWire(scope.wireName()).orElseThrow();

        assertThat(dimension.valueOf(usage)).isEqualTo(scope.idOf(CALLER));
    }
}
