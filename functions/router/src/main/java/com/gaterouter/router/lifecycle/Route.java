package com.gaterouter.router.lifecycle;

import com.gaterouter.common.api.ErrorShape;
import java.util.Objects;

/**
 * What names and shapes one endpoint's answers in the {@link RequestLifecycle}.
 *
 * @param label         the route in request metrics ({@code chat.completions}, {@code embeddings}, {@code messages},
 *                      {@code responses}); the same label {@code RouterApp} counts the endpoint's answers under, and
 *                      what the usage record keeps as the API the request came in by
 * @param summaryName   what the one summary log line per request starts with
 * @param promptParam   the request field a vendor's refusal of the prompt is about ({@code messages}, {@code input})
 * @param explainsRoute whether answers carry the route reason (and the auto-router's tier and score); without it the
 *                      attempts header counts the attempts made, 0 included
 * @param errors        how the endpoint's dialect writes an error (OpenAI's shape, or Anthropic's)
 */
public record Route(String label, String summaryName, String promptParam, boolean explainsRoute, ErrorShape errors) {

    public Route {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(errors, "errors");
    }

    /** A route of an OpenAI dialect: errors in OpenAI's shape. */
    public Route(String label, String summaryName, String promptParam, boolean explainsRoute) {
        this(label, summaryName, promptParam, explainsRoute, ErrorShape.OPENAI);
    }
}
