package com.gaterouter.rollup.alerts;

import com.gaterouter.common.alerts.AlertLedger;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.events.EventBridgePublisher;
import com.gaterouter.common.events.EventPublishException;
import com.gaterouter.common.events.EventPublisher;
import com.gaterouter.common.events.GatewayEvent;
import com.gaterouter.common.rollup.RollupService;
import com.gaterouter.common.rollup.dynamodb.DynamoDbRollupStore;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.spend.dynamodb.DynamoDbSpendLedger;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.tables.TemplateTables;
import com.gaterouter.common.testing.AwsEmulator;
import com.gaterouter.common.testing.FutureYear;
import com.gaterouter.common.testing.RepositoryRoot;
import com.gaterouter.common.testing.WithAwsEmulator;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import com.gaterouter.rollup.ScheduledPass;
import com.gaterouter.common.alerts.dynamodb.DynamoDbAlertLedger;
import com.gaterouter.rollup.testing.AccountsFixture;
import com.gaterouter.common.testing.MutableClock;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The acceptance, against the AWS emulator: tables created from template.yaml, spend
 * settled through the real ledger, the scheduled pass (roll-up, then alerts) publishing to a real
 * EventBridge bus, and delivery counted where consumers see it — an SQS queue behind a rule.
 */
@WithAwsEmulator
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BudgetAlertsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ALERT_TYPES = List.of("Budget Threshold Crossed", "Budget Exhausted", "Spend Forecast Exceeded");
    /**
     * 2 November, noon in Paris: early in the month, so no forecast events mix in. Of {@link FutureYear#YEAR}:
     * the usage items and alert entries carry TTLs and the emulator runs on the machine's clock.
     */
    private static final Instant NOW = FutureYear.instant("YYYY-11-02T11:00:00Z");
    private static final Duration DELIVERY = Duration.ofSeconds(20);
    /** How long to keep listening for events that should not come. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    private final AwsEmulator aws;
    private final DynamoDbClient dynamo;
    private final EventBridgeClient eventBridge;
    private final SqsClient sqs;
    private Map<GatewayTable, String> tables;
    private String bus;
    private String queueUrl;
    private DynamoDbAccountStore accounts;
    private SpendLedger ledger;
    private com.gaterouter.common.testing.CountersCatchUp counters;
    private final MutableClock clock = new MutableClock(NOW);

    BudgetAlertsIT(AwsEmulator aws) {
        this.aws = aws;
        this.dynamo = aws.client(DynamoDbClient.builder());
        this.eventBridge = aws.client(EventBridgeClient.builder());
        this.sqs = aws.client(SqsClient.builder());
    }

    @BeforeAll
    void tablesBusRuleAndQueue() throws Exception {
        String stage = aws.uniqueName("it").replace("-", "");
        try (InputStream template = Files.newInputStream(RepositoryRoot.template())) {
            tables = TemplateTables.createAll(dynamo, TemplateTables.read(template, stage));
        }
        bus = aws.uniqueName("gaterouter-alerts-it");
        eventBridge.createEventBus(r -> r.name(bus));
        queueUrl = sqs.createQueue(r -> r.queueName(aws.uniqueName("gaterouter-alerts-it"))).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String rule = aws.uniqueName("finance-alerts");
        String pattern = JSON.writeValueAsString(Map.of("source", List.of("gaterouter"), "detail-type", ALERT_TYPES));
        String ruleArn = eventBridge.putRule(r -> r.name(rule).eventBusName(bus).eventPattern(pattern)).ruleArn();
        sqs.setQueueAttributes(r -> r.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY, """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},
                 "Action":"sqs:SendMessage","Resource":"%s","Condition":{"ArnEquals":{"aws:SourceArn":"%s"}}}]}"""
                .formatted(queueArn, ruleArn))));
        eventBridge.putTargets(r -> r.rule(rule).eventBusName(bus).targets(Target.builder().id("queue").arn(queueArn).build()));

        accounts = new DynamoDbAccountStore(dynamo, tables.get(GatewayTable.ACCOUNTS), tables.get(GatewayTable.API_KEYS));
        ledger = new DynamoDbSpendLedger(dynamo, tables.get(GatewayTable.SPEND), tables.get(GatewayTable.USAGE), Duration.ofDays(30));
        counters = new com.gaterouter.common.testing.CountersCatchUp(dynamo, tables.get(GatewayTable.USAGE),
                tables.get(GatewayTable.SPEND), clock);
    }

    @AfterAll
    void close() {
        dynamo.close();
        eventBridge.close();
        sqs.close();
    }

    @Test
    void crossing50_80And100YieldsExactlyThreeEventsAndRerunsAlone_orConcurrently_yieldNoMore() throws Exception {
        Department d = department(List.of());
        ScheduledPass pass = pass(new EventBridgePublisher(eventBridge, bus));

        settle(d, "r1", 260_000_000); // 52 %
        pass.run(deadline());
        settle(d, "r2", 142_000_000); // 80.4 %
        pass.run(deadline());
        settle(d, "r3", 98_000_000); // 100 %
        pass.run(deadline());

        for (int i = 0; i < 10; i++) {
            pass.run(deadline());
        }
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Callable<ScheduledPass.Outcome>> runs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                runs.add(() -> pass(new EventBridgePublisher(eventBridge, bus)).run(deadline()));
            }
            for (Future<ScheduledPass.Outcome> run : pool.invokeAll(runs)) {
                assertThat(run.get().alerts().published()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }

        List<JsonNode> delivered = receiveFor(d.tenantId());
        assertThat(delivered).extracting(e -> e.path("detail").path("alertId").asText()).containsExactlyInAnyOrder(
                d.alertId("50"), d.alertId("80"), d.alertId("100"));
        assertThat(delivered).extracting(e -> e.path("detail-type").asText()).containsExactlyInAnyOrder(
                "Budget Threshold Crossed", "Budget Threshold Crossed", "Budget Exhausted");
        JsonNode exhausted = delivered.stream().filter(e -> e.path("detail-type").asText().equals("Budget Exhausted")).findFirst()
                .orElseThrow();
        assertThat(exhausted.path("source").asText()).isEqualTo("gaterouter");
        assertThat(exhausted.path("detail").path("spendUsdMicros").asLong()).isEqualTo(500_000_000);
        assertThat(exhausted.path("detail").path("percentUsed").asText()).isEqualTo("100.0");
        assertThat(exhausted.path("detail").path("scopeName").asText()).isEqualTo("Marketing");
    }

    @Test
    void anAlertWhosePublishFailedIsRepublishedOnceByALaterRun() throws Exception {
        Department d = department(List.of());
        AtomicBoolean down = new AtomicBoolean(true);
        EventBridgePublisher real = new EventBridgePublisher(eventBridge, bus);
        EventPublisher flaky = events -> {
            if (down.get()) {
                throw new EventPublishException("bus unreachable", events.stream().map(GatewayEvent::detailType).toList());
            }
            real.publish(events);
        };
        settle(d, "r1", 260_000_000);

        assertThat(pass(flaky).run(deadline()).alerts().failed()).isEqualTo(1);
        DynamoDbAlertLedger alertLedger = new DynamoDbAlertLedger(dynamo, tables.get(GatewayTable.ROLLUPS));
        assertThat(alertLedger.entries(d.tenantId())).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(AlertLedger.State.CLAIMED);
            assertThat(e.abandoned(clock.instant().plusMillis(1))).isTrue();
        });

        down.set(false);
        clock.advance(Duration.ofMinutes(15));
        assertThat(pass(flaky).run(deadline()).alerts().republished()).isEqualTo(1);
        pass(flaky).run(deadline());

        assertThat(receiveFor(d.tenantId())).extracting(e -> e.path("detail").path("alertId").asText()).containsExactly(d.alertId("50"));
        assertThat(alertLedger.entries(d.tenantId())).singleElement().extracting(AlertLedger.Entry::state)
                .isEqualTo(AlertLedger.State.PUBLISHED);
    }

    // ---------------------------------------------------------------- fixtures

    private record Department(String tenantId, String departmentId) {
        String alertId(String trigger) {
            return tenantId + ":department:" + departmentId + ":" + FutureYear.month(11) + ":" + trigger;
        }
    }

    private Department department(List<String> recipients) {
        AccountsFixture fixture = new AccountsFixture(accounts);
        String tenantId = AccountsFixture.id("acme");
        String departmentId = AccountsFixture.id("dept");
        fixture.tenant(tenantId, "Acme", ZoneId.of("Europe/Paris"));
        fixture.department(tenantId, departmentId, "Marketing");
        fixture.budget(tenantId, BudgetScope.DEPARTMENT, departmentId, 500_000_000, 0, List.of(), recipients);
        return new Department(tenantId, departmentId);
    }

    /**
     * One request's usage settled the way the router settles it (its usage record, written once), then counted the
     * way the counter function counts it from the usage stream.
     */
    private void settle(Department d, String requestId, long costMicros) {
        Counter month = new Counter(d.tenantId(), BudgetScope.DEPARTMENT, d.departmentId(), new Window.Month(FutureYear.month(11)));
        Instant at = clock.instant().minusSeconds(60);
        Reservation reservation = new Reservation(d.tenantId() + "-" + requestId, d.tenantId(), at, 0, 0, List.of(), List.of(month));
        UsageRecord usage = new UsageRecord(reservation.requestId(), new Principal(d.tenantId(), d.departmentId(), "prj_1", "usr_1", "key_1"),
                "openai/gpt-4o", "openai/gpt-4o", "openai", 1, new TokenUsage(1_000, 0, 0, 500, 0), costMicros, 900, 900,
                UsageStatus.SUCCEEDED, 200, false, at);
        assertThat(ledger.settle(reservation, usage)).isEqualTo(SpendLedger.Outcome.SETTLED);
        counters.run();
    }

    private ScheduledPass pass(EventPublisher publisher) {
        RollupService rollups = new RollupService(accounts, new DynamoDbUsageStore(dynamo, tables.get(GatewayTable.USAGE), Duration.ofDays(30)),
                new DynamoDbRollupStore(dynamo, tables.get(GatewayTable.ROLLUPS)), clock, Duration.ofHours(2));
        AlertService alerts = new AlertService(accounts, ledger, new DynamoDbAlertLedger(dynamo, tables.get(GatewayTable.ROLLUPS)),
                publisher, clock);
        return new ScheduledPass(rollups::runAll, alerts, clock);
    }

    private Instant deadline() {
        return clock.instant().plus(Duration.ofMinutes(5));
    }

    /**
     * Every event of {@code tenantId} the queue receives: until none has arrived for {@link #QUIET}
     * (and at most {@link #DELIVERY}), so an extra event arriving late is counted too.
     */
    private List<JsonNode> receiveFor(String tenantId) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        Instant deadline = Instant.now().plus(DELIVERY);
        Instant quietUntil = Instant.now().plus(QUIET);
        while (Instant.now().isBefore(deadline) && (events.isEmpty() || Instant.now().isBefore(quietUntil))) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message message : messages) {
                JsonNode event = JSON.readTree(message.body());
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                if (event.path("detail").path("tenantId").asText().equals(tenantId)) {
                    events.add(event);
                    quietUntil = Instant.now().plus(QUIET);
                }
            }
        }
        return events;
    }
}
