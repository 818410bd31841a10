package com.gaterouter.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.gaterouter.common.testing.RepositoryRoot;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * template.yaml routes every {@code /v1} request to the router as the router expects: every method
 * ({@code OPTIONS} included, so CORS preflights reach the function), every depth of path (a model id
 * has a slash: {@code /v1/models/openai/gpt-4o-mini}), and no authorizer, API key or API Gateway CORS
 * in front — the router authenticates, and answers preflights and CORS per tenant itself. Both APIs:
 * the buffered one and the streaming one.
 */
class TemplateRoutesTest {

    @Test
    void everyV1RouteIsAnyMethodAnyDepthAndUnauthenticatedOnBothApis() throws Exception {
        JsonNode resources = new ObjectMapper(new YAMLFactory())
                .readTree(Files.readString(RepositoryRoot.locate().resolve("template.yaml"))).path("Resources");
        Map<String, String> v1ApiOfFunction = new HashMap<>();
        resources.properties().forEach(resource -> {
            if (!resource.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                return;
            }
            resource.getValue().path("Properties").path("Events").properties().forEach(event -> {
                JsonNode p = event.getValue().path("Properties");
                if (event.getValue().path("Type").asText().equals("Api") && p.path("Path").asText().startsWith("/v1")) {
                    assertThat(p.path("Path").asText()).as(resource.getKey()).isEqualTo("/v1/{proxy+}");
                    assertThat(p.path("Method").asText()).as(resource.getKey()).isEqualToIgnoringCase("ANY");
                    assertThat(p.has("Auth")).as(resource.getKey() + " has no authorizer on /v1").isFalse();
                    v1ApiOfFunction.put(resource.getKey(), p.path("RestApiId").asText());
                }
            });
        });
        assertThat(v1ApiOfFunction).containsOnlyKeys("RouterFunction", "RouterStreamingFunction");

        for (String api : v1ApiOfFunction.values()) {
            JsonNode properties = resources.path(api).path("Properties");
            assertThat(properties.has("Cors")).as(api + ": API Gateway answering preflights itself would bypass the tenants' origins")
                    .isFalse();
            assertThat(properties.path("Auth").has("DefaultAuthorizer")).as(api).isFalse();
            assertThat(properties.path("Auth").path("ApiKeyRequired").asBoolean(false)).as(api).isFalse();
            JsonNode definition = properties.path("DefinitionBody");
            if (!definition.isMissingNode()) {
                JsonNode any = definition.path("paths").path("/v1/{proxy+}").path("x-amazon-apigateway-any-method");
                assertThat(any.isObject()).as(api + " routes any method of /v1/{proxy+}").isTrue();
                assertThat(any.has("security")).as(api).isFalse();
                assertThat(definition.has("security")).as(api).isFalse();
            }
        }
    }
}
