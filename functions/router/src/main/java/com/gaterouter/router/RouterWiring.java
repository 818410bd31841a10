package com.gaterouter.router;

import com.gaterouter.common.accounts.dynamodb.DynamoDbApiKeyStore;
import com.gaterouter.common.secrets.SecretsSource;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import com.gaterouter.router.auth.ApiKeyAuthenticator;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.chat.CandidatePlanner;
import com.gaterouter.router.chat.ChatCompletionService;
import com.gaterouter.router.resilience.CircuitBreakers;
import com.gaterouter.router.resilience.RetryPolicy;
import com.gaterouter.router.vendors.VendorClient;
import com.gaterouter.router.metering.UsageMeter;
import com.gaterouter.router.models.ModelsService;
import com.gaterouter.router.observability.RequestMetrics;
import com.gaterouter.router.vendors.VendorKeys;
import com.gaterouter.router.vendors.openai.OpenAiChatClient;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the router's object graph once, by constructors: the same graph in Lambda and locally. */
public final class RouterWiring {

    private static final Duration UNKNOWN_KEY_CACHE = Duration.ofSeconds(5);

    private RouterWiring() {
    }

    /** One adapter per API shape; the catalog's vendors name the shape they speak. */
    static Map<String, VendorClient> clientsByApi(HttpClient http, RouterSettings settings) {
        return Map.of("openai-chat", new OpenAiChatClient(http, settings.vendorTimeouts()));
    }

    public static RouterApp build(RouterSettings settings, DynamoDbClient dynamo, SecretsSource secrets,
                                  ModelCatalog catalog, RequestMetrics metrics, Clock clock) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(settings.vendorTimeouts().connect())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        var authenticator = new ApiKeyAuthenticator(new DynamoDbApiKeyStore(dynamo, settings.apiKeysTable()),
                clock, settings.keyCacheTtl(), UNKNOWN_KEY_CACHE);
        var meter = new UsageMeter(new DynamoDbUsageStore(dynamo, settings.usageTable(), settings.usageRetention()));
        var planner = new CandidatePlanner(catalog, clientsByApi(http, settings));
        var keys = new VendorKeys(secrets, settings.vendorKeysSecretId(), settings.tenantVendorKeysSecretPrefix(),
                settings.secretsCacheTtl(), clock);
        var chat = new ChatCompletionService(planner, keys, meter, metrics, RetryPolicy.DEFAULT,
                CircuitBreakers.defaults(clock), ChatCompletionService.Sleeper.REAL);
        return new RouterApp(authenticator, chat, new ModelsService(catalog, clock));
    }
}
