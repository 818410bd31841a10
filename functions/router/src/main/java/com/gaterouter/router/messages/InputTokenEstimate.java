package com.gaterouter.router.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.router.vendors.TokenEstimate;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's ESTIMATE of a normal-form prompt's input tokens, for {@code /v1/messages/count_tokens} and the
 * figure a stream's {@code message_start} announces. It is not any vendor's tokenizer (the gateway has none, and the
 * model behind a name may be any vendor's): text at {@link TokenEstimate}'s ≈ 4 characters a token — the same
 * estimate routing and context-window checks use — plus what Anthropic documents for the rest: an image at
 * {@value #IMAGE} tokens (its cost for an image scaled to its 1.15-megapixel limit), a PDF at {@value #PDF_PAGE}
 * tokens a page (text plus the page's image, the upper end of Anthropic's 1,500–3,000), the tool-use system prompt
 * at {@value #TOOL_PROMPT} tokens when tools are declared, and {@value #PER_MESSAGE} tokens of role markers a message.
 * It can be off either way, a lot for text that is not English prose; budgets never rely on it (reservations use
 * {@code PromptBound}'s true upper bound). Pure.
 */
public final class InputTokenEstimate {

    static final long IMAGE = 1_600;
    static final long PDF_PAGE = 3_000;
    static final long TOOL_PROMPT = 346;
    static final long PER_MESSAGE = 3;
    /** A page object of a PDF (not the page tree's {@code /Pages}); pages packed in compressed object streams are not seen. */
    private static final Pattern PDF_PAGE_OBJECT = Pattern.compile("/Type\\s*/Page(?![a-zA-Z])");

    private InputTokenEstimate() {
    }

    public static long of(ObjectNode normalForm) {
        long chars = 0;
        long tokens = 0;
        for (JsonNode message : normalForm.path("messages")) {
            tokens += PER_MESSAGE;
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                chars += content.asText().length();
            }
            for (JsonNode part : content) {
                switch (part.path("type").asText("")) {
                    case "text" -> chars += part.path("text").asText("").length();
                    case "image_url" -> tokens += IMAGE;
                    case "file" -> tokens += PDF_PAGE * pdfPages(part.path("file").path("file_data").asText(""));
                    default -> chars += part.toString().length();
                }
            }
            for (JsonNode call : message.path("tool_calls")) {
                JsonNode function = call.path("function");
                chars += function.path("name").asText("").length() + function.path("arguments").asText("").length();
            }
        }
        JsonNode tools = normalForm.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            chars += tools.toString().length();
            tokens += TOOL_PROMPT;
        }
        return tokens + TokenEstimate.ofChars(chars);
    }

    /** The page objects in a base64 PDF data URL; 1 when none can be seen (compressed object streams, not a PDF). */
    static long pdfPages(String dataUrl) {
        int comma = dataUrl.indexOf(',');
        if (comma < 0) {
            return 1;
        }
        byte[] pdf;
        try {
            pdf = Base64.getMimeDecoder().decode(dataUrl.substring(comma + 1));
        } catch (IllegalArgumentException notBase64) {
            return 1;
        }
        Matcher pages = PDF_PAGE_OBJECT.matcher(new String(pdf, StandardCharsets.ISO_8859_1));
        long count = 0;
        while (pages.find()) {
            count++;
        }
        return Math.max(1, count);
    }
}
