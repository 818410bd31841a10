package com.gaterouter.common.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.gaterouter.common.testing.RepositoryRoot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every function in template.yaml is a Java function that starts from a SnapStart snapshot: a
 * published version (SnapStart applies to nothing else) behind an alias, and nothing that names a
 * function by hand (API integrations written out in a DefinitionBody) calls anything but that
 * alias. {@code SamTransformIT} checks the same on the template SAM expands.
 */
class SnapStartTemplateTest {

    private static JsonNode template;

    @BeforeAll
    static void read() throws IOException {
        template = new ObjectMapper(new YAMLFactory()).readTree(RepositoryRoot.template().toFile());
    }

    /** A function's property, or the Globals' when the function does not set it. */
    private static JsonNode effective(JsonNode function, String property) {
        JsonNode own = function.path("Properties").path(property);
        return own.isMissingNode() ? template.path("Globals").path("Function").path(property) : own;
    }

    private static List<String> functions() {
        List<String> names = new ArrayList<>();
        template.path("Resources").properties().forEach(e -> {
            if ("AWS::Serverless::Function".equals(e.getValue().path("Type").asText())) {
                names.add(e.getKey());
            }
        });
        return names;
    }

    @Test
    void everyFunctionIsJavaWithSnapStartOnPublishedVersionsBehindAnAlias() {
        List<String> functions = functions();
        assertThat(functions).contains("RouterFunction", "RouterStreamingFunction", "AdminFunction", "SpendRollupFunction",
                "AlertNotifierFunction", "UsageReplayFunction");
        SoftAssertions softly = new SoftAssertions();
        for (String name : functions) {
            JsonNode function = template.path("Resources").path(name);
            softly.assertThat(effective(function, "Runtime").asText()).as("%s runtime", name).startsWith("java");
            softly.assertThat(effective(function, "SnapStart").path("ApplyOn").asText()).as("%s SnapStart.ApplyOn", name)
                    .isEqualTo("PublishedVersions");
            softly.assertThat(effective(function, "AutoPublishAlias").asText()).as("%s AutoPublishAlias", name).isNotBlank();
        }
        softly.assertAll();
    }

    @Test
    void handWrittenIntegrationsInvokeTheAliasNeverTheUnpublishedFunction() {
        Pattern functionReference = Pattern.compile("\\$\\{(\\w+)\\.(Arn|Alias|Version)}");
        List<String> references = new ArrayList<>();
        collectStrings(template.path("Resources"), references);
        List<String> functions = functions();
        SoftAssertions softly = new SoftAssertions();
        int aliasReferences = 0;
        for (String text : references) {
            Matcher m = functionReference.matcher(text);
            while (m.find()) {
                if (!functions.contains(m.group(1)) || !text.contains("apigateway:")) {
                    continue;
                }
                softly.assertThat(m.group(2)).as("%s in %s", m.group(), text).isEqualTo("Alias");
                aliasReferences++;
            }
        }
        softly.assertAll();
        assertThat(aliasReferences).as("the streaming API's integration names its function").isPositive();
    }

    @Test
    void theStreamingFunctionPassesSnapStartsHooksToItsProcess() {
        JsonNode variables = template.path("Resources").path("RouterStreamingFunction").path("Properties")
                .path("Environment").path("Variables");

        assertThat(variables.path("AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH").asText()).startsWith("/snapstart/");
        assertThat(variables.path("AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH").asText()).startsWith("/snapstart/");
    }

    private static void collectStrings(JsonNode node, List<String> into) {
        if (node.isTextual()) {
            into.add(node.asText());
        }
        node.forEach(child -> collectStrings(child, into));
    }
}
