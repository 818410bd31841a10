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
            String handler = properties.path("Handler").asText();
            Path artifact = root().resolve(codeUri);
            softly.assertThat(codeUri).as(resource.getKey()).matches("functions/([a-z]+)/target/gaterouter-\\1(-streaming\\.zip|\\.jar)");
            softly.assertThat(Files.isRegularFile(artifact)).as("%s: %s was built", resource.getKey(), codeUri).isTrue();
            if (!Files.isRegularFile(artifact)) {
                continue;
            }
            String handlerClass;
            if (codeUri.endsWith(".zip")) {
                // Lambda Web Adapter: the handler is a start script that runs a main class from lib/
                try (JarFile zip = new JarFile(artifact.toFile())) {
                    softly.assertThat(handler).isEqualTo("run.sh");
                    softly.assertThat(zip.getEntry("run.sh")).as("run.sh in %s", codeUri).isNotNull();
                    softly.assertThat(zip.getEntry("lib/gaterouter-router.jar")).as("router jar in %s", codeUri).isNotNull();
                    String script = new String(zip.getInputStream(zip.getEntry("run.sh")).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    java.util.regex.Matcher main = java.util.regex.Pattern.compile("(com\\.gaterouter\\.[\\w.]+)").matcher(script);
                    softly.assertThat(main.find()).as("run.sh names a main class").isTrue();
                    softly.assertThat(Class.forName(main.group(1)).getMethod("main", String[].class)).isNotNull();
                }
                softly.assertThat(properties.path("Environment").path("Variables").path("AWS_LWA_INVOKE_MODE").asText()).isEqualTo("response_stream");
                continue;
            }
            handlerClass = handler.split("::")[0];
            try (JarFile file = new JarFile(artifact.toFile())) {
                softly.assertThat(file.getEntry(handlerClass.replace('.', '/') + ".class"))
                        .as("%s: %s is in %s", resource.getKey(), handlerClass, codeUri).isNotNull();
                softly.assertThat(file.getEntry("log4j2.xml")).as("%s logs through Powertools' layout", codeUri).isNotNull();
                softly.assertThat(file.getEntry("io/netty/channel/Channel.class")).as("%s has no Netty", codeUri).isNull();
                softly.assertThat(file.getEntry("org/apache/http/client/HttpClient.class")).as("%s has no Apache HTTP", codeUri).isNull();
            }
            Class<?> handlerType = Class.forName(handlerClass);
            softly.assertThat(RequestHandler.class.isAssignableFrom(handlerType)
                            || com.amazonaws.services.lambda.runtime.RequestStreamHandler.class.isAssignableFrom(handlerType))
                    .as("%s is a RequestHandler or RequestStreamHandler", handlerClass).isTrue();
            softly.assertThat(handlerType.getConstructor()).as("%s has the public no-arg constructor Lambda uses", handlerClass).isNotNull();
        }
        assertThat(functions).isGreaterThanOrEqualTo(3);
        softly.assertAll();
    }
}
