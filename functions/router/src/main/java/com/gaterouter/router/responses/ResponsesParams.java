package com.gaterouter.router.responses;

import com.gaterouter.common.api.ApiError;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names a normal-form (Chat Completions) request field by the Responses field it came from, so a
 * 400 from the chat parser or the planner ({@code response_format}, {@code messages},
 * {@code max_tokens}, …) names a field the client of {@code /v1/responses} actually sent.
 */
final class ResponsesParams {

    private static final Pattern TOOL_FUNCTION = Pattern.compile("tools\\[(\\d+)]\\.function\\.(.+)");

    private ResponsesParams() {
    }

    static String of(String chatParam) {
        if (chatParam == null) {
            return null;
        }
        Matcher tool = TOOL_FUNCTION.matcher(chatParam);
        if (tool.matches()) {
            return "tools[" + tool.group(1) + "]." + tool.group(2);
        }
        if (chatParam.equals("response_format") || chatParam.startsWith("response_format.")) {
            return "text.format";
        }
        if (chatParam.equals("messages") || chatParam.startsWith("messages[")) {
            return "input";
        }
        return switch (chatParam) {
            case "max_tokens", "max_completion_tokens" -> "max_output_tokens";
            case "reasoning_effort" -> "reasoning.effort";
            case "verbosity" -> "text.verbosity";
            case "tool_choice.function.name" -> "tool_choice.name";
            case "stream_options", "stream_options.include_usage" -> "stream";
            default -> chatParam;
        };
    }

    /** {@code error} naming the Responses field. */
    static ApiError renamed(ApiError error) {
        String param = of(error.param());
        return java.util.Objects.equals(param, error.param()) ? error
                : new ApiError(error.status(), error.type(), error.code(), param, error.message(), error.extraHeaders());
    }
}
