package com.gaterouter.router.responses;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.json.Json;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Translates an OpenAI Responses body ({@code POST /v1/responses}) into the router's normal form, a
 * Chat Completions body, which the chat parser then validates like any other. Pure: no I/O.
 *
 * <p>The gateway is stateless, so everything that refers to state kept at OpenAI is refused with a
 * 400 that says so ({@code previous_response_id}, {@code conversation}, {@code background},
 * {@code prompt}, {@code item_reference} items, {@code file_id}s); so are OpenAI's built-in tools,
 * which only OpenAI's own servers run. What the normal form cannot carry is dropped on purpose:
 * {@code reasoning} items sent back as history (the model's reasoning is not carried across turns)
 * and {@code reasoning.summary}. Accepted without effect: {@code store} (nothing is ever stored),
 * {@code truncation} ({@code auto} behaves as {@code disabled}: a prompt too long for the model is
 * a 400), {@code max_tool_calls} (it limits hosted tools, which never run here),
 * {@code prompt_cache_retention}, {@code stream_options}, and the {@code include} values that
 * only add hosted tools' output or encrypted reasoning ({@code message.output_text.logprobs} and
 * {@code top_logprobs} are a 400: answers carry no log probabilities). Fields are checked in the
 * Responses API's own names, so a 400's {@code param} is a field the client sent.
 */
public final class ResponsesRequestTranslator {

    /** The Responses API's request fields, plus the gateway's extensions {@code models}, {@code thinking} and {@code top_k}. */
    private static final Set<String> KNOWN_FIELDS = Set.of(
            "model", "input", "instructions", "tools", "tool_choice", "text", "reasoning", "max_output_tokens",
            "temperature", "top_p", "parallel_tool_calls", "metadata", "user", "safety_identifier", "prompt_cache_key",
            "prompt_cache_retention", "service_tier", "stream", "stream_options", "store", "include", "truncation",
            "previous_response_id", "conversation", "background", "prompt", "top_logprobs", "max_tool_calls",
            "models", "thinking", "top_k");
    /** Fields copied to the normal form unchanged (the chat parser checks their values). */
    private static final List<String> SAME_NAME = List.of(
            "model", "models", "temperature", "top_p", "parallel_tool_calls", "metadata", "user", "safety_identifier",
            "prompt_cache_key", "service_tier", "stream", "thinking", "top_k");
    /** {@code include} values accepted and ignored: there is nothing for them to add to an answer of this gateway. */
    private static final Set<String> IGNORED_INCLUDES = Set.of(
            "reasoning.encrypted_content", "web_search_call.results", "web_search_call.action.sources",
            "file_search_call.results", "code_interpreter_call.outputs", "computer_call_output.output.image_url",
            "message.input_image.image_url");
    private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer");
    private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final String STATELESS = " GateRouter is stateless: it keeps no responses or conversations, so send the "
            + "whole conversation in 'input' (with store:false).";

    /** The outcome: the normal form, or the 400 to answer with. */
    public sealed interface Translated {
    }

    /** The request as a Chat Completions body, and as the client sent it. */
    public record Translation(ObjectNode chat, ObjectNode original) implements Translated {
    }

    public record Refused(ApiError error) implements Translated {
    }

    /** Thrown inside the translator and turned into {@link Refused}. */
    private static final class Rejection extends RuntimeException {
        private final transient ApiError error;

        Rejection(String param, String message) {
            super(message, null, false, false);
            this.error = ApiError.invalidRequest(param, message);
        }
    }

    private ResponsesRequestTranslator() {
    }

    /** Reads a Responses body and translates it. */
    public static Translated translate(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return new Refused(ApiError.invalidRequest(null, "We could not parse the JSON body of your request: " + e.getOriginalMessage()));
        } catch (IOException e) {
            return new Refused(ApiError.invalidRequest(null, "We could not read the body of your request."));
        }
        if (!(root instanceof ObjectNode object)) {
            return new Refused(ApiError.invalidRequest(null, "The request body must be a JSON object."));
        }
        return translate(object);
    }

    /** Translates a Responses body already read as JSON; {@code request} is not modified. */
    public static Translated translate(ObjectNode request) {
        try {
            return new Translation(chat(request), request);
        } catch (Rejection rejection) {
            return new Refused(rejection.error);
        }
    }

    private static ObjectNode chat(ObjectNode request) {
        for (var field : request.properties()) {
            if (!KNOWN_FIELDS.contains(field.getKey())) {
                throw new Rejection(field.getKey(), "Unrecognized request argument supplied: " + field.getKey());
            }
        }
        refuseState(request);
        ObjectNode chat = Json.MAPPER.createObjectNode();
        for (String field : SAME_NAME) {
            JsonNode value = present(request, field);
            if (value != null) {
                chat.set(field, value.deepCopy());
            }
        }
        ArrayNode messages = chat.putArray("messages");
        JsonNode instructions = present(request, "instructions");
        if (instructions != null) {
            if (!instructions.isTextual()) {
                throw new Rejection("instructions", "Invalid type for 'instructions': expected a string.");
            }
            messages.addObject().put("role", "system").put("content", instructions.asText());
        }
        input(request, messages);
        Set<String> declared = tools(request, chat);
        toolChoice(request, declared, chat);
        text(request, chat);
        reasoning(request, chat);
        JsonNode maxOutput = present(request, "max_output_tokens");
        if (maxOutput != null) {
            if (!maxOutput.isIntegralNumber() || !maxOutput.canConvertToLong() || maxOutput.asLong() < 1) {
                throw new Rejection("max_output_tokens", "Invalid 'max_output_tokens': expected a positive integer.");
            }
            chat.put("max_completion_tokens", maxOutput.asLong());
        }
        JsonNode topLogprobs = present(request, "top_logprobs");
        if (topLogprobs != null && !(topLogprobs.isIntegralNumber() && topLogprobs.asLong() == 0)) {
            throw new Rejection("top_logprobs", "'top_logprobs' is not supported by this gateway: answers carry no log probabilities.");
        }
        include(request);
        booleanField(request, "store"); // the gateway never stores: store:true is answered as if false
        JsonNode truncation = present(request, "truncation");
        if (truncation != null && !Set.of("auto", "disabled").contains(truncation.asText(""))) {
            throw new Rejection("truncation", "Invalid 'truncation': expected auto or disabled.");
        }
        JsonNode maxToolCalls = present(request, "max_tool_calls");
        if (maxToolCalls != null && (!maxToolCalls.isIntegralNumber() || maxToolCalls.asLong() < 1)) {
            throw new Rejection("max_tool_calls", "Invalid 'max_tool_calls': expected a positive integer.");
        }
        JsonNode streamOptions = present(request, "stream_options");
        if (streamOptions != null && !streamOptions.isObject()) {
            throw new Rejection("stream_options", "Invalid type for 'stream_options': expected an object.");
        }
        // the answer's last event carries the usage: always asked for
        chat.putObject("stream_options").put("include_usage", true);
        return chat;
    }

    /** What only a stateful server could answer. */
    private static void refuseState(ObjectNode request) {
        if (present(request, "previous_response_id") != null) {
            throw new Rejection("previous_response_id", "'previous_response_id' is not supported." + STATELESS);
        }
        if (present(request, "conversation") != null) {
            throw new Rejection("conversation", "'conversation' is not supported." + STATELESS);
        }
        JsonNode background = present(request, "background");
        if (background != null && (!background.isBoolean() || background.asBoolean())) {
            throw new Rejection("background", "'background' responses are not supported: GateRouter keeps no responses to poll; "
                    + "send the request with stream:true or wait for the answer.");
        }
        if (present(request, "prompt") != null) {
            throw new Rejection("prompt", "Stored prompts ('prompt') are not supported: GateRouter keeps no prompts; send the "
                    + "instructions in 'instructions' or 'input'.");
        }
    }

    // ---------------------------------------------------------------- input

    private static void input(ObjectNode request, ArrayNode messages) {
        JsonNode input = present(request, "input");
        if (input == null) {
            throw new Rejection("input", "Missing required parameter: 'input'.");
        }
        if (input.isTextual()) {
            messages.addObject().put("role", "user").put("content", input.asText());
            return;
        }
        if (!input.isArray()) {
            throw new Rejection("input", "Invalid type for 'input': expected a string or an array of input items.");
        }
        if (input.isEmpty()) {
            throw new Rejection("input", "Invalid 'input': empty array. Expected at least one input item.");
        }
        for (int i = 0; i < input.size(); i++) {
            item(input.get(i), "input[" + i + "]", messages);
        }
        if (messages.isEmpty() || messages.size() == 1 && present(request, "instructions") != null) {
            throw new Rejection("input", "Invalid 'input': it has no message the model could answer (reasoning items alone are "
                    + "not carried).");
        }
    }

    private static void item(JsonNode item, String at, ArrayNode messages) {
        if (!item.isObject()) {
            throw new Rejection(at, "Invalid type for '" + at + "': expected an object.");
        }
        String type = item.path("type").asText("message");
        switch (type) {
            case "message" -> messages.add(message(item, at));
            case "function_call" -> functionCall(item, at, messages);
            case "function_call_output" -> messages.add(functionCallOutput(item, at));
            case "reasoning" -> {
                // dropped: the normal form carries no reasoning across turns
            }
            case "item_reference" -> throw new Rejection(at + ".type", "Invalid '" + at + "': 'item_reference' items are not supported."
                    + STATELESS);
            default -> throw new Rejection(at + ".type", "Invalid '" + at + ".type': '" + type + "' items are not supported by this "
                    + "gateway (it takes message, function_call, function_call_output and reasoning items).");
        }
    }

    private static ObjectNode message(JsonNode item, String at) {
        String role = item.path("role").asText("");
        if (!ROLES.contains(role)) {
            throw new Rejection(at + ".role", "Invalid value for '" + at + ".role': expected one of user, assistant, system, developer.");
        }
        ObjectNode message = Json.MAPPER.createObjectNode().put("role", role);
        JsonNode content = item.get("content");
        if (content != null && content.isTextual()) {
            message.put("content", content.asText());
            return message;
        }
        if (content == null || !content.isArray()) {
            throw new Rejection(at + ".content", "Invalid '" + at + ".content': expected a string or an array of content parts.");
        }
        ArrayNode parts = Json.MAPPER.createArrayNode();
        for (int j = 0; j < content.size(); j++) {
            parts.add(part(content.get(j), at + ".content[" + j + "]", role));
        }
        message.set("content", simplified(parts, !role.equals("user")));
        return message;
    }

    /** One content part in Chat Completions' form. */
    private static ObjectNode part(JsonNode part, String at, String role) {
        if (!part.isObject()) {
            throw new Rejection(at, "Invalid type for '" + at + "': expected an object.");
        }
        String type = part.path("type").asText("");
        ObjectNode chat = Json.MAPPER.createObjectNode();
        switch (type) {
            case "input_text", "output_text" -> chat.put("type", "text").put("text", requiredText(part, "text", at));
            case "refusal" -> chat.put("type", "refusal").put("refusal", requiredText(part, "refusal", at));
            case "input_image" -> {
                if (present(part, "file_id") != null) {
                    throw new Rejection(at + ".file_id", "Invalid '" + at + "': file ids are not supported (GateRouter stores no "
                            + "files); send the image as 'image_url', a URL or a data URL.");
                }
                ObjectNode image = chat.put("type", "image_url").putObject("image_url");
                image.put("url", requiredText(part, "image_url", at));
                JsonNode detail = present(part, "detail");
                if (detail != null) {
                    image.set("detail", detail.deepCopy());
                }
            }
            case "input_file" -> {
                if (present(part, "file_id") != null || present(part, "file_url") != null) {
                    String field = present(part, "file_id") != null ? "file_id" : "file_url";
                    throw new Rejection(at + "." + field, "Invalid '" + at + "': '" + field + "' is not supported (GateRouter stores "
                            + "and fetches no files); send the file's content in 'file_data'.");
                }
                ObjectNode file = chat.put("type", "file").putObject("file");
                file.put("file_data", requiredText(part, "file_data", at));
                JsonNode filename = present(part, "filename");
                if (filename != null) {
                    file.set("filename", filename.deepCopy());
                }
            }
            default -> throw new Rejection(at + ".type", "Invalid value for '" + at + ".type': expected input_text, input_image, "
                    + "input_file, output_text or refusal.");
        }
        boolean output = Set.of("text", "refusal").contains(chat.path("type").asText());
        if (!role.equals("assistant") && type.equals("refusal")) {
            throw new Rejection(at + ".type", "Invalid '" + at + ".type': only assistant messages carry refusals.");
        }
        if (role.equals("assistant") && !output) {
            throw new Rejection(at + ".type", "Invalid '" + at + ".type': assistant messages carry output_text and refusal parts.");
        }
        return chat;
    }

    /**
     * Text parts alone become one string, which every vendor adapter takes: one part always, several when {@code join}
     * (an assistant's output, a tool's output, instructions); anything else stays a list of parts.
     */
    private static JsonNode simplified(ArrayNode parts, boolean join) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : parts) {
            if (!part.path("type").asText().equals("text")) {
                return parts;
            }
            text.append(part.path("text").asText());
        }
        return parts.size() <= 1 || join ? Json.MAPPER.getNodeFactory().textNode(text.toString()) : parts;
    }

    /** A call the model made: one tool call of the assistant message before it (consecutive calls are one message). */
    private static void functionCall(JsonNode item, String at, ArrayNode messages) {
        String callId = requiredText(item, "call_id", at);
        String name = requiredText(item, "name", at);
        String arguments = requiredText(item, "arguments", at);
        ObjectNode assistant;
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && last.path("role").asText().equals("assistant")) {
            assistant = (ObjectNode) last;
        } else {
            assistant = messages.addObject().put("role", "assistant").putNull("content");
        }
        ArrayNode calls = assistant.has("tool_calls") ? (ArrayNode) assistant.get("tool_calls") : assistant.putArray("tool_calls");
        ObjectNode call = calls.addObject().put("id", callId).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", arguments);
    }

    private static ObjectNode functionCallOutput(JsonNode item, String at) {
        ObjectNode tool = Json.MAPPER.createObjectNode().put("role", "tool").put("tool_call_id", requiredText(item, "call_id", at));
        JsonNode output = item.get("output");
        if (output != null && output.isTextual()) {
            return tool.put("content", output.asText());
        }
        if (output == null || !output.isArray()) {
            throw new Rejection(at + ".output", "Invalid '" + at + ".output': expected a string or an array of content parts.");
        }
        ArrayNode parts = Json.MAPPER.createArrayNode();
        for (int j = 0; j < output.size(); j++) {
            parts.add(part(output.get(j), at + ".output[" + j + "]", "tool"));
        }
        tool.set("content", simplified(parts, true));
        return tool;
    }

    // ---------------------------------------------------------------- tools

    /** Function tools in Chat Completions' form; the names declared. */
    private static Set<String> tools(ObjectNode request, ObjectNode chat) {
        Set<String> declared = new HashSet<>();
        JsonNode tools = present(request, "tools");
        if (tools == null) {
            return declared;
        }
        if (!tools.isArray()) {
            throw new Rejection("tools", "Invalid type for 'tools': expected an array.");
        }
        // every tool type but function is one of OpenAI's hosted tools (web_search, file_search, code_interpreter,
        // computer_use_preview, image_generation, mcp, local_shell, custom, …): all named in one 400
        List<String> builtIn = new java.util.ArrayList<>();
        int firstBuiltIn = -1;
        for (int i = 0; i < tools.size(); i++) {
            String type = tools.get(i).path("type").asText("");
            if (tools.get(i).isObject() && !type.isEmpty() && !type.equals("function")) {
                builtIn.add(type);
                firstBuiltIn = firstBuiltIn < 0 ? i : firstBuiltIn;
            }
        }
        if (!builtIn.isEmpty()) {
            throw new Rejection("tools[" + firstBuiltIn + "].type", "Built-in tools are not supported by this gateway: "
                    + String.join(", ", builtIn) + ". They run on OpenAI's servers; GateRouter serves many vendors and passes on "
                    + "only function tools, which your application runs.");
        }
        ArrayNode out = tools.isEmpty() ? null : chat.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String at = "tools[" + i + "]";
            if (!tool.isObject() || !tool.path("type").asText("").equals("function")) {
                throw new Rejection(at + ".type", "Invalid '" + at + "': expected {\"type\":\"function\",\"name\":…}.");
            }
            JsonNode name = tool.get("name");
            if (name == null || !name.isTextual() || !TOOL_NAME.matcher(name.asText()).matches()) {
                throw new Rejection(at + ".name", "Invalid '" + at + ".name': expected 1 to 64 letters, digits, underscores or dashes.");
            }
            if (!declared.add(name.asText())) {
                throw new Rejection(at + ".name", "Invalid '" + at + ".name': the name '" + name.asText() + "' is declared twice.");
            }
            ObjectNode function = out.addObject().put("type", "function").putObject("function").put("name", name.asText());
            JsonNode description = present(tool, "description");
            if (description != null) {
                if (!description.isTextual()) {
                    throw new Rejection(at + ".description", "Invalid type for '" + at + ".description': expected a string.");
                }
                function.put("description", description.asText());
            }
            JsonNode parameters = present(tool, "parameters");
            if (parameters != null) {
                if (!parameters.isObject()) {
                    throw new Rejection(at + ".parameters", "Invalid type for '" + at + ".parameters': expected a JSON Schema object.");
                }
                function.set("parameters", parameters.deepCopy());
            }
            JsonNode strict = present(tool, "strict");
            if (strict != null) {
                if (!strict.isBoolean()) {
                    throw new Rejection(at + ".strict", "Invalid type for '" + at + ".strict': expected a boolean.");
                }
                function.put("strict", strict.asBoolean());
            }
        }
        return declared;
    }

    private static void toolChoice(ObjectNode request, Set<String> declared, ObjectNode chat) {
        JsonNode choice = present(request, "tool_choice");
        if (choice == null) {
            return;
        }
        if (choice.isTextual()) {
            if (!Set.of("none", "auto", "required").contains(choice.asText())) {
                throw new Rejection("tool_choice", "Invalid 'tool_choice': expected none, auto, required, "
                        + "{\"type\":\"function\",\"name\":…} or {\"type\":\"allowed_tools\",…}.");
            }
            chat.put("tool_choice", choice.asText());
            return;
        }
        String type = choice.path("type").asText("");
        if (choice.isObject() && type.equals("function")) {
            String name = declaredName(choice.get("name"), declared, "tool_choice.name");
            chat.putObject("tool_choice").put("type", "function").putObject("function").put("name", name);
            return;
        }
        if (choice.isObject() && type.equals("allowed_tools")) {
            String mode = choice.path("mode").asText("");
            if (!Set.of("auto", "required").contains(mode) || !choice.path("tools").isArray()) {
                throw new Rejection("tool_choice", "Invalid 'tool_choice': expected {\"type\":\"allowed_tools\",\"mode\":\"auto\"|"
                        + "\"required\",\"tools\":[{\"type\":\"function\",\"name\":…}]}.");
            }
            ObjectNode allowed = chat.putObject("tool_choice").put("type", "allowed_tools").putObject("allowed_tools").put("mode", mode);
            ArrayNode tools = allowed.putArray("tools");
            JsonNode listed = choice.get("tools");
            for (int i = 0; i < listed.size(); i++) {
                String at = "tool_choice.tools[" + i + "]";
                if (!listed.get(i).path("type").asText("").equals("function")) {
                    throw new Rejection(at + ".type", "Invalid '" + at + ".type': only function tools can be allowed (built-in tools "
                            + "are not supported by this gateway).");
                }
                String name = declaredName(listed.get(i).get("name"), declared, at + ".name");
                tools.addObject().put("type", "function").putObject("function").put("name", name);
            }
            return;
        }
        throw new Rejection("tool_choice", "Invalid 'tool_choice': " + (type.isEmpty() ? "" : "'" + type + "' is a built-in tool, not "
                + "supported by this gateway; ") + "expected none, auto, required, {\"type\":\"function\",\"name\":…} or "
                + "{\"type\":\"allowed_tools\",…}.");
    }

    private static String declaredName(JsonNode name, Set<String> declared, String param) {
        if (name == null || !name.isTextual() || !declared.contains(name.asText())) {
            throw new Rejection(param, "Invalid '" + param + "': " + (name != null && name.isTextual() ? "'" + name.asText() + "'"
                    : "the function") + " is not among the request's tools.");
        }
        return name.asText();
    }

    // ---------------------------------------------------------------- text, reasoning, include

    private static void text(ObjectNode request, ObjectNode chat) {
        JsonNode text = present(request, "text");
        if (text == null) {
            return;
        }
        if (!text.isObject()) {
            throw new Rejection("text", "Invalid type for 'text': expected an object.");
        }
        for (var field : text.properties()) {
            if (!Set.of("format", "verbosity").contains(field.getKey())) {
                throw new Rejection("text." + field.getKey(), "Unrecognized request argument supplied: text." + field.getKey());
            }
        }
        JsonNode verbosity = present((ObjectNode) text, "verbosity");
        if (verbosity != null) {
            if (!Set.of("low", "medium", "high").contains(verbosity.asText(""))) {
                throw new Rejection("text.verbosity", "Invalid 'text.verbosity': expected low, medium or high.");
            }
            chat.put("verbosity", verbosity.asText());
        }
        JsonNode format = present((ObjectNode) text, "format");
        if (format == null) {
            return;
        }
        String type = format.path("type").asText("");
        switch (type) {
            case "text" -> chat.putObject("response_format").put("type", "text");
            case "json_object" -> chat.putObject("response_format").put("type", "json_object");
            case "json_schema" -> {
                ObjectNode schema = chat.putObject("response_format").put("type", "json_schema").putObject("json_schema");
                schema.put("name", requiredText(format, "name", "text.format"));
                JsonNode body = format.get("schema");
                if (body == null || !body.isObject()) {
                    throw new Rejection("text.format.schema", "Missing required parameter: 'text.format.schema' (a JSON Schema object).");
                }
                schema.set("schema", body.deepCopy());
                JsonNode description = present((ObjectNode) format, "description");
                if (description != null) {
                    schema.set("description", description.deepCopy());
                }
                JsonNode strict = present((ObjectNode) format, "strict");
                if (strict != null) {
                    if (!strict.isBoolean()) {
                        throw new Rejection("text.format.strict", "Invalid type for 'text.format.strict': expected a boolean.");
                    }
                    schema.put("strict", strict.asBoolean());
                }
            }
            default -> throw new Rejection("text.format.type", "Invalid 'text.format.type': expected text, json_object or json_schema.");
        }
    }

    /** {@code reasoning.effort} becomes {@code reasoning_effort}; {@code reasoning.summary} is accepted and ignored. */
    private static void reasoning(ObjectNode request, ObjectNode chat) {
        JsonNode reasoning = present(request, "reasoning");
        if (reasoning == null) {
            return;
        }
        if (!reasoning.isObject()) {
            throw new Rejection("reasoning", "Invalid type for 'reasoning': expected an object.");
        }
        for (var field : reasoning.properties()) {
            if (!Set.of("effort", "summary", "generate_summary").contains(field.getKey())) {
                throw new Rejection("reasoning." + field.getKey(), "Unrecognized request argument supplied: reasoning." + field.getKey());
            }
        }
        JsonNode effort = present((ObjectNode) reasoning, "effort");
        if (effort != null) {
            if (!Set.of("none", "minimal", "low", "medium", "high", "xhigh").contains(effort.asText(""))) {
                throw new Rejection("reasoning.effort", "Invalid 'reasoning.effort': expected none, minimal, low, medium, high or xhigh.");
            }
            chat.put("reasoning_effort", effort.asText());
        }
    }

    private static void include(ObjectNode request) {
        JsonNode include = present(request, "include");
        if (include == null) {
            return;
        }
        if (!include.isArray()) {
            throw new Rejection("include", "Invalid type for 'include': expected an array.");
        }
        for (int i = 0; i < include.size(); i++) {
            String value = include.get(i).asText("");
            if (value.equals("message.output_text.logprobs")) {
                throw new Rejection("include[" + i + "]", "'message.output_text.logprobs' is not supported by this gateway: answers carry "
                        + "no log probabilities.");
            }
            if (!IGNORED_INCLUDES.contains(value)) {
                throw new Rejection("include[" + i + "]", "Invalid value for 'include[" + i + "]': '" + value + "'.");
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String requiredText(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new Rejection(at + "." + field, "Missing required parameter: '" + at + "." + field + "' (a string).");
        }
        return value.asText();
    }

    private static void booleanField(ObjectNode request, String field) {
        JsonNode value = present(request, field);
        if (value != null && !value.isBoolean()) {
            throw new Rejection(field, "Invalid type for '" + field + "': expected a boolean.");
        }
    }

    private static JsonNode present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }
}
