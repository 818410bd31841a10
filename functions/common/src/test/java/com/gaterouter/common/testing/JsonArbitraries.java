package com.gaterouter.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * jqwik generators of arbitrary JSON for the fuzz tests of the request surfaces: every JSON type,
 * the awkward values (huge and negative numbers, NaN-like strings, control characters, deep
 * nesting), and objects whose keys come mostly from the fields a parser knows, so generated bodies
 * get past the first check and exercise the rest.
 */
public final class JsonArbitraries {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonArbitraries() {
    }

    /** Strings a parser may choke on: empty, blank, control characters, unicode, long, number-like. */
    public static Arbitrary<String> strings() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.strings().all().ofMaxLength(40)),
                net.jqwik.api.Tuple.of(6, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12)),
                net.jqwik.api.Tuple.of(8, Arbitraries.of("", " ", "\u0000", "\n", "auto", "null", "true", "-1", "0", "1e309",
                        "NaN", "Infinity", "9223372036854775808", "openai/gpt-4o-mini", "user", "assistant", "system", "tool",
                        "text", "image_url", "\"3\"", "W/\"3\"", "*", "\uD83D\uDE00", "\uD800")),
                // long strings are rare: they cost generation time, and one per body is enough to matter
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().alpha().ofMinLength(1000).ofMaxLength(5000)));
    }

    /** Any scalar: null, booleans, integers at their edges, decimals, strings. */
    public static Arbitrary<JsonNode> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.integers().map(i -> (JsonNode) NODES.numberNode(i)),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L, 128L, 129L, 2_147_483_648L).map(NODES::numberNode),
                Arbitraries.doubles().map(d -> (JsonNode) NODES.numberNode(d)),
                Arbitraries.of(new BigDecimal("1e400"), new BigDecimal("-1e-400"), new BigDecimal("0.0000001"))
                        .map(d -> (JsonNode) NODES.numberNode(d)),
                Arbitraries.just(NODES.numberNode(new BigInteger("123456789012345678901234567890"))),
                strings().map(NODES::textNode));
    }

    /** Any JSON value nested up to {@code depth}, object keys drawn from {@code keys} (and arbitrary ones). */
    public static Arbitrary<JsonNode> values(int depth, List<String> keys) {
        if (depth <= 0) {
            return scalars();
        }
        Arbitrary<JsonNode> inner = values(depth - 1, keys);
        Arbitrary<String> key = keys.isEmpty() ? strings() : Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of(keys)), net.jqwik.api.Tuple.of(1, strings()));
        Arbitrary<JsonNode> arrays = inner.list().ofMaxSize(4).map(items -> {
            ArrayNode a = NODES.arrayNode();
            items.forEach(a::add);
            return a;
        });
        Arbitrary<JsonNode> objects = Arbitraries.maps(key, inner).ofMaxSize(4).map(JsonArbitraries::object);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, scalars()), net.jqwik.api.Tuple.of(2, arrays), net.jqwik.api.Tuple.of(3, objects));
    }

    /** A JSON object with up to {@code size} entries, keys mostly from {@code keys}. */
    public static Arbitrary<ObjectNode> objects(int depth, List<String> keys, int size) {
        Arbitrary<String> key = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of(keys)), net.jqwik.api.Tuple.of(1, strings()));
        return Arbitraries.maps(key, values(depth, keys)).ofMaxSize(size).map(JsonArbitraries::object);
    }

    /** Bytes that are rarely JSON: random bytes, truncated or broken documents, deep nesting, other encodings. */
    public static Arbitrary<byte[]> brokenBodies() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                Arbitraries.of("", " ", "{", "}", "[", "{\"a\":", "{\"model\":\"x\",\"model\":\"y\"}", "null", "[]", "\"text\"",
                        "{\"messages\":[", "{}garbage", "\uFEFF{}", "{\"a\":1}{\"b\":2}", "1".repeat(400))
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(1, 5000).map(n -> ("[".repeat(n) + "]".repeat(n)).getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(1, 5000).map(n -> "{\"a\":".repeat(n).getBytes(StandardCharsets.UTF_8)),
                strings().map(s -> s.getBytes(StandardCharsets.UTF_16)));
    }

    private static ObjectNode object(Map<String, JsonNode> entries) {
        ObjectNode o = NODES.objectNode();
        entries.forEach(o::set);
        return o;
    }
}
