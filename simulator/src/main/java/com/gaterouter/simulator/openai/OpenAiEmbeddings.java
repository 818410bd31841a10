package com.gaterouter.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.simulator.Fault;
import com.gaterouter.simulator.core.ApiError;
import com.gaterouter.simulator.core.Call;
import com.gaterouter.simulator.core.ChatFlow;
import com.gaterouter.simulator.core.FaultResponses;
import com.gaterouter.simulator.core.Usage;
import com.gaterouter.simulator.http.Json;
import com.gaterouter.simulator.text.Directives;
import com.gaterouter.simulator.text.Hashing;
import com.gaterouter.simulator.text.TokenEstimator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * {@code POST /openai/v1/embeddings}: deterministic unit vectors seeded by a hash of each input
 * (same input, same vector), 1536 dimensions by default (3072 for {@code *-3-large}), or
 * {@code dimensions} (1 up to that size); {@code encoding_format} {@code float} or {@code base64}
 * (little-endian float32). Refused as OpenAI refuses: an input of the wrong shape, an empty one or
 * more than 2048 of them with {@code '$.input' is invalid}; an input longer than the model's
 * {@value #CONTEXT_WINDOW} tokens (or a {@code [[sim:context_window=N]]}) with its context-length message.
 */
final class OpenAiEmbeddings {

    /** The embedding models' input limit, per input. */
    static final int CONTEXT_WINDOW = 8192;
    static final int MAX_INPUTS = 2048;

    /** One input: its text (for hashing and directives) and its token count. */
    private record Input(String key, String text, int tokens) {
    }

    void handle(Call call) throws IOException {
        JsonNode body = ChatFlow.parseBody(call);
        String model = Json.text(body, "model").filter(m -> !m.isBlank())
                .orElseThrow(() -> ApiError.missing("model").toException());
        List<Input> inputs = inputs(body.get("input"));
        int dims = dimensions(body, model);
        String encoding = body.path("encoding_format").asText("float");
        if (!encoding.equals("float") && !encoding.equals("base64")) {
            throw ApiError.invalid("Invalid value: '" + encoding + "'. Supported values are: 'float' and 'base64'.",
                    "encoding_format").toException();
        }
        Directives directives = ChatFlow.directives(call.ctx().config(), inputs.getLast().text());
        Optional<Fault> fault = ChatFlow.fault(call, directives);
        if (fault.isPresent() && (FaultResponses.immediate(fault.get()) || fault.get() instanceof Fault.StreamError)) {
            FaultResponses.respond(call.exchange(), call.api(), fault.get(), call.headers());
            return;
        }
        int window = directives.contextWindow().orElse(CONTEXT_WINDOW);
        for (Input input : inputs) {
            if (input.tokens() > window) {
                throw ApiError.invalid("This model's maximum context length is " + window + " tokens, however you requested "
                        + input.tokens() + " tokens (" + input.tokens() + " in your prompt; 0 for the completion). Please reduce "
                        + "your prompt; or completion length.").toException();
            }
        }
        if (fault.isPresent() && fault.get() instanceof Fault.Refused refused && FaultResponses.refuse(call, refused, model)) {
            return;
        }

        ArrayNode data = Json.array();
        int tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            float[] vector = vector(inputs.get(i).key(), dims);
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            if (encoding.equals("base64")) {
                item.put("embedding", base64(vector));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float v : vector) {
                    values.add(v);
                }
            }
            tokens += inputs.get(i).tokens();
        }
        ObjectNode root = Json.object().put("object", "list");
        root.set("data", data);
        root.put("model", model);
        root.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        ChatFlow.pacer(call.ctx().config(), call.exchange(), directives).awaitWhole(0);
        if (fault.isEmpty()) {
            call.ctx().billing().record(call.api().vendor(), model, new Usage(tokens, 0, 0, 0, 0), call.exchange());
        }
        FaultResponses.sendBody(call.exchange(), Json.bytes(root), fault, call.headers());
    }

    private static List<Input> inputs(JsonNode input) {
        if (input == null || input.isNull()) {
            throw ApiError.missing("input").toException();
        }
        List<Input> out = new ArrayList<>();
        if (input.isTextual()) {
            out.add(text(input.asText()));
        } else if (input.isArray() && !input.isEmpty()) {
            if (input.get(0).isNumber()) {
                out.add(tokenArray(input)); // one input given as token ids
            } else if (input.size() > MAX_INPUTS) {
                throw invalidInput();
            } else {
                for (JsonNode item : input) {
                    if (item.isTextual()) {
                        out.add(text(item.asText()));
                    } else if (item.isArray() && !item.isEmpty()) {
                        out.add(tokenArray(item));
                    } else {
                        throw invalidInput();
                    }
                }
            }
        } else {
            throw invalidInput();
        }
        for (Input i : out) {
            if (i.tokens() == 0 && i.text().isEmpty()) {
                throw invalidInput();
            }
        }
        return out;
    }

    private static Input text(String text) {
        return new Input("text:" + text, text, TokenEstimator.count(text));
    }

    private static Input tokenArray(JsonNode ids) {
        StringBuilder key = new StringBuilder("tokens:");
        for (JsonNode id : ids) {
            if (!id.canConvertToInt()) {
                throw invalidInput();
            }
            key.append(id.asInt()).append(',');
        }
        return new Input(key.toString(), "", ids.size());
    }

    /** OpenAI's words for every input it cannot read: no param, no code. */
    private static RuntimeException invalidInput() {
        return ApiError.invalid("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.")
                .toException();
    }

    /** The model's native size, or fewer ({@code dimensions}), in the wording of OpenAI's schema checks. */
    private static int dimensions(JsonNode body, String model) {
        int nativeSize = model.contains("3-large") ? 3072 : 1536;
        JsonNode d = body.get("dimensions");
        if (d == null || d.isNull()) {
            return nativeSize;
        }
        if (!d.isIntegralNumber() || !d.canConvertToInt()) {
            throw new ApiError(400, com.gaterouter.simulator.core.ErrorKind.INVALID_REQUEST, "Invalid type for 'dimensions': expected "
                    + "an integer, but got " + (d.isTextual() ? "a string" : "a decimal") + " instead.", "dimensions", "invalid_type",
                    java.util.Map.of()).toException();
        }
        if (d.asInt() < 1) {
            throw new ApiError(400, com.gaterouter.simulator.core.ErrorKind.INVALID_REQUEST, "Invalid 'dimensions': integer below "
                    + "minimum value. Expected a value >= 1, but got " + d.asInt() + " instead.", "dimensions",
                    "integer_below_min_value", java.util.Map.of()).toException();
        }
        if (d.asInt() > nativeSize) {
            throw new ApiError(400, com.gaterouter.simulator.core.ErrorKind.INVALID_REQUEST, "Invalid 'dimensions': integer above "
                    + "maximum value. Expected a value <= " + nativeSize + ", but got " + d.asInt() + " instead.", "dimensions",
                    "integer_above_max_value", java.util.Map.of()).toException();
        }
        return d.asInt();
    }

    /** A Gaussian vector seeded by the input, normalised to unit length. */
    static float[] vector(String key, int dims) {
        SplittableRandom random = new SplittableRandom(Hashing.fnv1a64(key));
        double[] raw = new double[dims];
        double norm = 0;
        for (int i = 0; i < dims; i += 2) {
            // Box-Muller: two independent normals from two uniforms
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            double r = Math.sqrt(-2 * Math.log(u1));
            raw[i] = r * Math.cos(2 * Math.PI * u2);
            if (i + 1 < dims) {
                raw[i + 1] = r * Math.sin(2 * Math.PI * u2);
            }
        }
        for (double v : raw) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[dims];
        for (int i = 0; i < dims; i++) {
            out[i] = (float) (raw[i] / norm);
        }
        return out;
    }

    private static String base64(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            buffer.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }
}
