package com.gaterouter.local.initbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.accounts.dynamodb.DynamoDbApiKeyStore;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.snapstart.PrimingSamples;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.tables.TemplateTables;
import com.gaterouter.common.tables.local.DynamoDbLocalServer;
import com.gaterouter.local.DemoTenant;
import com.gaterouter.simulator.SimulatorConfig;
import com.gaterouter.simulator.VendorSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Each Lambda handler's cold start, measured in fresh JVMs on the function's own jar (bin/benchmark-init):
 * the handler's construction (Lambda's init), its SnapStart hooks (priming before the snapshot,
 * then the restore hook), and its first and second invocation with a representative event —
 * without the hooks ("plain": a Lambda without SnapStart) and after them ("snapstart": what
 * priming leaves for the first invocation after a restore). A fresh JVM with an empty handler
 * on the same jar is the baseline of the same run.
 *
 * <p>Everything AWS is local: DynamoDB Local with the template's tables and the demo tenant,
 * moto_server for Secrets Manager, SQS, SNS and EventBridge, the vendor simulator for the vendors.
 * The JVM flags are the template's ({@code -XX:TieredStopAtLevel=1}). No snapshot is taken (that
 * needs Lambda): the figures are what the hooks cost at publish time and what they save the
 * first invocation.
 *
 * <p>Arguments: runs per function and mode (default 3).
 */
public final class InitBenchmark {

    private static final String STAGE = "bench";
    // by name: the Lambda interfaces are on the functions' jars, not on this program's class path
    private static final String PROBE = "com.gaterouter.local.initbench.InitProbe";
    private static final String EMPTY_HANDLER = "com.gaterouter.local.initbench.EmptyHandler";

    record Function(String name, String jar, String handler, String eventKind, Path event, Map<String, String> env) {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            run(args.length > 0 ? Integer.parseInt(args[0]) : 3);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        // the stand-ins' client libraries leave non-daemon threads behind: do not wait for them
        System.exit(status);
    }

    private static void run(int runs) throws Exception {
        com.gaterouter.local.ConsoleLogging.configure(Map.of());
        Path root = Path.of(System.getProperty("gaterouter.root", ".")).toAbsolutePath().normalize();
        Path probeClasses = root.resolve("functions/local/target/test-classes");
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Path work = Files.createTempDirectory("gaterouter-init-bench");
        Clock clock = Clock.systemUTC();
        Process moto = null;
        try (DynamoDbLocalServer dynamoServer = DynamoDbLocalServer.start(java.util.Optional.empty());
             DynamoDbClient dynamo = dynamoServer.client();
             VendorSimulator simulator = VendorSimulator.start(SimulatorConfig.defaults()
                     .withTimeToFirstToken(Duration.ZERO).withTokensPerSecond(0))) {
            Map<GatewayTable, String> tables = TemplateTables.createAll(dynamo, TemplateTables.bundled(STAGE));
            String demoKey = "gr-init-benchmark-demo-key-0000000000000000000";
            var keys = new DynamoDbApiKeyStore(dynamo, tables.get(GatewayTable.API_KEYS));
            var accounts = new DynamoDbAccountStore(dynamo, tables.get(GatewayTable.ACCOUNTS), tables.get(GatewayTable.API_KEYS), clock);
            DemoTenant.seed(accounts, keys, demoKey, clock.instant());

            System.err.println("starting moto_server...");
            int motoPort = freePort();
            moto = startMoto(motoPort, work);
            URI motoUrl = URI.create("http://127.0.0.1:" + motoPort);
            Map<String, String> aws = awsResources(motoUrl);

            Map<String, String> common = new LinkedHashMap<>();
            common.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            common.put("HOME", System.getProperty("user.home"));
            common.put("AWS_REGION", "us-east-1");
            // DynamoDB Local keeps a database per access key (and takes letters and digits only): the
            // functions use the key the tables were created with
            common.put("AWS_ACCESS_KEY_ID", "local");
            common.put("AWS_SECRET_ACCESS_KEY", "local");
            common.put("AWS_ENDPOINT_URL", motoUrl.toString());
            common.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoServer.endpoint().toString());
            common.put("POWERTOOLS_METRICS_NAMESPACE", "GateRouter");
            common.put("POWERTOOLS_LOG_LEVEL", "WARN");
            common.put("GATEROUTER_STAGE", STAGE);
            Map<String, String> tableEnv = new LinkedHashMap<>();
            tables.forEach((table, name) -> tableEnv.put(table.environmentVariable(), name));
            tableEnv.put("USAGE_RETENTION_DAYS", "400");

            Path catalog = work.resolve("catalog.json");
            writeCatalog(catalog, simulator);
            Map<String, String> routerEnv = merge(common, tableEnv, Map.of("POWERTOOLS_SERVICE_NAME", "router",
                    "VENDOR_KEYS_SECRET_ID", aws.get("secret"), "USAGE_SPOOL_QUEUE_URL", aws.get("queue"),
                    "REQUEST_TIME_LIMIT_SECONDS", "24", "GATEROUTER_CATALOG", catalog.toString()));
            Path chat = work.resolve("router-chat.json");
            Files.writeString(chat, chatEvent(demoKey, clock));
            Path replayEvent = work.resolve("usage-replay.json");
            Files.writeString(replayEvent, sqsEvent(PrimingSamples.settlement(clock).toJson()));

            List<Function> functions = List.of(
                    new Function("baseline (empty handler)", "functions/router/target/gaterouter-router.jar",
                            EMPTY_HANDLER, "none", work.resolve("none"), common),
                    new Function("router", "functions/router/target/gaterouter-router.jar",
                            "com.gaterouter.router.RouterFunction", "apigateway", chat, routerEnv),
                    new Function("admin", "functions/admin/target/gaterouter-admin.jar",
                            "com.gaterouter.admin.AdminFunction", "apigateway", root.resolve("events/admin-list-tenants-iam.json"),
                            merge(common, tableEnv, Map.of("POWERTOOLS_SERVICE_NAME", "admin"))),
                    new Function("spend-rollup", "functions/rollup/target/gaterouter-rollup.jar",
                            "com.gaterouter.rollup.SpendRollupFunction", "map", root.resolve("events/schedule-rollup-tick.json"),
                            merge(common, tableEnv, Map.of("POWERTOOLS_SERVICE_NAME", "rollup", "EVENT_BUS_NAME", aws.get("bus")))),
                    new Function("alert-notifier", "functions/rollup/target/gaterouter-rollup.jar",
                            "com.gaterouter.rollup.notifier.AlertNotifierFunction", "stream",
                            root.resolve("events/budget-threshold-crossed.json"),
                            merge(common, tableEnv, Map.of("POWERTOOLS_SERVICE_NAME", "alert-notifier", "ALERT_TOPIC_ARN", aws.get("topic")))),
                    new Function("usage-replay", "functions/rollup/target/gaterouter-rollup.jar",
                            "com.gaterouter.rollup.replay.UsageReplayFunction", "sqs", replayEvent,
                            merge(common, tableEnv, Map.of("POWERTOOLS_SERVICE_NAME", "usage-replay"))));

            System.err.println("measuring " + functions.size() + " handlers, " + runs + " runs each, plain and with SnapStart hooks...");
            System.out.printf("Lambda handlers' cold start, fresh JVM per run (%s, -XX:TieredStopAtLevel=1), median of %d; ms%n",
                    Runtime.version(), runs);
            System.out.printf("%-26s %8s %8s %10s | %10s %10s | %8s %s%n", "function", "jvm→main", "init", "hooks",
                    "1st plain", "1st primed", "2nd", "first answer (primed run)");
            for (Function function : functions) {
                System.err.println("  " + function.name() + "...");
                List<JsonNode> plain = new ArrayList<>();
                List<JsonNode> primed = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    plain.add(probe(javaCommand, root, probeClasses, function, "plain", work));
                    primed.add(probe(javaCommand, root, probeClasses, function, "snapstart", work));
                }
                System.out.printf(Locale.ROOT, "%-26s %8.0f %8.1f %10s | %10.1f %10.1f | %8.1f %s%n", function.name(),
                        median(plain, n -> n.path("jvmToMainMs").asDouble()),
                        median(plain, n -> n.path("initMs").asDouble()),
                        String.format(Locale.ROOT, "%.1f (%d)", median(primed, n -> n.path("hooksMs").asDouble()),
                                primed.get(0).path("hooks").asInt()),
                        median(plain, n -> n.path("firstInvocationMs").asDouble()),
                        median(primed, n -> n.path("firstInvocationMs").asDouble()),
                        median(primed, n -> n.path("secondInvocationMs").asDouble()),
                        primed.get(0).path("firstResult").asText().replaceAll("\\s+", " "));
            }
            System.out.println("init: the handler's constructor (Lambda's init without SnapStart); hooks: beforeCheckpoint "
                    + "(priming) + afterRestore, run at publish time and on restore (number of registered hooks); "
                    + "1st plain / 1st primed: the first invocation without the hooks / after them.");
        } finally {
            if (moto != null) {
                moto.destroy();
                if (!moto.waitFor(10, TimeUnit.SECONDS)) {
                    moto.destroyForcibly();
                }
            }
            deleteRecursively(work);
        }
    }

    private static JsonNode probe(String javaCommand, Path root, Path probeClasses, Function function, String mode, Path work)
            throws IOException, InterruptedException {
        Path result = work.resolve("result-" + System.nanoTime() + ".json");
        Path log = work.resolve("probe.log");
        List<String> command = List.of(javaCommand, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-cp", root.resolve(function.jar()) + java.io.File.pathSeparator + probeClasses,
                PROBE, function.handler(), function.eventKind(), function.event().toString(), mode,
                Long.toString(System.currentTimeMillis()), result.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(function.env());
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0 || !Files.exists(result)) {
            process.destroyForcibly();
            throw new IllegalStateException(function.name() + " (" + mode + ") failed; its output:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return Json.MAPPER.readTree(result.toFile());
    }

    private static double median(List<JsonNode> results, ToDoubleFunction<JsonNode> value) {
        double[] values = results.stream().mapToDouble(value).sorted().toArray();
        return values[(values.length - 1) / 2];
    }

    @SafeVarargs
    private static Map<String, String> merge(Map<String, String>... maps) {
        Map<String, String> merged = new HashMap<>();
        for (Map<String, String> map : maps) {
            merged.putAll(map);
        }
        return merged;
    }

    /** The secret, queue, topic and bus the functions name in AWS, created in moto. */
    private static Map<String, String> awsResources(URI moto) {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("init-benchmark", "init-benchmark"));
        var http = UrlConnectionHttpClient.create();
        try (var secrets = SecretsManagerClient.builder().endpointOverride(moto).region(Region.US_EAST_1).credentialsProvider(credentials).httpClient(http).build();
             var sqs = SqsClient.builder().endpointOverride(moto).region(Region.US_EAST_1).credentialsProvider(credentials).httpClient(http).build();
             var sns = SnsClient.builder().endpointOverride(moto).region(Region.US_EAST_1).credentialsProvider(credentials).httpClient(http).build();
             var events = EventBridgeClient.builder().endpointOverride(moto).region(Region.US_EAST_1).credentialsProvider(credentials).httpClient(http).build()) {
            String secret = "gaterouter/" + STAGE + "/vendor-keys";
            secrets.createSecret(b -> b.name(secret).secretString(
                    "{\"openai\":\"sk-sim\",\"anthropic\":\"sk-sim\",\"gemini\":\"sim\",\"deepseek\":\"sk-sim\"}"));
            String queue = sqs.createQueue(b -> b.queueName("gaterouter-" + STAGE + "-usage-spool")).queueUrl();
            String topic = sns.createTopic(b -> b.name("gaterouter-" + STAGE + "-finance-alerts")).topicArn();
            String bus = "gaterouter-" + STAGE;
            events.createEventBus(b -> b.name(bus));
            return Map.of("secret", secret, "queue", queue, "topic", topic, "bus", bus);
        }
    }

    /** The bundled catalog with every vendor at the simulator. */
    private static void writeCatalog(Path file, VendorSimulator simulator) throws IOException {
        JsonNode catalog;
        try (InputStream in = InitBenchmark.class.getClassLoader().getResourceAsStream("catalog/models.json")) {
            catalog = Json.MAPPER.readTree(in);
        }
        ObjectNode vendors = (ObjectNode) catalog.path("vendors");
        Map<String, URI> urls = Map.of("openai", simulator.openAiBaseUrl(), "deepseek", simulator.deepSeekBaseUrl(),
                "anthropic", simulator.anthropicBaseUrl(), "gemini", simulator.geminiBaseUrl(), "bedrock", simulator.bedrockBaseUrl());
        urls.forEach((vendor, url) -> {
            if (vendors.has(vendor)) {
                ((ObjectNode) vendors.get(vendor)).put("baseUrl", url.toString());
            }
        });
        Files.writeString(file, Json.MAPPER.writeValueAsString(catalog));
    }

    private static String chatEvent(String key, Clock clock) throws IOException {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("resource", "/v1/{proxy+}").put("path", "/v1/chat/completions").put("httpMethod", "POST");
        event.putObject("headers").put("Authorization", "Bearer " + key).put("Content-Type", "application/json")
                .put("User-Agent", "OpenAI/Java");
        event.putObject("requestContext").put("requestId", "init-benchmark-chat").put("requestTimeEpoch", clock.millis());
        event.put("isBase64Encoded", false);
        event.put("body", "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        return Json.MAPPER.writeValueAsString(event);
    }

    private static String sqsEvent(String body) throws IOException {
        ObjectNode event = Json.MAPPER.createObjectNode();
        ObjectNode message = event.putArray("Records").addObject();
        message.put("messageId", "init-benchmark-1").put("body", body).put("eventSource", "aws:sqs");
        message.putObject("attributes").put("ApproximateReceiveCount", "1");
        return Json.MAPPER.writeValueAsString(event);
    }

    private static Process startMoto(int port, Path work) throws IOException, InterruptedException {
        Process moto = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(work.resolve("moto.log").toFile()).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/moto-api/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return moto;
            } catch (IOException notYet) {
                if (!moto.isAlive()) {
                    break;
                }
                Thread.sleep(200);
            }
        }
        moto.destroyForcibly();
        throw new IllegalStateException("moto_server did not answer on port " + port + " (pip install 'moto[server]'); its log: "
                + Files.readString(work.resolve("moto.log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
