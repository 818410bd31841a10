package com.gaterouter.router;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.gaterouter.common.api.ApiHandler;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.lambda.ApiGatewayMapping;
import com.gaterouter.common.secrets.SecretsManagerSecretsSource;
import com.gaterouter.common.snapstart.PrimingSamples;
import com.gaterouter.common.snapstart.SnapStartHooks;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.spend.dynamodb.DynamoDbAllowanceLedger;
import com.gaterouter.common.spend.dynamodb.DynamoDbSpendLedger;
import com.gaterouter.common.spend.spool.Settlement;
import com.gaterouter.common.spend.spool.UsageSpool;
import com.gaterouter.router.messages.MessagesRequestTranslator;
import com.gaterouter.router.responses.ResponsesRequestTranslator;
import com.gaterouter.routing.classifier.ComplexityClassifier;
import com.gaterouter.routing.classifier.RequestShape;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the router primes before a SnapStart snapshot (docs/operations.md, "Cold starts"), in the
 * {@link com.gaterouter.common.snapstart.PrimingHttpClient} window, so nothing is read or written:
 * <ul>
 *   <li>a chat completion with a random key through {@link RouterApp}: the key lookup (DynamoDB
 *       GetItem, answered "no such key") and the 401 answer's JSON; the same for an Anthropic Messages
 *       and an OpenAI Responses request (Anthropic's error shape), and the two dialects' request
 *       translators on those requests' bodies (pure: nothing is called);</li>
 *   <li>the spend ledger's read and settle of a representative request (DynamoDB BatchGetItem,
 *       PutItem), an allowance lease (UpdateItem) and, when there is one, the spool's SQS
 *       SendMessage of its settlement;</li>
 *   <li>a Secrets Manager read (a secret id of its own, dropped from the cache afterwards; the
 *       vendor-keys cache is never touched, so the first request reads the real keys);</li>
 *   <li>the complexity classifier, already loaded and primed when the wiring built it.</li>
 * </ul>
 * After a restore the secure random generators are reseeded ({@code SnapStartHooks}); the router
 * keeps no other per-instance state from init: its caches are timed by the wall clock, which moved
 * on while the snapshot waited.
 */
final class RouterPriming {

    static final String PRIMING_SECRET_ID = "gaterouter/snapstart-priming";

    private RouterPriming() {
    }

    static SnapStartHooks.Builder addSteps(SnapStartHooks.Builder hooks, RouterApp app, RouterSettings settings, DynamoDbClient dynamo,
                                           SecretsManagerSecretsSource secrets, UsageSpool spool, Clock clock) {
        hooks.prime("chat completion with an unknown key", () -> {
            ApiResponse response = app.handle(PrimingSamples.chatCompletion(PrimingSamples.unknownApiKey(), clock));
            requireStatus(response, 401);
        });
        hooks.prime("messages and responses with an unknown key, their translators", () -> {
            ApiRequest message = PrimingSamples.message(PrimingSamples.unknownApiKey(), clock);
            ApiRequest response = PrimingSamples.response(PrimingSamples.unknownApiKey(), clock);
            requireStatus(app.handle(message), 401);
            requireStatus(app.handle(response), 401);
            MessagesRequestTranslator.translate(message.body(), MessagesRequestTranslator.Mode.CREATE);
            ResponsesRequestTranslator.translate(response.body());
        });
        settings.spendTable().ifPresent(spendTable -> hooks.prime("spend ledger read and settle, allowance lease", () -> {
            SpendLedger ledger = new DynamoDbSpendLedger(dynamo, spendTable, settings.usageTable(), settings.usageRetention());
            Settlement settlement = PrimingSamples.settlement(clock);
            ledger.read(settlement.reservation().counters());
            ledger.settle(settlement.reservation(), settlement.usage());
            // the lease's UpdateItem (answered in-process: nothing is written); its counter is the sample's first
            Counter counter = settlement.reservation().counters().getFirst();
            new DynamoDbAllowanceLedger(dynamo, spendTable).lease(
                    List.of(new CounterLimit(counter, Measure.USD_MICROS, 1_000_000, "priming")), 1,
                    clock.instant().plusSeconds(60), "priming");
        }));
        if (spool != null) {
            hooks.prime("usage spool send", () -> spool.append(PrimingSamples.settlement(clock)));
        }
        hooks.prime("secrets manager read", () -> secrets.secretFields(PRIMING_SECRET_ID));
        hooks.reset("forget the priming secret", () -> secrets.invalidate(PRIMING_SECRET_ID));
        hooks.prime("complexity classifier", () -> ComplexityClassifier.bundled()
                .classify(RequestShape.ofPrompt("Translate good morning into French")));
        return hooks;
    }

    /** Priming for the API Gateway handler: one event with an unknown key through its mapping, answered 401. */
    static SnapStartHooks.Builder addApiGatewayStep(SnapStartHooks.Builder hooks, ApiHandler app) {
        return hooks.prime("API Gateway event through the handler", () -> {
            int status = ApiGatewayMapping.toEvent(app.handle(ApiGatewayMapping.toRequest(apiGatewayEvent(), null))).getStatusCode();
            if (status != 401) {
                throw new IllegalStateException("expected 401 for an unknown key, the router answered " + status);
            }
        });
    }

    /** A chat completion as API Gateway's proxy integration delivers it, with a key no store holds. */
    static APIGatewayProxyRequestEvent apiGatewayEvent() {
        var sample = PrimingSamples.chatCompletion(PrimingSamples.unknownApiKey(), Clock.systemUTC());
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod(sample.method())
                .withPath(sample.path())
                .withResource("/v1/{proxy+}")
                .withHeaders(sample.headers())
                .withBody(new String(sample.body(), java.nio.charset.StandardCharsets.UTF_8))
                .withIsBase64Encoded(false)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId(sample.requestId())
                        .withRequestTimeEpoch(sample.receivedAt().toEpochMilli()));
    }

    static void requireStatus(ApiResponse response, int expected) {
        int status = switch (response) {
            case ApiResponse.Buffered buffered -> buffered.status();
            case ApiResponse.Streamed streamed -> 200;
        };
        if (status != expected) {
            throw new IllegalStateException("expected " + expected + ", the router answered " + status);
        }
    }
}
