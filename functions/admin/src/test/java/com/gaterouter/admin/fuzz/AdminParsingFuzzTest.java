package com.gaterouter.admin.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.http.Check;
import com.gaterouter.admin.http.JsonBody;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.testing.JsonArbitraries;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based fuzz tests of the admin API's input parsing: the JSON body, the field accessors and
 * validators every route uses, and {@code If-Match}. Whatever arrives, the answer is a value or the
 * documented 400 (an {@link AdminException}), never another exception (a 500). Pagination tokens are
 * fuzzed where they are parsed (the pagination tests), not here.
 */
class AdminParsingFuzzTest {

    private static final List<String> FIELDS = List.of("name", "email", "role", "departmentId", "projectId", "userId",
            "monthlyBudgetUsd", "dailyBudgetUsd", "budgetUsd", "models", "allowedModels", "origins", "recipients",
            "timeZone", "expiresAt", "limit", "tier", "rpm", "tpm", "kind");
    private static final Instant NOW = Instant.EPOCH;

    @Property(seed = "1311")
    void anyBodyIsAnObjectOrA400(@ForAll("bodies") byte[] body) {
        answersOrRefuses(() -> JsonBody.parse(body));
        answersOrRefuses(() -> JsonBody.parseOptional(body));
    }

    @Property(seed = "1312")
    void everyAccessorAndValidatorAnswersOrRefusesWithA400(@ForAll("objects") ObjectNode object) {
        JsonBody body = JsonBody.parse(object.toString().getBytes(StandardCharsets.UTF_8));
        answersOrRefuses(() -> body.only(FIELDS.subList(0, 8).toArray(String[]::new)));
        for (String field : FIELDS) {
            answersOrRefuses(() -> body.string(field));
            answersOrRefuses(() -> body.requiredString(field));
            answersOrRefuses(() -> body.integer(field, 1, 100));
            answersOrRefuses(() -> body.array(field));
            answersOrRefuses(() -> body.object(field).map(o -> o.string("name")));
            JsonNode value = object.path(field);
            answersOrRefuses(() -> Check.usdMicros(field, value));
            answersOrRefuses(() -> Check.nonNegativeInteger(field, value));
            answersOrRefuses(() -> Check.modelId(field, value));
            if (value.isTextual()) {
                String text = value.textValue();
                answersOrRefuses(() -> Check.id(field, text));
                answersOrRefuses(() -> Check.name(field, text));
                answersOrRefuses(() -> Check.email(field, text));
                answersOrRefuses(() -> Check.timeZone(field, text));
                answersOrRefuses(() -> Check.instant(field, text));
            }
            if (value.isArray()) {
                List<JsonNode> items = new ArrayList<>();
                value.forEach(items::add);
                answersOrRefuses(() -> Check.models(field, items));
                answersOrRefuses(() -> Check.origins(field, items));
                answersOrRefuses(() -> Check.emails(field, items));
            }
        }
    }

    @Property(seed = "1313")
    void anyIfMatchIsAVersionOrA400(@ForAll("ifMatch") String header) {
        ApiRequest request = new ApiRequest("PATCH", "/admin/v1/tenants/t", Map.of(), Map.of("if-match", header),
                new byte[0], "req-fuzz", NOW);
        AdminCall call = new AdminCall(request, null, null, Map.of(), NOW, null);
        answersOrRefuses(() -> call.ifMatch().ifPresent(v -> assertThat(v).isPositive()));
    }

    @Example
    void aUsdAmountWithAHugeExponentIsRefusedAtOnce() {
        // 1e999999999 is a 12-character JSON number whose plain form has a billion digits
        for (String amount : List.of("1e999999999", "1E+2147483647", "-1e999999999", "1e-999999999")) {
            JsonNode value = JsonBody.parse(("{\"a\":" + amount + "}").getBytes(StandardCharsets.UTF_8)).node("a").orElseThrow();
            long started = System.nanoTime();
            assertThatThrownBy(() -> Check.usdMicros("a", value)).isInstanceOf(AdminException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.oneOf(JsonArbitraries.brokenBodies(),
                JsonArbitraries.values(3, FIELDS).map(v -> v.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Provide
    Arbitrary<ObjectNode> objects() {
        return JsonArbitraries.objects(3, FIELDS, 10).map(o -> {
            // the awkward amounts too: huge exponents as JSON numbers, not only as strings
            o.set("budgetUsd", Json.MAPPER.getNodeFactory().numberNode(new java.math.BigDecimal("1e" + (o.size() * 97))));
            return o;
        });
    }

    @Provide
    Arbitrary<String> ifMatch() {
        return Arbitraries.oneOf(JsonArbitraries.strings(),
                Arbitraries.longs().map(n -> "\"" + n + "\""),
                Arbitraries.longs().map(n -> "W/\"" + n + "\""),
                Arbitraries.of("W/", "\"", "\"\"", "W/\"\"", " * ", "W/W/\"1\"", "1,2", "\"1\", \"2\""));
    }

    /** The call returns, or refuses with the documented 400; anything else fails the property. */
    private static void answersOrRefuses(Runnable call) {
        try {
            call.run();
        } catch (AdminException refused) {
            assertThat(refused.error().status()).isEqualTo(400);
            assertThat(refused.error().message()).isNotBlank();
        }
    }
}
