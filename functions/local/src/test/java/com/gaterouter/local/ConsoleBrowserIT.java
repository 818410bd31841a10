package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.console.testing.HeadlessChromium;
import com.gaterouter.local.GatewayHttp.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (the machine's headless Chromium) against a local gateway: a tenant
 * with two departments, their projects, users of every role and some traffic, all made through the
 * admin and app APIs. Each test signs in as one person and checks what the page shows against what
 * the admin API answers the same person. Screenshots of every page go to
 * {@code target/console-screenshots/} (docs/console.md shows them).
 */
class ConsoleBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path SHOTS = Path.of("target", "console-screenshots");

    private static HeadlessChromium chromium;
    private static ChromeDriver driver;
    private static GatewayHttp http;
    private static LocalGateway gateway;
    private static Path downloads;

    // what the seed made
    private static String tenant;
    private static String tenantAdmin;
    private static String financeAdmin;
    private static String researchAdmin;
    private static String engineering;
    private static String research;
    private static String engineeringProject;
    private static String engineeringMember;
    private static String researchKeyId;

    @BeforeAll
    static void start() throws Exception {
        downloads = Files.createTempDirectory("gaterouter-console-downloads-");
        chromium = HeadlessChromium.start(downloads);
        driver = chromium.driver();
        http = GatewayHttp.start(Map.of("GATEROUTER_KEY_CACHE_TTL_SECONDS", "1", "GATEROUTER_SIM_TTFT_MS", "0",
                "GATEROUTER_SIM_TOKENS_PER_SECOND", "0", "GATEROUTER_ROLLUP_EVERY_SECONDS", "1"));
        gateway = http.gateway();
        seed();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    /** Acme: Engineering (a member with an app key) and Research (its department admin, an app key), a finance user, traffic in both. */
    private static void seed() throws Exception {
        Reply created = http.call("POST", "/admin/v1/tenants", gateway.adminKey(),
                "{\"name\":\"Acme\",\"admin\":{\"email\":\"ada@acme.example\",\"name\":\"Ada Admin\"}}");
        assertThat(created.status()).isEqualTo(201);
        tenant = created.body().path("tenantId").asText();
        tenantAdmin = created.body().path("adminKey").path("secret").asText();
        engineering = create("/departments", "{\"name\":\"Engineering\"}", "departmentId");
        research = create("/departments", "{\"name\":\"Research\"}", "departmentId");
        engineeringProject = create("/projects", "{\"name\":\"Chatbot\",\"departmentId\":\"" + engineering + "\"}", "projectId");
        String researchProject = create("/projects", "{\"name\":\"Lab assistant\",\"departmentId\":\"" + research + "\"}", "projectId");
        engineeringMember = create("/users", "{\"email\":\"bob@acme.example\",\"name\":\"Bob Builder\",\"departmentId\":\""
                + engineering + "\",\"role\":\"member\"}", "userId");
        String researcher = create("/users", "{\"email\":\"rita@acme.example\",\"name\":\"Rita Research\",\"departmentId\":\""
                + research + "\",\"role\":\"department_admin\"}", "userId");
        String finance = create("/users", "{\"email\":\"fin@acme.example\",\"name\":\"Fiona Finance\",\"role\":\"finance\"}", "userId");
        financeAdmin = secret(call("POST", "/keys", tenantAdmin, "{\"userId\":\"" + finance + "\",\"name\":\"fiona console\",\"type\":\"admin\"}"));
        researchAdmin = secret(call("POST", "/keys", tenantAdmin, "{\"userId\":\"" + researcher + "\",\"name\":\"rita console\",\"type\":\"admin\"}"));
        String engineeringKey = secret(call("POST", "/keys", tenantAdmin, "{\"userId\":\"" + engineeringMember
                + "\",\"projectId\":\"" + engineeringProject + "\",\"name\":\"chatbot prod\"}"));
        Reply researchKey = call("POST", "/keys", tenantAdmin, "{\"userId\":\"" + researcher
                + "\",\"projectId\":\"" + researchProject + "\",\"name\":\"lab key\"}");
        researchKeyId = researchKey.body().path("keyId").asText();
        // the first day of this month before any traffic: every request below is on or after it
        String seededFrom = java.time.LocalDate.now(java.time.ZoneOffset.UTC).withDayOfMonth(1).toString();
        for (int i = 0; i < 3; i++) {
            assertThat(chat(engineeringKey, "openai/gpt-4o-mini").status()).isEqualTo(200);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(chat(secret(researchKey), "openai/gpt-4o").status()).isEqualTo(200);
        }
        assertThat(call("PUT", "/budgets/department/" + engineering, tenantAdmin,
                "{\"monthlyUsd\":\"500\",\"alertRecipients\":[\"finance@acme.example\"]}").status()).isEqualTo(201);
        // Research's budget is tiny, so the alert pass fires: the overview lists it
        assertThat(call("PUT", "/budgets/department/" + research, tenantAdmin, "{\"monthlyUsd\":\"0.0005\"}").status()).isEqualTo(201);
        await("the five requests in the analytics", () -> spend(tenantAdmin, "department", "month", seededFrom).path("totals")
                .path("requests").asInt() == 5);
        await("Research's budget alert", () -> call("GET", "/alerts", tenantAdmin, null).body().path("data").size() > 0);
    }

    @BeforeEach
    void signedOut() {
        driver.get(console(""));
        driver.executeScript("sessionStorage.clear()");
        chromium.size(HeadlessChromium.DESKTOP);
        driver.get(console(""));
        waitFor(By.id("signin-key"));
    }

    @Test
    void theOverviewShowsEachDepartmentsSpendExactlyAsTheApiDoes() throws Exception {
        signIn(tenantAdmin);
        WebElement page = waitFor(By.cssSelector(".page[data-page=overview][data-ready=true]"));
        JsonNode api = spend(tenantAdmin, "department", "month", page.getDomAttribute("data-from"));

        assertThat(kpiMicros("mtd")).isEqualTo(api.path("totals").path("costUsdMicros").asLong()).isPositive();
        List<String> shown = new ArrayList<>();
        for (JsonNode row : api.path("data")) {
            shown.add(row.path("department").asText());
            assertThat(cell("departments", row.path("department").asText(), "spent"))
                    .as("%s's spend", row.path("name").asText()).isEqualTo("$" + row.path("costUsd").asText());
        }
        assertThat(shown).containsExactlyInAnyOrder(engineering, research);
        assertThat(cell("departments", engineering, "budget")).isEqualTo("$500.000000");
        assertThat(driver.findElement(By.cssSelector("[data-chart=departments] canvas")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.cssSelector("table[data-table=alerts] tbody")).getText()).contains("Research");
        assertThat(driver.findElement(By.cssSelector("table[data-table=top-users] tbody")).getText()).contains("Bob Builder", "Rita Research");
        assertThat(driver.findElement(By.cssSelector("table[data-table=top-models] tbody")).getText()).contains("openai/gpt-4o-mini");
        // the key lives in this tab's session storage only: not in the URL, not in local storage or cookies
        assertThat(driver.getCurrentUrl()).doesNotContain(tenantAdmin);
        assertThat(driver.executeScript("return localStorage.length")).isEqualTo(0L);
        assertThat(driver.manage().getCookies()).isEmpty();
        chromium.screenshot(SHOTS.resolve("overview.png"));

        chromium.size(HeadlessChromium.PHONE);
        driver.navigate().refresh();
        waitFor(By.cssSelector(".page[data-page=overview][data-ready=true]"));
        assertThat(driver.findElement(By.id("nav")).isDisplayed()).as("the menu folds on a phone").isFalse();
        assertThat((Long) driver.executeScript("return document.documentElement.scrollWidth"))
                .as("nothing wider than the phone's screen").isLessThanOrEqualTo(HeadlessChromium.PHONE.getWidth());
        chromium.screenshot(SHOTS.resolve("overview-phone.png"));
        // every page fits the phone: wide tables scroll inside their card, not the page
        for (String other : List.of("spend", "budgets", "routing", "organisation", "keys")) {
            driver.findElement(By.id("nav-toggle")).click();
            waitFor(By.cssSelector("#nav a[data-page=" + other + "]")).click();
            waitFor(By.cssSelector(".page[data-page=" + other + "] table, .page[data-page=" + other + "] article"));
            assertThat((Long) driver.executeScript("return document.documentElement.scrollWidth"))
                    .as("the %s page's width on a phone", other).isLessThanOrEqualTo(HeadlessChromium.PHONE.getWidth());
        }
        chromium.screenshot(SHOTS.resolve("keys-phone.png"));
    }

    @Test
    void theSpendExplorerTotalsMatchTheApiAndItsCsvIsTheApisExport() throws Exception {
        signIn(tenantAdmin);
        go("spend");
        new Select(waitFor(By.id("spend-group"))).selectByValue("model");
        driver.findElement(By.id("spend-apply")).click();
        WebElement results = waitFor(By.cssSelector(".results[data-ready=true]"));
        assertThat(results.getText()).contains("Spend by model");
        String from = driver.findElement(By.id("spend-from")).getDomProperty("value");
        String to = driver.findElement(By.id("spend-to")).getDomProperty("value");
        JsonNode api = spend(tenantAdmin, "model", "day", from, "to", to);
        assertThat(footer("spend", "cost")).isEqualTo("$" + api.path("totals").path("costUsd").asText());
        assertThat(footer("spend", "requests")).isEqualTo(api.path("totals").path("requests").asText());
        assertThat(driver.findElements(By.cssSelector("table[data-table=spend] tbody tr"))).hasSize(2);
        // sorting by a column header reorders the rows
        driver.findElement(By.cssSelector("table[data-table=spend] button[data-sort=requests]")).click();
        assertThat(driver.findElement(By.cssSelector("table[data-table=spend] tbody tr")).getDomAttribute("data-id"))
                .isIn("openai/gpt-4o-mini", "openai/gpt-4o");
        chromium.screenshot(SHOTS.resolve("spend.png"));

        driver.findElement(By.id("spend-csv")).click();
        Path csv = awaitDownload("spend-model-" + from + "-" + to + ".csv");
        String expected = http.send("GET", "/admin/v1/tenants/" + tenant + "/analytics/spend?groupBy=model&granularity=day&from="
                + from + "&to=" + to + "&format=csv", tenantAdmin, null).body();
        assertThat(Files.readString(csv)).isEqualTo(expected).startsWith("period,model,");
    }

    @Test
    void aKeyCreatedInTheConsoleCallsTheGatewayAndStopsWhenRevoked() throws Exception {
        signIn(tenantAdmin);
        go("keys");
        waitFor(By.id("key-name")).sendKeys("console-made key");
        new Select(driver.findElement(By.id("key-user"))).selectByValue(engineeringMember);
        new Select(driver.findElement(By.id("key-project"))).selectByValue(engineeringProject);
        driver.findElement(By.id("key-create-submit")).click();
        String secret = waitFor(By.id("new-secret")).getText();
        assertThat(secret).startsWith("gr-");
        assertThat(chat(secret, "openai/gpt-4o-mini").status()).isEqualTo(200);
        chromium.screenshot(SHOTS.resolve("keys.png"));

        WebElement row = waitFor(By.xpath("//table[@data-table='keys']//tr[td[@data-col='name' and text()='console-made key']]"));
        String keyId = row.getDomAttribute("data-id");
        // rotate with an hour's grace: the new secret works, and so does the old one for now
        row.findElement(By.cssSelector("button[data-action=rotate]")).click();
        new Select(waitFor(By.id("rotate-grace"))).selectByValue("3600");
        driver.findElement(By.id("dialog-confirm")).click();
        new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.cssSelector("#keys-flash h3")).getText().startsWith("New secret"));
        String rotated = driver.findElement(By.id("new-secret")).getText();
        assertThat(rotated).startsWith("gr-").isNotEqualTo(secret);
        assertThat(chat(rotated, "openai/gpt-4o-mini").status()).isEqualTo(200);
        assertThat(chat(secret, "openai/gpt-4o-mini").status()).as("the old secret within its grace").isEqualTo(200);
        assertThat(call("GET", "/keys/" + keyId, tenantAdmin, null).body().path("previousSecretValidUntil").isNull()).isFalse();

        row = waitFor(By.cssSelector("table[data-table=keys] tr[data-id='" + keyId + "']"));
        row.findElement(By.cssSelector("button[data-action=revoke]")).click();
        waitFor(By.id("dialog-confirm"));
        assertThat(driver.findElement(By.id("dialog")).getText()).contains("Revoke \"console-made key\"?");
        chromium.screenshot(SHOTS.resolve("keys-revoke.png"));
        driver.findElement(By.id("dialog-confirm")).click();
        new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.cssSelector("table[data-table=keys] tr[data-id='" + keyId
                + "'] td[data-col=status]")).getText().equals("revoked"));
        assertThat(call("GET", "/keys/" + keyId, tenantAdmin, null).body().path("status").asText()).isEqualTo("revoked");
        await("the revoked key refused", () -> chat(rotated, "openai/gpt-4o-mini").status() == 401
                && chat(secret, "openai/gpt-4o-mini").status() == 401);
    }

    @Test
    void financeSeesTheSpendButNoKeys() throws Exception {
        signIn(financeAdmin);
        WebElement page = waitFor(By.cssSelector(".page[data-page=overview][data-ready=true]"));
        assertThat(kpiMicros("mtd")).isEqualTo(spend(financeAdmin, "department", "month", page.getDomAttribute("data-from"))
                .path("totals").path("costUsdMicros").asLong());
        assertThat(navPages()).contains("overview", "spend", "budgets", "routing").doesNotContain("keys");
        // a key page asked for by its address is not there either: the console falls back to the overview
        driver.get(console("#/keys"));
        waitFor(By.cssSelector(".page[data-page=overview]"));
        assertThat(driver.findElements(By.id("key-create"))).isEmpty();
        // and the API itself refuses finance a key, whatever the page shows
        assertThat(call("POST", "/keys", financeAdmin, "{\"userId\":\"" + engineeringMember + "\",\"projectId\":\""
                + engineeringProject + "\",\"name\":\"x\"}").status()).isEqualTo(403);
        go("budgets");
        waitFor(By.cssSelector("article.budget[data-scope=department]"));
        assertThat(driver.findElements(By.cssSelector("button[data-action=edit]"))).as("finance changes nothing").isEmpty();
    }

    @Test
    void aDepartmentAdminSeesOnlyTheirDepartment() throws Exception {
        signIn(researchAdmin);
        waitFor(By.cssSelector(".page[data-page=overview][data-ready=true]"));
        assertThat(rowIds("departments")).containsExactly(research);
        assertThat(driver.findElement(By.cssSelector("table[data-table=top-users] tbody")).getText())
                .contains("Rita Research").doesNotContain("Bob Builder");
        go("spend");
        new Select(waitFor(By.id("spend-group"))).selectByValue("department");
        driver.findElement(By.id("spend-apply")).click();
        waitFor(By.cssSelector(".results[data-ready=true]"));
        assertThat(rowIds("spend")).containsExactly(research);
        go("keys");
        waitFor(By.cssSelector("table[data-table=keys] tbody tr[data-id]"));
        assertThat(rowIds("keys")).contains(researchKeyId).allMatch(id -> keyDepartment(id).equals(research));
        go("organisation");
        waitFor(By.cssSelector("table[data-table=departments] tbody tr"));
        assertThat(rowIds("departments")).containsExactly(research);
        assertThat(driver.findElements(By.cssSelector("table[data-table=audit]"))).as("the audit log is the tenant admins'").isEmpty();
        chromium.screenshot(SHOTS.resolve("organisation-department-admin.png"));
    }

    @Test
    void aBudgetTheApiRefusesShowsItsMessageBesideTheFieldAndChangesNothing() throws Exception {
        signIn(tenantAdmin);
        go("budgets");
        waitFor(By.cssSelector("article.budget[data-scope=department][data-scope-id='" + engineering + "']"));
        chromium.screenshot(SHOTS.resolve("budgets.png"));
        String before = call("GET", "/budgets", tenantAdmin, null).raw().body();
        driver.findElement(By.cssSelector("article.budget[data-scope-id='" + engineering + "'] button[data-action=edit]")).click();
        WebElement monthly = waitFor(By.id("budget-monthly"));
        monthly.clear();
        monthly.sendKeys("12.3456789");
        driver.findElement(By.id("budget-save")).click();
        WebElement error = waitFor(By.cssSelector(".field-error"));
        assertThat(error.getDomAttribute("data-param")).isEqualTo("monthlyUsd");
        assertThat(error.getText()).contains("6 decimal");
        assertThat(monthly.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(call("GET", "/budgets", tenantAdmin, null).raw().body().replaceAll("\"asOf\":\"[^\"]*\"", ""))
                .isEqualTo(before.replaceAll("\"asOf\":\"[^\"]*\"", ""));
        chromium.screenshot(SHOTS.resolve("budgets-invalid.png"));
    }

    @Test
    void routingShowsTheTiersAndTheSaving() throws Exception {
        signIn(tenantAdmin);
        go("routing");
        waitFor(By.cssSelector("[data-kpi=saved]"));
        String from = driver.findElement(By.cssSelector(".page[data-page=routing]")).getDomAttribute("data-from");
        JsonNode api = call("GET", "/analytics/routing?from=" + from, tenantAdmin, null).body();
        assertThat(driver.findElement(By.cssSelector("[data-kpi=routed-cost] .kpi-value")).getText())
                .isEqualTo("$" + api.path("totals").path("routedCostUsd").asText());
        assertThat(driver.findElement(By.cssSelector("[data-kpi=saved] .kpi-value")).getText())
                .isEqualTo("$" + api.path("totals").path("savedUsd").asText());
        chromium.screenshot(SHOTS.resolve("routing.png"));
        go("organisation");
        waitFor(By.cssSelector("table[data-table=audit] tbody tr[data-id]"));
        // the API filters: the rows are exactly its answer for budget changes
        new Select(driver.findElement(By.id("audit-action"))).selectByValue("budget");
        new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class)
                .until(d -> columnTexts("audit", "action").stream().allMatch(a -> a.startsWith("budget.")));
        List<String> expected = new ArrayList<>();
        call("GET", "/audit?action=budget&limit=100", tenantAdmin, null).body().path("data").forEach(e -> expected.add(e.path("auditId").asText()));
        assertThat(expected).isNotEmpty();
        new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(d -> rowIds("audit").equals(expected));
        chromium.screenshot(SHOTS.resolve("organisation.png"));
    }

    @Test
    void aTenantAdminAddsADepartmentAndAUserWithARole() throws Exception {
        signIn(tenantAdmin);
        go("organisation");
        waitFor(By.id("department-name")).sendKeys("Legal");
        driver.findElement(By.cssSelector("#department-create button[type=submit]")).click();
        assertThat(waitFor(By.cssSelector("#org-flash .notice")).getText()).isEqualTo("Department \"Legal\" created.");
        String legal = null;
        for (JsonNode d : call("GET", "/departments", tenantAdmin, null).body().path("data")) {
            if (d.path("name").asText().equals("Legal")) {
                legal = d.path("departmentId").asText();
            }
        }
        assertThat(legal).isNotNull();
        assertThat(rowIds("departments")).contains(legal, engineering, research);

        waitFor(By.id("user-name")).sendKeys("Lou Lawyer");
        driver.findElement(By.id("user-email")).sendKeys("not-an-address");
        new Select(driver.findElement(By.id("user-role"))).selectByValue("department_admin");
        new Select(driver.findElement(By.id("user-department"))).selectByValue(legal);
        driver.findElement(By.cssSelector("#user-create button[type=submit]")).click();
        // the browser's own check stops an address without @ before the API is asked
        assertThat((Boolean) driver.executeScript("return document.getElementById('user-email').validity.valid")).isFalse();
        WebElement email = driver.findElement(By.id("user-email"));
        email.clear();
        email.sendKeys("lou@acme.example");
        driver.findElement(By.cssSelector("#user-create button[type=submit]")).click();
        assertThat(waitFor(By.cssSelector("#org-flash .notice")).getText()).isEqualTo("User \"Lou Lawyer\" created.");
        JsonNode lou = null;
        for (JsonNode u : call("GET", "/users?departmentId=" + legal, tenantAdmin, null).body().path("data")) {
            lou = u;
        }
        assertThat(lou).isNotNull();
        assertThat(lou.path("role").asText()).isEqualTo("department_admin");
        assertThat(lou.path("email").asText()).isEqualTo("lou@acme.example");
    }

    @Test
    void namesFromTheApiAreShownAsTextNeverRunAsMarkup() throws Exception {
        String name = "<img src=x onerror=\"window.injected=1\">Ops & <b>Co</b>";
        String ops = create("/departments", "{\"name\":" + com.gaterouter.common.json.Json.MAPPER.writeValueAsString(name) + "}", "departmentId");
        signIn(tenantAdmin);
        go("organisation");
        waitFor(By.cssSelector("table[data-table=departments] tr[data-id='" + ops + "']"));
        assertThat(cell("departments", ops, "name")).isEqualTo(name);
        assertThat(driver.findElements(By.cssSelector("table[data-table=departments] img"))).isEmpty();
        assertThat(driver.executeScript("return window.injected === undefined")).isEqualTo(true);
    }

    @Test
    void aMemberSeesTheirOwnKeysAndBudgetsButNoSpendPages() throws Exception {
        String memberAdmin = secret(call("POST", "/keys", tenantAdmin, "{\"userId\":\"" + engineeringMember
                + "\",\"name\":\"bob console\",\"type\":\"admin\"}"));
        signIn(memberAdmin);
        assertThat(navPages()).containsExactly("keys", "budgets", "organisation");
        waitFor(By.cssSelector(".page[data-page=keys] table[data-table=keys] tbody tr[data-id]"));
        assertThat(rowIds("keys")).isNotEmpty().allMatch(id -> {
            try {
                return call("GET", "/keys/" + id, tenantAdmin, null).body().path("userId").asText().equals(engineeringMember);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        go("organisation");
        waitFor(By.cssSelector("table[data-table=users] tbody tr[data-id]"));
        assertThat(rowIds("users")).containsExactly(engineeringMember);
        assertThat(driver.findElements(By.id("department-create"))).isEmpty();
    }

    @Test
    void aPlatformAdminPicksTheTenant() {
        driver.findElement(By.id("signin-key")).sendKeys(gateway.adminKey());
        driver.findElement(By.id("signin-submit")).click();
        new Select(waitFor(By.id("tenant-select"))).selectByValue(tenant);
        chromium.screenshot(SHOTS.resolve("tenant-picker.png"));
        driver.findElement(By.id("tenant-submit")).click();
        waitFor(By.cssSelector(".page[data-page=overview]"));
        assertThat(driver.findElement(By.id("tenant-name")).getText()).isEqualTo("Acme");
        assertThat(driver.findElement(By.id("who")).getText()).isEqualTo("Platform admin");
    }

    @Test
    void aKeyThatIsNotAnAdminKeyIsRefusedWithAReadableMessage() {
        driver.findElement(By.id("signin-key")).sendKeys("gr-not-a-key");
        driver.findElement(By.id("signin-submit")).click();
        assertThat(waitFor(By.cssSelector("#signin-status .error")).getText()).contains("not an active admin key");
        assertThat(driver.executeScript("return sessionStorage.length")).isEqualTo(0L);
        chromium.screenshot(SHOTS.resolve("signin.png"));
    }

    @Test
    void moneyIsShownExactlyFromMicroDollarsAndRangesListEveryPeriod() {
        Object shown = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "import('./js/format.js').then((f) => done([f.usd(308), f.usd('123456789012345678'), f.usd(-5), f.usd(0),"
                + " f.usdShort(1234567), f.sumMicros([{costUsdMicros: '9007199254740993'}, {costUsdMicros: 1}]).toString(),"
                + " f.periodsBetween('2026-01-30', '2026-02-02', 'day').join(','), f.periodsBetween('2026-01-30', '2026-03-01', 'month').join(',')]))"
                + ".catch((e) => done(String(e)));");
        assertThat(shown).isEqualTo(List.of("$0.000308", "$123,456,789,012.345678", "-$0.000005", "$0.000000", "$1.23",
                "9007199254740994", "2026-01-30,2026-01-31,2026-02-01,2026-02-02", "2026-01,2026-02,2026-03"));
    }

    // --- helpers

    private static String console(String suffix) {
        return "http://127.0.0.1:" + gateway.port() + "/console/" + suffix;
    }

    private static void signIn(String key) {
        driver.findElement(By.id("signin-key")).sendKeys(key);
        driver.findElement(By.id("signin-submit")).click();
        waitFor(By.cssSelector("#nav a"));
    }

    private static void go(String page) {
        driver.findElement(By.cssSelector("#nav a[data-page=" + page + "]")).click();
        waitFor(By.cssSelector(".page[data-page=" + page + "]"));
    }

    private static WebElement waitFor(By by) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static long kpiMicros(String name) {
        return Long.parseLong(waitFor(By.cssSelector("[data-kpi=" + name + "]")).getDomAttribute("data-micros"));
    }

    private static String cell(String table, String rowId, String column) {
        return driver.findElement(By.cssSelector("table[data-table=" + table + "] tbody tr[data-id='" + rowId
                + "'] td[data-col=" + column + "]")).getText();
    }

    private static String footer(String table, String column) {
        return driver.findElement(By.cssSelector("table[data-table=" + table + "] tfoot [data-col=" + column + "]")).getText();
    }

    private static List<String> rowIds(String table) {
        return driver.findElements(By.cssSelector("table[data-table=" + table + "] tbody tr[data-id]")).stream()
                .map(tr -> tr.getDomAttribute("data-id")).toList();
    }

    /** The texts of one column of a table, read in one script (rows re-rendered meanwhile cannot go stale). */
    @SuppressWarnings("unchecked")
    private static List<String> columnTexts(String table, String column) {
        return (List<String>) driver.executeScript("return Array.from(document.querySelectorAll(arguments[0])).map((td) => td.textContent)",
                "table[data-table=" + table + "] tbody tr[data-id] td[data-col=" + column + "]");
    }

    private static List<String> navPages() {
        return driver.findElements(By.cssSelector("#nav a")).stream().map(a -> a.getDomAttribute("data-page")).toList();
    }

    private static String keyDepartment(String keyId) {
        try {
            return call("GET", "/keys/" + keyId, tenantAdmin, null).body().path("departmentId").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path awaitDownload(String name) throws Exception {
        Path file = downloads.resolve(name);
        await("the download " + name, () -> Files.isRegularFile(file) && Files.size(file) > 0
                && !Files.exists(downloads.resolve(name + ".crdownload")));
        return file;
    }

    private static JsonNode spend(String key, String groupBy, String granularity, String from, String... more) throws Exception {
        StringBuilder query = new StringBuilder("?groupBy=" + groupBy + "&granularity=" + granularity + "&from=" + from);
        for (int i = 0; i + 1 < more.length; i += 2) {
            query.append('&').append(more[i]).append('=').append(URLEncoder.encode(more[i + 1], StandardCharsets.UTF_8));
        }
        Reply reply = call("GET", "/analytics/spend" + query, key, null);
        assertThat(reply.status()).isEqualTo(200);
        return reply.body();
    }

    private static Reply call(String method, String path, String key, String body) throws Exception {
        return http.call(method, "/admin/v1/tenants/" + tenant + path, key, body);
    }

    private static String create(String path, String body, String idField) throws Exception {
        Reply reply = call("POST", path, tenantAdmin, body);
        assertThat(reply.status()).as("POST %s", path).isEqualTo(201);
        return reply.body().path(idField).asText();
    }

    private static String secret(Reply key) {
        assertThat(key.status()).isEqualTo(201);
        return key.body().path("secret").asText();
    }

    private static Reply chat(String key, String model) throws Exception {
        return http.call("POST", "/v1/chat/completions", key,
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
