package com.gaterouter.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, as the Linux kernel reports them: the socket inodes among
 * the process's file descriptors ({@code /proc/PID/fd}, links named {@code socket:[INODE]}) matched
 * against the LISTEN entries of {@code /proc/PID/net/tcp} and {@code tcp6}. Nothing the process
 * says about itself is taken on trust, so a listener on {@code 0.0.0.0} or {@code ::} cannot hide.
 * Linux only; elsewhere {@link #of(long)} fails rather than reporting nothing.
 */
public final class ListeningSockets {

    /** TCP state LISTEN in /proc/net/tcp. */
    private static final String LISTEN = "0A";
    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");

    /** One listening socket: the local address and port it is bound to. */
    public record Listener(InetAddress address, int port) {

        /** Bound to a loopback address (127.0.0.0/8, ::1, or ::ffff:127.x.y.z). */
        public boolean loopbackOnly() {
            return address.isLoopbackAddress();
        }

        @Override
        public String toString() {
            return (address.getAddress().length == 16 ? "[" + address.getHostAddress() + "]" : address.getHostAddress()) + ":" + port;
        }
    }

    /** One LISTEN line of /proc/net/tcp or tcp6. */
    record Entry(Listener listener, long inode) {
    }

    private ListeningSockets() {
    }

    /** The sockets process {@code pid} listens on (the caller's own user may read its /proc entries). */
    public static List<Listener> of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        if (!Files.isDirectory(proc.resolve("fd"))) {
            throw new IllegalStateException("no " + proc.resolve("fd") + ": listening sockets are read from Linux's /proc");
        }
        Set<Long> inodes = socketInodes(proc.resolve("fd"));
        List<Listener> listeners = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            for (Entry entry : parse(read(proc.resolve("net").resolve(table)))) {
                if (inodes.contains(entry.inode())) {
                    listeners.add(entry.listener());
                }
            }
        }
        return listeners;
    }

    /** The sockets this JVM listens on. */
    public static List<Listener> ofThisProcess() {
        return of(ProcessHandle.current().pid());
    }

    /** The LISTEN entries of a /proc/net/tcp or tcp6 text (the header line is skipped). */
    static List<Entry> parse(String table) {
        List<Entry> entries = new ArrayList<>();
        table.lines().skip(1).map(String::strip).filter(line -> !line.isEmpty()).forEach(line -> {
            String[] fields = line.split("\\s+");
            // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
            if (fields.length < 10 || !fields[3].equals(LISTEN)) {
                return;
            }
            String[] local = fields[1].split(":");
            entries.add(new Entry(new Listener(address(local[0]), Integer.parseInt(local[1], 16)), Long.parseLong(fields[9])));
        });
        return entries;
    }

    /** The kernel prints an address as 32-bit words in host byte order (little-endian on x86 and arm64). */
    static InetAddress address(String hex) {
        byte[] raw = HexFormat.of().parseHex(hex);
        if (raw.length != 4 && raw.length != 16) {
            throw new IllegalArgumentException("not an IPv4 or IPv6 address in /proc/net form: " + hex);
        }
        byte[] bytes = new byte[raw.length];
        for (int word = 0; word < raw.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                bytes[word + i] = raw[word + 3 - i];
            }
        }
        try {
            // an IPv4-mapped IPv6 address (::ffff:a.b.c.d) comes back as the IPv4 address, so its loopback check holds
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(hex, e);
        }
    }

    private static Set<Long> socketInodes(Path fds) {
        Set<Long> inodes = new HashSet<>();
        try (Stream<Path> links = Files.list(fds)) {
            for (Path link : (Iterable<Path>) links::iterator) {
                try {
                    Matcher m = SOCKET_LINK.matcher(Files.readSymbolicLink(link).toString());
                    if (m.matches()) {
                        inodes.add(Long.parseLong(m.group(1)));
                    }
                } catch (NoSuchFileException closedMeanwhile) {
                    // a descriptor closed between the listing and the read
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + fds, e);
        }
        return inodes;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
