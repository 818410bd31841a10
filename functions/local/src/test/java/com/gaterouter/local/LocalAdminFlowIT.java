package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.local.GatewayHttp.Reply;
import com.gaterouter.common.money.UsdMicros;
import com.gaterouter.common.testing.Since;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin walk-through of docs/admin-api.md, end to end over HTTP on the local gateway: a
 * platform admin creates a tenant with its first admin; that tenant admin builds a department, a
 * project, a user and a key; the key calls the app API; a budget and a model policy are set and
 * /v1/models follows; the key is rotated and revoked. The key cache is 1 s here so the test sees
 * revocation without waiting the production bound.
 */
class LocalAdminFlowIT {

    private static GatewayHttp http;
    private static LocalGateway gateway;
    /** The gateway runs on the real clock: usage is looked for on every day the tests ran in. */
    private static Since since;

    @BeforeAll
    static void start() throws Exception {
        since = Since.now();
        http = GatewayHttp.start(Map.of("GATEROUTER_KEY_CACHE_TTL_SECONDS", "1", "GATEROUTER_SIM_TTFT_MS", "0",
                        "GATEROUTER_SIM_TOKENS_PER_SECOND", "0",
                        // the tests run the roll-up and alert pass themselves
                        "GATEROUTER_ROLLUP_EVERY_SECONDS", "3600"));
        gateway = http.gateway();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static Reply chat(String key) throws Exception {
        return http.call("POST", "/v1/chat/completions", key,
                "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
    }

    private static List<String> modelIds(String key) throws Exception {
        Reply models = http.call("GET", "/v1/models", key, null);
        assertThat(models.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        models.body().path("data").forEach(m -> ids.add(m.path("id").asText()));
        return ids;
    }

    private static void awaitStatus(String key, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status;
        do {
            status = chat(key).status();
            if (status == expected) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertThat(status).as("status after the key cache refreshed").isEqualTo(expected);
    }

    @Test
    void platformAdminOnboardsATenantWhoseAdminRunsTheWholeLifecycle() throws Exception {
        String platform = gateway.adminKey();

        Reply tenant = http.call("POST", "/admin/v1/tenants", platform,
                "{\"name\":\"Acme\",\"admin\":{\"email\":\"ada@acme.example\",\"name\":\"Ada\"}}");
        assertThat(tenant.status()).isEqualTo(201);
        String t = tenant.body().path("tenantId").asText();
        String tenantAdmin = tenant.body().path("adminKey").path("secret").asText();
        assertThat(tenantAdmin).startsWith("gr-");
        String base = "/admin/v1/tenants/" + t;

        Reply department = http.call("POST", base + "/departments", tenantAdmin, "{\"name\":\"Research\"}");
        assertThat(department.status()).isEqualTo(201);
        String d = department.body().path("departmentId").asText();
        Reply project = http.call("POST", base + "/projects", tenantAdmin, "{\"name\":\"Chatbot\",\"departmentId\":\"" + d + "\"}");
        assertThat(project.status()).isEqualTo(201);
        String p = project.body().path("projectId").asText();
        Reply user = http.call("POST", base + "/users", tenantAdmin,
                "{\"email\":\"bob@acme.example\",\"name\":\"Bob\",\"departmentId\":\"" + d + "\",\"role\":\"member\"}");
        assertThat(user.status()).isEqualTo(201);
        String u = user.body().path("userId").asText();
        Reply key = http.call("POST", base + "/keys", tenantAdmin,
                "{\"userId\":\"" + u + "\",\"projectId\":\"" + p + "\",\"name\":\"chatbot prod\"}");
        assertThat(key.status()).isEqualTo(201);
        String keyId = key.body().path("keyId").asText();
        String secret = key.body().path("secret").asText();
        assertThat(secret).startsWith("gr-");

        // the secret is shown once: reading the key back never shows it
        Reply readBack = http.call("GET", base + "/keys/" + keyId, tenantAdmin, null);
        assertThat(readBack.status()).isEqualTo(200);
        assertThat(readBack.raw().body()).doesNotContain(secret).doesNotContain("\"secret\"");

        Reply completion = chat(secret);
        assertThat(completion.status()).isEqualTo(200);
        assertThat(completion.raw().headers().firstValue("x-gaterouter-model")).contains("openai/gpt-4o-mini");

        Reply budget = http.call("PUT", base + "/budgets/department/" + d, tenantAdmin,
                "{\"monthlyUsd\":\"500.00\",\"dailyUsd\":40,\"thresholds\":[50,80,100],\"alertRecipients\":[\"finance@acme.example\"]}");
        assertThat(budget.status()).isEqualTo(201);
        assertThat(budget.body().path("monthlyUsdMicros").asLong()).isEqualTo(500_000_000L);
        Reply staleBudget = http.call("PUT", base + "/budgets/department/" + d, tenantAdmin, "{\"monthlyUsd\":600}",
                "If-Match", "\"" + (budget.body().path("version").asLong() + 7) + "\"");
        assertThat(staleBudget.status()).isEqualTo(412);

        assertThat(modelIds(secret)).contains("openai/gpt-4o-mini", "anthropic/claude-haiku-4-5");
        Reply policy = http.call("PUT", base + "/policies/project/" + p, tenantAdmin, "{\"allowedModels\":[\"openai/*\"]}");
        assertThat(policy.status()).isIn(200, 201);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        java.util.function.Predicate<String> openAiOrAuto = id -> id.startsWith("openai/") || id.equals("auto");
        while (!modelIds(secret).stream().allMatch(openAiOrAuto) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(modelIds(secret)).as("auto routes among the models the key may use").contains("auto", "openai/gpt-4o")
                .allMatch(openAiOrAuto);

        Reply rotated = http.call("POST", base + "/keys/" + keyId + "/rotate", tenantAdmin, "{\"gracePeriodSeconds\":3600}");
        assertThat(rotated.status()).isEqualTo(200);
        String newSecret = rotated.body().path("secret").asText();
        assertThat(newSecret).isNotEqualTo(secret);
        assertThat(chat(newSecret).status()).isEqualTo(200);
        assertThat(chat(secret).status()).as("the old secret inside its grace period").isEqualTo(200);

        Reply revoked = http.call("POST", base + "/keys/" + keyId + "/revoke", tenantAdmin, null);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body().path("status").asText()).isEqualTo("revoked");
        awaitStatus(newSecret, 401);
        awaitStatus(secret, 401);

        Reply audit = http.call("GET", base + "/audit?limit=100", tenantAdmin, null);
        assertThat(audit.status()).isEqualTo(200);
        List<String> actions = new ArrayList<>();
        audit.body().path("data").forEach(e -> actions.add(e.path("action").asText()));
        assertThat(actions.getFirst()).isEqualTo("key.revoke");
        assertThat(actions).contains("department.create", "project.create", "user.create", "key.create", "key.rotate",
                "budget.create", "policy.create");
        assertThat(audit.raw().body()).doesNotContain(secret).doesNotContain(newSecret);

        // the other tenant's admin sees nothing of this one
        Reply foreign = http.call("GET", "/admin/v1/tenants/" + DemoTenant.TENANT_ID + "/departments", tenantAdmin, null);
        assertThat(foreign.status()).isEqualTo(404);
    }

    /** A fresh tenant with one department, user and two projects (a key each): what a routing walk-through needs. */
    private record Onboarded(String tenantId, String adminKey, String base, String projectId, String key, String budgetedKey) {
    }

    private static Onboarded onboard(String name, String email) throws Exception {
        Reply tenant = http.call("POST", "/admin/v1/tenants", gateway.adminKey(),
                "{\"name\":\"" + name + "\",\"admin\":{\"email\":\"" + email + "\",\"name\":\"Admin\"}}");
        assertThat(tenant.status()).isEqualTo(201);
        String t = tenant.body().path("tenantId").asText();
        String admin = tenant.body().path("adminKey").path("secret").asText();
        String base = "/admin/v1/tenants/" + t;
        String d = created(http.call("POST", base + "/departments", admin, "{\"name\":\"Research\"}"), "departmentId");
        String u = created(http.call("POST", base + "/users", admin,
                "{\"email\":\"dev@" + email.substring(email.indexOf('@') + 1) + "\",\"name\":\"Dev\",\"departmentId\":\"" + d + "\",\"role\":\"member\"}"), "userId");
        String[] projects = new String[2];
        String[] keys = new String[2];
        for (int i = 0; i < 2; i++) {
            projects[i] = created(http.call("POST", base + "/projects", admin, "{\"name\":\"P" + i + "\",\"departmentId\":\"" + d + "\"}"), "projectId");
            keys[i] = created(http.call("POST", base + "/keys", admin,
                    "{\"userId\":\"" + u + "\",\"projectId\":\"" + projects[i] + "\",\"name\":\"k" + i + "\"}"), "secret");
        }
        assertThat(http.call("PUT", base + "/budgets/project/" + projects[1], admin, "{\"monthlyUsd\":\"0.0003\"}").status()).isEqualTo(201);
        return new Onboarded(t, admin, base, projects[0], keys[0], keys[1]);
    }

    private static String created(Reply reply, String field) {
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
        return reply.body().path(field).asText();
    }

    private static Reply auto(String key, String prompt) throws Exception {
        return http.call("POST", "/v1/chat/completions", key, "{\"model\":\"auto\",\"max_tokens\":40,\"messages\":[{\"role\":\"user\",\"content\":"
                + Json.MAPPER.writeValueAsString(prompt) + "}]}");
    }

    private static String header(Reply reply, String name) {
        return reply.raw().headers().firstValue(name).orElse("");
    }

    /** Sends until the key cache has picked up an admin change ({@code until} holds), at most 10 s. */
    private static Reply awaitRouting(String key, java.util.function.Predicate<Reply> until) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Reply reply;
        do {
            reply = auto(key, "Hello");
            if (until.test(reply)) {
                return reply;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return reply;
    }

    private static com.gaterouter.common.usage.UsageRecord usage(String tenantId, Reply reply) throws Exception {
        String requestId = header(reply, "x-request-id");
        var store = gateway.usageStore();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var found = since.days().stream().flatMap(day -> store.findByTenantAndDay(tenantId, day).stream())
                    .filter(r -> r.requestId().equals(requestId)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no usage record for " + requestId);
    }

    @Test
    void autoRoutingFollowsTheTenantsRoutingPolicyPermissionsAndBudgetAndFallsBackAcrossTiers() throws Exception {
        Onboarded acme = onboard("Routed", "ops@routed.example");
        assertThat(modelIds(acme.key())).first().isEqualTo("auto");

        // defaults: the classifier picks the tier; every decision explains itself
        Reply simple = auto(acme.key(), "Translate 'good morning' into French.");
        assertThat(simple.status()).isEqualTo(200);
        assertThat(header(simple, "x-gaterouter-tier")).isIn("light", "standard", "heavy");
        assertThat(Double.parseDouble(header(simple, "x-gaterouter-route-score"))).isBetween(0.0, 1.0);
        assertThat(header(simple, "x-gaterouter-route-reason")).startsWith("auto");
        assertThat(simple.body().path("model").asText()).isEqualTo(header(simple, "x-gaterouter-model"));
        var record = usage(acme.tenantId(), simple);
        assertThat(record.requestedModel()).isEqualTo("auto");
        assertThat(record.route()).isPresent();
        assertThat(record.tier()).contains(header(simple, "x-gaterouter-tier"));

        // the tenant sends everything heavy, to one vendor only
        Reply policy = http.call("PUT", acme.base() + "/routing/tenant/" + acme.tenantId(), acme.adminKey(),
                "{\"thresholds\":{\"lightBelow\":0,\"heavyFrom\":0},\"tiers\":{\"heavy\":[\"anthropic/claude-sonnet-4-5\"]}}");
        assertThat(policy.status()).as(policy.raw().body()).isEqualTo(201);
        Reply heavy = awaitRouting(acme.key(), r -> header(r, "x-gaterouter-model").equals("anthropic/claude-sonnet-4-5"));
        assertThat(header(heavy, "x-gaterouter-tier")).isEqualTo("heavy");

        // that vendor fails: the standard tier serves, and says so
        var simulator = gateway.simulator().orElseThrow();
        simulator.faults().enqueue(com.gaterouter.simulator.SimVendor.ANTHROPIC, new com.gaterouter.simulator.Fault.ServerError(500), 20);
        try {
            Reply fellBack = auto(acme.key(), "Prove that there are infinitely many primes.");
            assertThat(fellBack.status()).isEqualTo(200);
            assertThat(header(fellBack, "x-gaterouter-tier")).isEqualTo("heavy");
            assertThat(header(fellBack, "x-gaterouter-model")).isEqualTo("openai/gpt-4.1-mini");
            assertThat(header(fellBack, "x-gaterouter-route-reason")).startsWith("auto").endsWith("fallback");

            // the project may not use OpenAI: routing skips it and says so
            assertThat(http.call("PUT", acme.base() + "/policies/project/" + acme.projectId(), acme.adminKey(),
                    "{\"deniedModels\":[\"openai/*\"]}").status()).isEqualTo(201);
            Reply denied = awaitRouting(acme.key(), r -> header(r, "x-gaterouter-route-reason").contains("not_permitted"));
            assertThat(header(denied, "x-gaterouter-model")).isEqualTo("gemini/gemini-2.5-flash");
            // by now Anthropic's circuit may be open: then routing starts on a healthy vendor instead of falling back to one
            assertThat(header(denied, "x-gaterouter-route-reason")).contains("not_permitted").matches(".*,(fallback|vendor_unhealthy)$");
        } finally {
            simulator.faults().clear();
        }

        // a budget too small for the heavy tier's worst case: a cheaper tier serves rather than a 429
        Reply budgeted = awaitRouting(acme.budgetedKey(), r -> header(r, "x-gaterouter-tier").equals("heavy"));
        assertThat(budgeted.status()).isEqualTo(200);
        assertThat(header(budgeted, "x-gaterouter-model")).isEqualTo("openai/gpt-4.1-mini");
        assertThat(header(budgeted, "x-gaterouter-route-reason")).contains("budget");

        // shadow mode: a named model is served as named, and what routing would have done is recorded
        assertThat(http.call("PUT", acme.base() + "/routing/tenant/" + acme.tenantId(), acme.adminKey(),
                "{\"mode\":\"shadow\",\"thresholds\":{\"lightBelow\":0,\"heavyFrom\":0}}",
                "If-Match", "\"" + policy.body().path("version").asLong() + "\"").status()).isEqualTo(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Reply named;
        do {
            named = http.call("POST", "/v1/chat/completions", acme.key(),
                    "{\"model\":\"anthropic/claude-haiku-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        } while (!header(named, "x-gaterouter-route-reason").contains("shadow") && System.nanoTime() < deadline && sleep());
        assertThat(header(named, "x-gaterouter-model")).isEqualTo("anthropic/claude-haiku-4-5");
        assertThat(header(named, "x-gaterouter-route-reason")).startsWith("pinned,shadow");
        assertThat(header(named, "x-gaterouter-tier")).isEqualTo("heavy");
        var shadowed = usage(acme.tenantId(), named).route().orElseThrow();
        assertThat(shadowed.shadow()).isTrue();
        assertThat(shadowed.routedModel()).isEqualTo("anthropic/claude-sonnet-4-5");

        // the walk-through is audited like every other change
        Reply audit = http.call("GET", acme.base() + "/audit?limit=100", acme.adminKey(), null);
        assertThat(audit.raw().body()).contains("routing.create").contains("routing.update");
    }

    @Test
    void aTenantAdminCalibratesRoutingOnLabelledExamplesAndNothingIsRecorded() throws Exception {
        Onboarded acme = onboard("Calibrated", "ops@calibrated.example");
        assertThat(http.call("PUT", acme.base() + "/routing/tenant/" + acme.tenantId(), acme.adminKey(),
                "{\"prefer\":\"quality\",\"tiers\":{\"heavy\":[\"openai/gpt-4o\"]}}").status()).isEqualTo(201);
        int audited = http.call("GET", acme.base() + "/audit?limit=100", acme.adminKey(), null).body().path("data").size();
        String examples = """
                {"examples": [
                  {"id": "a", "prompt": "What is the capital of France?", "weak_correct": true, "strong_correct": true},
                  {"id": "b", "prompt": "Prove that there are infinitely many primes.", "needs_strong": true},
                  {"id": "c", "messages": [{"role": "user", "content": "Book me a flight to Oslo"}],
                   "tools": [{"type": "function", "function": {"name": "book"}}], "weak_score": 7, "strong_score": 8}]}""";

        Reply calibration = http.call("POST", acme.base() + "/routing/calibrations", acme.adminKey(), examples);
        assertThat(calibration.status()).as(calibration.raw().body()).isEqualTo(200);
        JsonNode json = calibration.body();
        assertThat(json.path("scope").asText()).isEqualTo("tenant");
        assertThat(json.path("examples").asInt()).isEqualTo(3);
        // the tenant's policy: the catalog's light tier, its own heavy tier; priced at the bundled catalog's list prices
        assertThat(json.path("weakModel").asText()).isEqualTo("openai/gpt-4o-mini");
        assertThat(json.path("strongModel").asText()).isEqualTo("openai/gpt-4o");
        assertThat(json.path("current").path("prefer").asText()).isEqualTo("quality");
        assertThat(json.path("current").path("heavyFrom").doubleValue())
                .isEqualTo(com.gaterouter.routing.TierThresholds.QUALITY.heavyFrom());
        assertThat(json.path("table")).hasSize(19);
        assertThat(json.path("modes").path("balanced").path("quality").asDouble())
                .isGreaterThanOrEqualTo(com.gaterouter.routing.calibration.ThresholdCalibration.Mode.BALANCED.heavyQuality() - 1e-4);

        // finance may not set the tenant's routing, so may not calibrate it; nothing was stored or audited
        String finance = created(http.call("POST", acme.base() + "/users", acme.adminKey(),
                "{\"email\":\"finance@calibrated.example\",\"name\":\"Fin\",\"role\":\"finance\"}"), "userId");
        String financeKey = created(http.call("POST", acme.base() + "/keys", acme.adminKey(),
                "{\"userId\":\"" + finance + "\",\"type\":\"admin\",\"name\":\"finance\"}"), "secret");
        Reply refused = http.call("POST", acme.base() + "/routing/calibrations", financeKey, examples);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().path("error").path("code").asText()).isEqualTo("permission_denied");
        assertThat(http.call("GET", acme.base() + "/audit?limit=100", acme.adminKey(), null).body().path("data").size())
                .as("two more entries: the finance user and their key").isEqualTo(audited + 2);
    }

    @Test
    void analyticsAnswerWhoSpendsOnWhatAndFinanceHearsOnceForTheHighestThreshold() throws Exception {
        // "today's spend" and one month's budget: not across midnight (UTC)
        Since.clearOf(java.time.temporal.ChronoUnit.DAYS, Duration.ofMinutes(2));
        Onboarded acme = onboard("Ledger", "ops@ledger.example");
        long charged = 0;
        int served = 0;
        for (String model : List.of("auto", "auto", "openai/gpt-4o")) {
            Reply reply = http.call("POST", "/v1/chat/completions", acme.key(), "{\"model\":\"" + model
                    + "\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"Hello [[sim:tokens=100]]\"}]}");
            assertThat(reply.status()).isEqualTo(200);
            charged += new java.math.BigDecimal(header(reply, "x-gaterouter-cost-usd")).movePointRight(6).longValueExact();
            served++;
        }

        // a department budget the next requests run into: they are served until the budget refuses one
        String department = http.call("GET", acme.base() + "/projects/" + acme.projectId(), acme.adminKey(), null).body()
                .path("departmentId").asText();
        long budget = charged + 150;
        assertThat(http.call("PUT", acme.base() + "/budgets/department/" + department, acme.adminKey(),
                "{\"monthlyUsd\":\"" + java.math.BigDecimal.valueOf(budget, 6).toPlainString() + "\"}").status()).isEqualTo(201);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Reply refused = null;
        while (System.nanoTime() < deadline) {
            Reply reply = http.call("POST", "/v1/chat/completions", acme.key(), "{\"model\":\"openai/gpt-4o-mini\",\"max_tokens\":100,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello [[sim:tokens=100]]\"}]}");
            if (reply.status() == 429) {
                refused = reply;
                break;
            }
            assertThat(reply.status()).isEqualTo(200);
            charged += new java.math.BigDecimal(header(reply, "x-gaterouter-cost-usd")).movePointRight(6).longValueExact();
            served++;
        }
        // the refusal says why in exact amounts; "spent" is what the counters have counted, which follow the
        // usage records within a moment (the journal applier), so it is at most what was charged
        assertThat(refused).as("the budget refused a request").isNotNull();
        String message = refused.body().path("error").path("message").asText();
        String limit = " budget of " + UsdMicros.toDisplay(budget) + " per month";
        java.util.regex.Matcher amounts = java.util.regex.Pattern
                .compile("\\((\\$[0-9.]+) spent(?:, (\\$[0-9.]+) committed)?\\)\\.$").matcher(message);
        assertThat(amounts.find()).as(message).isTrue();
        long spentSaid = new java.math.BigDecimal(amounts.group(1).substring(1)).movePointRight(6).longValueExact();
        assertThat(spentSaid).as(message).isPositive().isLessThanOrEqualTo(charged);
        if (amounts.group(2) == null) {
            assertThat(message).contains(limit + " has been ");
        } else {
            long committedSaid = new java.math.BigDecimal(amounts.group(2).substring(1)).movePointRight(6).longValueExact();
            assertThat(message).startsWith("This request's worst case of $").contains(" would exceed the department ")
                    .contains(limit + " (");
            assertThat(spentSaid + committedSaid).as("spent and committed: what the limit holds, no more").isLessThanOrEqualTo(budget);
        }
        // once the counters caught up, the budget reads the exact figures
        gateway.usageJournal().orElseThrow().flush(Duration.ofSeconds(30));
        JsonNode usage = http.call("GET", acme.base() + "/budgets/department/" + department, acme.adminKey(), null).body()
                .path("usage").path("monthlyUsd");
        assertThat(usage.path("spentUsdMicros").asLong()).isEqualTo(charged);
        assertThat(usage.path("committedUsdMicros").asLong()).isZero();
        assertThat(usage.path("remainingUsdMicros").asLong()).isEqualTo(Math.max(0, budget - charged));

        // analytics: today's spend shows at once (raw usage), to the micro-dollar
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        String range = "from=" + today + "&to=" + today;
        Reply byDepartment = http.call("GET", acme.base() + "/analytics/spend?groupBy=department&" + range, acme.adminKey(), null);
        assertThat(byDepartment.status()).as(byDepartment.raw().body()).isEqualTo(200);
        assertThat(byDepartment.body().path("data")).hasSize(1);
        assertThat(byDepartment.body().path("data").get(0).path("requests").asLong()).isEqualTo(served);
        assertThat(byDepartment.body().path("data").get(0).path("costUsdMicros").asLong()).isEqualTo(charged);
        // the refusal is counted beside the requests (its record is written just after the 429)
        assertThat(awaitRefusals(acme, range, 1)).isEqualTo(1);

        Reply routing = http.call("GET", acme.base() + "/analytics/routing?" + range, acme.adminKey(), null);
        assertThat(routing.body().path("totals").path("routedRequests").asLong()).isEqualTo(2);
        assertThat(routing.body().path("totals").path("referenceCostUsdMicros").asLong())
                .isGreaterThanOrEqualTo(routing.body().path("totals").path("routedCostUsdMicros").asLong());
        Reply topUsers = http.call("GET", acme.base() + "/analytics/top-users?" + range, acme.adminKey(), null);
        assertThat(topUsers.body().path("data").get(0).path("costUsdMicros").asLong()).isEqualTo(charged);
        Reply models = http.call("GET", acme.base() + "/analytics/models?" + range, acme.adminKey(), null);
        assertThat(models.raw().body()).contains("openai/gpt-4o-mini").contains("openai/gpt-4o\"");
        var csv = http.send("GET", acme.base() + "/analytics/keys?format=csv&" + range, acme.adminKey(), null);
        assertThat(csv.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        assertThat(csv.body().lines().count()).as("a header and both keys").isEqualTo(3);
        assertThat(csv.body().lines().findFirst().orElseThrow()).contains(",requests,refusals,errors,");

        Reply run = http.call("POST", acme.base() + "/rollups/run", acme.adminKey(), null);
        assertThat(run.status()).as(run.raw().body()).isEqualTo(200);
        assertThat(run.body().path("complete").asBoolean()).isTrue();
        JsonNode rolledUp = http.call("GET", acme.base() + "/analytics/spend?groupBy=department&" + range, acme.adminKey(), null).body()
                .path("data").get(0);
        assertThat(rolledUp.path("costUsdMicros").asLong()).as("rolled up: the same figures").isEqualTo(charged);
        assertThat(rolledUp.path("requests").asLong()).isEqualTo(served);
        assertThat(rolledUp.path("refusals").asLong()).isEqualTo(1);

        // finance hears once, however often the pass runs: the first pass found every crossed threshold at once and sent
        // only the highest; the lower ones are recorded as superseded, so they never fire later
        java.util.Set<Long> crossed = new java.util.TreeSet<>();
        for (long threshold : List.of(50L, 80L, 100L)) {
            if (charged * 100 >= threshold * budget) {
                crossed.add(threshold);
            }
        }
        assertThat(crossed).as("the budget was at least half spent").contains(50L);
        for (int pass = 0; pass < 3; pass++) {
            gateway.rollups().runNow();
        }
        List<JsonNode> alerts = gateway.outbox().read().stream().map(envelope -> envelope.path("detail"))
                .filter(detail -> detail.path("tenantId").asText().equals(acme.tenantId()))
                .filter(detail -> detail.path("scope").asText().equals("department")).map(JsonNode.class::cast).toList();
        long highest = ((java.util.TreeSet<Long>) crossed).last();
        assertThat(alerts.stream().filter(a -> !a.path("thresholdPercent").isNull()).map(a -> a.path("thresholdPercent").asLong()))
                .containsExactly(highest);
        java.util.Map<Long, String> states = new java.util.TreeMap<>();
        http.call("GET", acme.base() + "/alerts?scope=department", acme.adminKey(), null).body().path("data").forEach(a -> {
            if (!a.path("thresholdPercent").isNull()) {
                states.put(a.path("thresholdPercent").asLong(), a.path("state").asText());
            }
        });
        java.util.Map<Long, String> expectedStates = new java.util.TreeMap<>();
        crossed.forEach(t -> expectedStates.put(t, t == highest ? "published" : "superseded"));
        assertThat(states).isEqualTo(expectedStates);
        long spent = charged;
        assertThat(alerts).allSatisfy(a -> assertThat(a.path("spendUsdMicros").asLong()).isEqualTo(spent));
    }

    /** The department's refusals today once they reach {@code expected} (refusal records are written off the request path), at most 5 s. */
    private static long awaitRefusals(Onboarded acme, String range, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long refusals;
        do {
            refusals = http.call("GET", acme.base() + "/analytics/spend?groupBy=department&" + range, acme.adminKey(), null).body()
                    .path("totals").path("refusals").asLong();
        } while (refusals < expected && System.nanoTime() < deadline && sleep());
        return refusals;
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(200);
        return true;
    }

    private static Reply chat(String key, String model) throws Exception {
        return http.call("POST", "/v1/chat/completions", key,
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
    }

    /**
     * Issue 13, item 2, over HTTP: a member whose key may not use a model mints himself a fresh key.
     * The key's own deny list binds that key only; the limits set on his person (a user policy, a
     * user budget) bind the fresh key too, he cannot remove them, and the tenant can forbid
     * self-service keys altogether. An app key for another department's project is a 400.
     */
    @Test
    void aMemberCannotMintHimselfOutOfTheLimitsSetOnHisPerson() throws Exception {
        Reply tenant = http.call("POST", "/admin/v1/tenants", gateway.adminKey(),
                "{\"name\":\"Initech\",\"admin\":{\"email\":\"bill@initech.example\",\"name\":\"Bill\"}}");
        assertThat(tenant.status()).isEqualTo(201);
        String base = "/admin/v1/tenants/" + tenant.body().path("tenantId").asText();
        String admin = tenant.body().path("adminKey").path("secret").asText();
        String d = http.call("POST", base + "/departments", admin, "{\"name\":\"Engineering\"}").body().path("departmentId").asText();
        String p = http.call("POST", base + "/projects", admin, "{\"name\":\"TPS\",\"departmentId\":\"" + d + "\"}")
                .body().path("projectId").asText();
        String u = http.call("POST", base + "/users", admin, "{\"email\":\"peter@initech.example\",\"name\":\"Peter\",\"departmentId\":\""
                + d + "\",\"role\":\"member\"}").body().path("userId").asText();
        String peter = http.call("POST", base + "/keys", admin, "{\"userId\":\"" + u + "\",\"type\":\"admin\",\"name\":\"peter admin\"}")
                .body().path("secret").asText();
        Reply limited = http.call("POST", base + "/keys", admin, "{\"userId\":\"" + u + "\",\"projectId\":\"" + p
                + "\",\"name\":\"limited\",\"deniedModels\":[\"openai/gpt-4o\"]}");
        assertThat(limited.status()).isEqualTo(201);
        assertThat(chat(limited.body().path("secret").asText(), "openai/gpt-4o").status()).isEqualTo(403);

        // the finding: a fresh self-minted key is not bound by another key's deny list …
        String mintBody = "{\"userId\":\"" + u + "\",\"projectId\":\"" + p + "\",\"name\":\"my own\"}";
        Reply escape = http.call("POST", base + "/keys", peter, mintBody);
        assertThat(escape.status()).isEqualTo(201);
        assertThat(chat(escape.body().path("secret").asText(), "openai/gpt-4o").status()).isEqualTo(200);

        // … so the limit is set on Peter himself, and binds every key he holds or mints
        assertThat(http.call("PUT", base + "/policies/user/" + u, admin, "{\"deniedModels\":[\"openai/gpt-4o\"]}").status()).isEqualTo(201);
        Reply minted = http.call("POST", base + "/keys", peter, mintBody);
        assertThat(minted.status()).isEqualTo(201);
        String mintedKey = minted.body().path("secret").asText();
        Reply refused = chat(mintedKey, "openai/gpt-4o");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().path("error").path("code").asText()).isEqualTo("model_not_allowed");
        assertThat(chat(mintedKey, "openai/gpt-4o-mini").status()).isEqualTo(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (chat(escape.body().path("secret").asText(), "openai/gpt-4o").status() != 403 && System.nanoTime() < deadline) {
            Thread.sleep(200); // the older key's cached scopes expire within the 1 s key cache
        }
        assertThat(chat(escape.body().path("secret").asText(), "openai/gpt-4o").status()).isEqualTo(403);

        // Peter cannot loosen what binds him
        assertThat(http.call("DELETE", base + "/policies/user/" + u, peter, null).status()).isEqualTo(403);
        assertThat(http.call("PUT", base + "/budgets/user/" + u, peter, "{\"monthlyUsd\":1000}").status()).isEqualTo(403);
        assertThat(http.call("PATCH", base + "/keys/" + limited.body().path("keyId").asText(), peter, "{\"deniedModels\":[]}").status())
                .isEqualTo(403);

        // a user budget binds his self-minted key as well
        assertThat(http.call("PUT", base + "/budgets/user/" + u, admin, "{\"monthlyUsd\":0}").status()).isEqualTo(201);
        Reply overBudget = null;
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && (overBudget = chat(mintedKey, "openai/gpt-4o-mini")).status() != 429) {
            Thread.sleep(200);
        }
        assertThat(overBudget.status()).isEqualTo(429);
        assertThat(overBudget.body().path("error").path("code").asText()).isEqualTo("insufficient_quota");
        assertThat(overBudget.body().path("error").path("message").asText()).contains("user " + u);

        // the tenant forbids self-service keys: Peter's own request is refused, an admin's is not
        assertThat(http.call("PATCH", base, admin, "{\"selfServiceKeys\":false}").body().path("selfServiceKeys").asBoolean(true)).isFalse();
        Reply forbidden = http.call("POST", base + "/keys", peter, mintBody);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.body().path("error").path("code").asText()).isEqualTo("permission_denied");
        assertThat(http.call("POST", base + "/keys", admin, mintBody).status()).isEqualTo(201);

        // an app key for a project of another department is refused, whoever asks
        String otherDepartment = http.call("POST", base + "/departments", admin, "{\"name\":\"Sales\"}").body().path("departmentId").asText();
        String otherProject = http.call("POST", base + "/projects", admin,
                "{\"name\":\"CRM\",\"departmentId\":\"" + otherDepartment + "\"}").body().path("projectId").asText();
        Reply crossDepartment = http.call("POST", base + "/keys", gateway.adminKey(),
                "{\"userId\":\"" + u + "\",\"projectId\":\"" + otherProject + "\",\"name\":\"elsewhere\"}");
        assertThat(crossDepartment.status()).isEqualTo(400);
        assertThat(crossDepartment.body().path("error").path("param").asText()).isEqualTo("projectId");
    }

    @Test
    void anAppKeyCannotAdministerAndAnAdminKeyCannotChat() throws Exception {
        Reply withAppKey = http.call("GET", "/admin/v1/tenants/" + DemoTenant.TENANT_ID + "/departments", gateway.demoApiKey(), null);
        assertThat(withAppKey.status()).isEqualTo(401);

        Reply tenant = http.call("POST", "/admin/v1/tenants", gateway.adminKey(),
                "{\"name\":\"Globex\",\"admin\":{\"email\":\"hank@globex.example\",\"name\":\"Hank\"}}");
        String adminSecret = tenant.body().path("adminKey").path("secret").asText();
        assertThat(chat(adminSecret).status()).isEqualTo(401);
    }
}
