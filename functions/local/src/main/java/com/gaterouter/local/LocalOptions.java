package com.gaterouter.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Command line and environment of the local gateway. Flags win over variables.
 *
 * @param demoApiKey  fixed demo app key (GATEROUTER_DEMO_API_KEY) so scripts can reuse it
 * @param adminKey    fixed platform admin key (GATEROUTER_ADMIN_KEY)
 */
public record LocalOptions(int port, Optional<Path> dataDir, Optional<String> demoApiKey, Optional<String> adminKey, boolean help) {

    public static final int DEFAULT_PORT = 8080;

    public static final String USAGE = """
            Usage: java -jar functions/local/target/gaterouter-local.jar [--port N] [--data-dir DIR]

              --port N        listen on port N (default: $GATEROUTER_PORT or 8080; 0 = any free port)
              --data-dir DIR  keep DynamoDB Local's data in DIR across runs (default: in memory)
              --help          show this help

            Environment:
              GATEROUTER_PORT, GATEROUTER_DEMO_API_KEY, GATEROUTER_ADMIN_KEY,
              GATEROUTER_KEY_CACHE_TTL_SECONDS (0-60, default 30: how soon a revoked key stops working),
              OPENAI_API_KEY / OPENAI_BASE_URL, DEEPSEEK_API_KEY / DEEPSEEK_BASE_URL, ...
              A vendor without a key is served by the built-in vendor simulator.
            """;

    /** @throws IllegalArgumentException with a message fit for the console */
    public static LocalOptions parse(String[] args, Map<String, String> env) {
        int port = env.containsKey("GATEROUTER_PORT") ? parsePort(env.get("GATEROUTER_PORT"), "GATEROUTER_PORT") : DEFAULT_PORT;
        Optional<Path> dataDir = Optional.empty();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = parsePort(value(args, ++i, "--port"), "--port");
                case "--data-dir" -> dataDir = Optional.of(Path.of(value(args, ++i, "--data-dir")));
                case "--help", "-h" -> help = true;
                default -> {
                    if (args[i].startsWith("--port=")) {
                        port = parsePort(args[i].substring(7), "--port");
                    } else if (args[i].startsWith("--data-dir=")) {
                        dataDir = Optional.of(Path.of(args[i].substring(11)));
                    } else {
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                }
            }
        }
        return new LocalOptions(port, dataDir, nonBlank(env.get("GATEROUTER_DEMO_API_KEY")), nonBlank(env.get("GATEROUTER_ADMIN_KEY")), help);
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

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }
}
