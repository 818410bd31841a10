package com.gaterouter.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gaterouter.console.testing.HeadlessChromium;
import com.gaterouter.local.LocalGateway;
import com.gaterouter.local.LocalOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Prints how long the console's overview takes to load in the machine's headless Chromium on a local
 * gateway holding N usage records (issue 18: "first meaningful paint of the overview on the local
 * gateway with 100,000 usage records"), against two baselines measured in the same run: the same
 * admin API calls the overview makes, sent in parallel by the JDK's HttpClient (what the console adds
 * over its API), and the same page for a tenant with no traffic at all (what the records cost).
 *
 * <p>One local gateway in this JVM, its simulator answering instantly. The records are made through
 * the real router path (chat completions with the demo app key, a mix of four models, 32 at a time)
 * and counted through the admin API's analytics before anything is measured. They all land today,
 * so the overview reads raw usage rows (no monthly rollup covers them yet): the heaviest case.
 *
 * <p>The page's own Performance marks give the figures, in ms since navigation start:
 * {@code first-contentful-paint}, {@code gaterouter:overview-kpis} (the headline figures rendered:
 * the first meaningful paint), {@code gaterouter:overview-departments} (the budget chart's data
 * rendered) and {@code gaterouter:overview-ready} (every card loaded). Per tenant: one cold load (a
 * fresh browser profile, empty cache; the server already warm) and K warm loads (about:blank between
 * them), the warm loads of both tenants and the API-only batches interleaved round by round.
 *
 * <pre>java -cp functions/local/target/gaterouter-local.jar:tools/target/gaterouter-tools.jar:$(cat tools/target/benchmark-classpath.txt) com.gaterouter.local.bench.ConsoleBenchmark [records] [warm-loads]</pre>
 */
public final class ConsoleBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_WAIT = Duration.ofSeconds(120);
    private static final String READY = ".page[data-page=overview][data-ready=true]";
    private static final String SESSION_KEY = "gaterouter.console.key";
    private static final String SESSION_TENANT = "gaterouter.console.tenant";

    /** The traffic: a model, its share of the records and of the 32 senders, and a prompt. */
    private record Mix(String model, double share, int senders, String prompt) {
    }

    private static final List<Mix> MIX = List.of(
            new Mix("openai/gpt-4o-mini", 0.50, 16, "Summarise the benefits of an LLM gateway in one sentence."),
            new Mix("openai/gpt-4o", 0.20, 6, "Draft a polite reply declining a meeting next Tuesday."),
            new Mix("anthropic/claude-haiku-4-5", 0.15, 5, "List three risks of storing API keys in source code."),
            new Mix("auto", 0.15, 5, "Translate good morning into French."));

    /** The marks read per load, in the table's order. */
    private static final List<String> MARKS = List.of("first-contentful-paint", "gaterouter:overview-kpis",
            "gaterouter:overview-departments", "gaterouter:overview-ready");

    /** One load's figures (ms since navigation start; NaN when absent) and where its time went. */
    private record Load(double[] marks, double lcp, Map<String, Double> phases, Map<String, Double> calls, long transferBytes,
                        List<String> slowestResources, int errors) {
        double mark(int i) {
            return marks[i];
        }
    }

    /** One API-only batch: the overview's six calls in parallel (wall ms), each call's ms, and the shell's me → tenants (ms). */
    private record Batch(double wallMs, Map<String, Double> calls, double shellMs) {
    }

    private record Tenant(String label, String id, ChromeDriver driver, HeadlessChromium browser, List<Load> warm, List<Batch> api) {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("gaterouter.logLevel", "WARN");
        com.gaterouter.local.ConsoleLogging.configure(System.getenv());
        int records = args.length > 0 ? Integer.parseInt(args[0].replace("_", "").replace(",", "")) : 100_000;
        int warmLoads = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Map<String, String> env = Map.of("GATEROUTER_SIM_TTFT_MS", "0", "GATEROUTER_SIM_TOKENS_PER_SECOND", "0");
        LocalOptions options = new LocalOptions(0, Optional.empty(), Optional.empty(), Optional.empty(), false);
        System.out.printf("GateRouter console benchmark: overview load time, %,d usage records vs an empty tenant, %d warm loads; "
                + "%d cores, Java %s%n", records, warmLoads, Runtime.getRuntime().availableProcessors(), Runtime.version());
        try (LocalGateway gateway = LocalGateway.start(options, env)) {
            String base = "http://127.0.0.1:" + gateway.port();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String admin = gateway.adminKey();

            JsonNode budgets = get(http, base + "/admin/v1/tenants/demo/budgets", admin);
            System.out.printf("demo tenant: %d budget(s) or limit(s) (the seed sets none: nothing to lift)%n", budgets.path("data").size());
            String empty = post(http, base + "/admin/v1/tenants", admin, "{\"name\":\"Empty Corp (benchmark baseline)\"}")
                    .path("tenantId").asText();
            System.out.printf("empty tenant: %s (no traffic at all)%n", empty);

            seed(http, base, gateway.demoApiKey(), admin, records);

            // the server warm (JIT, SQLite's page cache) before anything is measured: the cold load is the browser's
            for (int i = 0; i < 3; i++) {
                apiBatch(http, base, admin, "demo");
                apiBatch(http, base, admin, empty);
            }

            List<Tenant> tenants = new ArrayList<>();
            Map<String, Load> cold = new LinkedHashMap<>();
            String chromium = null;
            String chromedriver = null;
            try {
                for (String[] t : List.of(new String[] {"demo", String.format("demo (%,d records)", records)},
                        new String[] {empty, "empty tenant"})) {
                    HeadlessChromium browser = HeadlessChromium.start();
                    ChromeDriver driver = browser.driver();
                    tenants.add(new Tenant(t[1], t[0], driver, browser, new ArrayList<>(), new ArrayList<>()));
                    if (chromium == null) {
                        chromium = driver.getCapabilities().getBrowserName() + " " + driver.getCapabilities().getBrowserVersion();
                        Object chrome = driver.getCapabilities().getCapability("chrome");
                        chromedriver = chrome instanceof Map<?, ?> m ? String.valueOf(m.get("chromedriverVersion")) : "?";
                    }
                    // a fresh profile: sign in on a page of the same origin that is not the console, so nothing of it is cached
                    driver.get(base + "/admin/v1/me");
                    driver.executeScript("sessionStorage.setItem(arguments[0], arguments[1]); sessionStorage.setItem(arguments[2], arguments[3]);",
                            SESSION_KEY, admin, SESSION_TENANT, t[0]);
                    driver.get("about:blank");
                    cold.put(t[1], load(driver, base));
                }
                System.out.printf("browser: %s (chromedriver %s), headless, %dx%d%n", chromium, chromedriver,
                        HeadlessChromium.DESKTOP.getWidth(), HeadlessChromium.DESKTOP.getHeight());

                for (int round = 0; round < warmLoads; round++) {
                    for (int i = 0; i < tenants.size(); i++) {
                        Tenant t = tenants.get((i + round) % tenants.size());
                        t.warm().add(load(t.driver(), base));
                        t.api().add(apiBatch(http, base, admin, t.id()));
                    }
                }
            } finally {
                for (Tenant t : tenants) {
                    t.browser().close();
                }
            }
            report(tenants, cold, records);
        }
        // DynamoDB Local's embedded server leaves non-daemon threads behind
        System.exit(0);
    }

    // ---------------------------------------------------------------- seeding

    /** N chat completions through the router, the model mix in parallel, then until the analytics count them all. */
    private static void seed(HttpClient http, String base, String appKey, String admin, int records) throws Exception {
        long start = System.nanoTime();
        long made = 0;
        long errors = 0;
        int passes = 0;
        while (made < records && passes++ < 5) {
            long missing = records - made;
            List<Future<HttpLoad.Run>> runs = new ArrayList<>();
            try (ExecutorService mixes = Executors.newVirtualThreadPerTaskExecutor()) {
                long assigned = 0;
                for (int i = 0; i < MIX.size(); i++) {
                    Mix mix = MIX.get(i);
                    long quota = i == MIX.size() - 1 ? missing - assigned : Math.round(missing * mix.share());
                    assigned += quota;
                    AtomicLong tickets = new AtomicLong(quota);
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                            .header("Authorization", "Bearer " + appKey).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + mix.model() + "\",\"messages\":["
                                    + "{\"role\":\"system\",\"content\":\"You are terse.\"},{\"role\":\"user\",\"content\":\""
                                    + mix.prompt() + "\"}],\"max_tokens\":64}"))
                            .build();
                    runs.add(mixes.submit(() -> HttpLoad.run(http, request, mix.senders(), () -> tickets.getAndDecrement() > 0)));
                }
            }
            for (Future<HttpLoad.Run> run : runs) {
                made += run.get().latenciesMicros().size();
                errors += run.get().errors();
            }
        }
        double sent = (System.nanoTime() - start) / 1e9;
        System.out.printf("seeding: %,d chat completions through the router in %.1f s (%.0f req/s, concurrency 32, %d errors retried; "
                        + "mix: %s)%n", made, sent, made / sent, errors,
                String.join(", ", MIX.stream().map(m -> String.format("%s %.0f %%", m.model(), 100 * m.share())).toList()));
        if (made < records) {
            throw new IllegalStateException("only " + made + " of " + records + " requests answered 200");
        }
        String url = base + "/admin/v1/tenants/demo/analytics/spend?groupBy=department&granularity=month&from=" + monthStart();
        long counted = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while ((counted = get(http, url, admin).path("totals").path("requests").asLong()) < records) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the analytics count " + counted + " of " + records + " records after 10 minutes");
            }
            Thread.sleep(500);
        }
        System.out.printf("seeded: the analytics count %,d records %.1f s after the first request (all of them today: the "
                + "overview reads raw usage rows, no rollup covers them, the heaviest case)%n", counted, (System.nanoTime() - start) / 1e9);
    }

    // ---------------------------------------------------------------- the browser

    /** Loads the overview in {@code driver} (from about:blank: a new document) and reads the page's own marks and timings. */
    private static Load load(ChromeDriver driver, String base) {
        driver.get("about:blank");
        driver.get(base + "/console/#/overview");
        new WebDriverWait(driver, READY_WAIT).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(READY)));
        @SuppressWarnings("unchecked")
        Map<String, Object> page = (Map<String, Object>) driver.executeScript("""
                const mark = (n) => { const e = performance.getEntriesByName(n)[0]; return e ? e.startTime : -1; };
                const res = performance.getEntriesByType('resource');
                const nav = performance.getEntriesByType('navigation')[0];
                const fetches = res.filter((e) => e.initiatorType === 'fetch');
                const end = (part) => { const e = res.find((r) => r.name.includes(part)); return e ? e.responseEnd : -1; };
                const calls = {};
                const named = {
                  'spend by department (month)': 'granularity=month', 'budgets': '/budgets', 'alerts': '/alerts',
                  'daily spend (30 days)': 'granularity=day', 'top users': '/analytics/top-users', 'models': '/analytics/models' };
                for (const [label, part] of Object.entries(named)) {
                  const e = fetches.find((r) => r.name.includes(part));
                  calls[label] = e ? e.responseEnd - e.startTime : -1;
                }
                const assets = res.filter((e) => e.initiatorType !== 'fetch')
                  .map((e) => ({ name: e.name.replace(/^.*\\/console\\//, ''), ms: e.responseEnd - e.startTime, bytes: e.transferSize, body: e.decodedBodySize }))
                  .sort((a, b) => b.ms - a.ms).slice(0, 3)
                  .map((e) => `${e.name} ${e.ms.toFixed(0)} ms, ${e.bytes} B transferred (${e.body} B)`);
                return {
                  marks: %s.map(mark),
                  htmlEnd: nav.responseEnd,
                  echartsEnd: end('vendor/echarts'),
                  appStart: fetches.length ? Math.min(...fetches.map((e) => e.startTime)) : -1,
                  meEnd: end('/admin/v1/me'),
                  tenantsEnd: (res.find((r) => /\\/admin\\/v1\\/tenants(\\?|$)/.test(r.name)) || { responseEnd: -1 }).responseEnd,
                  headlineDataEnd: Math.max(end('granularity=month'), end('/budgets')),
                  calls,
                  transfer: res.reduce((t, e) => t + (e.transferSize || 0), nav.transferSize || 0),
                  assets,
                  errors: document.querySelectorAll('.page .error').length,
                };
                """.formatted(toJsArray(MARKS)));
        Object lcp = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                let last = -1;
                new PerformanceObserver((list) => { for (const e of list.getEntries()) last = e.startTime; })
                  .observe({ type: 'largest-contentful-paint', buffered: true });
                setTimeout(() => done(last), 50);
                """);
        @SuppressWarnings("unchecked")
        List<Object> marks = (List<Object>) page.get("marks");
        double[] values = marks.stream().mapToDouble(ConsoleBenchmark::number).map(v -> v < 0 ? Double.NaN : v).toArray();
        Map<String, Double> phases = new LinkedHashMap<>();
        phases.put("html", number(page.get("htmlEnd")));
        phases.put("echarts", number(page.get("echartsEnd")));
        phases.put("app start", number(page.get("appStart")));
        phases.put("me", number(page.get("meEnd")));
        phases.put("tenants", number(page.get("tenantsEnd")));
        phases.put("spend+budgets", number(page.get("headlineDataEnd")));
        Map<String, Double> calls = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> rawCalls = (Map<String, Object>) page.get("calls");
        rawCalls.forEach((k, v) -> calls.put(k, number(v)));
        @SuppressWarnings("unchecked")
        List<String> assets = (List<String>) page.get("assets");
        int errors = (int) number(page.get("errors"));
        if (errors > 0) {
            System.out.printf("WARNING: the overview shows %d error box(es): %s%n", errors,
                    driver.findElement(By.cssSelector(".page .error")).getText());
        }
        return new Load(values, number(lcp), phases, calls, (long) number(page.get("transfer")), assets, errors);
    }

    private static String toJsArray(List<String> names) {
        return names.stream().map(n -> "'" + n + "'").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    // ---------------------------------------------------------------- the API-only baseline

    /** The overview's six admin API calls (js/pages/overview.js), sent at once; before them, the shell's me → tenants, timed apart. */
    private static Batch apiBatch(HttpClient http, String base, String admin, String tenant) throws Exception {
        String t = base + "/admin/v1/tenants/" + URLEncoder.encode(tenant, StandardCharsets.UTF_8);
        String from = monthStart();
        long shell0 = System.nanoTime();
        send(http, base + "/admin/v1/me", admin);
        send(http, base + "/admin/v1/tenants", admin);
        double shellMs = (System.nanoTime() - shell0) / 1e6;
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("spend by department (month)", t + "/analytics/spend?groupBy=department&granularity=month&from=" + from);
        urls.put("budgets", t + "/budgets");
        urls.put("alerts", t + "/alerts?month=" + from.substring(0, 7));
        urls.put("daily spend (30 days)", t + "/analytics/spend?groupBy=department&granularity=day&from="
                + LocalDate.now(ZoneOffset.UTC).minusDays(29));
        urls.put("top users", t + "/analytics/top-users?limit=5&from=" + from);
        urls.put("models", t + "/analytics/models?from=" + from);
        Map<String, CompletableFuture<Double>> pending = new LinkedHashMap<>();
        long start = System.nanoTime();
        urls.forEach((label, url) -> {
            long t0 = System.nanoTime();
            pending.put(label, http.sendAsync(request(url, admin), HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(label + ": HTTP " + response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8));
                }
                return (System.nanoTime() - t0) / 1e6;
            }));
        });
        CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new)).join();
        double wall = (System.nanoTime() - start) / 1e6;
        Map<String, Double> calls = new LinkedHashMap<>();
        pending.forEach((label, f) -> calls.put(label, f.join()));
        return new Batch(wall, calls, shellMs);
    }

    private static HttpRequest request(String url, String key) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key).header("Accept", "application/json").build();
    }

    private static void send(HttpClient http, String url, String key) throws Exception {
        HttpResponse<String> response = http.send(request(url, key), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }

    private static JsonNode get(HttpClient http, String url, String key) throws Exception {
        HttpResponse<String> response = http.send(request(url, key), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static JsonNode post(HttpClient http, String url, String key, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String monthStart() {
        return LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).toString();
    }

    // ---------------------------------------------------------------- the report

    /** Nearest-rank percentile of {@code values} (NaN left out). */
    private static double percentile(List<Double> values, double p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }

    private static double max(List<Double> values) {
        return percentile(values, 100);
    }

    private static List<Double> marks(List<Load> loads, int i) {
        return loads.stream().map(l -> l.mark(i)).toList();
    }

    private static void report(List<Tenant> tenants, Map<String, Load> cold, int records) {
        System.out.println();
        System.out.println("Overview load, ms since navigation start (the page's Performance marks; warm: p50 and max of the loads):");
        System.out.println();
        System.out.println("| tenant | load | first contentful paint | headline figures (KPIs) | department chart data | every card ready | LCP | bytes over the wire |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Tenant t : tenants) {
            Load c = cold.get(t.label());
            System.out.printf("| %s | cold (empty cache) | %.0f | %.0f | %.0f | %.0f | %.0f | %,d |%n", t.label(), c.mark(0), c.mark(1),
                    c.mark(2), c.mark(3), c.lcp(), c.transferBytes());
            for (String which : List.of("p50", "max")) {
                double p = which.equals("p50") ? 50 : 100;
                System.out.printf("| %s | warm %s of %d | %.0f | %.0f | %.0f | %.0f | %.0f | %,.0f |%n", t.label(), which, t.warm().size(),
                        percentile(marks(t.warm(), 0), p), percentile(marks(t.warm(), 1), p), percentile(marks(t.warm(), 2), p),
                        percentile(marks(t.warm(), 3), p), percentile(t.warm().stream().map(Load::lcp).toList(), p),
                        percentile(t.warm().stream().map(l -> (double) l.transferBytes()).toList(), p));
            }
        }
        System.out.println();
        System.out.println("API only (same run, interleaved with the warm loads): the overview's six admin API calls sent at once by the "
                + "JDK HttpClient, ms; the console's sign-in calls (me, then tenants) timed apart:");
        System.out.println();
        System.out.println("| tenant | six calls p50 | six calls max | me → tenants p50 |");
        System.out.println("|---|---|---|---|");
        for (Tenant t : tenants) {
            List<Double> wall = t.api().stream().map(Batch::wallMs).toList();
            System.out.printf("| %s | %.1f | %.1f | %.1f |%n", t.label(), percentile(wall, 50), max(wall),
                    percentile(t.api().stream().map(Batch::shellMs).toList(), 50));
        }
        System.out.println();
        System.out.println("Each call, p50 ms (JDK: in the parallel batch; browser: the page's fetch, resource timing, warm loads):");
        System.out.println();
        System.out.print("| call |");
        tenants.forEach(t -> System.out.printf(" %s JDK | %s browser |", t.label(), t.label()));
        System.out.println();
        System.out.println("|---|" + "---|---|".repeat(tenants.size()));
        for (String call : tenants.get(0).api().get(0).calls().keySet()) {
            System.out.printf("| %s |", call);
            for (Tenant t : tenants) {
                System.out.printf(" %.1f | %.1f |", percentile(t.api().stream().map(b -> b.calls().get(call)).toList(), 50),
                        percentile(t.warm().stream().map(l -> l.calls().get(call)).toList(), 50));
            }
            System.out.println();
        }
        System.out.println();
        System.out.println("Where a load's time goes, p50 of the warm loads and the cold load, ms since navigation start (each an end, "
                + "except app start: the first fetch, i.e. app.js and the modules it imports running):");
        for (Tenant t : tenants) {
            Load c = cold.get(t.label());
            StringBuilder line = new StringBuilder("  " + t.label() + ": ");
            for (String phase : c.phases().keySet()) {
                line.append(String.format("%s %.0f (cold %.0f), ", phase, percentile(t.warm().stream().map(l -> l.phases().get(phase)).toList(), 50),
                        c.phases().get(phase)));
            }
            line.append(String.format("KPIs %.0f (cold %.0f), ready %.0f (cold %.0f)", percentile(marks(t.warm(), 1), 50), c.mark(1),
                    percentile(marks(t.warm(), 3), 50), c.mark(3)));
            System.out.println(line);
            System.out.println("    cold load's slowest assets: " + String.join("; ", c.slowestResources()));
        }
        System.out.println();
        System.out.println("Ratios (same run):");
        for (Tenant t : tenants) {
            double api = percentile(t.api().stream().map(Batch::wallMs).toList(), 50);
            double withShell = percentile(t.api().stream().map(b -> b.wallMs() + b.shellMs()).toList(), 50);
            double ready = percentile(marks(t.warm(), 3), 50);
            double kpis = percentile(marks(t.warm(), 1), 50);
            System.out.printf("  %s: warm ready / API-only six calls = %.1f× (%.0f vs %.1f ms); ready / (me → tenants + six calls) = %.1f×; "
                    + "KPIs / API-only = %.1f×; cold ready / warm ready = %.1f×%n", t.label(), ready / api, ready, api, ready / withShell,
                    kpis / api, cold.get(t.label()).mark(3) / ready);
        }
        if (tenants.size() == 2) {
            Tenant full = tenants.get(0);
            Tenant none = tenants.get(1);
            System.out.printf("  %,d records vs empty: warm KPIs %.2f×, warm ready %.2f×, cold ready %.2f×, API-only six calls %.2f×%n", records,
                    percentile(marks(full.warm(), 1), 50) / percentile(marks(none.warm(), 1), 50),
                    percentile(marks(full.warm(), 3), 50) / percentile(marks(none.warm(), 3), 50),
                    cold.get(full.label()).mark(3) / cold.get(none.label()).mark(3),
                    percentile(full.api().stream().map(Batch::wallMs).toList(), 50)
                            / percentile(none.api().stream().map(Batch::wallMs).toList(), 50));
        }
        int errors = tenants.stream().flatMap(t -> t.warm().stream()).mapToInt(Load::errors).sum()
                + cold.values().stream().mapToInt(Load::errors).sum();
        System.out.printf("error boxes on the loaded pages: %d%n", errors);
    }
}
