package com.gaterouter.common.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.testing.RepositoryRoot;
import com.gaterouter.common.testing.TestHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** template.yaml passes cfn-lint (skipped without cfn-lint locally, a failure without it under CI=true). */
class CfnLintIT {

    @Test
    void templateIsLintClean() throws IOException, InterruptedException {
        Path cfnLint = TestHost.requireOnPath("cfn-lint", "pip install cfn-lint");
        Path root = RepositoryRoot.locate();
        Path output = Files.createTempFile("cfn-lint", ".txt");
        try {
            Process process = new ProcessBuilder(cfnLint.toString(), RepositoryRoot.TEMPLATE)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            boolean finished = process.waitFor(2, TimeUnit.MINUTES);
            if (!finished) {
                process.destroyForcibly();
            }
            String report = Files.readString(output, StandardCharsets.UTF_8);

            assertThat(finished).as("cfn-lint finished within 2 minutes; output so far:%n%s", report).isTrue();
            assertThat(process.exitValue()).as("cfn-lint %s exit code; its report:%n%s", RepositoryRoot.TEMPLATE, report)
                    .isZero();
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
