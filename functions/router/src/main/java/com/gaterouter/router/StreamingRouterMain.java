package com.gaterouter.router;

import com.gaterouter.common.http.GatewayHttpServer;
import com.gaterouter.common.secrets.SecretsManagerSecretsSource;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.observability.EmfRequestMetrics;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/**
 * The streaming deployment's process: the same router core as {@link RouterFunction}, served by
 * the streaming HTTP server, behind Lambda Web Adapter in response-stream mode (template.yaml,
 * {@code RouterStreamingFunction}). Each server-sent event reaches API Gateway as it is written.
 * Listens on {@code AWS_LWA_PORT} (default 8080); Lambda Web Adapter waits for {@code /health}.
 */
public final class StreamingRouterMain {

    private StreamingRouterMain() {
    }

    public static void main(String[] args) throws Exception {
        RouterSettings settings = RouterSettings.fromEnvironment(System.getenv());
        var httpClient = UrlConnectionHttpClient.create();
        RouterApp router = RouterWiring.build(settings,
                DynamoDbClient.builder().httpClient(httpClient).build(),
                new SecretsManagerSecretsSource(SecretsManagerClient.builder().httpClient(httpClient).build(), settings.secretsCacheTtl()),
                ModelCatalog.load(settings.catalogOverride()),
                new EmfRequestMetrics(MetricsFactory.getMetricsInstance()),
                Clock.systemUTC());
        int port = Integer.parseInt(System.getenv().getOrDefault("AWS_LWA_PORT", System.getenv().getOrDefault("PORT", "8080")));
        GatewayHttpServer server = GatewayHttpServer.start(new InetSocketAddress("127.0.0.1", port),
                List.of(new GatewayHttpServer.Route("/v1/", router::handle)), () -> true, Clock.systemUTC(), true);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "router-shutdown"));
        Thread.currentThread().join();
    }
}
