package com.gaterouter.simulator.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.simulator.Fault;
import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.core.ApiError;
import com.gaterouter.simulator.core.ChatFlow;
import com.gaterouter.simulator.core.Endpoint;
import com.gaterouter.simulator.core.ErrorKind;
import com.gaterouter.simulator.core.PromptTokens;
import com.gaterouter.simulator.core.SimContext;
import com.gaterouter.simulator.core.VendorApi;
import com.gaterouter.simulator.http.Json;
import com.gaterouter.simulator.http.SimExchange;
import com.gaterouter.simulator.http.StreamEvent;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gemini ({@code /gemini/v1beta/models/{model}:generateContent|streamGenerateContent|countTokens}):
 * key in {@code x-goog-api-key} or {@code ?key=}, errors as {@code {"error":{"code","message","status"}}}.
 */
public final class GeminiApi implements VendorApi {

    /** {@code /v1beta/models/gemini-2.5-flash:generateContent}. */
    static final Pattern MODEL_ACTION = Pattern.compile("^/(v1beta|v1|v1alpha)/models/([^/:]+):([A-Za-z]+)$");
    private static final Pattern MODELS = Pattern.compile("^/(v1beta|v1|v1alpha)/models(/[^/:]+)?/?$");

    private final Endpoint generate;
    private final Endpoint countTokens;
    private final Endpoint models;

    public GeminiApi(SimContext ctx) {
        GeminiGenerate dialect = new GeminiGenerate(ctx);
        this.generate = call -> ChatFlow.run(call, dialect);
        this.countTokens = call -> {
            JsonNode body = ChatFlow.parseBody(call);
            JsonNode request = body.has("generateContentRequest") ? body.get("generateContentRequest") : body;
            int tokens = PromptTokens.count(dialect.parse(request, call.exchange()).conversation());
            ObjectNode answer = Json.object().put("totalTokens", tokens);
            answer.putArray("promptTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", tokens);
            call.exchange().sendJson(200, Json.bytes(answer), call.headers());
        };
        this.models = call -> call.exchange().sendJson(200, Json.bytes(modelList(call.exchange().path())), call.headers());
    }

    @Override
    public SimVendor vendor() {
        return SimVendor.GEMINI;
    }

    @Override
    public Endpoint route(String method, String subPath) {
        Matcher m = MODEL_ACTION.matcher(subPath);
        Endpoint endpoint = null;
        String expected = "POST";
        if (m.matches()) {
            endpoint = switch (m.group(3)) {
                case "generateContent", "streamGenerateContent" -> generate;
                case "countTokens" -> countTokens;
                default -> null;
            };
        } else if (MODELS.matcher(subPath).matches()) {
            endpoint = models;
            expected = "GET";
        }
        if (endpoint == null) {
            throw ApiError.notFound("Requested entity was not found.").toException();
        }
        if (!expected.equals(method)) {
            throw ApiError.methodNotAllowed("Method " + method + " is not allowed for " + subPath + ".").toException();
        }
        return endpoint;
    }

    @Override
    public Optional<String> apiKey(SimExchange exchange) {
        return exchange.header("x-goog-api-key").or(() -> exchange.query("key"));
    }

    @Override
    public byte[] errorBody(ApiError error) {
        return Json.bytes(errorJson(error));
    }

    @Override
    public StreamEvent streamError(ApiError error) {
        return StreamEvent.terminal(null, Json.write(errorJson(error)));
    }

    /** Gemini answers a blocked prompt with a 200 ({@code promptFeedback.blockReason}, no candidates); the rest are errors. */
    @Override
    public Optional<ApiError> refusal(Fault.Refusal refusal, String model) {
        return switch (refusal) {
            case INVALID_REQUEST -> Optional.of(ApiError.invalid("Request contains an invalid argument."));
            case CONTENT_FILTER -> Optional.empty();
            case QUOTA_EXHAUSTED -> Optional.of(ApiError.of(429, ErrorKind.QUOTA_EXHAUSTED, "You exceeded your current quota, please "
                    + "check your plan and billing details. For more information on this error, head to: "
                    + "https://ai.google.dev/gemini-api/docs/rate-limits."));
            case MODEL_NOT_FOUND -> Optional.of(ApiError.notFound("models/" + model + " is not found for API version v1beta, or is not "
                    + "supported for generateContent. Call ListModels to see the list of available models and their supported methods."));
        };
    }

    /** Gemini counts the input only. */
    @Override
    public Optional<ApiError> contextWindowExceeded(int promptTokens, OptionalInt maxTokens, int window) {
        return promptTokens <= window ? Optional.empty() : Optional.of(ApiError.invalid("The input token count (" + promptTokens
                + ") exceeds the maximum number of tokens allowed (" + window + ")."));
    }

    @Override
    public String invalidJsonMessage() {
        return "Invalid JSON payload received. Unexpected token.";
    }

    private static ObjectNode errorJson(ApiError e) {
        String status = switch (e.status()) {
            case 400, 413 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 405 -> "UNIMPLEMENTED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 502, 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> "INTERNAL";
        };
        String message = e.message() != null ? reword(e.message()) : switch (e.status()) {
            case 401 -> "API key not valid. Please pass a valid API key.";
            case 429 -> "Resource has been exhausted (e.g. check quota).";
            case 502, 503 -> "The model is overloaded. Please try again later.";
            case 504 -> "Deadline expired before operation could complete.";
            default -> "An internal error has occurred. Please retry or report in "
                    + "https://developers.generativeai.google/guide/troubleshooting";
        };
        ObjectNode error = Json.object().put("code", e.status()).put("message", message).put("status", status);
        if (e.kind() == ErrorKind.QUOTA_EXHAUSTED) {
            // a per-day quota: which one, and a retry delay of hours, not seconds
            ArrayNode details = error.putArray("details");
            details.addObject().put("@type", "type.googleapis.com/google.rpc.QuotaFailure").putArray("violations").addObject()
                    .put("quotaMetric", "generativelanguage.googleapis.com/generate_content_free_tier_requests")
                    .put("quotaId", "GenerateRequestsPerDayPerProjectPerModel-FreeTier");
            details.addObject().put("@type", "type.googleapis.com/google.rpc.RetryInfo").put("retryDelay", "43200s");
        } else if (e.status() == 429) {
            // Gemini tells clients when to retry in the body, not in a Retry-After header
            String delay = e.headers().getOrDefault("retry-after", "1") + "s";
            error.putArray("details").addObject()
                    .put("@type", "type.googleapis.com/google.rpc.RetryInfo").put("retryDelay", delay);
        }
        return Json.object().set("error", error);
    }

    /** Shared helpers word missing fields OpenAI-style; Gemini names the proto field. */
    private static String reword(String message) {
        if (message.startsWith("Missing required parameter: '")) {
            String field = message.substring("Missing required parameter: '".length(), message.length() - 2);
            return "* GenerateContentRequest." + field + ": " + field + " is not specified\n";
        }
        return message;
    }

    private static ObjectNode modelList(String path) {
        String[] ids = {"gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-2.0-flash", "gemini-3-pro-preview"};
        Matcher m = MODELS.matcher(path.substring("/gemini".length()));
        if (m.matches() && m.group(2) != null) {
            return model(m.group(2).substring(1));
        }
        ArrayNode models = Json.array();
        for (String id : ids) {
            models.add(model(id));
        }
        return Json.object().set("models", models);
    }

    private static ObjectNode model(String id) {
        ObjectNode model = Json.object().put("name", "models/" + id).put("displayName", id)
                .put("inputTokenLimit", 1_048_576).put("outputTokenLimit", 65_536);
        model.putArray("supportedGenerationMethods").add("generateContent").add("countTokens");
        return model;
    }
}
