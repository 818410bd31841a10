package com.gaterouter.simulator.fuzz;

import com.gaterouter.simulator.text.DirectiveLimits;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.simulator.Fault;
import com.gaterouter.simulator.text.Directives;
import com.gaterouter.simulator.text.SchemaSampler;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based fuzz tests of what a prompt can make the simulator do: the directive parser and the
 * JSON-schema sampler. Whatever the text, parsing answers directives within their documented bounds
 * or refuses (IllegalArgumentException, which the simulator answers with the vendor's 400), and a
 * schema's sample stays within the sampler's budget.
 */
class DirectivesFuzzTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> PIECES = List.of("[[sim:", "]]", "[[", "]", "sim:", "tokens=", "text=", "fault=",
            "timeout", "hang", "rate_limit", "server_error", "stream_cut", "stream_error", "malformed", "overloaded",
            "ms=", "seconds=", "retry_after=", "retry_after_ms=", "status=", "after=", "times=", "vendor=", "openai",
            "anthropic", "ttft_ms=", "tps=", "context_window=", ",", "=", " ", "\n", "1e999999999", "NaN", "-0", "0.5",
            "16384", "16385", "60000", "60001", "2147483647", "9223372036854775808", "-1", "1");

    @Property(seed = "1321")
    void anyTextGivesBoundedDirectivesOrARefusal(@ForAll("texts") String text) {
        Directives d;
        try {
            d = Directives.parse(text);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            // messages quote at most a short excerpt of what was sent
            assertThat(refused.getMessage().length()).isLessThan(400);
            return;
        }
        d.tokens().ifPresent(t -> assertThat(t).isBetween(0, DirectiveLimits.MAX_TOKENS));
        d.ttft().ifPresent(t -> assertThat(t).isLessThanOrEqualTo(Duration.ofMillis(DirectiveLimits.MAX_DELAY_MS)));
        d.tokensPerSecond().ifPresent(tps -> assertThat(tps == 0 || tps >= DirectiveLimits.MIN_TOKENS_PER_SECOND).isTrue());
        d.contextWindow().ifPresent(w -> assertThat(w).isBetween(1, DirectiveLimits.MAX_CONTEXT_WINDOW));
        d.fault().ifPresent(f -> {
            f.times().ifPresent(n -> assertThat(n).isBetween(1, DirectiveLimits.MAX_TIMES));
            switch (f.fault()) {
                case Fault.Timeout t -> assertThat(t.hang()).isLessThanOrEqualTo(Duration.ofMillis(DirectiveLimits.MAX_DELAY_MS));
                case Fault.RateLimited r -> assertThat(r.retryAfter()).isLessThanOrEqualTo(Duration.ofMillis(DirectiveLimits.MAX_DELAY_MS));
                case Fault.ServerError e -> assertThat(e.status()).isBetween(500, 599);
                default -> { }
            }
        });
        assertThat(d.strippedText().length()).isLessThanOrEqualTo(text.length());
    }

    @Property(seed = "1322")
    void anySchemaGetsABoundedSample(@ForAll("schemas") JsonNode schema) {
        JsonNode sample = SchemaSampler.sample(schema, false);
        assertThat(sample).isNotNull();
        // the budget is checked per value: an allOf's remaining parts may each add one null past it
        assertThat(count(sample)).isLessThanOrEqualTo(SchemaSampler.MAX_NODES + 16);
        assertThat(SchemaSampler.sample(schema, true)).isNotNull();
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of(PIECES)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().all().ofMaxLength(8)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().map(n -> Long.toString(n))),
                net.jqwik.api.Tuple.of(1, Arbitraries.doubles().map(x -> Double.toString(x))));
        return piece.list().ofMaxSize(60).map(p -> String.join("", p));
    }

    @Provide
    Arbitrary<JsonNode> schemas() {
        return schema(4);
    }

    private static Arbitrary<JsonNode> schema(int depth) {
        Arbitrary<String> type = Arbitraries.of("object", "array", "string", "integer", "number", "boolean", "null",
                "OBJECT", "ARRAY", "STRING", "weird");
        Arbitrary<Integer> size = Arbitraries.oneOf(Arbitraries.integers().between(-5, 5),
                Arbitraries.of(Integer.MAX_VALUE, Integer.MIN_VALUE, 2_000_000_000, 1000));
        Arbitrary<JsonNode> leaf = net.jqwik.api.Combinators.combine(type, size, size).as((t, min, max) -> {
            ObjectNode s = MAPPER.createObjectNode().put("type", t);
            s.put("minLength", min).put("maxLength", max).put("minimum", min).put("maximum", max);
            return s;
        });
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonNode> inner = schema(depth - 1);
        Arbitrary<JsonNode> array = net.jqwik.api.Combinators.combine(inner, size, size).as((items, min, max) -> {
            ObjectNode s = MAPPER.createObjectNode().put("type", "array").put("minItems", min).put("maxItems", max);
            s.set("items", items);
            return s;
        });
        Arbitrary<JsonNode> object = inner.list().ofMaxSize(12).map(props -> {
            ObjectNode s = MAPPER.createObjectNode().put("type", "object");
            ObjectNode p = s.putObject("properties");
            for (int i = 0; i < props.size(); i++) {
                p.set("p" + i, props.get(i));
            }
            s.putArray("required").add("p0").add("p1");
            return s;
        });
        Arbitrary<JsonNode> ref = Arbitraries.of("#", "#/properties/p0", "#/items", "#/nowhere", "http://x", "")
                .map(r -> MAPPER.createObjectNode().put("$ref", r));
        Arbitrary<JsonNode> combined = inner.list().ofMaxSize(4).map(parts -> {
            ObjectNode s = MAPPER.createObjectNode();
            s.putArray("anyOf").addAll(parts);
            s.putArray("allOf").addAll(parts);
            return s;
        });
        return Arbitraries.oneOf(leaf, array, object, ref, combined);
    }

    private static int count(JsonNode node) {
        int n = 1;
        for (JsonNode child : node) {
            n += count(child);
        }
        return n;
    }
}
