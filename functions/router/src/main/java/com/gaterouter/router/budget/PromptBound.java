package com.gaterouter.router.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.router.catalog.ModelSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A TRUE upper bound on the prompt tokens a request can be billed, for reservations only (routing
 * and context-window checks keep {@link com.gaterouter.router.vendors.TokenEstimate}'s cheap
 * 4-bytes-a-token estimate, which a prompt of 6,000 '.' — ~1 token a character — beats 4×).
 *
 * <p>Why UTF-8 bytes bound tokens: every tokenizer the catalog's models use emits at least one byte
 * of the input per token. Byte-level BPE (OpenAI o200k/cl100k, Anthropic, DeepSeek, Llama 3 on
 * Bedrock) partitions the UTF-8 byte string into non-empty pieces; SentencePiece with byte fallback
 * (Gemini, Gemma, Mistral) emits a piece per one or more characters, and a character outside its
 * vocabulary as one token per UTF-8 byte. So the text alone is at most its byte count in tokens.
 * What is not the text's own bytes is covered by overheads: {@link #PER_REQUEST} (BOS, reply priming,
 * chat-template header; SentencePiece's dummy-prefix piece), {@link #PER_MESSAGE} (role markers and
 * separators: OpenAI bills 3), {@link #INSTRUCTIONS} when tools, functions or a response format are
 * sent (vendors add their own tool-use / structured-output preamble: Anthropic's is 313–346 tokens).
 *
 * <p>What is measured: each message as its compact JSON (every string it sends — content text,
 * name, tool calls' names and arguments, tool results — plus keys and quotes, which only adds
 * margin), with media parts taken out and counted at a ceiling instead: an image at
 * {@link #imageCeiling(String)} for the model's vendor (the largest image the vendor bills, with
 * margin); a document, audio clip or unknown non-text part at the model's whole context window
 * (a PDF's page count is not known without parsing it). Tools, functions, response_format and
 * prediction count as their compact JSON. The sum is capped at the model's context window when the
 * catalog knows it (a vendor does not bill a prompt it refuses as too long).
 */
final class PromptBound {

    static final long PER_REQUEST = 16;
    static final long PER_MESSAGE = 8;
    static final long INSTRUCTIONS = 1_024;
    /** A document's bound when the catalog does not know the model's context window: the largest window offered (2M). */
    static final long UNKNOWN_WINDOW = 2_000_000;
    /** gpt-4o-mini bills an image at 2,833 + 5,667 a 512-px tile, up to 8 tiles (2048 × 768): 48,169. */
    static final long LARGEST_IMAGE = 48_169;
    /**
     * Per vendor: Anthropic ~1,600 (images are scaled to ≤ 1.15 MP), Gemini 258 a 768-px tile (1,120
     * at high media resolution), DeepSeek reads no images; 4× margin where the vendor's rule may change.
     * Vendors not named (OpenAI, Bedrock hosting several families) get {@link #LARGEST_IMAGE}.
     */
    private static final Map<String, Long> IMAGE_BY_VENDOR = Map.of("anthropic", 6_400L, "gemini", 16_384L);
    private static final Set<String> IMAGE_TYPES = Set.of("image_url", "input_image", "image");
    private static final Set<String> TEXT_TYPES = Set.of("text", "input_text", "refusal");
    private static final List<String> REQUEST_FIELDS = List.of("tools", "functions", "response_format", "prediction");
    private static final Set<String> INSTRUCTION_FIELDS = Set.of("tools", "functions", "response_format");

    private PromptBound() {
    }

    /** What measuring the body found, independent of the model: text bytes and the media to price per model. */
    record Measured(long tokens, int images, int documents) {
        /** The bound on {@code model}: text plus media ceilings, capped by the model's context window. */
        long on(ModelSpec model) {
            long window = model.contextWindow();
            if (documents > 0) {
                return window > 0 ? window : UNKNOWN_WINDOW;
            }
            long total = tokens + images * imageCeiling(model.vendor());
            return window > 0 ? Math.min(total, window) : total;
        }
    }

    static long imageCeiling(String vendor) {
        return IMAGE_BY_VENDOR.getOrDefault(vendor, LARGEST_IMAGE);
    }

    /** A chat completion's prompt (messages and the request-level fields the model reads). */
    static Measured ofChat(ObjectNode body) {
        long tokens = PER_REQUEST;
        int images = 0;
        int documents = 0;
        JsonNode messages = body.get("messages");
        if (messages != null && messages.isArray()) {
            for (JsonNode message : messages) {
                tokens += PER_MESSAGE;
                JsonNode content = message.path("content");
                if (!content.isArray()) {
                    tokens += bytes(message);
                    continue;
                }
                ObjectNode text = JsonNodeFactory.instance.objectNode();
                text.setAll((ObjectNode) message); // shallow: only "content" is replaced
                var kept = text.putArray("content");
                for (JsonNode part : content) {
                    String type = part.path("type").asText("");
                    if (IMAGE_TYPES.contains(type)) {
                        images++;
                    } else if (TEXT_TYPES.contains(type) || !part.isObject()) {
                        kept.add(part);
                    } else {
                        documents++; // file, input_audio, document, anything the bound cannot see into
                    }
                }
                tokens += bytes(text);
            }
        } else if (messages != null) {
            tokens += bytes(messages);
        }
        boolean instructions = false;
        for (String field : REQUEST_FIELDS) {
            JsonNode value = body.get(field);
            if (value != null && !value.isNull()) {
                tokens += bytes(value);
                instructions |= INSTRUCTION_FIELDS.contains(field);
            }
        }
        return new Measured(instructions ? tokens + INSTRUCTIONS : tokens, images, documents);
    }

    /** An embeddings request's input: a string, strings, or token ids (each id's digits are ≥ 1 byte). */
    static Measured ofEmbeddings(ObjectNode body) {
        JsonNode input = body.get("input");
        long tokens = PER_REQUEST;
        if (input != null && !input.isNull()) {
            tokens += bytes(input);
            if (input.isArray()) {
                tokens += (long) PER_MESSAGE * input.size();
            }
        }
        return new Measured(tokens, 0, 0);
    }

    /** UTF-8 bytes of a string's text, or of any other node's compact JSON (which holds every string in it). */
    static long bytes(JsonNode value) {
        return value.isTextual() ? utf8Length(value.textValue()) : jsonBytes(value);
    }

    /**
     * The compact JSON's length without its escapes, counted by walking the tree (no serialising on the request's
     * path): every string's UTF-8 bytes plus its quotes, every key likewise plus the colon, numbers and literals as
     * written, and the brackets and commas. An escape (of a quote, a newline, a character written as hex digits) stands for fewer bytes
     * of text than it takes, and the tokenizer sees the text: this is at least every string's bytes, at most the
     * serialised length.
     */
    private static long jsonBytes(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> utf8Length(value.textValue()) + 2;
            case OBJECT -> {
                long n = 2 + Math.max(0, value.size() - 1);
                for (var field : value.properties()) {
                    n += utf8Length(field.getKey()) + 3 + jsonBytes(field.getValue());
                }
                yield n;
            }
            case ARRAY -> {
                long n = 2 + Math.max(0, value.size() - 1);
                for (JsonNode element : value) {
                    n += jsonBytes(element);
                }
                yield n;
            }
            default -> value.toString().getBytes(StandardCharsets.UTF_8).length;
        };
    }

    /** UTF-8 bytes of {@code text} without encoding it (a lone surrogate counts 2 where the encoder writes 1 '?'). */
    static long utf8Length(String text) {
        long n = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                n += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return n;
    }

}
