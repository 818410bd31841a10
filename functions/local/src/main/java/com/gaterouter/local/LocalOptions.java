package com.gaterouter.local;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Command line and environment of the local gateway. Flags win over variables.
 *
 * @param host        the address the gateway's HTTP server binds: loopback ({@code 127.0.0.1}) unless
 *                    {@code --host} / GATEROUTER_HOST choose another address of this machine
 *                    ({@code 0.0.0.0}: every interface). DynamoDB Local and the vendor simulator
 *                    always stay on loopback.
 * @param demoApiKey  fixed demo app key (GATEROUTER_DEMO_API_KEY) so scripts can reuse it
 * @param adminKey    fixed platform admin key (GATEROUTER_ADMIN_KEY)
 */
public record LocalOptions(int port, InetAddress host, Optional<Path> dataDir, Optional<String> demoApiKey,
                           Optional<String> adminKey, boolean help) {

    public static final int DEFAULT_PORT = 8080;
    public static final InetAddress LOOPBACK = loopback();
    public static final String DEMO_KEY_ENV = "GATEROUTER_DEMO_API_KEY";
    public static final String ADMIN_KEY_ENV = "GATEROUTER_ADMIN_KEY";
    /**
     * A key given in the environment: {@code gr-} and at least 32 characters of the URL-safe base64
     * alphabet (192 bits when random), the form of the keys the gateway makes itself (43 characters).
     */
    public static final int MIN_KEY_CHARACTERS = 32;
    private static final int MAX_KEY_CHARACTERS = 200;
    private static final Pattern KEY_BODY = Pattern.compile("[A-Za-z0-9_-]+");
    /** How to make a key that passes, for the refusal message and the docs. */
    static final String MAKE_A_KEY = "echo \"gr-$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')\"";

    public static final String USAGE = """
            Usage: java -jar functions/local/target/gaterouter-local.jar [--port N] [--host ADDR] [--data-dir DIR]

              --port N        listen on port N (default: $GATEROUTER_PORT or 8080; 0 = any free port)
              --host ADDR     listen on address ADDR (default: $GATEROUTER_HOST or 127.0.0.1, this machine only);
                              0.0.0.0 listens on every interface: anyone who can reach this machine can then
                              use the demo tenant and its keys (see docs/local-gateway.md before doing so)
              --data-dir DIR  keep DynamoDB Local's data in DIR across runs (default: in memory)
              --help          show this help

            Environment:
              GATEROUTER_PORT, GATEROUTER_HOST,
              GATEROUTER_DEMO_API_KEY, GATEROUTER_ADMIN_KEY (gr- and at least 32 of A-Z a-z 0-9 - _; each start
                replaces the keys earlier starts recorded in the data dir),
              GATEROUTER_KEY_CACHE_TTL_SECONDS (0-60, default 30: how soon a revoked key stops working),
              OPENAI_API_KEY / OPENAI_BASE_URL, DEEPSEEK_API_KEY / DEEPSEEK_BASE_URL, ...
              A vendor without a key is served by the built-in vendor simulator.
            """;

    public LocalOptions {
        Objects.requireNonNull(host, "host");
        dataDir = Objects.requireNonNullElse(dataDir, Optional.empty());
        demoApiKey = Objects.requireNonNullElse(demoApiKey, Optional.empty());
        adminKey = Objects.requireNonNullElse(adminKey, Optional.empty());
        demoApiKey.ifPresent(key -> checkKey(DEMO_KEY_ENV, key));
        adminKey.ifPresent(key -> checkKey(ADMIN_KEY_ENV, key));
        if (demoApiKey.isPresent() && demoApiKey.equals(adminKey)) {
            throw new IllegalArgumentException(ADMIN_KEY_ENV + " and " + DEMO_KEY_ENV + " must differ");
        }
    }

    /** On loopback, the default. */
    public LocalOptions(int port, Optional<Path> dataDir, Optional<String> demoApiKey, Optional<String> adminKey, boolean help) {
        this(port, LOOPBACK, dataDir, demoApiKey, adminKey, help);
    }

    /** @throws IllegalArgumentException with a message fit for the console */
    public static LocalOptions parse(String[] args, Map<String, String> env) {
        int port = env.containsKey("GATEROUTER_PORT") ? parsePort(env.get("GATEROUTER_PORT"), "GATEROUTER_PORT") : DEFAULT_PORT;
        InetAddress host = nonBlank(env.get("GATEROUTER_HOST")).map(h -> parseHost(h, "GATEROUTER_HOST")).orElse(LOOPBACK);
        Optional<Path> dataDir = Optional.empty();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = parsePort(value(args, ++i, "--port"), "--port");
                case "--host" -> host = parseHost(value(args, ++i, "--host"), "--host");
                case "--data-dir" -> dataDir = Optional.of(Path.of(value(args, ++i, "--data-dir")));
                case "--help", "-h" -> help = true;
                default -> {
                    if (args[i].startsWith("--port=")) {
                        port = parsePort(args[i].substring(7), "--port");
                    } else if (args[i].startsWith("--host=")) {
                        host = parseHost(args[i].substring(7), "--host");
                    } else if (args[i].startsWith("--data-dir=")) {
                        dataDir = Optional.of(Path.of(args[i].substring(11)));
                    } else {
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                }
            }
        }
        return new LocalOptions(port, host, dataDir, nonBlank(env.get(DEMO_KEY_ENV)), nonBlank(env.get(ADMIN_KEY_ENV)), help);
    }

    /** Whether the gateway is reachable from other machines (not bound to a loopback address). */
    public boolean beyondLoopback() {
        return !host.isLoopbackAddress();
    }

    /**
     * A key from the environment must look like the keys the gateway makes: a short or guessable
     * platform admin key would let anyone who reaches the port administer every tenant. The
     * message never repeats the key.
     */
    static void checkKey(String variable, String key) {
        String problem;
        if (!key.startsWith("gr-")) {
            problem = "does not start with gr-";
        } else if (!KEY_BODY.matcher(key.substring(3)).matches()) {
            problem = "has a character other than A-Z, a-z, 0-9, '-' and '_' after gr-";
        } else if (key.length() - 3 < MIN_KEY_CHARACTERS) {
            int characters = key.length() - 3;
            problem = "has only " + characters + (characters == 1 ? " character" : " characters") + " after gr-";
        } else if (key.length() - 3 > MAX_KEY_CHARACTERS) {
            problem = "is longer than " + MAX_KEY_CHARACTERS + " characters after gr-";
        } else {
            return;
        }
        throw new IllegalArgumentException(variable + " " + problem + ": a key must be gr- followed by at least "
                + MIN_KEY_CHARACTERS + " characters of A-Z, a-z, 0-9, '-' and '_'. Make one with: " + MAKE_A_KEY
                + " (or leave " + variable + " unset for a fresh key each start)");
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static int parsePort(String text, String source) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " must be a port number (0-65535), not '" + text + "'");
        }
    }

    /** An address of this machine (or the wildcard 0.0.0.0 / ::); a name is resolved once, here. */
    private static InetAddress parseHost(String text, String source) {
        String hint = source + " must be an address of this machine (127.0.0.1, the default; 0.0.0.0 for every interface; "
                + "or one interface's address), not '" + text + "'";
        if (text.isBlank()) {
            throw new IllegalArgumentException(hint);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(text.strip());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(hint);
        }
        try {
            if (!address.isAnyLocalAddress() && !address.isLoopbackAddress() && NetworkInterface.getByInetAddress(address) == null) {
                throw new IllegalArgumentException(hint);
            }
        } catch (SocketException e) {
            throw new IllegalArgumentException(hint + " (" + e.getMessage() + ")");
        }
        return address;
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4-byte address is always valid", e);
        }
    }
}
