package com.gaterouter.common.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Environment variables are read in one place, {@code com.gaterouter.common.settings.Settings}
 * (docs/architecture.md, "How to add a function"): a function's wiring asks it for tables,
 * retention, numbers with bounds. No other production source reads the environment itself. The
 * allow-list names the few that must, each with its reason.
 */
class EnvironmentReadsTest {

    /** {@code System.getenv(...)}, or a lookup on a map named env: {@code env.get(...)}, {@code env.getOrDefault(...)}. */
    private static final Pattern READ = Pattern.compile("System\\.getenv\\s*\\(|\\benv\\.get(OrDefault)?\\s*\\(");

    private static final Set<String> ALLOWED = Set.of(
            // the reader itself
            "functions/common/src/main/java/com/gaterouter/common/settings/Settings.java",
            // the local gateway's command line: each option falls back to its variable, with the option's own error
            "functions/local/src/main/java/com/gaterouter/local/LocalOptions.java",
            // configures logging before anything else loads (and before any logger exists)
            "functions/local/src/main/java/com/gaterouter/local/ConsoleLogging.java",
            // the vendors' keys by their variables, named in the catalog (the vendor registry reads them)
            "functions/local/src/main/java/com/gaterouter/local/LocalVendors.java");
    /** Tools, not functions: benchmarks read their own knobs (they move to the tools module). */
    private static final String TOOLS = "/bench/";

    @Test
    void onlyTheSettingsReaderReadsTheEnvironment() {
        List<String> reads = new ArrayList<>();
        for (Path file : MainSources.all()) {
            String path = MainSources.unix(file);
            if (ALLOWED.contains(path) || path.contains(TOOLS)) {
                continue;
            }
            String[] lines = MainSources.read(file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (!line.startsWith("*") && !line.startsWith("//") && READ.matcher(line).find()) {
                    reads.add(path + ":" + (i + 1) + ": " + line);
                }
            }
        }
        assertThat(reads).as("environment reads outside Settings: read the variable through Settings instead").isEmpty();
    }

    @Test
    void theRuleCatchesAnEnvironmentRead() {
        assertThat(READ.matcher("String table = System.getenv(\"SPEND_TABLE\");").find()).isTrue();
        assertThat(READ.matcher("long days = Long.parseLong(env.getOrDefault(\"USAGE_RETENTION_DAYS\", \"400\"));").find()).isTrue();
        assertThat(READ.matcher("String v = env.get(name);").find()).isTrue();
        assertThat(READ.matcher("AwsRouterWiring.build(Settings.fromEnvironment(), \"router\")").find()).isFalse();
        assertThat(MainSources.all()).extracting(MainSources::unix).as("allow-listed files exist").containsAll(ALLOWED);
    }
}
