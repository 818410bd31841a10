package com.gaterouter.admin.analytics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.auth.Access;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.rollup.Granularity;
import com.gaterouter.common.rollup.RollupDimension;
import java.time.YearMonth;
import java.util.stream.Stream;

/**
 * How every analytics question starts, in this order: the scope the caller may ask about (which
 * also checks the query's parameters), the date range, the answer's format, the names in the
 * scope and the spend of one dimension over the range.
 */
record Questions(AccountStore accounts, Visibility visibility, SpendData data) {

    /** The parameters every question takes, after its own. */
    private static final String[] COMMON = {"from", "to", "departmentId", "format"};

    /** What a question has read before it computes its rows. */
    record Question(AnalyticsScope scope, Params.Range range, Params.Format format, Directory directory, SpendData.Spend spend) {

        /** The head every report starts with ({@link Report#head}). */
        ObjectNode head() {
            return Report.head(scope, range, spend);
        }
    }

    /** The caller's scope; the query may carry {@code own} parameters, then {@code from, to, departmentId, format}. */
    AnalyticsScope scope(AdminCall call, String... own) {
        return AnalyticsScope.resolve(visibility, call, Stream.concat(Stream.of(own), Stream.of(COMMON)).toArray(String[]::new));
    }

    /** A month-by-month question in the caller's scope, for a report with no parameters of its own. */
    Question monthly(AdminCall call, RollupDimension dimension) {
        return monthly(call, scope(call), dimension);
    }

    /** A month-by-month question over at most {@link Params#MAX_DAYS} days. */
    Question monthly(AdminCall call, AnalyticsScope scope, RollupDimension dimension) {
        return ask(call, scope, dimension, Granularity.MONTH, Params.MAX_DAYS);
    }

    /**
     * The whole tenant's scope for a tenant-wide report ({@code what}: chargeback, the FOCUS export):
     * the tenant (404) → the role: tenant admins, finance and platform admins (department admins and
     * members 403) → the query ({@code own} parameters and {@code format}; no {@code departmentId}).
     */
    AnalyticsScope wholeTenant(AdminCall call, String what, String... own) {
        visibility.tenant(call.caller(), call.tenantId());
        if (!Access.seesWholeTenant(call.caller())) {
            throw AdminException.forbidden(what + " covers the whole tenant: tenant admins, finance and platform admins may read it.");
        }
        return AnalyticsScope.resolve(visibility, call, Stream.concat(Stream.of(own), Stream.of("format")).toArray(String[]::new));
    }

    /** The month named by {@code ?month=}, as a range of its days (days after today have no spend yet). */
    static Params.Range monthRange(AdminCall call, AnalyticsScope scope) {
        YearMonth month = Params.month(call, scope.today());
        return new Params.Range(month.atDay(1), month.atEndOfMonth());
    }

    /** The spend of {@code dimension} over the month of {@code ?month=}, one period, in a tenant-wide scope. */
    Question month(AdminCall call, AnalyticsScope scope, RollupDimension dimension) {
        Params.Range range = monthRange(call, scope);
        Params.Format format = Params.format(call);
        Directory directory = new Directory(accounts, scope);
        return new Question(scope, range, format, directory, data.read(scope, directory, dimension, Granularity.MONTH, range));
    }

    /** The tenant's raw usage records of the month of {@code ?month=} (see {@link SpendData#rawRecords}). */
    java.util.List<com.gaterouter.common.usage.UsageRecord> rawRecords(AnalyticsScope scope, Params.Range range) {
        return data.rawRecords(scope, range);
    }

    Directory directory(AnalyticsScope scope) {
        return new Directory(accounts, scope);
    }

    Question ask(AdminCall call, AnalyticsScope scope, RollupDimension dimension, Granularity granularity, int maxDays) {
        Params.Range range = Params.range(call, scope.today(), maxDays);
        Params.Format format = Params.format(call);
        Directory directory = new Directory(accounts, scope);
        return new Question(scope, range, format, directory, data.read(scope, directory, dimension, granularity, range));
    }
}
