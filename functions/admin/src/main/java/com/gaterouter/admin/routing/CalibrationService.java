package com.gaterouter.admin.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.auth.PolicyTarget;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.PolicyScope;
import com.gaterouter.common.accounts.RoutingPolicy;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.routing.Tier;
import com.gaterouter.routing.calibration.CalibrationReport;
import com.gaterouter.routing.calibration.LabelledExample;
import com.gaterouter.routing.calibration.TokenPrice;
import com.gaterouter.routing.classifier.ComplexityClassifier;
import com.gaterouter.routing.policy.EffectiveRouting;
import com.gaterouter.routing.policy.RoutingRules;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST …/routing/calibrations}: what each threshold, each routing mode's fitted thresholds
 * and the level's current thresholds would have cost and saved on a tenant's labelled examples
 * (docs/routing.md, "Per-tenant calibration"). The examples are priced with the level's effective
 * routing policy — the weak model is the light tier's first (as {@code prefer} orders it), the strong
 * one the heavy tier's first, the always-strong reference the router measures savings against — at
 * the catalog's list prices. Who may calibrate a level is who may set its routing policy. Read-only:
 * nothing is stored or audited, and no prompt is logged.
 */
public final class CalibrationService {

    /** The models and prices a calibration used, its level's effective routing, and the report. */
    public record Calibrated(String weakModel, TokenPrice weakPrice, String strongModel, TokenPrice strongPrice,
                             EffectiveRouting routing, CalibrationReport report) {
    }

    private final AccountStore accounts;
    private final Visibility visibility;
    private final Supplier<CatalogPrices> catalog;
    private final Supplier<ComplexityClassifier> classifier;

    /**
     * @param catalog    the model catalog's default tiers and list prices; read on the first calibration
     * @param classifier the classifier the router runs ({@link ComplexityClassifier#bundled()}); loaded on the first calibration
     */
    public CalibrationService(AccountStore accounts, Visibility visibility, Supplier<CatalogPrices> catalog,
                              Supplier<ComplexityClassifier> classifier) {
        this.accounts = accounts;
        this.visibility = visibility;
        this.catalog = memoized(catalog);
        this.classifier = classifier;
    }

    /** {@code {examples, scope?, scopeId?}}: 200 with the report; 400 for a bad body, 403 for a caller who may not set the level's routing. */
    public ObjectNode calibrate(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        CalibrationJson.Request request = CalibrationJson.parse(call.body());
        PolicyScope scope = request.scope().map(PolicyTarget.Kind.ROUTING::scope).orElse(PolicyScope.TENANT);
        String scopeId = request.scopeId().orElseGet(() -> {
            if (scope != PolicyScope.TENANT) {
                throw AdminException.invalid("scopeId", "'scopeId' is required with scope '" + scope.wireName() + "'.");
            }
            return tenantId;
        });
        PolicyTarget target = PolicyTarget.resolve(accounts, call.caller(), tenantId, scope, scopeId);
        if (!target.writable()) {
            throw AdminException.forbidden("Only those who may set this level's routing policy may calibrate it.");
        }
        CatalogPrices prices = catalog.get();
        Map<Tier, List<String>> defaults = prices.defaultTiers().orElseThrow(() -> new AdminException(new ApiError(501, "api_error",
                "not_available", null, "This deployment's model catalog offers no model \"auto\": there is no routing to calibrate.",
                Map.of())));
        EffectiveRouting routing = EffectiveRouting.resolve(defaults, levels(tenantId, scope, scopeId));
        Calibrated calibrated;
        try {
            calibrated = calibrate(request.examples(), routing, prices, classifier.get(), LocalDate.ofInstant(call.now(), ZoneOffset.UTC));
        } catch (IllegalArgumentException e) {
            throw AdminException.invalid("examples", "Nothing to calibrate on: " + e.getMessage() + ".");
        }
        return CalibrationJson.render(tenantId, scope, scopeId, calibrated);
    }

    /** The routing policies above and at the level, outermost (tenant) first, as the router reads them for a key there. */
    private List<RoutingRules> levels(String tenantId, PolicyScope scope, String scopeId) {
        List<RoutingRules> levels = new ArrayList<>();
        Optional<String> department = switch (scope) {
            case DEPARTMENT -> Optional.of(scopeId);
            case PROJECT -> accounts.findProject(tenantId, scopeId).map(project -> project.departmentId());
            default -> Optional.empty();
        };
        accounts.findRoutingPolicy(tenantId, PolicyScope.TENANT, tenantId).map(RoutingPolicy::rules).ifPresent(levels::add);
        department.flatMap(id -> accounts.findRoutingPolicy(tenantId, PolicyScope.DEPARTMENT, id)).map(RoutingPolicy::rules)
                .ifPresent(levels::add);
        if (scope == PolicyScope.PROJECT) {
            accounts.findRoutingPolicy(tenantId, PolicyScope.PROJECT, scopeId).map(RoutingPolicy::rules).ifPresent(levels::add);
        }
        return levels;
    }

    /**
     * The calibration of {@code examples} under {@code routing}: the weak model is the first model a
     * light request would be served by that the catalog prices (the light tier's first, cheapest first
     * under {@code prefer: cost}), the strong model the heavy tier's first the catalog prices (else the
     * weak one), both at their list price on {@code day}.
     *
     * @throws IllegalArgumentException when the examples give nothing to calibrate on (the strong model
     *                                  has no quality on them)
     */
    public static Calibrated calibrate(List<LabelledExample> examples, EffectiveRouting routing, CatalogPrices catalog,
                                       ComplexityClassifier classifier, LocalDate day) {
        String weak = firstPriced(routing.modelsFor(Tier.LIGHT, id -> catalog.comparablePrice(id, day)), catalog)
                .orElseThrow(() -> new IllegalStateException("no model a light request may be served by is in the catalog"));
        String strong = firstPriced(routing.candidates().get(Tier.HEAVY), catalog).orElse(weak);
        TokenPrice weakPrice = catalog.listPrice(weak, day).orElseThrow();
        TokenPrice strongPrice = catalog.listPrice(strong, day).orElseThrow();
        CalibrationReport report = CalibrationReport.of(CalibrationReport.score(examples, classifier, weakPrice, strongPrice));
        return new Calibrated(weak, weakPrice, strong, strongPrice, routing, report);
    }

    private static Optional<String> firstPriced(List<String> models, CatalogPrices catalog) {
        return models.stream().map(catalog::resolve).flatMap(Optional::stream).findFirst();
    }

    private static <T> Supplier<T> memoized(Supplier<T> supplier) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T read = value;
                if (read == null) {
                    synchronized (this) {
                        read = value;
                        if (read == null) {
                            read = supplier.get();
                            value = read;
                        }
                    }
                }
                return read;
            }
        };
    }
}
