package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.spend.dynamodb.DynamoDbSpendLedger;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.tables.TemplateTables;
import com.gaterouter.common.testing.Since;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streams are metered for what was generated, whatever the client does: one that never asked for
 * usage (the gateway asks the vendor anyway) and one that hangs up mid-stream. Over a raw socket,
 * so the disconnect is exactly where the test says.
 */
class StreamMeteringIT {

    private static LocalGateway gateway;
    /** The gateway runs on the real clock: usage is looked for on every day the tests ran in. */
    private static Since since;

    @BeforeAll
    static void start() throws Exception {
        since = Since.now();
        // 100 tokens/s: a 400-token answer takes 4 s, long enough to hang up in the middle of it
        gateway = GatewayHttp.start(Map.of("GATEROUTER_SIM_TTFT_MS", "0", "GATEROUTER_SIM_TOKENS_PER_SECOND", "100")).gateway();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** Sends a streaming chat request and reads {@code events} data lines (all of them if negative), then hangs up. */
    private static String streamAndHangUp(String prompt, int events) throws Exception {
        return send("openai/gpt-4o-mini", true, prompt, events);
    }

    /** Sends a chat request and reads {@code events} data lines (all if negative; ignored unless streaming); returns its request id. */
    private static String send(String model, boolean stream, String prompt, int events) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + gateway.demoApiKey()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String requestId = null;
            int seen = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.toLowerCase().startsWith("x-request-id:")) {
                    requestId = line.substring(line.indexOf(':') + 1).trim();
                }
                if (line.startsWith("data: ") && ++seen == events) {
                    break; // hang up: the socket closes with the try block
                }
            }
            assertThat(requestId).as("x-request-id header").isNotNull();
            return requestId;
        }
    }

    private static UsageRecord awaitUsage(String requestId) throws InterruptedException {
        return UsageRecords.await(gateway, since, requestId);
    }

    private static SpendLedger.CounterValues userMonth(YearMonth month) {
        String spendTable = TemplateTables.bundled("local").get(GatewayTable.SPEND.logicalId()).tableName();
        String usageTable = TemplateTables.bundled("local").get(GatewayTable.USAGE.logicalId()).tableName();
        var ledger = new DynamoDbSpendLedger(gateway.dynamo(), spendTable, usageTable, Duration.ofDays(1));
        Counter counter = new Counter(DemoTenant.TENANT_ID, BudgetScope.USER, DemoTenant.USER_ID,
                new Window.Month(month));
        return ledger.read(List.of(counter)).get(counter);
    }

    @Test
    void aStreamWhoseClientNeverAskedForUsageIsMeteredFromTheVendorsUsage() throws Exception {
        // one month's counter before and after: not across the end of a month
        YearMonth month = YearMonth.from(Since.clearOf(ChronoUnit.MONTHS, Duration.ofMinutes(1)).start().atZone(ZoneOffset.UTC));
        SpendLedger.CounterValues before = userMonth(month);
        String requestId = streamAndHangUp("Count [[sim:tokens=30]]", -1);

        UsageRecord record = awaitUsage(requestId);
        assertThat(record.status()).isEqualTo(UsageStatus.SUCCEEDED);
        assertThat(record.stream()).isTrue();
        assertThat(record.tokens().completionTokens()).isEqualTo(30);
        assertThat(record.tokens().promptTokens()).isPositive();
        assertThat(record.costMicros()).isPositive();
        // the usage table and the counters follow the journal: wait for the applier to have applied the record
        gateway.usageJournal().orElseThrow().flush(Duration.ofSeconds(30));
        SpendLedger.CounterValues after = userMonth(month);
        assertThat(after.settledUsdMicros() - before.settledUsdMicros()).isGreaterThanOrEqualTo(record.costMicros());
    }

    @Test
    void bedrockStreamedAndBufferedAnswersWithTheSameUsageCostTheSame() throws Exception {
        // Bedrock's Converse reports usage in the body, ConverseStream in a final metadata event:
        // two different shapes that must meter alike (the router's PricingParityIT covers the others)
        UsageRecord buffered = awaitUsage(send("bedrock/nova-lite", false, "Parity [[sim:tokens=40]]", -1));
        UsageRecord streamed = awaitUsage(send("bedrock/nova-lite", true, "Parity [[sim:tokens=40]]", -1));
        assertThat(buffered.status()).isEqualTo(UsageStatus.SUCCEEDED);
        assertThat(streamed.status()).isEqualTo(UsageStatus.SUCCEEDED);
        assertThat(streamed.stream()).isTrue();
        assertThat(buffered.stream()).isFalse();
        assertThat(streamed.tokens()).isEqualTo(buffered.tokens());
        assertThat(buffered.tokens().completionTokens()).isEqualTo(40);
        assertThat(streamed.costMicros()).isEqualTo(buffered.costMicros()).isPositive();
    }

    @Test
    void aClientThatHangsUpMidStreamIsStillMeteredForWhatWasGenerated() throws Exception {
        String requestId = streamAndHangUp("Write a lot [[sim:tokens=400]]", 5);

        UsageRecord record = awaitUsage(requestId);
        assertThat(record.status()).isEqualTo(UsageStatus.CLIENT_DISCONNECTED);
        assertThat(record.tokens().completionTokens())
                .as("what was generated before the hang-up, not zero and not the whole answer")
                .isPositive().isLessThan(400);
        assertThat(record.costMicros()).isPositive();
    }
}
