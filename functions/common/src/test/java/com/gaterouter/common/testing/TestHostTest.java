package com.gaterouter.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class TestHostTest {

    @Test
    void aMissingPrerequisiteIsASkipLocallyAndAFailureUnderCi() {
        assertThat(TestHost.missingPrerequisite("cfn-lint is not on PATH", false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("cfn-lint is not on PATH");
        assertThat(TestHost.missingPrerequisite("cfn-lint is not on PATH", true))
                .isNotInstanceOf(TestAbortedException.class)
                .hasMessageContaining("CI=true")
                .hasMessageContaining("cfn-lint is not on PATH");
    }

    @Test
    void findsExecutablesOnPathOnly() {
        assertThat(TestHost.findOnPath("sh")).hasValueSatisfying(path -> assertThat(path).isExecutable());
        assertThat(TestHost.findOnPath("no-such-command-" + System.nanoTime())).isEmpty();
    }
}
