package com.gaterouter.common.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every Lambda handler stays thin (docs/architecture.md, "How to add a function"): at most
 * {@value #MAX_LINES} lines, the whole file counted. The graph belongs in the function's wiring
 * class, the work in its services. Handlers are the {@code *Function} and {@code *Main} classes
 * of the functions' main sources, every class implementing a Lambda handler interface, and every
 * class template.yaml names as a {@code Handler}.
 */
class HandlerSizeTest {

    static final int MAX_LINES = 40;
    private static final Pattern TEMPLATE_HANDLER = Pattern.compile("Handler:\\s*([\\w.]+)::");

    @Test
    void everyHandlerIsAtMost40Lines() {
        Map<String, Integer> lines = new LinkedHashMap<>();
        handlers().forEach(file -> lines.put(MainSources.unix(file), MainSources.read(file).split("\n", -1).length - 1));

        assertThat(lines).as("handlers found").containsKeys(
                "functions/router/src/main/java/com/gaterouter/router/RouterFunction.java",
                "functions/router/src/main/java/com/gaterouter/router/StreamingRouterMain.java",
                "functions/admin/src/main/java/com/gaterouter/admin/AdminFunction.java",
                "functions/rollup/src/main/java/com/gaterouter/rollup/SpendRollupFunction.java",
                "functions/rollup/src/main/java/com/gaterouter/rollup/notifier/AlertNotifierFunction.java",
                "functions/rollup/src/main/java/com/gaterouter/rollup/replay/UsageReplayFunction.java");
        assertThat(lines).allSatisfy((file, count) -> assertThat(count)
                .as("%s has %d lines: move its graph to its wiring class and its work to a service", file, count)
                .isLessThanOrEqualTo(MAX_LINES));
    }

    @Test
    void everyHandlerTheTemplateNamesIsScanned() {
        Matcher matcher = TEMPLATE_HANDLER.matcher(MainSources.read(Path.of("template.yaml")));
        List<String> scanned = handlers().stream().map(MainSources::unix).toList();
        int named = 0;
        while (matcher.find()) {
            named++;
            String source = matcher.group(1).replace('.', '/') + ".java";
            assertThat(scanned).as("template.yaml's handler " + matcher.group(1)).anySatisfy(file -> assertThat(file).endsWith(source));
        }
        assertThat(named).as("handlers template.yaml names").isGreaterThanOrEqualTo(5);
    }

    private static List<Path> handlers() {
        return MainSources.all().stream().filter(file -> {
            String name = file.getFileName().toString();
            return name.endsWith("Function.java") || name.endsWith("Main.java")
                    || MainSources.read(file).matches("(?s).*implements\\s+Request(Stream)?Handler\\b.*");
        }).toList();
    }
}
