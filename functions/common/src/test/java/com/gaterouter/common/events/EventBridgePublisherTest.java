package com.gaterouter.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

class EventBridgePublisherTest {

    private static final String BUS = "gaterouter-test";

    private final List<Duration> sleeps = new ArrayList<>();

    @Test
    void sendsTwelveEventsAsTenAndTwoInOrder() {
        ScriptedEventBridge eventBridge = new ScriptedEventBridge((call, entry) -> null);

        publisher(eventBridge).publish(events(12));

        assertThat(eventBridge.requests).hasSize(2);
        assertThat(eventBridge.requests.get(0).entries()).hasSize(10);
        assertThat(eventBridge.requests.get(1).entries()).hasSize(2);
        assertThat(eventBridge.sentDetails()).containsExactlyElementsOf(
                IntStream.range(0, 12).mapToObj(EventBridgePublisherTest::detail).toList());
        assertThat(eventBridge.requests.getFirst().entries()).allSatisfy(entry -> {
            assertThat(entry.eventBusName()).isEqualTo(BUS);
            assertThat(entry.source()).isEqualTo("gaterouter");
            assertThat(entry.detailType()).isEqualTo("Budget Threshold Crossed");
        });
        assertThat(sleeps).isEmpty();
    }

    @Test
    void anEmptyListSendsNothing() {
        ScriptedEventBridge eventBridge = new ScriptedEventBridge((call, entry) -> null);

        publisher(eventBridge).publish(List.of());

        assertThat(eventBridge.requests).isEmpty();
    }

    @Test
    void resendsOnlyTheEntriesThatFailedTransiently() {
        ScriptedEventBridge eventBridge = new ScriptedEventBridge((call, entry) ->
                call == 1 && (entry.detail().equals(detail(2)) || entry.detail().equals(detail(5)))
                        ? "ThrottlingException" : null);

        publisher(eventBridge).publish(events(8));

        assertThat(eventBridge.requests).hasSize(2);
        assertThat(eventBridge.requests.get(1).entries()).extracting(PutEventsRequestEntry::detail)
                .containsExactly(detail(2), detail(5));
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void givesUpAfterTheLastAttemptNamingOnlyWhatFailed() {
        ScriptedEventBridge eventBridge = new ScriptedEventBridge((call, entry) ->
                entry.detail().equals(detail(3)) ? "InternalFailure" : null);
        List<GatewayEvent> events = new ArrayList<>(events(5));
        events.set(3, new GatewayEvent("Budget Exhausted", detail(3)));

        EventPublishException e = catchThrowableOfType(EventPublishException.class,
                () -> publisher(eventBridge).publish(events));

        assertThat(e.failedDetailTypes()).containsExactly("Budget Exhausted");
        assertThat(e).hasMessageContaining("1 of 5").hasMessageContaining("Budget Exhausted (InternalFailure");
        assertThat(eventBridge.requests).hasSize(3);
        assertThat(eventBridge.requests.get(2).entries()).hasSize(1);
    }

    @Test
    void backsOffLongerBeforeEachRetry() {
        ScriptedEventBridge eventBridge = new ScriptedEventBridge((call, entry) -> "ThrottlingException");

        catchThrowableOfType(EventPublishException.class, () -> publisher(eventBridge).publish(events(1)));

        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void doesNotResendEntriesThatCannotSucceed() {
        ScriptedEventBridge eventBridge = new ScriptedEventBridge((call, entry) ->
                entry.detail().equals(detail(1)) ? "MalformedDetail" : null);

        EventPublishException e = catchThrowableOfType(EventPublishException.class,
                () -> publisher(eventBridge).publish(events(3)));

        assertThat(eventBridge.requests).hasSize(1);
        assertThat(e.failedDetailTypes()).hasSize(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aFailedRequestFailsItsBatchOnlyAndIsTheCause() {
        SdkClientException unreachable = SdkClientException.create("Unable to execute HTTP request");
        ScriptedEventBridge eventBridge = new ScriptedEventBridge((call, entry) -> {
            if (call == 1) {
                throw unreachable;
            }
            return null;
        });

        EventPublishException e = catchThrowableOfType(EventPublishException.class,
                () -> publisher(eventBridge).publish(events(12)));

        assertThat(e.failedDetailTypes()).hasSize(10);
        assertThat(e).hasMessageContaining("10 of 12").hasCause(unreachable);
        assertThat(eventBridge.requests).hasSize(2);
        assertThat(eventBridge.requests.get(1).entries()).extracting(PutEventsRequestEntry::detail)
                .containsExactly(detail(10), detail(11));
    }

    @Test
    void failuresFromSeveralBatchesAreReportedInTheCallersOrder() {
        ScriptedEventBridge eventBridge = new ScriptedEventBridge((call, entry) ->
                entry.detail().equals(detail(11)) ? "MalformedDetail"
                        : entry.detail().equals(detail(4)) ? "InternalFailure" : null);
        List<GatewayEvent> events = IntStream.range(0, 12)
                .mapToObj(i -> new GatewayEvent("type-" + i, detail(i))).toList();

        EventPublishException e = catchThrowableOfType(EventPublishException.class,
                () -> publisher(eventBridge).publish(events));

        assertThat(e.failedDetailTypes()).containsExactly("type-4", "type-11");
    }

    @Test
    void batchesStayWithinTheRequestSizeAndAnOversizedEntryTravelsAlone() {
        String large = "{\"pad\":\"" + "x".repeat(100 * 1024) + "\"}";
        String huge = "{\"pad\":\"" + "x".repeat(300 * 1024) + "\"}";
        List<EventBridgePublisher.Indexed> entries = List.of(
                indexed(0, large), indexed(1, large), indexed(2, large), indexed(3, huge), indexed(4, "{}"));

        List<List<EventBridgePublisher.Indexed>> batches = EventBridgePublisher.batches(entries);

        assertThat(batches).extracting(batch -> batch.stream().map(EventBridgePublisher.Indexed::index).toList())
                .containsExactly(List.of(0, 1), List.of(2), List.of(3), List.of(4));
    }

    private EventBridgePublisher publisher(EventBridgeClient client) {
        return new EventBridgePublisher(client, BUS, 3, Duration.ofMillis(100), sleeps::add);
    }

    private static List<GatewayEvent> events(int count) {
        return IntStream.range(0, count).mapToObj(i -> new GatewayEvent("Budget Threshold Crossed", detail(i))).toList();
    }

    private static EventBridgePublisher.Indexed indexed(int index, String detail) {
        return new EventBridgePublisher.Indexed(index, new GatewayEvent("Budget Threshold Crossed", detail));
    }

    private static String detail(int sequence) {
        return "{\"sequence\":" + sequence + "}";
    }

    /** Decides each entry's error code (null = accepted) from the call number and the entry. */
    @FunctionalInterface
    private interface Script {
        String errorCode(int call, PutEventsRequestEntry entry);
    }

    private static final class ScriptedEventBridge implements EventBridgeClient {
        private final Script script;
        private final List<PutEventsRequest> requests = new ArrayList<>();

        ScriptedEventBridge(Script script) {
            this.script = script;
        }

        List<String> sentDetails() {
            return requests.stream().flatMap(request -> request.entries().stream()).map(PutEventsRequestEntry::detail)
                    .toList();
        }

        @Override
        public PutEventsResponse putEvents(PutEventsRequest request) {
            requests.add(request);
            int call = requests.size();
            List<PutEventsResultEntry> results = request.entries().stream().map(entry -> {
                String code = script.errorCode(call, entry);
                return code == null
                        ? PutEventsResultEntry.builder().eventId("id-" + entry.detail().hashCode()).build()
                        : PutEventsResultEntry.builder().errorCode(code).errorMessage("scripted " + code).build();
            }).toList();
            int failed = (int) results.stream().filter(result -> result.errorCode() != null).count();
            return PutEventsResponse.builder().failedEntryCount(failed).entries(results).build();
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    }
}
