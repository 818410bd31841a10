package com.gaterouter.simulator.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.simulator.Fault;
import com.gaterouter.simulator.SimVendor;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DirectivesTest {

    @Test
    void noDirectivesLeavesTextAlone() {
        Directives d = Directives.parse("just a question");
        assertThat(d.tokens()).isEmpty();
        assertThat(d.text()).isEmpty();
        assertThat(d.fault()).isEmpty();
        assertThat(d.strippedText()).isEqualTo("just a question");
    }

    @Test
    void tokensAndTextAreParsedAndStripped() {
        Directives d = Directives.parse("Hello [[sim:tokens=7]] world [[sim:text=Hi, there, friend]]");
        assertThat(d.tokens()).hasValue(7);
        assertThat(d.text()).hasValue("Hi, there, friend");
        assertThat(d.strippedText()).isEqualTo("Hello world");
    }

    @Test
    void faultsWithParameters() {
        assertThat(Directives.parse("[[sim:fault=rate_limit,retry_after=3]]").fault().orElseThrow().fault())
                .isEqualTo(new Fault.RateLimited(Duration.ofSeconds(3)));
        assertThat(Directives.parse("[[sim:fault=server_error,status=503]]").fault().orElseThrow().fault())
                .isEqualTo(new Fault.ServerError(503));
        assertThat(Directives.parse("[[sim:fault=timeout,ms=250]]").fault().orElseThrow().fault())
                .isEqualTo(new Fault.Timeout(Duration.ofMillis(250)));
        assertThat(Directives.parse("[[sim:fault=malformed]]").fault().orElseThrow().fault())
                .isEqualTo(new Fault.MalformedJson());
        assertThat(Directives.parse("[[sim:fault=stream_cut,after=3]]").fault().orElseThrow().fault())
                .isEqualTo(new Fault.StreamCut(3));
        assertThat(Directives.parse("[[sim:fault=overloaded]]").fault().orElseThrow().fault())
                .isEqualTo(new Fault.ServerError(529));
        assertThat(Directives.parse("[[sim:fault=unauthorized]]").fault().orElseThrow().fault())
                .isEqualTo(new Fault.Unauthorized());
        assertThat(Directives.parse("[[sim:fault=stream_error,after=1,status=529]]").fault().orElseThrow().fault())
                .isEqualTo(new Fault.StreamError(1, 529));
    }

    @Test
    void timesAndVendorScopeAFault() {
        var fault = Directives.parse("[[sim:fault=server_error,status=502,times=2,vendor=anthropic]]").fault().orElseThrow();
        assertThat(fault.times()).hasValue(2);
        assertThat(fault.vendor()).hasValue(SimVendor.ANTHROPIC);
        assertThat(fault.fault()).isEqualTo(new Fault.ServerError(502));
    }

    @Test
    void latencyOverrides() {
        Directives d = Directives.parse("[[sim:ttft_ms=150,tps=40]]");
        assertThat(d.ttft()).hasValue(Duration.ofMillis(150));
        assertThat(d.tokensPerSecond()).hasValue(40.0);
    }

    @Test
    void badDirectivesAreRejected() {
        assertThatThrownBy(() -> Directives.parse("[[sim:fault=explode]]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown fault");
        assertThatThrownBy(() -> Directives.parse("[[sim:tokens=many]]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Directives.parse("[[sim:colour=blue]]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> Directives.parse("[[sim:fault=server_error,status=200]]"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
