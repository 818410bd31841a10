package com.gaterouter.router;

import com.gaterouter.common.http.GatewayHttpServer;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;

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
        RouterApp router = AwsRouterWiring.build(System.getenv());
        int port = Integer.parseInt(System.getenv().getOrDefault("AWS_LWA_PORT", System.getenv().getOrDefault("PORT", "8080")));
        GatewayHttpServer server = GatewayHttpServer.start(new InetSocketAddress("127.0.0.1", port),
                List.of(new GatewayHttpServer.Route("/v1/", router::handle)), () -> true, Clock.systemUTC(), true);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "router-shutdown"));
        Thread.currentThread().join();
    }
}
