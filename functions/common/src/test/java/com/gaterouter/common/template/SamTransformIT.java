package com.gaterouter.common.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gaterouter.common.testing.RepositoryRoot;
import com.gaterouter.common.testing.TestHost;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml as CloudFormation receives it: expanded by the SAM translator (the library
 * {@code sam deploy} and cfn-lint use; it comes with cfn-lint). Every Java function is published
 * with SnapStart and has an alias, and every trigger — API Gateway integrations and permissions,
 * EventBridge Scheduler schedules, EventBridge rules, the SQS event source mapping, async invoke
 * configuration — targets that alias: a trigger on the unqualified function would run $LATEST,
 * which SnapStart never snapshots. Skipped without python3 and the translator locally; a failure
 * under CI=true.
 */
class SamTransformIT {

    private static JsonNode resources;

    @BeforeAll
    static void transform() throws IOException, InterruptedException {
        Path python = TestHost.requireOnPath("python3", "install Python 3 and pip install cfn-lint");
        Path script = Files.createTempFile("sam-transform", ".py");
        Path output = Files.createTempFile("sam-transform", ".json");
        Path errors = Files.createTempFile("sam-transform", ".err");
        try (InputStream in = SamTransformIT.class.getResourceAsStream("/template/sam-transform.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Process check = new ProcessBuilder(python.toString(), "-c", "import samtranslator").redirectErrorStream(true)
                    .redirectOutput(errors.toFile()).start();
            if (!check.waitFor(1, TimeUnit.MINUTES) || check.exitValue() != 0) {
                throw TestHost.missingPrerequisite("the SAM translator is not importable by python3 (pip install cfn-lint brings it)",
                        TestHost.isCi());
            }
            Process process = new ProcessBuilder(python.toString(), script.toString(), RepositoryRoot.template().toString())
                    .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
            boolean finished = process.waitFor(2, TimeUnit.MINUTES);
            if (!finished) {
                process.destroyForcibly();
            }
            assertThat(finished && process.exitValue() == 0).as("the SAM transform of template.yaml; its errors:%n%s",
                    Files.readString(errors, StandardCharsets.UTF_8)).isTrue();
            resources = new ObjectMapper().readTree(output.toFile()).path("Resources");
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }

    private static Map<String, JsonNode> ofType(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        resources.properties().forEach(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                found.put(e.getKey(), e.getValue().path("Properties"));
            }
        });
        return found;
    }

    /** Function logical id → the logical id of its alias. */
    private static Map<String, String> aliases() {
        Map<String, String> aliases = new LinkedHashMap<>();
        ofType("AWS::Lambda::Alias").forEach((id, properties) -> aliases.put(properties.path("FunctionName").path("Ref").asText(), id));
        return aliases;
    }

    @Test
    void everyFunctionIsPublishedWithSnapStartBehindAnAliasOnTheLatestVersion() {
        Map<String, JsonNode> functions = ofType("AWS::Lambda::Function");
        Map<String, String> aliases = aliases();
        assertThat(functions).hasSizeGreaterThanOrEqualTo(6);
        SoftAssertions softly = new SoftAssertions();
        functions.forEach((id, properties) -> {
            softly.assertThat(properties.path("Runtime").asText()).as("%s runtime", id).startsWith("java");
            softly.assertThat(properties.path("SnapStart").path("ApplyOn").asText()).as("%s SnapStart", id).isEqualTo("PublishedVersions");
            softly.assertThat(aliases).as("%s has an alias", id).containsKey(id);
            if (aliases.containsKey(id)) {
                JsonNode alias = resources.path(aliases.get(id)).path("Properties");
                String version = alias.path("FunctionVersion").path("Fn::GetAtt").path(0).asText();
                softly.assertThat(resources.path(version).path("Type").asText()).as("%s's alias points at a published version", id)
                        .isEqualTo("AWS::Lambda::Version");
            }
        });
        softly.assertAll();
    }

    /**
     * The platform admins' resource policy survives the transform as CloudFormation must evaluate
     * it: SAM substitutes the parameter's value (here its empty default), and the split into a list
     * of principal ARNs is left to CloudFormation — so one ARN or several, the Deny names each.
     */
    @Test
    void thePlatformRoutesAreDeniedToEveryPrincipalNotNamedInTheExpandedResourcePolicy() {
        JsonNode statements = resources.path("GatewayApi").path("Properties").path("Body").path("x-amazon-apigateway-policy")
                .path("Statement");
        JsonNode deny = null;
        for (JsonNode statement : statements) {
            if ("Deny".equals(statement.path("Effect").asText())) {
                deny = statement;
            }
        }
        assertThat(deny).as("the Deny statement in the REST API's policy: %s", statements).isNotNull();
        assertThat(deny.path("Resource").toString()).contains("/GET/admin/v1/tenants").contains("/POST/admin/v1/tenants");
        assertThat(deny.path("Condition").path("StringNotEquals").path("aws:PrincipalArn").path("Fn::Split").toString())
                .isEqualTo("[\",\",\"\"]");
    }

    @Test
    void everyTriggerInvokesTheAliasNotTheFunction() {
        Map<String, String> aliases = aliases();
        List<String> functions = new ArrayList<>(ofType("AWS::Lambda::Function").keySet());
        SoftAssertions softly = new SoftAssertions();
        int triggers = 0;

        for (var permission : ofType("AWS::Lambda::Permission").entrySet()) {
            triggers += expectAlias(softly, "permission " + permission.getKey(), permission.getValue().path("FunctionName"), aliases, functions);
        }
        for (var mapping : ofType("AWS::Lambda::EventSourceMapping").entrySet()) {
            triggers += expectAlias(softly, "event source mapping " + mapping.getKey(), mapping.getValue().path("FunctionName"), aliases, functions);
        }
        for (var schedule : ofType("AWS::Scheduler::Schedule").entrySet()) {
            triggers += expectAlias(softly, "schedule " + schedule.getKey(), schedule.getValue().path("Target").path("Arn"), aliases, functions);
        }
        for (var rule : ofType("AWS::Events::Rule").entrySet()) {
            for (JsonNode target : rule.getValue().path("Targets")) {
                triggers += expectAlias(softly, "rule " + rule.getKey(), target.path("Arn"), aliases, functions);
            }
        }
        for (var config : ofType("AWS::Lambda::EventInvokeConfig").entrySet()) {
            softly.assertThat(config.getValue().path("Qualifier").asText()).as("event invoke config %s", config.getKey()).isEqualTo("live");
        }
        for (var api : ofType("AWS::ApiGateway::RestApi").entrySet()) {
            for (JsonNode path : api.getValue().path("Body").path("paths")) {
                for (JsonNode method : path) {
                    JsonNode uri = method.path("x-amazon-apigateway-integration").path("uri");
                    if (!uri.isMissingNode()) {
                        triggers += expectAlias(softly, "integration in " + api.getKey(), uri, aliases, functions);
                    }
                }
            }
        }
        softly.assertAll();
        // the API methods and permissions, two schedules, a rule, the queue's mapping
        assertThat(triggers).isGreaterThanOrEqualTo(10);
    }

    /** The reference (a Ref, GetAtt or Sub) names a function's alias and never a function itself. */
    private static int expectAlias(SoftAssertions softly, String what, JsonNode reference, Map<String, String> aliases,
                                   List<String> functions) {
        String text = reference.toString();
        boolean namesAlias = aliases.values().stream().anyMatch(alias -> text.contains("\"" + alias + "\"")
                || text.contains("${" + alias + "}") || text.contains("${" + alias + "."));
        boolean namesFunction = functions.stream().anyMatch(function -> text.contains("\"" + function + "\"")
                || text.contains("${" + function + "}") || text.contains("${" + function + "."));
        softly.assertThat(namesAlias && !namesFunction).as("%s targets an alias: %s", what, text).isTrue();
        return 1;
    }
}
