package com.gaterouter.router.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.common.money.ModelPrice;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.vendors.TokenEstimate;
import com.gaterouter.simulator.core.PromptTokens;
import com.gaterouter.simulator.text.TokenEstimator;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The prompt bound reservations hold: never below what a tokenizer can bill for the same text (the
 * simulator's, for prompts built to beat the old 4-bytes-a-token estimate, and the bytes-of-text
 * count every byte-level tokenizer is bounded by), images and documents at their ceilings.
 */
class PromptBoundTest {

    private static final ModelCatalog CATALOG = ModelCatalog.load(Optional.empty());
    private static final ModelSpec MINI = CATALOG.resolve("openai/gpt-4o-mini").orElseThrow();

    static List<String> adversarial() {
        return List.of(".".repeat(6_000), "中文文本测试".repeat(1_000), "😀🎉👍".repeat(1_000), " \t\n".repeat(2_000) + "x",
                "1234567890".repeat(600), "!?".repeat(3_000) + " a b c d e f".repeat(300), "\u0000\u0001".repeat(2_000));
    }

    /** What the simulator bills for text-only messages: PromptTokens.count's rule for each text turn. */
    private static long simulatorPrompt(List<String> texts) {
        long tokens = PromptTokens.REPLY_PRIMING;
        for (String text : texts) {
            tokens += PromptTokens.PER_MESSAGE + TokenEstimator.count(text);
        }
        return tokens;
    }

    private static ObjectNode chat(List<String> texts) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode messages = body.putArray("messages");
        for (int i = 0; i < texts.size(); i++) {
            messages.addObject().put("role", i % 2 == 0 ? "user" : "assistant").put("content", texts.get(i));
        }
        return body;
    }

    @ParameterizedTest
    @MethodSource("adversarial")
    void theBoundIsAtLeastWhatTheSimulatorBillsForAdversarialPrompts(String text) {
        long bound = PromptBound.ofChat(chat(List.of(text))).on(MINI);
        assertThat(bound).isGreaterThanOrEqualTo(simulatorPrompt(List.of(text)));
        assertThat(bound).isGreaterThanOrEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void sixThousandDotsAreReservedAtLeastAsSixThousandTokensWhereTheOldEstimateSaidFifteenHundred() {
        String dots = ".".repeat(6_000);
        long bytes = chat(List.of(dots)).get("messages").toString().length();
        assertThat(TokenEstimate.ofChars(bytes)).isLessThan(TokenEstimator.count(dots)); // the estimate was beaten 4×
        assertThat(PromptBound.ofChat(chat(List.of(dots))).on(MINI)).isEqualTo(PromptBound.PER_REQUEST + PromptBound.PER_MESSAGE
                + "{\"role\":\"user\",\"content\":\"\"}".length() + 6_000);
    }

    @Property(seed = "1515")
    void theBoundIsAtLeastTheBytesOfEveryTextAndTheSimulatorsCount(@ForAll("conversations") List<String> texts) {
        long bound = PromptBound.ofChat(chat(texts)).on(MINI);
        long textBytes = texts.stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum();
        assertThat(bound).isGreaterThanOrEqualTo(textBytes + PromptBound.PER_REQUEST + PromptBound.PER_MESSAGE * texts.size());
        assertThat(bound).isGreaterThanOrEqualTo(simulatorPrompt(texts));
    }

    @Property(seed = "2027")
    void aNodeCountsItsCompactJsonWithoutEscapesAtLeastEveryStringsBytes(@ForAll("jsonValues") com.fasterxml.jackson.databind.JsonNode node) {
        long counted = PromptBound.bytes(node);
        long serialised = (node.isTextual() ? node.textValue() : node.toString()).getBytes(StandardCharsets.UTF_8).length;
        assertThat(counted).isLessThanOrEqualTo(serialised + countLoneSurrogates(node));
        assertThat(counted).isGreaterThanOrEqualTo(stringBytes(node));
        if (!node.isTextual() && node.toString().indexOf('\\') < 0 && countLoneSurrogates(node) == 0) {
            // nothing escaped: exactly the compact JSON, as serialising it would count
            assertThat(counted).isEqualTo(serialised);
        }
    }

    @Provide
    Arbitrary<com.fasterxml.jackson.databind.JsonNode> jsonValues() {
        return com.gaterouter.common.testing.JsonArbitraries.values(3, List.of("role", "content", "name", "arguments", "é✓"));
    }

    /** Every string's and key's UTF-8 bytes: what a tokenizer can be given at least. */
    private static long stringBytes(com.fasterxml.jackson.databind.JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().getBytes(StandardCharsets.UTF_8).length;
        }
        long n = 0;
        for (var field : node.properties()) {
            n += field.getKey().getBytes(StandardCharsets.UTF_8).length + stringBytes(field.getValue());
        }
        if (node.isArray()) {
            for (var element : node) {
                n += stringBytes(element);
            }
        }
        return n;
    }

    /** A lone surrogate encodes as one '?' but counts as two bytes (a margin, never a shortfall). */
    private static long countLoneSurrogates(com.fasterxml.jackson.databind.JsonNode node) {
        String all = node.isTextual() ? node.textValue() : node.toString();
        long n = 0;
        for (int i = 0; i < all.length(); i++) {
            char c = all.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < all.length() && Character.isLowSurrogate(all.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                n++;
            }
        }
        return n;
    }

    @Provide
    Arbitrary<List<String>> conversations() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(400),
                Arbitraries.strings().withChars(".,;:!?-_ \t\n0123456789").ofMaxLength(2_000),
                Arbitraries.strings().withCharRange('\u4e00', '\u9fff').ofMaxLength(300),
                Arbitraries.strings().withCharRange('\u3040', '\u30ff').withChars(' ').ofMaxLength(300),
                Arbitraries.of("😀", "👩‍👩‍👧", "🇫🇷", "a", " ", "\u200d", "\ud83d").list().ofMaxSize(300).map(l -> String.join("", l)));
        return text.list().ofMinSize(1).ofMaxSize(6);
    }

    @Test
    void anImageCountsItsVendorsCeilingNotItsBase64() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode message = body.putArray("messages").addObject().put("role", "user");
        ArrayNode content = message.putArray("content");
        content.addObject().put("type", "text").put("text", "what is this?");
        content.addObject().put("type", "image_url").putObject("image_url").put("url", "data:image/png;base64," + "A".repeat(50_000));
        PromptBound.Measured measured = PromptBound.ofChat(body);
        assertThat(measured.images()).isEqualTo(1);
        long text = PromptBound.PER_REQUEST + PromptBound.PER_MESSAGE
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what is this?\"}]}".length();
        assertThat(measured.tokens()).isEqualTo(text);
        assertThat(measured.on(MINI)).isEqualTo(text + PromptBound.LARGEST_IMAGE);
        assertThat(measured.on(model("anthropic/claude", "anthropic", 200_000))).isEqualTo(text + PromptBound.imageCeiling("anthropic"));
        assertThat(PromptBound.imageCeiling("anthropic")).isGreaterThanOrEqualTo(1_600);
    }

    @Test
    void aDocumentOrAudioPartIsBoundedByTheContextWindowAndEverythingIsCappedByIt() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode content = body.putArray("messages").addObject().put("role", "user").putArray("content");
        content.addObject().put("type", "file").putObject("file").put("file_data", "data:application/pdf;base64,JVBER");
        assertThat(PromptBound.ofChat(body).on(MINI)).isEqualTo(MINI.contextWindow());
        assertThat(PromptBound.ofChat(body).on(model("v/x", "v", 0))).isEqualTo(PromptBound.UNKNOWN_WINDOW);
        assertThat(PromptBound.ofChat(chat(List.of(".".repeat(6_000)))).on(model("v/small", "v", 4_096))).isEqualTo(4_096);
    }

    @Test
    void toolsAndAResponseFormatCountTheirJsonAndTheVendorsPreamble() {
        ObjectNode plain = chat(List.of("hi"));
        ObjectNode withTools = plain.deepCopy();
        ObjectNode tool = withTools.putArray("tools").addObject().put("type", "function");
        tool.putObject("function").put("name", "get_weather").put("description", "Weather in a city")
                .putObject("parameters").put("type", "object");
        long plainBound = PromptBound.ofChat(plain).on(MINI);
        assertThat(PromptBound.ofChat(withTools).on(MINI))
                .isEqualTo(plainBound + withTools.get("tools").toString().length() + PromptBound.INSTRUCTIONS);
        ObjectNode withSchema = plain.deepCopy();
        withSchema.putObject("response_format").put("type", "json_schema").putObject("json_schema").put("name", "x");
        assertThat(PromptBound.ofChat(withSchema).on(MINI))
                .isEqualTo(plainBound + withSchema.get("response_format").toString().length() + PromptBound.INSTRUCTIONS);
    }

    @Test
    void anAssistantsToolCallArgumentsAndAToolResultAreCounted() {
        ObjectNode body = chat(List.of("weather?"));
        ObjectNode call = ((ArrayNode) body.get("messages")).addObject().put("role", "assistant");
        call.putArray("tool_calls").addObject().put("id", "c1").put("type", "function").putObject("function")
                .put("name", "get_weather").put("arguments", "{\"city\":\"" + "。".repeat(500) + "\"}");
        ((ArrayNode) body.get("messages")).addObject().put("role", "tool").put("tool_call_id", "c1").put("content", "🌧".repeat(200));
        long bound = PromptBound.ofChat(body).on(MINI);
        assertThat(bound).isGreaterThanOrEqualTo(PromptBound.PER_REQUEST + 3 * PromptBound.PER_MESSAGE
                + "weather?".length() + 3L * 500 + 4L * 200);
    }

    @Test
    void embeddingsInputIsBoundedByItsBytesWhetherTextOrTokenIds() {
        ObjectNode text = Json.MAPPER.createObjectNode().put("input", ".".repeat(6_000));
        assertThat(PromptBound.ofEmbeddings(text).on(MINI)).isEqualTo(PromptBound.PER_REQUEST + 6_000);
        ObjectNode ids = Json.MAPPER.createObjectNode();
        ArrayNode tokens = ids.putArray("input").addArray();
        for (int i = 0; i < 1_000; i++) {
            tokens.add(i);
        }
        assertThat(PromptBound.ofEmbeddings(ids).on(MINI)).isGreaterThanOrEqualTo(1_000);
    }

    private static ModelSpec model(String id, String vendor, int window) {
        return new ModelSpec(id, vendor, id.substring(id.indexOf('/') + 1), window, 1_000, Set.of(), List.of(),
                List.of(new ModelPrice(LocalDate.of(2025, 1, 1), 1_000_000, 1_000_000, 1_000_000, 1_000_000)));
    }
}
