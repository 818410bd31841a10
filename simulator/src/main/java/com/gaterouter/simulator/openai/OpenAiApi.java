package com.gaterouter.simulator.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.simulator.Fault;
import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.core.ApiError;
import com.gaterouter.simulator.core.ChatFlow;
import com.gaterouter.simulator.core.Endpoint;
import com.gaterouter.simulator.core.ErrorKind;
import com.gaterouter.simulator.core.Ids;
import com.gaterouter.simulator.core.SimContext;
import com.gaterouter.simulator.core.VendorApi;
import com.gaterouter.simulator.http.Json;
import com.gaterouter.simulator.http.SimExchange;
import com.gaterouter.simulator.http.StreamEvent;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * OpenAI ({@code /openai/v1/...}) and DeepSeek ({@code /deepseek/...}, OpenAI-compatible) routes,
 * bearer-token auth and the {@code {"error":{"message","type","param","code"}}} error shape.
 */
public final class OpenAiApi implements VendorApi {

    private final SimVendor vendor;
    private final Endpoint chat;
    private final Endpoint embeddings;
    private final Endpoint models;

    private OpenAiApi(SimContext ctx, SimVendor vendor) {
        this.vendor = vendor;
        OpenAiChat dialect = new OpenAiChat(ctx, vendor);
        this.chat = call -> ChatFlow.run(call, dialect);
        this.embeddings = new OpenAiEmbeddings()::handle;
        this.models = call -> call.exchange().sendJson(200, Json.bytes(modelList()), call.headers());
    }

    public static OpenAiApi openAi(SimContext ctx) {
        return new OpenAiApi(ctx, SimVendor.OPENAI);
    }

    public static OpenAiApi deepSeek(SimContext ctx) {
        return new OpenAiApi(ctx, SimVendor.DEEPSEEK);
    }

    @Override
    public SimVendor vendor() {
        return vendor;
    }

    @Override
    public Endpoint route(String method, String subPath) {
        String path = subPath.endsWith("/") && subPath.length() > 1 ? subPath.substring(0, subPath.length() - 1) : subPath;
        // DeepSeek serves both /chat/completions and /v1/chat/completions
        if (vendor == SimVendor.DEEPSEEK && path.startsWith("/v1/")) {
            path = path.substring(3);
        } else if (vendor == SimVendor.OPENAI) {
            path = path.startsWith("/v1/") ? path.substring(3) : "/unknown" + path;
        }
        Endpoint endpoint = switch (path) {
            case "/chat/completions" -> chat;
            case "/embeddings" -> vendor == SimVendor.OPENAI ? embeddings : null;
            case "/models" -> models;
            default -> null;
        };
        if (endpoint == null) {
            throw ApiError.notFound("Invalid URL (" + method + " " + subPath + ")").toException();
        }
        String expected = endpoint == models ? "GET" : "POST";
        if (!expected.equals(method)) {
            throw ApiError.methodNotAllowed("Method Not Allowed: " + method + " " + subPath + " expects " + expected)
                    .toException();
        }
        return endpoint;
    }

    @Override
    public Optional<String> apiKey(SimExchange exchange) {
        return exchange.header("Authorization")
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim());
    }

    @Override
    public byte[] errorBody(ApiError error) {
        return Json.bytes(Json.object().set("error", errorObject(error)));
    }

    @Override
    public StreamEvent streamError(ApiError error) {
        return StreamEvent.terminal(null, Json.write(Json.object().set("error", errorObject(error))));
    }

    @Override
    public Optional<ApiError> refusal(Fault.Refusal refusal, String model) {
        boolean openAi = vendor == SimVendor.OPENAI;
        ApiError error = switch (refusal) {
            case INVALID_REQUEST -> new ApiError(400, ErrorKind.INVALID_REQUEST,
                    "Invalid request: refused as asked by a simulator fault (bad_request).", null,
                    openAi ? null : "invalid_request_error", Map.of());
            case CONTENT_FILTER -> openAi
                    ? new ApiError(400, ErrorKind.INVALID_REQUEST, "Invalid prompt: your prompt was flagged as potentially violating "
                            + "our usage policy. Please try again with a different prompt: "
                            + "https://platform.openai.com/docs/guides/reasoning#advice-on-prompting", null, "invalid_prompt", Map.of())
                    : new ApiError(400, ErrorKind.INVALID_REQUEST, "Content Exists Risk", null, "invalid_request_error", Map.of());
            case QUOTA_EXHAUSTED -> openAi
                    ? new ApiError(429, ErrorKind.QUOTA_EXHAUSTED, null, null, null, Map.of())
                    : new ApiError(402, ErrorKind.QUOTA_EXHAUSTED, null, null, null, Map.of());
            case MODEL_NOT_FOUND -> openAi
                    ? new ApiError(404, ErrorKind.NOT_FOUND, "The model `" + model + "` does not exist or you do not have access to it.",
                            null, "model_not_found", Map.of())
                    : new ApiError(400, ErrorKind.INVALID_REQUEST, "Model Not Exist", null, "invalid_request_error", Map.of());
        };
        return Optional.of(error);
    }

    /**
     * OpenAI and DeepSeek count the prompt and the requested output against the window. OpenAI
     * names {@code messages} with code {@code context_length_exceeded}; DeepSeek's code is its
     * catch-all {@code invalid_request_error}.
     */
    @Override
    public Optional<ApiError> contextWindowExceeded(int promptTokens, OptionalInt maxTokens, int window) {
        int requested = promptTokens + maxTokens.orElse(0);
        if (requested <= window) {
            return Optional.empty();
        }
        String message = vendor == SimVendor.OPENAI && maxTokens.isEmpty()
                ? "This model's maximum context length is " + window + " tokens. However, your messages resulted in " + promptTokens
                        + " tokens. Please reduce the length of the messages."
                : "This model's maximum context length is " + window + " tokens. However, you requested " + requested + " tokens ("
                        + promptTokens + " in the messages, " + maxTokens.orElse(0) + " in the completion). Please reduce the length "
                        + "of the messages or completion.";
        return Optional.of(vendor == SimVendor.OPENAI
                ? new ApiError(400, ErrorKind.INVALID_REQUEST, message, "messages", "context_length_exceeded", Map.of())
                : new ApiError(400, ErrorKind.INVALID_REQUEST, message, null, "invalid_request_error", Map.of()));
    }

    @Override
    public String invalidJsonMessage() {
        return "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your "
                + "HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)";
    }

    @Override
    public Map<String, String> responseHeaders(Ids ids) {
        return vendor == SimVendor.OPENAI
                ? Map.of("x-request-id", ids.next("req_", 32), "openai-version", "2020-10-01")
                : Map.of("x-ds-trace-id", ids.next("", 32));
    }

    private ObjectNode errorObject(ApiError e) {
        String type;
        String code = e.code();
        String message = e.message();
        switch (e.kind()) {
            case INVALID_REQUEST, METHOD_NOT_ALLOWED, REQUEST_TOO_LARGE -> type = "invalid_request_error";
            case NOT_FOUND -> {
                type = "invalid_request_error";
                code = code == null && message != null && message.startsWith("The model") ? "model_not_found" : code;
            }
            case AUTHENTICATION -> {
                type = vendor == SimVendor.DEEPSEEK ? "authentication_error" : "invalid_request_error";
                code = "invalid_api_key";
                message = message != null ? message : vendor == SimVendor.DEEPSEEK
                        ? "Authentication Fails, Your api key is invalid"
                        : "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.";
            }
            case PERMISSION -> type = "permission_error";
            case QUOTA_EXHAUSTED -> {
                if (vendor == SimVendor.DEEPSEEK) {
                    type = "unknown_error";
                    code = "invalid_request_error";
                    message = message != null ? message : "Insufficient Balance";
                } else {
                    type = "insufficient_quota";
                    code = "insufficient_quota";
                    message = message != null ? message : "You exceeded your current quota, please check your plan and billing "
                            + "details. For more information on this error, read the docs: "
                            + "https://platform.openai.com/docs/guides/error-codes/api-errors.";
                }
            }
            case RATE_LIMITED -> {
                type = "requests";
                code = "rate_limit_exceeded";
                message = message != null ? message : "Rate limit reached for requests. Please try again later.";
            }
            case OVERLOADED -> {
                type = "server_error";
                message = message != null ? message : "The server is overloaded or not ready yet.";
            }
            case TIMEOUT -> {
                type = "server_error";
                message = message != null ? message : "Request timed out.";
            }
            default -> {
                type = "server_error";
                message = message != null ? message : "The server had an error while processing your request. Sorry about that!";
            }
        }
        ObjectNode o = Json.object();
        o.put("message", message == null ? "Error" : message);
        o.put("type", type);
        o.put("param", e.param());
        o.put("code", code);
        return o;
    }

    private ObjectNode modelList() {
        String[] ids = vendor == SimVendor.OPENAI
                ? new String[] {"gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-5", "gpt-5-mini", "o3", "o4-mini",
                    "text-embedding-3-small", "text-embedding-3-large"}
                : new String[] {"deepseek-chat", "deepseek-reasoner"};
        ArrayNode data = Json.array();
        for (String id : ids) {
            data.add(Json.object().put("id", id).put("object", "model").put("created", 1_700_000_000L)
                    .put("owned_by", vendor == SimVendor.OPENAI ? "openai" : "deepseek"));
        }
        ObjectNode list = Json.object().put("object", "list");
        list.set("data", data);
        return list;
    }
}
