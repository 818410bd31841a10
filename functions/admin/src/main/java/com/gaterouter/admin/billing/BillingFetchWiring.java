package com.gaterouter.admin.billing;

import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.settings.Settings;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the scheduled reconciliation by constructors: the same graph in Lambda
 * ({@link AwsBillingFetchWiring}, admin keys from the vendor-keys secret) and in the local gateway
 * (admin keys from the environment, or the simulator's admin routes).
 */
public final class BillingFetchWiring {

    /** The vendor-keys secret's field holding the OpenAI admin key ({@code sk-admin-…}). */
    public static final String OPENAI_ADMIN_KEY_FIELD = "openai_admin_key";
    /** The vendor-keys secret's field holding the Anthropic admin key ({@code sk-ant-admin…}). */
    public static final String ANTHROPIC_ADMIN_KEY_FIELD = "anthropic_admin_key";
    /** The base URLs of the bundled model catalog (infra/catalog/models.json), as the router calls the vendors. */
    public static final URI OPENAI_BASE_URL = URI.create("https://api.openai.com/v1");
    public static final URI ANTHROPIC_BASE_URL = URI.create("https://api.anthropic.com");

    private BillingFetchWiring() {
    }

    /**
     * The admin endpoints the vendor-keys secret configures: a vendor whose admin key field is set, at the
     * catalog's base URL unless {@code OPENAI_BASE_URL} / {@code ANTHROPIC_BASE_URL} (the catalog's
     * {@code baseUrlEnv} names) move it.
     */
    public static Map<String, HttpVendorBillingApi.Endpoint> fromSecret(Map<String, String> secretFields, Settings settings) {
        Map<String, HttpVendorBillingApi.Endpoint> endpoints = new LinkedHashMap<>();
        adminKey(secretFields, OPENAI_ADMIN_KEY_FIELD).ifPresent(key -> endpoints.put(HttpVendorBillingApi.OPENAI,
                new HttpVendorBillingApi.Endpoint(settings.optional("OPENAI_BASE_URL").map(URI::create).orElse(OPENAI_BASE_URL), key)));
        adminKey(secretFields, ANTHROPIC_ADMIN_KEY_FIELD).ifPresent(key -> endpoints.put(HttpVendorBillingApi.ANTHROPIC,
                new HttpVendorBillingApi.Endpoint(settings.optional("ANTHROPIC_BASE_URL").map(URI::create).orElse(ANTHROPIC_BASE_URL),
                        key)));
        return endpoints;
    }

    private static Optional<String> adminKey(Map<String, String> fields, String field) {
        return Optional.ofNullable(fields.get(field)).map(String::strip).filter(k -> !k.isEmpty());
    }

    /** The run over the vendors of {@code endpoints}, fetched over HTTP. */
    public static ScheduledReconciliations scheduled(AccountStore accounts, Clock clock,
                                                     Map<String, HttpVendorBillingApi.Endpoint> endpoints, ReconciliationSink sink) {
        return new ScheduledReconciliations(accounts, clock, HttpVendorBillingApi.create(endpoints), sink);
    }
}
