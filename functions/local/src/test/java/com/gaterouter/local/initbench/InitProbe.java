package com.gaterouter.local.initbench;

import com.gaterouter.common.testing.LambdaTestContext;
import java.time.Duration;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One function's cold start in a fresh JVM, run by {@link InitBenchmark} on the function's own
 * Lambda jar: construct the handler as Lambda's init does; with {@code snapstart}, run the
 * registered SnapStart hooks as the runtime does around a snapshot (priming, then restore); then
 * invoke it twice with a representative event. Writes one line of timings to the result file.
 *
 * <p>Arguments: handler class, event kind ({@code apigateway|sqs|map|stream|none}), event file,
 * mode ({@code plain|snapstart|hooks}: {@code hooks} stops after the hooks, invoking nothing), the
 * parent's launch time (epoch ms), result file.
 */
public final class InitProbe {

    public static void main(String[] args) throws Exception {
        long mainAt = System.currentTimeMillis();
        String handlerClass = args[0];
        String kind = args[1];
        Path eventFile = Path.of(args[2]);
        boolean hooksOnly = args[3].equals("hooks");
        boolean snapStart = hooksOnly || args[3].equals("snapstart");
        long launchedAt = Long.parseLong(args[4]);
        Path result = Path.of(args[5]);
        if (snapStart) {
            // before org.crac initialises: its registrations come to the benchmark's runtime stand-in
            System.setProperty("org.crac.Core.Compat", "com.gaterouter.local.initbench.crac");
        }
        byte[] event = kind.equals("none") ? new byte[0] : Files.readAllBytes(eventFile);
        JsonMapper json = JsonMapper.builder().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true).build();

        long t0 = System.nanoTime();
        Object handler = Class.forName(handlerClass).getConstructor().newInstance();
        long t1 = System.nanoTime();
        int hooks = 0;
        if (snapStart) {
            hooks = com.gaterouter.local.initbench.crac.Core.registered();
            org.crac.Core.checkpointRestore();
        }
        long t2 = System.nanoTime();
        if (hooksOnly) {
            Files.writeString(result, String.format(java.util.Locale.ROOT, "{\"initMs\":%.1f,\"hooksMs\":%.1f,\"hooks\":%d}%n",
                    ms(t1 - t0), ms(t2 - t1), hooks), StandardCharsets.UTF_8);
            System.exit(0);
        }
        // the runtime deserialises the event before the handler runs; not part of the handler's time
        Object input = switch (kind) {
            case "apigateway" -> json.readValue(event, APIGatewayProxyRequestEvent.class);
            case "sqs" -> json.readValue(event, SQSEvent.class);
            case "map", "none" -> event.length == 0 ? Map.of() : json.readValue(event, Map.class);
            case "stream" -> event;
            default -> throw new IllegalArgumentException("event kind " + kind);
        };
        long t3 = System.nanoTime();
        String first = invoke(handler, input, handlerClass);
        long t4 = System.nanoTime();
        invoke(handler, input, handlerClass);
        long t5 = System.nanoTime();

        Files.writeString(result, String.format(java.util.Locale.ROOT,
                "{\"jvmToMainMs\":%d,\"initMs\":%.1f,\"hooksMs\":%.1f,\"hooks\":%d,\"firstInvocationMs\":%.1f,"
                        + "\"secondInvocationMs\":%.1f,\"firstResult\":%s}%n",
                mainAt - launchedAt, ms(t1 - t0), ms(t2 - t1), hooks, ms(t4 - t3), ms(t5 - t4),
                json.writeValueAsString(first.length() > 300 ? first.substring(0, 300) : first)), StandardCharsets.UTF_8);
        System.exit(0);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String invoke(Object handler, Object input, String handlerClass) throws Exception {
        LambdaTestContext context = new LambdaTestContext(handlerClass.substring(handlerClass.lastIndexOf('.') + 1),
                Duration.ofMinutes(15));
        if (handler instanceof RequestStreamHandler stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.handleRequest(new ByteArrayInputStream((byte[]) input), out, context);
            return out.toString(StandardCharsets.UTF_8);
        }
        Object answer = ((RequestHandler) handler).handleRequest(input, context);
        return String.valueOf(answer instanceof com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent r
                ? r.getStatusCode() + " " + r.getBody() : answer);
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
