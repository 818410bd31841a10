package com.gaterouter.router.vendors.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentSource;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageSource;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningTextBlock;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * The bridge between the Converse JSON the translators speak and the SDK's typed model, for the
 * sync {@code BedrockRuntimeClient}. It covers exactly what {@link BedrockRequestTranslator}
 * produces on the way in, and the members {@link BedrockResponseTranslator} reads on the way out,
 * so both paths (SDK and signed HTTP) share one translation and cannot drift apart.
 */
final class ConverseSdkModel {

    private ConverseSdkModel() {
    }

    // ---------------------------------------------------------------- JSON → SDK

    static ConverseRequest request(String modelId, ObjectNode body) {
        ConverseRequest.Builder request = ConverseRequest.builder().modelId(modelId);
        List<Message> messages = new ArrayList<>();
        for (JsonNode message : body.path("messages")) {
            List<ContentBlock> content = new ArrayList<>();
            message.path("content").forEach(block -> content.add(contentBlock(block)));
            messages.add(Message.builder().role(ConversationRole.fromValue(message.path("role").asText())).content(content).build());
        }
        request.messages(messages);
        if (body.has("system")) {
            List<SystemContentBlock> system = new ArrayList<>();
            body.get("system").forEach(block -> system.add(SystemContentBlock.fromText(block.path("text").asText())));
            request.system(system);
        }
        if (body.has("inferenceConfig")) {
            JsonNode config = body.get("inferenceConfig");
            InferenceConfiguration.Builder inference = InferenceConfiguration.builder();
            if (config.has("maxTokens")) {
                inference.maxTokens(config.get("maxTokens").asInt());
            }
            if (config.has("temperature")) {
                inference.temperature(config.get("temperature").floatValue());
            }
            if (config.has("topP")) {
                inference.topP(config.get("topP").floatValue());
            }
            if (config.has("stopSequences")) {
                List<String> stops = new ArrayList<>();
                config.get("stopSequences").forEach(s -> stops.add(s.asText()));
                inference.stopSequences(stops);
            }
            request.inferenceConfig(inference.build());
        }
        if (body.has("toolConfig")) {
            JsonNode config = body.get("toolConfig");
            List<Tool> tools = new ArrayList<>();
            for (JsonNode tool : config.path("tools")) {
                JsonNode spec = tool.path("toolSpec");
                ToolSpecification.Builder specification = ToolSpecification.builder().name(spec.path("name").asText())
                        .inputSchema(ToolInputSchema.fromJson(document(spec.path("inputSchema").path("json"))));
                if (spec.has("description")) {
                    specification.description(spec.get("description").asText());
                }
                tools.add(Tool.fromToolSpec(specification.build()));
            }
            ToolConfiguration.Builder toolConfig = ToolConfiguration.builder().tools(tools);
            JsonNode choice = config.get("toolChoice");
            if (choice != null) {
                if (choice.has("auto")) {
                    toolConfig.toolChoice(ToolChoice.fromAuto(a -> { }));
                } else if (choice.has("any")) {
                    toolConfig.toolChoice(ToolChoice.fromAny(a -> { }));
                } else if (choice.has("tool")) {
                    toolConfig.toolChoice(ToolChoice.fromTool(SpecificToolChoice.builder()
                            .name(choice.path("tool").path("name").asText()).build()));
                }
            }
            request.toolConfig(toolConfig.build());
        }
        if (body.has("additionalModelRequestFields")) {
            request.additionalModelRequestFields(document(body.get("additionalModelRequestFields")));
        }
        return request.build();
    }

    private static ContentBlock contentBlock(JsonNode block) {
        if (block.has("text")) {
            return ContentBlock.fromText(block.get("text").asText());
        }
        if (block.has("image")) {
            JsonNode image = block.get("image");
            return ContentBlock.fromImage(ImageBlock.builder().format(image.path("format").asText())
                    .source(ImageSource.fromBytes(bytes(image))).build());
        }
        if (block.has("document")) {
            JsonNode document = block.get("document");
            return ContentBlock.fromDocument(DocumentBlock.builder().format(document.path("format").asText())
                    .name(document.path("name").asText()).source(DocumentSource.fromBytes(bytes(document))).build());
        }
        if (block.has("toolUse")) {
            JsonNode toolUse = block.get("toolUse");
            return ContentBlock.fromToolUse(ToolUseBlock.builder().toolUseId(toolUse.path("toolUseId").asText())
                    .name(toolUse.path("name").asText()).input(document(toolUse.path("input"))).build());
        }
        if (block.has("reasoningContent")) {
            JsonNode reasoning = block.get("reasoningContent");
            if (reasoning.has("redactedContent")) {
                return ContentBlock.fromReasoningContent(ReasoningContentBlock.fromRedactedContent(
                        SdkBytes.fromByteArray(Base64.getDecoder().decode(reasoning.get("redactedContent").asText()))));
            }
            JsonNode text = reasoning.path("reasoningText");
            return ContentBlock.fromReasoningContent(ReasoningContentBlock.fromReasoningText(ReasoningTextBlock.builder()
                    .text(text.path("text").asText("")).signature(text.path("signature").asText(null)).build()));
        }
        if (block.has("toolResult")) {
            JsonNode toolResult = block.get("toolResult");
            List<ToolResultContentBlock> content = new ArrayList<>();
            for (JsonNode c : toolResult.path("content")) {
                content.add(c.has("json") ? ToolResultContentBlock.fromJson(document(c.get("json")))
                        : ToolResultContentBlock.fromText(c.path("text").asText("")));
            }
            return ContentBlock.fromToolResult(ToolResultBlock.builder()
                    .toolUseId(toolResult.path("toolUseId").asText()).content(content).build());
        }
        throw new IllegalArgumentException("no SDK mapping for content block " + block.fieldNames().next());
    }

    private static SdkBytes bytes(JsonNode media) {
        return SdkBytes.fromByteArray(Base64.getDecoder().decode(media.path("source").path("bytes").asText()));
    }

    /** A JSON value as an SDK document (numbers keep their exact decimal form). */
    static Document document(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Document.fromNull();
        }
        if (node.isObject()) {
            Map<String, Document> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), document(e.getValue())));
            return Document.fromMap(map);
        }
        if (node.isArray()) {
            List<Document> list = new ArrayList<>();
            node.forEach(item -> list.add(document(item)));
            return Document.fromList(list);
        }
        if (node.isBoolean()) {
            return Document.fromBoolean(node.booleanValue());
        }
        if (node.isIntegralNumber()) {
            return Document.fromNumber(SdkNumber.fromBigInteger(node.bigIntegerValue()));
        }
        if (node.isNumber()) {
            return Document.fromNumber(SdkNumber.fromBigDecimal(node.decimalValue()));
        }
        return Document.fromString(node.asText());
    }

    // ---------------------------------------------------------------- SDK → JSON

    /** The SDK response as ConverseResponse JSON (the members the response translator reads). */
    static ObjectNode response(ConverseResponse response) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        if (response.output() != null && response.output().message() != null) {
            ObjectNode message = root.putObject("output").putObject("message")
                    .put("role", response.output().message().roleAsString());
            ArrayNode content = message.putArray("content");
            for (ContentBlock block : response.output().message().content()) {
                if (block.text() != null) {
                    content.addObject().put("text", block.text());
                } else if (block.toolUse() != null) {
                    ObjectNode toolUse = content.addObject().putObject("toolUse")
                            .put("toolUseId", block.toolUse().toolUseId()).put("name", block.toolUse().name());
                    toolUse.set("input", json(block.toolUse().input()));
                } else if (block.reasoningContent() != null) {
                    ReasoningContentBlock reasoning = block.reasoningContent();
                    ObjectNode out = content.addObject().putObject("reasoningContent");
                    if (reasoning.redactedContent() != null) {
                        out.put("redactedContent", Base64.getEncoder().encodeToString(reasoning.redactedContent().asByteArray()));
                    } else if (reasoning.reasoningText() != null) {
                        ObjectNode text = out.putObject("reasoningText").put("text", reasoning.reasoningText().text());
                        if (reasoning.reasoningText().signature() != null) {
                            text.put("signature", reasoning.reasoningText().signature());
                        }
                    }
                }
            }
        }
        if (response.stopReasonAsString() != null) {
            root.put("stopReason", response.stopReasonAsString());
        }
        if (response.usage() != null) {
            ObjectNode usage = root.putObject("usage");
            putIfPresent(usage, "inputTokens", response.usage().inputTokens());
            putIfPresent(usage, "outputTokens", response.usage().outputTokens());
            putIfPresent(usage, "totalTokens", response.usage().totalTokens());
            putIfPresent(usage, "cacheReadInputTokens", response.usage().cacheReadInputTokens());
            putIfPresent(usage, "cacheWriteInputTokens", response.usage().cacheWriteInputTokens());
        }
        return root;
    }

    private static void putIfPresent(ObjectNode node, String field, Integer value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    static JsonNode json(Document document) {
        JsonNodeFactory nodes = Json.MAPPER.getNodeFactory();
        if (document == null || document.isNull()) {
            return nodes.nullNode();
        }
        if (document.isMap()) {
            ObjectNode object = nodes.objectNode();
            document.asMap().forEach((k, v) -> object.set(k, json(v)));
            return object;
        }
        if (document.isList()) {
            ArrayNode array = nodes.arrayNode();
            document.asList().forEach(v -> array.add(json(v)));
            return array;
        }
        if (document.isBoolean()) {
            return nodes.booleanNode(document.asBoolean());
        }
        if (document.isNumber()) {
            BigDecimal value = document.asNumber().bigDecimalValue();
            return value.scale() <= 0 ? nodes.numberNode(value.toBigIntegerExact()) : nodes.numberNode(value);
        }
        return nodes.textNode(document.asString());
    }
}
