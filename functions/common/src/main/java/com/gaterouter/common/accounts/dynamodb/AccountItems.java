package com.gaterouter.common.accounts.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.accounts.AccountEntity;
import com.gaterouter.common.accounts.AllowedOrigins;
import com.gaterouter.common.accounts.Actor;
import com.gaterouter.common.accounts.AuditEntry;
import com.gaterouter.common.accounts.Budget;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Department;
import com.gaterouter.common.accounts.EntityKind;
import com.gaterouter.common.accounts.EntityRef;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.accounts.ExtraParameters;
import com.gaterouter.common.accounts.KeySecret;
import com.gaterouter.common.accounts.KeyStatus;
import com.gaterouter.common.accounts.KeyType;
import com.gaterouter.common.accounts.Limits;
import com.gaterouter.common.accounts.ManagedKey;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.common.accounts.PolicyScope;
import com.gaterouter.common.accounts.Project;
import com.gaterouter.common.accounts.Role;
import com.gaterouter.common.accounts.RoutingPolicy;
import com.gaterouter.common.accounts.ScopePolicy;
import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.accounts.TenantPricing;
import com.gaterouter.common.accounts.VendorTerms;
import com.gaterouter.common.accounts.User;
import com.gaterouter.common.json.Json;
import com.gaterouter.routing.Tier;
import com.gaterouter.routing.TierThresholds;
import com.gaterouter.routing.policy.Preference;
import com.gaterouter.routing.policy.RoutingMode;
import com.gaterouter.routing.policy.RoutingRules;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The Accounts table's item layout: keys ({@code pk}, {@code sk}) and the codec between domain
 * records and items. Instants are stored as fixed-width ISO-8601 UTC strings (nine fraction
 * digits), so string order is time order (audit sort keys, the {@code lastUsedAt < :t}
 * condition); money and limits as numbers; optional and empty values are absent.
 */
public final class AccountItems {

    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String PLATFORM_PK = "PLATFORM";
    public static final String PROFILE_SK = "PROFILE";
    public static final String TENANT_PREFIX = "TENANT#";
    public static final String ADMIN_KEY_PREFIX = "ADMIN_KEY#";
    public static final String DEPT_PREFIX = "DEPT#";
    public static final String PROJECT_PREFIX = "PROJECT#";
    public static final String USER_PREFIX = "USER#";
    public static final String EMAIL_PREFIX = "EMAIL#";
    public static final String KEY_PREFIX = "KEY#";
    public static final String BUDGET_PREFIX = "BUDGET#";
    public static final String POLICY_PREFIX = "POLICY#";
    public static final String ROUTING_PREFIX = "ROUTING#";
    public static final String AUDIT_PREFIX = "AUDIT#";
    /** The tenant's pricing (discount, price overrides): one item per tenant. */
    public static final String PRICING_SK = "PRICING";

    /** What an item is, for people reading the table (the code always knows by the sort key). */
    static final String ITEM_TYPE = "itemType";
    static final String VERSION = "version";
    static final String STATUS = "status";

    /** {@code 2026-11-24T09:30:00.000000000Z}: always 30 characters for years 0000-9999. */
    public static final DateTimeFormatter FIXED_INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private AccountItems() {
    }

    // ---------------------------------------------------------------- keys

    public static String tenantPk(String tenantId) {
        return TENANT_PREFIX + tenantId;
    }

    public static String departmentSk(String departmentId) {
        return DEPT_PREFIX + departmentId;
    }

    public static String projectSk(String projectId) {
        return PROJECT_PREFIX + projectId;
    }

    public static String userSk(String userId) {
        return USER_PREFIX + userId;
    }

    public static String emailSk(String normalisedEmail) {
        return EMAIL_PREFIX + normalisedEmail;
    }

    public static String keySk(String keyId) {
        return KEY_PREFIX + keyId;
    }

    public static String budgetSk(BudgetScope scope, String scopeId) {
        return BUDGET_PREFIX + scope.wireName() + "#" + scopeId;
    }

    public static String policySk(PolicyScope scope, String scopeId) {
        return POLICY_PREFIX + scope.wireName() + "#" + scopeId;
    }

    public static String routingSk(PolicyScope scope, String scopeId) {
        return ROUTING_PREFIX + scope.wireName() + "#" + scopeId;
    }

    public static String auditSk(Instant at, String auditId) {
        return AUDIT_PREFIX + FIXED_INSTANT.format(at) + "#" + auditId;
    }

    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, AttributeValue.fromS(pk), SK, AttributeValue.fromS(sk));
    }

    /** The sort key of an entity's item (its partition is always {@code TENANT#tenantId}). */
    public static String sortKey(AccountEntity entity) {
        return switch (entity) {
            case Tenant t -> PROFILE_SK;
            case Department d -> departmentSk(d.departmentId());
            case Project p -> projectSk(p.projectId());
            case User u -> userSk(u.userId());
            case ManagedKey k -> keySk(k.keyId());
            case Budget b -> budgetSk(b.scope(), b.scopeId());
            case ScopePolicy p -> policySk(p.scope(), p.scopeId());
            case TenantPricing p -> PRICING_SK;
            case RoutingPolicy r -> routingSk(r.scope(), r.scopeId());
        };
    }

    public static Map<String, AttributeValue> keyOf(AccountEntity entity) {
        return key(tenantPk(entity.tenantId()), sortKey(entity));
    }

    // ---------------------------------------------------------------- entities → items

    public static Map<String, AttributeValue> toItem(AccountEntity entity) {
        Map<String, AttributeValue> item = new HashMap<>(keyOf(entity));
        item.put("tenantId", s(entity.tenantId()));
        item.put(VERSION, n(entity.version()));
        switch (entity) {
            case Tenant t -> tenantAttributes(t, item);
            case Department d -> {
                item.put(ITEM_TYPE, s("DEPARTMENT"));
                item.put("departmentId", s(d.departmentId()));
                item.put("name", s(d.name()));
                d.costCenter().ifPresent(c -> item.put("costCenter", s(c)));
                item.put(STATUS, s(d.status().name()));
                times(item, d.createdAt(), d.updatedAt());
            }
            case Project p -> {
                item.put(ITEM_TYPE, s("PROJECT"));
                item.put("projectId", s(p.projectId()));
                item.put("departmentId", s(p.departmentId()));
                item.put("name", s(p.name()));
                p.costCenter().ifPresent(c -> item.put("costCenter", s(c)));
                item.put(STATUS, s(p.status().name()));
                times(item, p.createdAt(), p.updatedAt());
            }
            case User u -> {
                item.put(ITEM_TYPE, s("USER"));
                item.put("userId", s(u.userId()));
                item.put("email", s(u.email()));
                item.put("name", s(u.name()));
                u.departmentId().ifPresent(d -> item.put("departmentId", s(d)));
                item.put("role", s(u.role().name()));
                item.put(STATUS, s(u.status().name()));
                times(item, u.createdAt(), u.updatedAt());
            }
            case ManagedKey k -> {
                item.put(ITEM_TYPE, s("KEY"));
                item.put("keyId", s(k.keyId()));
                item.put("name", s(k.name()));
                item.put("type", s(k.type().name()));
                item.put("userId", s(k.userId()));
                k.departmentId().ifPresent(d -> item.put("departmentId", s(d)));
                k.projectId().ifPresent(p -> item.put("projectId", s(p)));
                item.put(STATUS, s(k.status().name()));
                models(item, k.models());
                List<AttributeValue> secrets = new ArrayList<>();
                for (KeySecret secret : k.secrets()) {
                    Map<String, AttributeValue> m = new HashMap<>();
                    m.put("hash", s(secret.hash()));
                    secret.validUntil().ifPresent(at -> m.put("validUntil", instant(at)));
                    secrets.add(AttributeValue.fromM(m));
                }
                item.put("secrets", AttributeValue.fromL(secrets));
                k.expiresAt().ifPresent(at -> item.put("expiresAt", instant(at)));
                k.rotatedAt().ifPresent(at -> item.put("rotatedAt", instant(at)));
                k.revokedAt().ifPresent(at -> item.put("revokedAt", instant(at)));
                k.lastUsedAt().ifPresent(at -> item.put("lastUsedAt", instant(at)));
                times(item, k.createdAt(), k.updatedAt());
            }
            case Budget b -> {
                item.put(ITEM_TYPE, s("BUDGET"));
                item.put("scope", s(b.scope().wireName()));
                item.put("scopeId", s(b.scopeId()));
                Limits l = b.limits();
                number(item, "monthlyUsdMicros", l.monthlyUsdMicros());
                number(item, "dailyUsdMicros", l.dailyUsdMicros());
                number(item, "monthlyTokens", l.monthlyTokens());
                number(item, "dailyTokens", l.dailyTokens());
                number(item, "requestsPerMinute", l.requestsPerMinute());
                number(item, "tokensPerMinute", l.tokensPerMinute());
                if (!b.thresholdsPercent().isEmpty()) {
                    item.put("thresholdsPercent", AttributeValue.fromL(b.thresholdsPercent().stream().map(t -> n(t)).toList()));
                }
                if (!b.alertRecipients().isEmpty()) {
                    item.put("alertRecipients", AttributeValue.fromL(b.alertRecipients().stream().map(AccountItems::s).toList()));
                }
                if (!b.escalationRecipients().isEmpty()) {
                    item.put("escalationRecipients", AttributeValue.fromL(b.escalationRecipients().stream().map(AccountItems::s).toList()));
                }
                times(item, b.createdAt(), b.updatedAt());
            }
            case ScopePolicy p -> {
                item.put(ITEM_TYPE, s("POLICY"));
                item.put("scope", s(p.scope().wireName()));
                item.put("scopeId", s(p.scopeId()));
                models(item, p.models());
                times(item, p.createdAt(), p.updatedAt());
            }
            case RoutingPolicy r -> {
                item.put(ITEM_TYPE, s("ROUTING"));
                item.put("scope", s(r.scope().wireName()));
                item.put("scopeId", s(r.scopeId()));
                routingRules(item, r.rules());
                times(item, r.createdAt(), r.updatedAt());
            }
            case TenantPricing p -> {
                item.put(ITEM_TYPE, s("PRICING"));
                item.put("discountBasisPoints", n(p.discountBasisPoints()));
                if (!p.overrides().isEmpty()) {
                    item.put("priceOverrides", priceOverridesItem(p.overrides()));
                }
                if (!p.contracts().isEmpty()) {
                    item.put("contracts", AttributeValue.fromL(p.contracts().stream().map(AccountItems::vendorTerms).toList()));
                }
                times(item, p.createdAt(), p.updatedAt());
            }
        }
        return item;
    }

    /** The {@code PLATFORM / TENANT#t} registry item: a copy of the profile, so listing tenants is one query. */
    public static Map<String, AttributeValue> tenantRegistryItem(Tenant tenant) {
        Map<String, AttributeValue> item = new HashMap<>(key(PLATFORM_PK, TENANT_PREFIX + tenant.tenantId()));
        item.put("tenantId", s(tenant.tenantId()));
        item.put(VERSION, n(tenant.version()));
        tenantAttributes(tenant, item);
        item.put(ITEM_TYPE, s("TENANT_REGISTRY"));
        return item;
    }

    /** The {@code TENANT#t / EMAIL#email} claim that keeps emails unique per tenant. */
    public static Map<String, AttributeValue> emailClaimItem(User user) {
        Map<String, AttributeValue> item = new HashMap<>(key(tenantPk(user.tenantId()), emailSk(user.normalisedEmail())));
        item.put(ITEM_TYPE, s("EMAIL_CLAIM"));
        item.put("tenantId", s(user.tenantId()));
        item.put("userId", s(user.userId()));
        return item;
    }

    public static Map<String, AttributeValue> toItem(AuditEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>(key(tenantPk(entry.tenantId()), auditSk(entry.at(), entry.auditId())));
        item.put(ITEM_TYPE, s("AUDIT"));
        item.put("tenantId", s(entry.tenantId()));
        item.put("auditId", s(entry.auditId()));
        item.put("at", instant(entry.at()));
        item.put("actorKind", s(entry.actor().kind().name()));
        item.put("actorId", s(entry.actor().id()));
        entry.actor().keyId().ifPresent(k -> item.put("actorKeyId", s(k)));
        item.put("action", s(entry.action()));
        item.put("targetKind", s(entry.target().kind().name()));
        item.put("targetId", s(entry.target().id()));
        entry.before().ifPresent(json -> item.put("before", s(writeJson(json))));
        entry.after().ifPresent(json -> item.put("after", s(writeJson(json))));
        item.put("requestId", s(entry.requestId()));
        return item;
    }

    private static void tenantAttributes(Tenant t, Map<String, AttributeValue> item) {
        item.put(ITEM_TYPE, s("TENANT"));
        item.put("name", s(t.name()));
        item.put("timeZone", s(t.timeZone().getId()));
        if (!t.allowedOrigins().isEmpty()) {
            item.put("allowedOrigins", AttributeValue.fromSs(t.allowedOrigins().origins()));
        }
        item.put("selfServiceKeys", AttributeValue.fromBool(t.selfServiceKeys()));
        if (t.extraParameters() != ExtraParameters.REJECT) {
            // absent = reject, so tenants written before the setting existed read as they behaved
            item.put("extraParameters", s(t.extraParameters().wireName()));
        }
        item.put(STATUS, s(t.status().name()));
        times(item, t.createdAt(), t.updatedAt());
    }

    private static void times(Map<String, AttributeValue> item, Instant createdAt, Instant updatedAt) {
        item.put("createdAt", instant(createdAt));
        item.put("updatedAt", instant(updatedAt));
    }

    private static void models(Map<String, AttributeValue> item, ModelPolicy models) {
        if (!models.allow().isEmpty()) {
            item.put("allowedModels", AttributeValue.fromSs(models.allow().stream().sorted().toList()));
        }
        if (!models.deny().isEmpty()) {
            item.put("deniedModels", AttributeValue.fromSs(models.deny().stream().sorted().toList()));
        }
    }

    private static void number(Map<String, AttributeValue> item, String name, OptionalLong value) {
        value.ifPresent(v -> item.put(name, n(v)));
    }

    // ---------------------------------------------------------------- items → entities

    public static Tenant tenant(Map<String, AttributeValue> item) {
        return new Tenant(str(item, "tenantId"), str(item, "name"),
                ZoneId.of(opt(item, "timeZone").orElse("UTC")),
                EntityStatus.valueOf(opt(item, STATUS).orElse(EntityStatus.ACTIVE.name())),
                time(item, "createdAt"), optTime(item, "updatedAt").orElse(time(item, "createdAt")),
                version(item), new AllowedOrigins(List.copyOf(stringSet(item, "allowedOrigins"))),
                // absent on tenants written before the switch existed: they keep self-service keys
                !item.containsKey("selfServiceKeys") || Boolean.TRUE.equals(item.get("selfServiceKeys").bool()),
                // absent (the default, and every tenant written before the setting existed): reject
                opt(item, "extraParameters").flatMap(ExtraParameters::fromWire).orElse(ExtraParameters.REJECT));
    }

    public static Department department(Map<String, AttributeValue> item) {
        return new Department(str(item, "tenantId"), str(item, "departmentId"), str(item, "name"),
                EntityStatus.valueOf(str(item, STATUS)), time(item, "createdAt"), time(item, "updatedAt"), version(item),
                opt(item, "costCenter"));
    }

    public static Project project(Map<String, AttributeValue> item) {
        return new Project(str(item, "tenantId"), str(item, "projectId"), str(item, "departmentId"), str(item, "name"),
                EntityStatus.valueOf(str(item, STATUS)), time(item, "createdAt"), time(item, "updatedAt"), version(item),
                opt(item, "costCenter"));
    }

    public static User user(Map<String, AttributeValue> item) {
        return new User(str(item, "tenantId"), str(item, "userId"), str(item, "email"), str(item, "name"),
                opt(item, "departmentId"), Role.valueOf(str(item, "role")), EntityStatus.valueOf(str(item, STATUS)),
                time(item, "createdAt"), time(item, "updatedAt"), version(item));
    }

    public static ManagedKey managedKey(Map<String, AttributeValue> item) {
        List<KeySecret> secrets = item.get("secrets").l().stream()
                .map(AttributeValue::m)
                .map(m -> new KeySecret(m.get("hash").s(), optTime(m, "validUntil")))
                .toList();
        return new ManagedKey(str(item, "tenantId"), str(item, "keyId"), str(item, "name"),
                KeyType.valueOf(str(item, "type")), str(item, "userId"), opt(item, "departmentId"), opt(item, "projectId"),
                KeyStatus.valueOf(str(item, STATUS)), models(item), secrets, time(item, "createdAt"),
                optTime(item, "expiresAt"), optTime(item, "rotatedAt"), optTime(item, "revokedAt"),
                optTime(item, "lastUsedAt"), time(item, "updatedAt"), version(item));
    }

    public static Budget budget(Map<String, AttributeValue> item) {
        Limits limits = new Limits(optLong(item, "monthlyUsdMicros"), optLong(item, "dailyUsdMicros"),
                optLong(item, "monthlyTokens"), optLong(item, "dailyTokens"),
                optLong(item, "requestsPerMinute"), optLong(item, "tokensPerMinute"));
        List<Integer> thresholds = item.containsKey("thresholdsPercent")
                ? item.get("thresholdsPercent").l().stream().map(v -> Integer.parseInt(v.n())).toList()
                : List.of();
        List<String> recipients = item.containsKey("alertRecipients")
                ? item.get("alertRecipients").l().stream().map(AttributeValue::s).toList()
                : List.of();
        List<String> escalation = item.containsKey("escalationRecipients")
                ? item.get("escalationRecipients").l().stream().map(AttributeValue::s).toList()
                : List.of();
        return new Budget(str(item, "tenantId"), BudgetScope.fromWire(str(item, "scope")).orElseThrow(),
                str(item, "scopeId"), limits, thresholds, recipients, escalation,
                time(item, "createdAt"), time(item, "updatedAt"), version(item));
    }

    public static ScopePolicy policy(Map<String, AttributeValue> item) {
        return new ScopePolicy(str(item, "tenantId"), PolicyScope.fromWire(str(item, "scope")).orElseThrow(),
                str(item, "scopeId"), models(item), time(item, "createdAt"), time(item, "updatedAt"), version(item));
    }

    public static RoutingPolicy routingPolicy(Map<String, AttributeValue> item) {
        return new RoutingPolicy(str(item, "tenantId"), PolicyScope.fromWire(str(item, "scope")).orElseThrow(),
                str(item, "scopeId"), routingRules(item), time(item, "createdAt"), time(item, "updatedAt"), version(item));
    }

    /** Only the knobs the policy sets are stored: an absent attribute inherits from the level above. */
    private static void routingRules(Map<String, AttributeValue> item, RoutingRules rules) {
        rules.mode().ifPresent(mode -> item.put("routingMode", s(mode.wireName())));
        rules.prefer().ifPresent(prefer -> item.put("prefer", s(prefer.wireName())));
        rules.thresholds().ifPresent(t -> {
            item.put("lightBelow", AttributeValue.fromN(Double.toString(t.lightBelow())));
            item.put("heavyFrom", AttributeValue.fromN(Double.toString(t.heavyFrom())));
        });
        if (!rules.candidates().isEmpty()) {
            Map<String, AttributeValue> tiers = new HashMap<>();
            rules.candidates().forEach((tier, models) ->
                    tiers.put(tier.wireName(), AttributeValue.fromL(models.stream().map(AccountItems::s).toList())));
            item.put("tierModels", AttributeValue.fromM(tiers));
        }
        rules.pinnedModel().ifPresent(model -> item.put("pinnedModel", s(model)));
    }

    private static RoutingRules routingRules(Map<String, AttributeValue> item) {
        Map<Tier, List<String>> candidates = new EnumMap<>(Tier.class);
        AttributeValue tiers = item.get("tierModels");
        if (tiers != null && tiers.hasM()) {
            tiers.m().forEach((tier, models) -> candidates.put(Tier.fromWire(tier).orElseThrow(),
                    models.l().stream().map(AttributeValue::s).toList()));
        }
        Optional<TierThresholds> thresholds = item.containsKey("lightBelow")
                ? Optional.of(new TierThresholds(Double.parseDouble(item.get("lightBelow").n()), Double.parseDouble(item.get("heavyFrom").n())))
                : Optional.empty();
        return new RoutingRules(opt(item, "routingMode").map(m -> RoutingMode.fromWire(m).orElseThrow()),
                opt(item, "prefer").map(p -> Preference.fromWire(p).orElseThrow()), thresholds, candidates, opt(item, "pinnedModel"));
    }

    public static TenantPricing pricing(Map<String, AttributeValue> item) {
        List<VendorTerms> contracts = new ArrayList<>();
        AttributeValue storedContracts = item.get("contracts");
        if (storedContracts != null && storedContracts.hasL()) {
            storedContracts.l().forEach(terms -> contracts.add(vendorTerms(terms.m())));
        }
        return new TenantPricing(str(item, "tenantId"), Integer.parseInt(item.get("discountBasisPoints").n()),
                priceOverrides(item.get("priceOverrides")), contracts, time(item, "createdAt"), time(item, "updatedAt"), version(item));
    }

    /** The sort key of the copy of version {@code version} of the tenant's pricing: every version is kept. */
    public static String pricingVersionSk(long version) {
        return String.format("%s#V#%010d", PRICING_SK, version);
    }

    /** The immutable copy of a pricing version, kept beside the current item. */
    public static Map<String, AttributeValue> pricingVersionItem(TenantPricing pricing) {
        Map<String, AttributeValue> item = toItem(pricing);
        item.putAll(key(tenantPk(pricing.tenantId()), pricingVersionSk(pricing.version())));
        item.put(ITEM_TYPE, s("PRICING_VERSION"));
        return item;
    }

    private static Map<String, TenantPricing.PriceOverride> priceOverrides(AttributeValue stored) {
        Map<String, TenantPricing.PriceOverride> overrides = new HashMap<>();
        if (stored != null && stored.hasM()) {
            stored.m().forEach((model, price) -> overrides.put(model, new TenantPricing.PriceOverride(
                    Long.parseLong(price.m().get("inputPer1M").n()), Long.parseLong(price.m().get("cachedInputPer1M").n()),
                    Long.parseLong(price.m().get("cacheWritePer1M").n()), Long.parseLong(price.m().get("outputPer1M").n()))));
        }
        return overrides;
    }

    private static AttributeValue priceOverridesItem(Map<String, TenantPricing.PriceOverride> prices) {
        Map<String, AttributeValue> out = new HashMap<>();
        prices.forEach((model, price) -> out.put(model, AttributeValue.fromM(Map.of(
                "inputPer1M", n(price.inputPer1M()),
                "cachedInputPer1M", n(price.cachedInputPer1M()),
                "cacheWritePer1M", n(price.cacheWritePer1M()),
                "outputPer1M", n(price.outputPer1M())))));
        return AttributeValue.fromM(out);
    }

    private static AttributeValue vendorTerms(VendorTerms t) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("vendor", s(t.vendor()));
        m.put("effectiveFrom", s(t.effectiveFrom().toString()));
        m.put("discountBasisPoints", n(t.discountBasisPoints()));
        m.put("modelPrices", priceOverridesItem(t.modelPrices()));
        m.put("creditsMicros", n(t.creditsMicros()));
        m.put("monthlyCommitMicros", n(t.monthlyCommitMicros()));
        t.billingAccount().ifPresent(account -> m.put("billingAccount", s(account)));
        m.put("setAt", instant(t.setAt()));
        m.put("setBy", s(t.setBy()));
        return AttributeValue.fromM(m);
    }

    private static VendorTerms vendorTerms(Map<String, AttributeValue> m) {
        return new VendorTerms(str(m, "vendor"), java.time.LocalDate.parse(str(m, "effectiveFrom")),
                Integer.parseInt(m.get("discountBasisPoints").n()), priceOverrides(m.get("modelPrices")),
                Long.parseLong(m.get("creditsMicros").n()), Long.parseLong(m.get("monthlyCommitMicros").n()),
                opt(m, "billingAccount"), time(m, "setAt"), str(m, "setBy"));
    }

    public static AuditEntry auditEntry(Map<String, AttributeValue> item) {
        return new AuditEntry(str(item, "tenantId"), str(item, "auditId"), time(item, "at"),
                new Actor(Actor.Kind.valueOf(str(item, "actorKind")), str(item, "actorId"), opt(item, "actorKeyId")),
                str(item, "action"),
                new EntityRef(EntityKind.valueOf(str(item, "targetKind")), str(item, "targetId")),
                opt(item, "before").map(AccountItems::readJson), opt(item, "after").map(AccountItems::readJson),
                str(item, "requestId"));
    }

    /** The hashes of a stored key item's secrets (for dropping rotated-out ApiKeys items). */
    static Set<String> secretHashes(Map<String, AttributeValue> keyItem) {
        AttributeValue secrets = keyItem.get("secrets");
        if (secrets == null || !secrets.hasL()) {
            return Set.of();
        }
        return Set.copyOf(secrets.l().stream().map(v -> v.m().get("hash").s()).toList());
    }

    private static ModelPolicy models(Map<String, AttributeValue> item) {
        return new ModelPolicy(stringSet(item, "allowedModels"), stringSet(item, "deniedModels"));
    }

    // ---------------------------------------------------------------- attribute helpers

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue instant(Instant at) {
        return AttributeValue.fromS(FIXED_INSTANT.format(at));
    }

    static long version(Map<String, AttributeValue> item) {
        return Long.parseLong(item.get(VERSION).n());
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.s() == null) {
            throw new IllegalStateException("accounts item " + item.get(PK) + "/" + item.get(SK) + " lacks " + name);
        }
        return value.s();
    }

    private static Optional<String> opt(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(AttributeValue::s);
    }

    private static Instant time(Map<String, AttributeValue> item, String name) {
        return Instant.parse(str(item, name));
    }

    private static Optional<Instant> optTime(Map<String, AttributeValue> item, String name) {
        return opt(item, name).map(Instant::parse);
    }

    private static OptionalLong optLong(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.n()));
    }

    private static Set<String> stringSet(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasSs() ? Set.of() : Set.copyOf(value.ss());
    }

    private static String writeJson(JsonNode json) {
        try {
            return Json.MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readJson(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
