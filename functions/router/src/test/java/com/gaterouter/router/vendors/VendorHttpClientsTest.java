package com.gaterouter.router.vendors;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.router.catalog.VendorSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VendorHttpClientsTest {

    private static VendorSpec vendor(String name, Optional<VendorTimeouts> timeouts) {
        return new VendorSpec(name, VendorApi.OPENAI_CHAT, URI.create("http://" + name), name, null, null, timeouts);
    }

    @Test
    void aVendorWithItsOwnConnectTimeoutGetsAClientWithIt() {
        VendorTimeouts defaults = new VendorTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(10));
        VendorHttpClients clients = VendorHttpClients.perVendor(defaults);
        VendorSpec slowToConnect = vendor("far", Optional.of(new VendorTimeouts(Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofMinutes(10))));
        VendorSpec a = vendor("a", Optional.empty());
        VendorSpec b = vendor("b", Optional.empty());

        assertThat(clients.forVendor(slowToConnect).connectTimeout()).contains(Duration.ofSeconds(15));
        assertThat(clients.forVendor(a).connectTimeout()).contains(Duration.ofSeconds(5));
        assertThat(clients.forVendor(a)).as("vendors with the same limit share a client and its pool").isSameAs(clients.forVendor(b));
    }

    @Test
    void aFixedClientIsUsedForEveryVendor() {
        HttpClient client = HttpClient.newHttpClient();
        assertThat(VendorHttpClients.fixed(client).forVendor(vendor("x", Optional.empty()))).isSameAs(client);
    }
}
