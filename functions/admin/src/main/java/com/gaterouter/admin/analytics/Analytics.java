package com.gaterouter.admin.analytics;

import com.gaterouter.admin.http.Responses;
import com.gaterouter.admin.routing.CatalogPrices;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.api.ApiResponse;
import java.util.Optional;

/**
 * The analytics routes and the on-demand roll-up, one service per question: spend by dimension
 * ({@link SpendService}), model shares ({@link ModelShareService}), key activity
 * ({@link KeyActivityService}), top users ({@link TopUsersService}), routing savings
 * ({@link RoutingSavingsService}), running the roll-up ({@link RollupRunService}). Without a
 * backend (an admin API built without usage and roll-up stores) every route still authorizes the
 * caller first — another tenant stays 404, a member 403 — and then answers 501.
 */
public final class Analytics {

    private final Visibility visibility;
    private final Optional<SpendService> spend;
    private final Optional<ModelShareService> models;
    private final Optional<KeyActivityService> keys;
    private final Optional<TopUsersService> topUsers;
    private final Optional<RoutingSavingsService> routing;
    private final RollupRunService rollupRun;
    private final Optional<ChargebackService> chargeback;
    private final Optional<FocusExportService> focus;
    private final Optional<RepriceService> reprice;
    private final Optional<MonthCloseService> monthCloses;
    private final Questions authorizeOnly;

    public Analytics(AccountStore accounts, Visibility visibility, Optional<AnalyticsBackend> backend) {
        this(accounts, visibility, backend, () -> CatalogPrices.load(Optional.empty()));
    }

    /** @param catalog the catalog's list prices, which re-pricing prices the month's usage with */
    public Analytics(AccountStore accounts, Visibility visibility, Optional<AnalyticsBackend> backend, Supplier<CatalogPrices> catalog) {
        this.visibility = visibility;
        Optional<Questions> questions = backend.map(b -> new Questions(accounts, visibility, new SpendData(b.usage(), b.rollups())));
        this.spend = questions.map(SpendService::new);
        this.models = questions.map(ModelShareService::new);
        this.keys = questions.map(KeyActivityService::new);
        this.topUsers = questions.map(TopUsersService::new);
        this.routing = questions.map(RoutingSavingsService::new);
        this.chargeback = questions.map(ChargebackService::new);
        this.focus = questions.map(FocusExportService::new);
        this.reprice = questions.map(q -> new RepriceService(q, catalog));
        this.monthCloses = questions.flatMap(q -> backend.flatMap(AnalyticsBackend::closes).map(c -> new MonthCloseService(q, c)));
        this.authorizeOnly = new Questions(accounts, visibility, null);
        this.rollupRun = new RollupRunService(visibility, backend.flatMap(AnalyticsBackend::runner), backend.map(AnalyticsBackend::rollups));
    }

    public ApiResponse spend(AdminCall call) {
        return answer(call, spend, SpendService::spend);
    }

    public ApiResponse models(AdminCall call) {
        return answer(call, models, ModelShareService::models);
    }

    public ApiResponse keys(AdminCall call) {
        return answer(call, keys, KeyActivityService::keys);
    }

    public ApiResponse topUsers(AdminCall call) {
        return answer(call, topUsers, TopUsersService::topUsers);
    }

    public ApiResponse routing(AdminCall call) {
        return answer(call, routing, RoutingSavingsService::routing);
    }

    /** {@code GET …/chargeback}: tenant-wide, so department admins are 403 here. */
    public ApiResponse chargeback(AdminCall call) {
        if (chargeback.isEmpty()) {
            authorizeOnly.wholeTenant(call, "Chargeback", call.request().query().keySet().toArray(String[]::new));
            throw notAvailable();
        }
        return chargeback.get().chargeback(call).respond(call);
    }

    /** {@code GET …/exports/focus}: tenant-wide, as chargeback. */
    public ApiResponse focus(AdminCall call) {
        if (focus.isEmpty()) {
            authorizeOnly.wholeTenant(call, "The FOCUS export", call.request().query().keySet().toArray(String[]::new));
            throw notAvailable();
        }
        return focus.get().focus(call).respond(call);
    }

    /** {@code GET …/pricing/reprice}: tenant-wide, as chargeback. */
    public ApiResponse reprice(AdminCall call) {
        if (reprice.isEmpty()) {
            authorizeOnly.wholeTenant(call, "Re-pricing", call.request().query().keySet().toArray(String[]::new));
            throw notAvailable();
        }
        return reprice.get().reprice(call).respond(call);
    }

    /** {@code POST …/month-closes}: 201 with the close it kept, 200 with the kept close when nothing changed. */
    public ApiResponse closeMonth(AdminCall call) {
        MonthCloseService.Closed closed = monthCloseService(call).close(call);
        return Responses.entity(call, closed.created() ? 201 : 200, closed.body());
    }

    /** {@code GET …/month-closes/{month}}. */
    public ApiResponse monthClose(AdminCall call) {
        return Responses.entity(call, 200, monthCloseService(call).get(call));
    }

    private MonthCloseService monthCloseService(AdminCall call) {
        if (monthCloses.isEmpty()) {
            authorizeOnly.wholeTenant(call, "A month close");
            throw notAvailable();
        }
        return monthCloses.get();
    }

    public ObjectNode runRollup(AdminCall call) {
        return rollupRun.run(call);
    }

    private static AdminException notAvailable() {
        return AdminException.notAvailable("Analytics is not available in this deployment (no usage or roll-up store is configured).");
    }

    private <S> ApiResponse answer(AdminCall call, Optional<S> service, java.util.function.BiFunction<S, AdminCall, Report> report) {
        if (service.isEmpty()) {
            AnalyticsScope.resolve(visibility, call, call.request().query().keySet().toArray(String[]::new));
            throw notAvailable();
        }
        return report.apply(service.get(), call).respond(call);
    }
}
