package com.gaterouter.router;

import com.gaterouter.common.http.GatewayHttpServer;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.snapstart.SnapStartHooks;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;

/**
 * The streaming deployment's process (template.yaml, {@code RouterStreamingFunction}): the same
 * router as {@link RouterFunction} on the streaming HTTP server, behind Lambda Web Adapter in
 * response-stream mode, on loopback; SnapStart's hooks arrive over HTTP ({@link StreamingSnapStart}).
 */
public final class StreamingRouterMain {

    private StreamingRouterMain() {
    }

    public static void main(String[] args) throws Exception {
        Settings env = Settings.fromEnvironment();
        AwsRouterWiring.AwsRouter router = AwsRouterWiring.build(env, "router-streaming");
        SnapStartHooks[] hooks = new SnapStartHooks[1];
        GatewayHttpServer server = GatewayHttpServer.start(new InetSocketAddress("127.0.0.1", AwsRouterWiring.port(env)),
                List.of(new GatewayHttpServer.Route("/v1/", router.app()::handle),
                        new GatewayHttpServer.Route(StreamingSnapStart.PREFIX, request -> StreamingSnapStart.hook(hooks[0], request))),
                () -> true, Clock.systemUTC(), true);
        hooks[0] = StreamingSnapStart.addHttpStep(router.snapStart(), server.port()).build();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "router-shutdown"));
        Thread.currentThread().join();
    }
}
