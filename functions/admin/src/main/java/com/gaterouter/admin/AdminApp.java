package com.gaterouter.admin;

import com.gaterouter.admin.alerts.AlertJson;
import com.gaterouter.admin.alerts.AlertsService;
import com.gaterouter.admin.analytics.Analytics;
import com.gaterouter.admin.analytics.AnalyticsBackend;
import com.gaterouter.admin.audit.AuditJson;
import com.gaterouter.admin.audit.AuditService;
import com.gaterouter.admin.auth.AdminAuthenticator;
import com.gaterouter.admin.auth.Caller;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.budgets.BudgetJson;
import com.gaterouter.admin.budgets.BudgetService;
import com.gaterouter.admin.departments.DepartmentJson;
import com.gaterouter.admin.departments.DepartmentService;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.http.AdminRoutes;
import com.gaterouter.admin.http.PageTokens;
import com.gaterouter.admin.http.Responses;
import com.gaterouter.admin.http.Route;
import com.gaterouter.admin.keys.KeyJson;
import com.gaterouter.admin.keys.KeyService;
import com.gaterouter.admin.me.MeJson;
import com.gaterouter.admin.me.MeService;
import com.gaterouter.admin.policies.PolicyJson;
import com.gaterouter.admin.policies.PolicyService;
import com.gaterouter.admin.contracts.ContractService;
import com.gaterouter.admin.pricing.PricingJson;
import com.gaterouter.admin.pricing.PricingService;
import com.gaterouter.admin.projects.ProjectJson;
import com.gaterouter.admin.projects.ProjectService;
import com.gaterouter.admin.reconciliation.ReconciliationBackend;
import com.gaterouter.admin.reconciliation.ReconciliationService;
import com.gaterouter.admin.routing.CalibrationService;
import com.gaterouter.admin.routing.CatalogPrices;
import com.gaterouter.admin.routing.RoutingPolicyJson;
import com.gaterouter.admin.routing.RoutingPolicyService;
import com.gaterouter.admin.tenants.TenantJson;
import com.gaterouter.admin.tenants.TenantService;
import com.gaterouter.admin.users.UserJson;
import com.gaterouter.admin.users.UserService;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.ApiKeyStore;
import com.gaterouter.common.accounts.InvalidPageTokenException;
import com.gaterouter.common.accounts.WriteRejectedException;
import com.gaterouter.common.alerts.AlertLedger;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.spend.SpendCounters;
import com.gaterouter.routing.classifier.ComplexityClassifier;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The admin API core ({@code /admin/v1/*}), transport-agnostic like the router's: authenticate
 * ({@link AdminAuthenticator}) → route ({@link AdminRoutes}) → the feature's service → JSON. Every
 * refusal is an OpenAI-shaped error; every change is audited by the service that makes it.
 */
public final class AdminApp {

    private static final Logger LOG = LogManager.getLogger(AdminApp.class);
    /** Admin bodies are small; anything bigger is a mistake or an attack. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /**
     * Except a vendor's usage and cost export uploaded for a reconciliation: a month of a busy
     * organisation's export, under Lambda's 6 MB request payload.
     */
    static final int MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

    @FunctionalInterface
    private interface Handler {
        ApiResponse handle(AdminCall call);
    }

    private final AdminAuthenticator authenticator;
    private final Clock clock;
    private final PageTokens pageTokens;
    private final Map<Route, Handler> handlers = new HashMap<>();

    /** Without analytics: the analytics routes and {@code …/rollups/run} authorize the caller, then answer 501. */
    public AdminApp(AccountStore accounts, ApiKeyStore apiKeys, Clock clock) {
        this(accounts, apiKeys, clock, Optional.empty());
    }

    /** Without the spend counters: budgets are shown with {@code usage: null}. */
    public AdminApp(AccountStore accounts, ApiKeyStore apiKeys, Clock clock, Optional<AnalyticsBackend> analytics) {
        this(accounts, apiKeys, clock, analytics, Optional.empty());
    }

    /**
     * @param analytics the usage and roll-up stores analytics reads, and optionally the roll-up
     *                  engine {@code POST …/rollups/run} calls; empty: those routes answer 501
     * @param spend     the router's spend counters, which budget reads show each limit's current usage
     *                  from; empty: budgets are shown with {@code usage: null}
     */
    public AdminApp(AccountStore accounts, ApiKeyStore apiKeys, Clock clock, Optional<AnalyticsBackend> analytics,
                    Optional<SpendCounters> spend) {
        this(accounts, apiKeys, clock, analytics, spend, PageTokens.random(new SecureRandom()));
    }

    /**
     * @param pageTokens seals list positions into {@code nextToken}s bound to their list; every
     *                   process that may answer the next page must share its key (in AWS a secret,
     *                   {@link AdminFunction}); the other constructors use a random key per instance
     */
    public AdminApp(AccountStore accounts, ApiKeyStore apiKeys, Clock clock, Optional<AnalyticsBackend> analytics,
                    Optional<SpendCounters> spend, PageTokens pageTokens) {
        this(accounts, apiKeys, clock, analytics, spend, pageTokens, () -> CatalogPrices.load(Optional.empty()));
    }

    /**
     * @param catalog the model catalog's default tiers and list prices, which routing calibrations
     *                price with (read on the first calibration); the other constructors use the bundled catalog
     */
    public AdminApp(AccountStore accounts, ApiKeyStore apiKeys, Clock clock, Optional<AnalyticsBackend> analytics,
                    Optional<SpendCounters> spend, PageTokens pageTokens, Supplier<CatalogPrices> catalog) {
        this(accounts, apiKeys, clock, analytics, spend, pageTokens, catalog, Optional.empty());
    }

    /**
     * @param alerts the alert ledger the scheduled alert pass claims budget alerts in, which
     *               {@code GET …/alerts} lists; empty: that route authorizes the caller, then answers 501
     */
    public AdminApp(AccountStore accounts, ApiKeyStore apiKeys, Clock clock, Optional<AnalyticsBackend> analytics,
                    Optional<SpendCounters> spend, PageTokens pageTokens, Supplier<CatalogPrices> catalog,
                    Optional<AlertLedger> alerts) {
        this(accounts, apiKeys, clock, analytics, spend, pageTokens, catalog, alerts, Optional.empty());
    }

    /**
     * @param reconciliation where reconciliations are kept, the vendor export formats and the price
     *                       book; with analytics' usage store they serve {@code …/reconciliations};
     *                       empty (or no analytics): those routes authorize the caller, then answer 501
     */
    public AdminApp(AccountStore accounts, ApiKeyStore apiKeys, Clock clock, Optional<AnalyticsBackend> analytics,
                    Optional<SpendCounters> spend, PageTokens pageTokens, Supplier<CatalogPrices> catalog,
                    Optional<AlertLedger> alerts, Optional<ReconciliationBackend> reconciliation) {
        this.clock = clock;
        this.pageTokens = Objects.requireNonNull(pageTokens, "pageTokens");
        catalog = once(catalog);
        this.authenticator = new AdminAuthenticator(accounts, apiKeys, clock);
        Visibility visibility = new Visibility(accounts);
        KeyService keys = new KeyService(accounts, visibility);
        UserService users = new UserService(accounts, visibility, keys);
        ProjectService projects = new ProjectService(accounts, visibility, keys);
        DepartmentService departments = new DepartmentService(accounts, visibility, projects, keys);
        TenantService tenants = new TenantService(accounts, visibility);
        BudgetService budgets = new BudgetService(accounts, visibility, spend);
        AlertsService firedAlerts = new AlertsService(visibility, budgets, alerts);
        PolicyService policies = new PolicyService(accounts, visibility);
        RoutingPolicyService routing = new RoutingPolicyService(accounts, visibility);
        // the classifier loads on the first calibration, not here: no other admin call needs it
        CalibrationService calibrations = new CalibrationService(accounts, visibility, catalog, ComplexityClassifier::bundled);
        PricingService pricing = new PricingService(accounts, visibility);
        AuditService audit = new AuditService(accounts, visibility);
        Analytics reports = new Analytics(accounts, visibility, analytics, catalog);
        ContractService contracts = new ContractService(accounts, visibility, catalog);
        MeService me = new MeService(accounts);
        ReconciliationService reconciliations = new ReconciliationService(visibility, analytics.map(AnalyticsBackend::usage),
                reconciliation);

        on(AdminRoutes.ME, c -> Responses.entity(c, 200, MeJson.render(me.who(c))));

        on(AdminRoutes.CREATE_TENANT, c -> Responses.entity(c, 201, tenants.create(c)));
        on(AdminRoutes.LIST_TENANTS, c -> Responses.page(c, tenants.list(c), TenantJson::render));
        on(AdminRoutes.GET_TENANT, c -> Responses.entity(c, 200, TenantJson.render(tenants.get(c))));
        on(AdminRoutes.UPDATE_TENANT, c -> Responses.entity(c, 200, TenantJson.render(tenants.update(c))));

        on(AdminRoutes.CREATE_DEPARTMENT, c -> Responses.entity(c, 201, DepartmentJson.render(departments.create(c))));
        on(AdminRoutes.LIST_DEPARTMENTS, c -> Responses.page(c, departments.list(c), DepartmentJson::render));
        on(AdminRoutes.GET_DEPARTMENT, c -> Responses.entity(c, 200, DepartmentJson.render(departments.get(c))));
        on(AdminRoutes.UPDATE_DEPARTMENT, c -> Responses.entity(c, 200, DepartmentJson.render(departments.update(c))));
        on(AdminRoutes.ARCHIVE_DEPARTMENT, c -> Responses.entity(c, 200, DepartmentJson.render(departments.archive(c))));

        on(AdminRoutes.CREATE_PROJECT, c -> Responses.entity(c, 201, ProjectJson.render(projects.create(c))));
        on(AdminRoutes.LIST_PROJECTS, c -> Responses.page(c, projects.list(c), ProjectJson::render));
        on(AdminRoutes.GET_PROJECT, c -> Responses.entity(c, 200, ProjectJson.render(projects.get(c))));
        on(AdminRoutes.UPDATE_PROJECT, c -> Responses.entity(c, 200, ProjectJson.render(projects.update(c))));
        on(AdminRoutes.ARCHIVE_PROJECT, c -> Responses.entity(c, 200, ProjectJson.render(projects.archive(c))));

        on(AdminRoutes.CREATE_USER, c -> Responses.entity(c, 201, UserJson.render(users.create(c))));
        on(AdminRoutes.LIST_USERS, c -> Responses.page(c, users.list(c), UserJson::render));
        on(AdminRoutes.GET_USER, c -> Responses.entity(c, 200, UserJson.render(users.get(c))));
        on(AdminRoutes.UPDATE_USER, c -> Responses.entity(c, 200, UserJson.render(users.update(c))));
        on(AdminRoutes.ARCHIVE_USER, c -> Responses.entity(c, 200, UserJson.render(users.archive(c))));

        on(AdminRoutes.CREATE_KEY, c -> Responses.entity(c, 201, keys.create(c).render()));
        on(AdminRoutes.LIST_KEYS, c -> Responses.page(c, keys.list(c), KeyJson::render));
        on(AdminRoutes.GET_KEY, c -> Responses.entity(c, 200, KeyJson.render(keys.get(c))));
        on(AdminRoutes.UPDATE_KEY, c -> Responses.entity(c, 200, KeyJson.render(keys.update(c))));
        on(AdminRoutes.REVOKE_KEY, c -> Responses.entity(c, 200, KeyJson.render(keys.revoke(c))));
        on(AdminRoutes.ROTATE_KEY, c -> Responses.entity(c, 200, keys.rotate(c).render()));

        on(AdminRoutes.LIST_BUDGETS, c -> {
            BudgetService.ViewedPage page = budgets.list(c);
            return Responses.page(c, page.page(), b -> BudgetJson.render(b, page.usageOf(b)));
        });
        on(AdminRoutes.GET_BUDGET, c -> {
            BudgetService.Viewed viewed = budgets.get(c);
            return Responses.entity(c, 200, BudgetJson.render(viewed.budget(), viewed.usage()));
        });
        on(AdminRoutes.PUT_BUDGET, c -> Responses.upserted(c, budgets.put(c), BudgetJson::render));
        on(AdminRoutes.DELETE_BUDGET, c -> Responses.entity(c, 200, BudgetJson.render(budgets.delete(c))));
        on(AdminRoutes.LIST_ALERTS, c -> Responses.page(c, firedAlerts.list(c), AlertJson::render));

        on(AdminRoutes.LIST_POLICIES, c -> Responses.page(c, policies.list(c), PolicyJson::render));
        on(AdminRoutes.GET_POLICY, c -> Responses.entity(c, 200, PolicyJson.render(policies.get(c))));
        on(AdminRoutes.PUT_POLICY, c -> Responses.upserted(c, policies.put(c), PolicyJson::render));
        on(AdminRoutes.DELETE_POLICY, c -> Responses.entity(c, 200, PolicyJson.render(policies.delete(c))));

        on(AdminRoutes.LIST_ROUTING_POLICIES, c -> Responses.page(c, routing.list(c), RoutingPolicyJson::render));
        on(AdminRoutes.GET_ROUTING_POLICY, c -> Responses.entity(c, 200, RoutingPolicyJson.render(routing.get(c))));
        on(AdminRoutes.PUT_ROUTING_POLICY, c -> Responses.upserted(c, routing.put(c), RoutingPolicyJson::render));
        on(AdminRoutes.DELETE_ROUTING_POLICY, c -> Responses.entity(c, 200, RoutingPolicyJson.render(routing.delete(c))));
        on(AdminRoutes.CALIBRATE_ROUTING, c -> Responses.entity(c, 200, calibrations.calibrate(c)));

        on(AdminRoutes.GET_PRICING, c -> Responses.entity(c, 200, pricing.get(c)));
        on(AdminRoutes.PUT_PRICING, c -> Responses.upserted(c, pricing.put(c), PricingJson::render));
        on(AdminRoutes.REPRICE, reports::reprice);
        on(AdminRoutes.LIST_CONTRACTS, c -> Responses.entity(c, 200, contracts.list(c)));
        on(AdminRoutes.GET_CONTRACT, c -> Responses.entity(c, 200, contracts.get(c)));
        on(AdminRoutes.PUT_CONTRACT, c -> Responses.upserted(c, contracts.put(c), table -> contracts.render(c, table)));

        on(AdminRoutes.SPEND_ANALYTICS, reports::spend);
        on(AdminRoutes.MODEL_ANALYTICS, reports::models);
        on(AdminRoutes.KEY_ANALYTICS, reports::keys);
        on(AdminRoutes.TOP_USERS_ANALYTICS, reports::topUsers);
        on(AdminRoutes.ROUTING_ANALYTICS, reports::routing);
        on(AdminRoutes.RUN_ROLLUP, c -> Responses.entity(c, 200, reports.runRollup(c)));
        on(AdminRoutes.CHARGEBACK, reports::chargeback);
        on(AdminRoutes.FOCUS_EXPORT, reports::focus);
        on(AdminRoutes.CLOSE_MONTH, reports::closeMonth);
        on(AdminRoutes.GET_MONTH_CLOSE, reports::monthClose);
        on(AdminRoutes.CREATE_RECONCILIATION, reconciliations::create);
        on(AdminRoutes.LIST_RECONCILIATIONS, reconciliations::list);
        on(AdminRoutes.GET_RECONCILIATION, reconciliations::get);

        on(AdminRoutes.LIST_AUDIT, c -> Responses.page(c, audit.list(c), AuditJson::render));

        for (Route route : AdminRoutes.ALL) {
            if (!handlers.containsKey(route)) {
                throw new IllegalStateException("no handler for " + route);
            }
        }
    }

    /** With the system clock (UTC). */
    public AdminApp(AccountStore accounts, ApiKeyStore apiKeys) {
        this(accounts, apiKeys, Clock.systemUTC());
    }

    /** The catalog read on first use and kept: calibrations, contracts and re-pricing share one copy. */
    static Supplier<CatalogPrices> once(Supplier<CatalogPrices> load) {
        java.util.concurrent.atomic.AtomicReference<CatalogPrices> loaded = new java.util.concurrent.atomic.AtomicReference<>();
        return () -> {
            CatalogPrices catalog = loaded.get();
            return catalog != null ? catalog : loaded.updateAndGet(c -> c != null ? c : load.get());
        };
    }

    private void on(Route route, Handler handler) {
        if (handlers.put(route, handler) != null) {
            throw new IllegalStateException("two handlers for " + route);
        }
    }

    /** A request without transport-level identity (the local HTTP server): Bearer keys only. */
    public ApiResponse handle(ApiRequest request) {
        return handle(request, Optional.empty());
    }

    /**
     * @param iamCaller the IAM principal ARN when API Gateway authenticated the request with SigV4
     *                  (the caller is then a platform admin); empty otherwise
     */
    public ApiResponse handle(ApiRequest request, Optional<String> iamCaller) {
        String requestId = request.requestId();
        try {
            boolean upload = request.method().equals("POST") && request.path().endsWith("/reconciliations");
            int limit = upload ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES;
            if (request.body().length > limit) {
                return ApiError.tooLarge((upload ? "An uploaded export is" : "Admin request bodies are") + " limited to " + limit + " bytes.")
                        .toResponse(requestId);
            }
            Caller caller = authenticator.authenticate(request, iamCaller);
            return switch (AdminRoutes.resolve(request.method(), request.path())) {
                case AdminRoutes.Unknown unknown -> ApiError.notFound("unknown_route", null,
                        "Unknown request URL: " + request.method() + " " + request.path() + ".").toResponse(requestId);
                case AdminRoutes.MethodNotAllowed notAllowed ->
                        AdminException.methodNotAllowed(request.method(), request.path(), notAllowed.allowed()).error().toResponse(requestId);
                case AdminRoutes.Matched matched -> handlers.get(matched.route())
                        .handle(new AdminCall(request, caller, matched.route(), matched.parameters(), clock.instant(), pageTokens));
            };
        } catch (AdminException e) {
            return e.error().toResponse(requestId);
        } catch (WriteRejectedException e) {
            return (switch (e.reason()) {
                case ALREADY_EXISTS -> AdminException.conflict("already_exists", null, "It exists already.");
                case PARENT_INACTIVE -> AdminException.conflict("parent_archived", null,
                        "What it belongs to is archived, revoked or gone.");
                case VERSION_MISMATCH -> AdminException.versionMismatch("It changed concurrently; read it again and retry.");
            }).error().toResponse(requestId);
        } catch (InvalidPageTokenException e) {
            return ApiError.invalidRequest("nextToken", "'nextToken' is not a token this list gave out.").toResponse(requestId);
        } catch (RuntimeException e) {
            LOG.error("admin request {} {} failed", request.method(), request.path(), e);
            return ApiError.internal("The admin API failed; the request id identifies it in the logs.").toResponse(requestId);
        }
    }
}
