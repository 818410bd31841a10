package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Every function in template.yaml points at an artifact the build produced, and its handler is a
 * class in that artifact that Lambda can construct. Runs after {@code package}, so the function
 * modules' shaded jars exist.
 */
class TemplateArtifactsIT {

    private static Path root() {
        return Path.of(System.getProperty("gaterouter.root", "../.."));
    }

    @Test
    void everyFunctionsCodeUriIsABuiltJarContainingItsHandler() throws Exception {
        JsonNode resources = new ObjectMapper(new YAMLFactory()).readTree(root().resolve("template.yaml").toFile()).path("Resources");
        SoftAssertions softly = new SoftAssertions();
        int functions = 0;
        for (var resource : resources.properties()) {
            if (!"AWS::Serverless::Function".equals(resource.getValue().path("Type").asText())) {
                continue;
            }
            functions++;
            JsonNode properties = resource.getValue().path("Properties");
            String codeUri = properties.path("CodeUri").asText();
            String handlerClass = properties.path("Handler").asText().split("::")[0];
            Path jar = root().resolve(codeUri);
            softly.assertThat(codeUri).as(resource.getKey()).matches("functions/([a-z]+)/target/gaterouter-\\1\\.jar");
            softly.assertThat(Files.isRegularFile(jar)).as("%s: %s was built", resource.getKey(), codeUri).isTrue();
            if (Files.isRegularFile(jar)) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    softly.assertThat(file.getEntry(handlerClass.replace('.', '/') + ".class"))
                            .as("%s: %s is in %s", resource.getKey(), handlerClass, codeUri).isNotNull();
                    softly.assertThat(file.getEntry("log4j2.xml")).as("%s logs through Powertools' layout", codeUri).isNotNull();
                    softly.assertThat(file.getEntry("io/netty/channel/Channel.class")).as("%s has no Netty", codeUri).isNull();
                    softly.assertThat(file.getEntry("org/apache/http/client/HttpClient.class")).as("%s has no Apache HTTP", codeUri).isNull();
                }
            }
            Class<?> handler = Class.forName(handlerClass);
            softly.assertThat(RequestHandler.class.isAssignableFrom(handler)).as("%s is a RequestHandler", handlerClass).isTrue();
            softly.assertThat(handler.getConstructor()).as("%s has the public no-arg constructor Lambda uses", handlerClass).isNotNull();
        }
        assertThat(functions).isGreaterThanOrEqualTo(3);
        softly.assertAll();
    }
}
