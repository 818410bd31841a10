package com.gaterouter.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The built artifacts carry production code only: no tool (training, evaluation, the calibration
 * CLI, benchmarks), no test double, and the classifier only in the jars that route (the router's and
 * the local gateway's) and the admin API's (its routing calibrations score labelled examples). Runs
 * after {@code package}; this module depends on every production module, so in a reactor build all
 * their jars exist by then.
 */
class ProductionArtifactsIT {

    private static final List<String> TOOL_PACKAGES = List.of("com/gaterouter/routing/data/",
            "com/gaterouter/routing/training/", "com/gaterouter/routing/evaluation/", "com/gaterouter/routing/cli/",
            "com/gaterouter/routing/bench/", "com/gaterouter/local/bench/");
    private static final List<String> TEST_DOUBLES = List.of("com/gaterouter/common/events/InMemoryEventPublisher.class",
            "com/gaterouter/rollup/alerts/InMemoryAlertLedger.class");
    private static final String CLASSIFIER = "com/gaterouter/routing/classifier/";
    private static final String POLICY = "com/gaterouter/routing/policy/RoutingRules.class";
    private static final Set<String> ROUTING_JARS = Set.of("functions/router/target/gaterouter-router.jar",
            "functions/local/target/gaterouter-local.jar", "functions/admin/target/gaterouter-admin.jar");

    private static Path root() {
        return Path.of(System.getProperty("gaterouter.root", ".."));
    }

    private static Set<String> artifacts() throws IOException {
        Set<String> jars = new TreeSet<>();
        JsonNode resources = new ObjectMapper(new YAMLFactory()).readTree(root().resolve("template.yaml").toFile()).path("Resources");
        for (var resource : resources.properties()) {
            String codeUri = resource.getValue().path("Properties").path("CodeUri").asText();
            if ("AWS::Serverless::Function".equals(resource.getValue().path("Type").asText()) && codeUri.endsWith(".jar")) {
                jars.add(codeUri);
            }
        }
        jars.add("functions/local/target/gaterouter-local.jar");
        return jars;
    }

    @Test
    void everyArtifactCarriesProductionCodeOnly() throws IOException {
        Set<String> jars = artifacts();
        assertThat(jars).contains("functions/router/target/gaterouter-router.jar", "functions/admin/target/gaterouter-admin.jar",
                "functions/rollup/target/gaterouter-rollup.jar");
        for (String jar : jars) {
            Path artifact = root().resolve(jar);
            assertThat(artifact).as("%s was built", jar).isRegularFile();
            try (JarFile file = new JarFile(artifact.toFile())) {
                List<String> names = file.stream().map(ZipEntry::getName).toList();
                assertThat(names).as("%s holds the routing policy types", jar).contains(POLICY);
                assertThat(names).as("%s holds no tool", jar)
                        .noneMatch(name -> TOOL_PACKAGES.stream().anyMatch(name::startsWith));
                assertThat(names).as("%s holds no test double", jar).doesNotContainAnyElementsOf(TEST_DOUBLES);
                if (ROUTING_JARS.contains(jar)) {
                    assertThat(names).as("%s routes or calibrates, so it carries the classifier", jar)
                            .anyMatch(name -> name.startsWith(CLASSIFIER));
                } else {
                    assertThat(names).as("%s neither routes nor calibrates, so it carries no classifier", jar)
                            .noneMatch(name -> name.startsWith(CLASSIFIER));
                }
            }
        }
    }
}
