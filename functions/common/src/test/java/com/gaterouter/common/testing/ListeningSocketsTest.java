package com.gaterouter.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ListeningSocketsTest {

    private static final String TCP = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4711 1 0000000000000000 100 0 0 10 0
               1: 00000000:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4712 1 0000000000000000 100 0 0 10 0
               2: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 4713 1 0000000000000000 20 4 30 10 -1
            """;
    private static final String TCP6 = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000000000000000000000000000:1F92 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4714 1 0000000000000000 100 0 0 10 0
               1: 00000000000000000000000001000000:1F93 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4715 1 0000000000000000 100 0 0 10 0
               2: 0000000000000000FFFF00000100007F:1F94 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4716 1 0000000000000000 100 0 0 10 0
            """;

    @Test
    void readsListenEntriesOfTcpAndSkipsConnections() {
        var entries = ListeningSockets.parse(TCP);
        assertThat(entries).extracting(e -> e.listener().toString()).containsExactly("127.0.0.1:8080", "0.0.0.0:8081");
        assertThat(entries).extracting(ListeningSockets.Entry::inode).containsExactly(4711L, 4712L);
        assertThat(entries).extracting(e -> e.listener().loopbackOnly()).containsExactly(true, false);
    }

    @Test
    void readsTcp6WordsInHostOrderIncludingMappedIpv4() {
        var entries = ListeningSockets.parse(TCP6);
        assertThat(entries).extracting(e -> e.listener().address().getHostAddress())
                .containsExactly("0:0:0:0:0:0:0:0", "0:0:0:0:0:0:0:1", "127.0.0.1");
        assertThat(entries).extracting(e -> e.listener().loopbackOnly()).containsExactly(false, true, true);
        assertThat(entries).extracting(e -> e.listener().port()).containsExactly(8082, 8083, 8084);
    }

    @Test
    void seesThisJvmsOwnListenersWithTheAddressTheyAreBoundTo() throws Exception {
        try (ServerSocket loopback = new ServerSocket(); ServerSocket everywhere = new ServerSocket()) {
            loopback.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            everywhere.bind(new InetSocketAddress(0));

            var listeners = ListeningSockets.ofThisProcess();

            assertThat(listeners).filteredOn(l -> l.port() == loopback.getLocalPort()).singleElement()
                    .satisfies(l -> assertThat(l.loopbackOnly()).isTrue());
            assertThat(listeners).filteredOn(l -> l.port() == everywhere.getLocalPort()).singleElement()
                    .satisfies(l -> assertThat(l.address().isAnyLocalAddress()).isTrue())
                    .satisfies(l -> assertThat(l.loopbackOnly()).isFalse());
        }
    }
}
