package com.gaterouter.router.lifecycle;

/**
 * What names and shapes one endpoint's answers in the {@link RequestLifecycle}.
 *
 * @param label         the route in request metrics ({@code chat.completions}, {@code embeddings}); the same label
 *                      {@code RouterApp} counts the endpoint's answers under
 * @param summaryName   what the one summary log line per request starts with
 * @param promptParam   the request field a vendor's refusal of the prompt is about ({@code messages}, {@code input})
 * @param explainsRoute whether answers carry the route reason (and the auto-router's tier and score); without it the
 *                      attempts header counts the attempts made, 0 included
 */
public record Route(String label, String summaryName, String promptParam, boolean explainsRoute) {
}
