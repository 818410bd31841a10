package com.gaterouter.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Production modules carry production code (docs/architecture.md, "Where code goes"): every module
 * the root pom lists except this one is deployed or runs the local gateway, so its
 * {@code src/main/java} holds no test double, no benchmark, no training or evaluation program and no
 * {@code main} method other than the known entry points, and no production module depends on the
 * classifier except those that route and the admin API (calibration). Reads the sources and poms, so it needs no build.
 */
class WhereCodeGoesTest {

    /** Names a test double or a tool has; such a type belongs in a test-jar or in tools/. */
    private static final Pattern MISPLACED_NAME = Pattern.compile(
            "(InMemory|Fake|Stub|Mock|Dummy|Recording|Capturing)\\w*|\\w*(Benchmark|Bench|Evaluation)|Train\\w*|Calibrate\\w*");
    /** Packages that only tools have. */
    private static final Pattern TOOL_PACKAGE = Pattern.compile(
            "package com\\.gaterouter\\.[\\w.]*\\b(bench|training|evaluation|cli)\\b[\\w.]*;");
    private static final Pattern MAIN_METHOD = Pattern.compile("public\\s+static\\s+void\\s+main\\s*\\(");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    /** A dependency on the classifier (its own pom's artifactId has no groupId right before it). */
    private static final Pattern CLASSIFIER_DEPENDENCY = Pattern.compile(
            "<groupId>com\\.gaterouter</groupId>\\s*<artifactId>gaterouter-routing</artifactId>");

    /** Processes that production runs: the streaming router on Lambda Web Adapter, the local gateway, its simulator. */
    private static final Set<String> ENTRY_POINTS = Set.of(
            "functions/router/src/main/java/com/gaterouter/router/StreamingRouterMain.java",
            "functions/local/src/main/java/com/gaterouter/local/LocalGateway.java",
            "simulator/src/main/java/com/gaterouter/simulator/VendorSimulator.java");
    /** Names that look like a double but are runtime adapters (none today; each entry says why). */
    private static final Set<String> RUNTIME_LOOKALIKES = Set.of();
    /**
     * The modules that may depend on the classifier (gaterouter-routing): those that route by
     * complexity, and the admin API, whose routing calibrations score a tenant's labelled examples with it.
     */
    private static final Set<String> ROUTING_MODULES = Set.of("functions/router", "functions/local", "functions/admin");

    private static Path root() {
        return Path.of(System.getProperty("gaterouter.root", ".."));
    }

    static List<String> productionModules() throws IOException {
        List<String> modules = new ArrayList<>();
        Matcher module = MODULE.matcher(Files.readString(root().resolve("pom.xml")));
        while (module.find()) {
            if (!module.group(1).equals("tools")) {
                modules.add(module.group(1));
            }
        }
        return modules;
    }

    @Test
    void productionSourcesHoldNoTestDoubleToolOrStrayMain() throws IOException {
        List<String> modules = productionModules();
        assertThat(modules).contains("functions/common", "functions/router", "functions/local", "simulator");
        Set<String> misplaced = new TreeSet<>();
        int files = 0;
        for (String module : modules) {
            Path sources = root().resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(sources)) {
                for (Path file : walk.filter(path -> path.toString().endsWith(".java")).toList()) {
                    files++;
                    String relative = root().relativize(file).toString().replace('\\', '/');
                    misplaced.addAll(problems(relative, file.getFileName().toString().replace(".java", ""),
                            Files.readString(file)));
                }
            }
        }
        assertThat(files).as("production sources found under %s", root().toAbsolutePath()).isGreaterThan(100);
        assertThat(misplaced).as("test doubles go to a test-jar (src/test), tools to tools/").isEmpty();
    }

    /** What is wrong with one production source file: empty when it belongs where it is. */
    static List<String> problems(String relativePath, String typeName, String source) {
        List<String> problems = new ArrayList<>();
        if (MISPLACED_NAME.matcher(typeName).matches() && !RUNTIME_LOOKALIKES.contains(relativePath)) {
            problems.add(relativePath + ": named like a test double or a tool");
        }
        if (TOOL_PACKAGE.matcher(source).find()) {
            problems.add(relativePath + ": in a tools package (bench, training, evaluation, cli)");
        }
        if (MAIN_METHOD.matcher(source).find() && !ENTRY_POINTS.contains(relativePath)) {
            problems.add(relativePath + ": has a main method but is no known entry point");
        }
        return problems;
    }

    @Test
    void theRulesCatchWhatTheyAreFor() {
        assertThat(problems("functions/common/src/main/java/x/InMemoryEventPublisher.java", "InMemoryEventPublisher",
                "package com.gaterouter.common.events;")).hasSize(1);
        assertThat(problems("functions/local/src/main/java/x/MeteringBenchmark.java", "MeteringBenchmark",
                "package com.gaterouter.local.bench;\nclass MeteringBenchmark { public static void main(String[] a) {} }"))
                .hasSize(3);
        assertThat(problems("functions/routing/src/main/java/x/DataSplit.java", "DataSplit",
                "package com.gaterouter.routing.training;")).hasSize(1);
        assertThat(problems("functions/local/src/main/java/com/gaterouter/local/LocalGateway.java", "LocalGateway",
                "package com.gaterouter.local;\npublic static void main(String[] args)")).isEmpty();
        assertThat(problems("functions/router/src/main/java/x/Attempts.java", "Attempts",
                "package com.gaterouter.router.resilience;")).isEmpty();
    }

    @Test
    void onlyTheRoutingModulesDependOnTheClassifier() throws IOException {
        Set<String> dependents = new TreeSet<>();
        for (String module : productionModules()) {
            String pom = Files.readString(root().resolve(module).resolve("pom.xml"));
            if (CLASSIFIER_DEPENDENCY.matcher(pom).find()) {
                dependents.add(module);
            }
            assertThat(pom).as("%s must not depend on the tools", module).doesNotContain("<artifactId>gaterouter-tools</artifactId>");
        }
        assertThat(dependents).as("modules depending on gaterouter-routing (the classifier)").isSubsetOf(ROUTING_MODULES);
        assertThat(Files.readString(root().resolve("functions/common/pom.xml")))
                .as("common (and so roll-up) holds the policy types, not the classifier")
                .contains("<artifactId>gaterouter-routing-policy</artifactId>");
    }
}
