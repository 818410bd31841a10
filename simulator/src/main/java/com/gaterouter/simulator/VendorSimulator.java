package com.gaterouter.simulator;

import com.gaterouter.simulator.anthropic.AnthropicApi;
import com.gaterouter.simulator.bedrock.BedrockHandler;
import com.gaterouter.simulator.billing.BillingHandler;
import com.gaterouter.simulator.billing.BillingLedger;
import com.gaterouter.simulator.billing.BillingTerms;
import com.gaterouter.simulator.core.Ids;
import com.gaterouter.simulator.core.PromptCache;
import com.gaterouter.simulator.core.ReplyEngine;
import com.gaterouter.simulator.core.SimContext;
import com.gaterouter.simulator.core.VendorApi;
import com.gaterouter.simulator.core.VendorHandler;
import com.gaterouter.simulator.faults.DirectiveLedger;
import com.gaterouter.simulator.gemini.GeminiApi;
import com.gaterouter.simulator.http.ControlHandler;
import com.gaterouter.simulator.http.RequestLog;
import com.gaterouter.simulator.http.RootHandler;
import com.gaterouter.simulator.openai.OpenAiApi;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP server speaking the wire formats of OpenAI, Anthropic, Gemini, DeepSeek and Bedrock, for tests,
 * demos and benchmarks. Replies and usage are deterministic; latency and faults are injectable.
 *
 * <pre>{@code
 * try (VendorSimulator sim = VendorSimulator.start(SimulatorConfig.defaults())) {
 *     URI openAi = sim.openAiBaseUrl();           // http://127.0.0.1:PORT/openai/v1
 *     sim.faults().enqueue(SimVendor.OPENAI, new Fault.RateLimited(Duration.ofSeconds(1)));
 *     ...
 * }
 * }</pre>
 */
public final class VendorSimulator implements AutoCloseable {

    static {
        // Streams are many small writes; without TCP_NODELAY, Nagle plus delayed ACKs would add
        // ~40 ms stalls. Read once by the JDK server when its first instance starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SimulatorConfig config;
    private final HttpServer server;
    private final ExecutorService executor;
    private final FaultQueue faults;
    private final RequestLog log;
    private final BillingLedger billing;
    private final BillingTerms terms;
    private final URI baseUri;
    private volatile boolean closed;

    private VendorSimulator(SimulatorConfig config) throws IOException {
        this.config = config;
        DirectiveLedger ledger = new DirectiveLedger();
        PromptCache promptCache = new PromptCache();
        this.faults = new FaultQueue(ledger::clear);
        this.log = new RequestLog(config.maxRecordedRequests());
        this.billing = new BillingLedger(config.clock());
        this.terms = new BillingTerms(config.prices());
        SimContext ctx = new SimContext(config, faults, ledger, promptCache, new Ids(),
                new ReplyEngine(config.defaultReplyTokens(), promptCache), billing);

        Map<SimVendor, VendorHandler> handlers = new EnumMap<>(SimVendor.class);
        for (VendorApi api : List.<VendorApi>of(OpenAiApi.openAi(ctx), OpenAiApi.deepSeek(ctx),
                new AnthropicApi(ctx), new GeminiApi(ctx))) {
            handlers.put(api.vendor(), new VendorHandler(ctx, api));
        }

        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 1024);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", new RootHandler(handlers, new ControlHandler(faults, log), log,
                new BillingHandler(billing, terms, config.clock())));
        // Bedrock has its own pipeline (error type headers, binary event-stream); the longer prefix wins
        server.createContext(SimVendor.BEDROCK.pathPrefix(), new BedrockHandler(ctx, log));
        server.start();
        String host = config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1" : config.host();
        this.baseUri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + server.getAddress().getPort());
    }

    /** Starts a simulator; with port 0 it picks a free port. */
    public static VendorSimulator start(SimulatorConfig config) {
        try {
            return new VendorSimulator(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the vendor simulator on " + config.host() + ":" + config.port(), e);
        }
    }

    public SimulatorConfig config() {
        return config;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI baseUri() {
        return baseUri;
    }

    /** What {@code OPENAI_BASE_URL} would be: clients post to {@code {base}/chat/completions}. */
    public URI openAiBaseUrl() {
        return URI.create(baseUri + "/openai/v1");
    }

    /** What {@code ANTHROPIC_BASE_URL} would be: clients post to {@code {base}/v1/messages}. */
    public URI anthropicBaseUrl() {
        return URI.create(baseUri + "/anthropic");
    }

    /** Gemini's base: clients post to {@code {base}/v1beta/models/{model}:generateContent}. */
    public URI geminiBaseUrl() {
        return URI.create(baseUri + "/gemini");
    }

    /** What {@code DEEPSEEK_BASE_URL} would be: clients post to {@code {base}/chat/completions}. */
    public URI deepSeekBaseUrl() {
        return URI.create(baseUri + "/deepseek");
    }

    /**
     * Bedrock Runtime's endpoint ({@code https://bedrock-runtime.REGION.amazonaws.com} in AWS):
     * clients post to {@code {base}/model/{modelId}/converse} and {@code .../converse-stream}.
     */
    public URI bedrockBaseUrl() {
        return URI.create(baseUri + "/bedrock");
    }

    /** The base URL a vendor's SDK would be configured with. */
    public URI baseUrl(SimVendor vendor) {
        return switch (vendor) {
            case OPENAI -> openAiBaseUrl();
            case ANTHROPIC -> anthropicBaseUrl();
            case GEMINI -> geminiBaseUrl();
            case DEEPSEEK -> deepSeekBaseUrl();
            case BEDROCK -> bedrockBaseUrl();
        };
    }

    public FaultQueue faults() {
        return faults;
    }

    /** Requests received so far (up to {@link SimulatorConfig#maxRecordedRequests()}, oldest first). */
    public List<RecordedRequest> requests() {
        return log.all();
    }

    /** Requests received so far for one vendor. */
    public List<RecordedRequest> requests(SimVendor vendor) {
        return log.all().stream().filter(r -> r.vendor() == vendor).toList();
    }

    /** Requests received for a vendor since start or the last {@link #resetRecorded()}. */
    public int requestCount(SimVendor vendor) {
        return log.count(vendor);
    }

    /** Every successful model call, as the vendors bill it (the billing exports read this). */
    public BillingLedger billing() {
        return billing;
    }

    /** The vendors' prices and discounts the billing exports charge; {@code PUT /_sim/billing/terms} replaces them. */
    public BillingTerms billingTerms() {
        return terms;
    }

    /** Forgets recorded requests and counts. */
    public void resetRecorded() {
        log.clear();
    }

    /** Stops at once: in-flight requests (hanging timeouts included) are interrupted. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * Standalone: {@code --port N} (default 8090), {@code --host H}, {@code --ttft-ms N},
     * {@code --tokens-per-second N}, {@code --api-key K}. Prints the base URLs and runs until killed.
     */
    public static void main(String[] args) throws InterruptedException {
        SimulatorConfig config = SimulatorConfig.defaults().withPort(8090)
                .withDirectives(SimulatorConfig.directivesFromEnvironment(System.getenv()));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (arg) {
                case "--port" -> config = config.withPort(Integer.parseInt(require(arg, value)));
                case "--host" -> config = config.withHost(require(arg, value));
                case "--ttft-ms" -> config = config.withTimeToFirstToken(Duration.ofMillis(Long.parseLong(require(arg, value))));
                case "--tokens-per-second" -> config = config.withTokensPerSecond(Double.parseDouble(require(arg, value)));
                case "--api-key" -> config = config.withRequiredApiKey(Optional.of(require(arg, value)));
                case "--help", "-h" -> {
                    System.out.println("usage: VendorSimulator [--port 8090] [--host 127.0.0.1] [--ttft-ms 0] "
                            + "[--tokens-per-second 0] [--api-key KEY]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + arg + " (try --help)");
            }
            i++;
        }
        VendorSimulator sim = start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        System.out.println("GateRouter vendor simulator listening on " + sim.baseUri());
        System.out.println("  OPENAI_BASE_URL=" + sim.openAiBaseUrl());
        System.out.println("  ANTHROPIC_BASE_URL=" + sim.anthropicBaseUrl());
        System.out.println("  GEMINI_BASE_URL=" + sim.geminiBaseUrl());
        System.out.println("  DEEPSEEK_BASE_URL=" + sim.deepSeekBaseUrl());
        System.out.println("  Bedrock endpoint: " + sim.bedrockBaseUrl());
        System.out.println("  control: " + sim.baseUri() + "/_sim/health, /_sim/faults, /_sim/requests, /_sim/billing/terms");
        System.out.println("  billing exports: " + sim.baseUri() + "/_sim/billing/{openai,anthropic,bedrock,gemini}/export?month=YYYY-MM");
        stopped.await();
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
