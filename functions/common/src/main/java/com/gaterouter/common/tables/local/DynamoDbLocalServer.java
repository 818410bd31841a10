package com.gaterouter.common.tables.local;

import com.amazonaws.services.dynamodbv2.local.server.AbstractLocalDynamoDBServerHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local running inside this JVM on a loopback port: the local gateway's store and the
 * store tests' database. In memory by default; with a data directory it persists across runs.
 *
 * <p>DynamoDB Local stores data in SQLite through sqlite4java's native library. The natives are
 * found, in order: the {@code sqlite4java.library.path} property; {@code native/} resources bundled
 * in the running jar (the local gateway copies them there at build time), extracted to a temp dir;
 * or the Maven repository files on the class path (tests).
 *
 * <p>It listens on the loopback interface only ({@code 127.0.0.1}), never on all interfaces: the
 * database takes any credentials, so whoever reaches its port can read and write every table —
 * including the platform admin key hashes. DynamoDB Local's own launcher ({@code ServerRunner})
 * has no option for the address and binds every interface, so this class assembles the server
 * from DynamoDB Local's request handler and a Jetty server whose connector is bound to loopback
 * (the same parts the launcher wires, minus telemetry), and checks the bound address after start.
 *
 * <p>Needs {@code com.amazonaws:DynamoDBLocal}, an optional dependency of this module.
 */
public final class DynamoDbLocalServer implements AutoCloseable {

    private static final String NATIVE_PROPERTY = "sqlite4java.library.path";
    /** DynamoDB Local keeps a database per access key and region; every client here uses this one. */
    private static final String ACCESS_KEY = "local";
    private static final List<String> BUNDLED_NATIVES = List.of(
            "libsqlite4java-linux-amd64.so", "libsqlite4java-linux-i386.so", "libsqlite4java-osx.dylib",
            "sqlite4java-win32-x64.dll", "sqlite4java-win32-x86.dll");

    /** The only interface DynamoDB Local listens on. */
    public static final InetAddress LOOPBACK = ipv4Loopback();

    private final Server server;
    private final AbstractLocalDynamoDBServerHandler handler;
    private final int port;

    private DynamoDbLocalServer(Server server, AbstractLocalDynamoDBServerHandler handler, int port) {
        this.server = server;
        this.handler = handler;
        this.port = port;
    }

    /** Starts on a free loopback port; {@code dataDir} empty means in memory. */
    public static DynamoDbLocalServer start(Optional<Path> dataDir) {
        return start(dataDir, freePort());
    }

    /**
     * Starts on {@code port} (from {@link #freePort()}), so a caller can build its client for
     * {@link #endpoint(int)} while the server starts; {@code dataDir} empty means in memory.
     */
    public static DynamoDbLocalServer start(Optional<Path> dataDir, int port) {
        ensureNativeLibraries();
        if (dataDir.isPresent()) {
            try {
                Files.createDirectories(dataDir.get());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create data directory " + dataDir.get(), e);
            }
        }
        AbstractLocalDynamoDBServerHandler handler = null;
        Server server = null;
        try {
            // what DynamoDB Local's launcher builds for "-inMemory" or "-dbPath DIR -sharedDb": one
            // database per access key and region in memory, one shared file in a data directory; no CORS
            handler = new LocalDynamoDBServerHandler(new LocalDynamoDBRequestHandler(0, dataDir.isEmpty(),
                    dataDir.map(d -> d.toAbsolutePath().toString()).orElse(null), dataDir.isPresent(), false), null);
            server = new Server(new InetSocketAddress(LOOPBACK, port));
            ContextHandler context = new ContextHandler();
            context.setHandler(handler);
            server.setHandler(context);
            server.start();
            DynamoDbLocalServer started = new DynamoDbLocalServer(server, handler, port);
            started.requireLoopback();
            return started;
        } catch (Exception e) {
            stopQuietly(server, handler);
            throw new IllegalStateException("DynamoDB Local did not start on " + endpoint(port) + ": " + e.getMessage(), e);
        }
    }

    /** Every connector is bound to the loopback address (as the socket reports it); anything else stops the start. */
    private void requireLoopback() throws IOException {
        for (var connector : server.getConnectors()) {
            SocketAddress bound = connector instanceof NetworkConnector network && network.getTransport() instanceof ServerSocketChannel channel
                    ? channel.getLocalAddress() : null;
            if (!(bound instanceof InetSocketAddress inet) || !inet.getAddress().isLoopbackAddress()) {
                throw new IllegalStateException("DynamoDB Local must listen on " + LOOPBACK.getHostAddress() + " only, not on " + bound);
            }
        }
    }

    /** {@code 127.0.0.1} as a literal (no host name, so nothing resolves it to another address). */
    private static InetAddress ipv4Loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("a 4-byte address is always valid", e);
        }
    }

    /** The address the server listens on (loopback, see the class comment). */
    public InetSocketAddress address() {
        return new InetSocketAddress(LOOPBACK, port);
    }

    private static void stopQuietly(Server server, AbstractLocalDynamoDBServerHandler handler) {
        try {
            if (server != null) {
                server.stop();
            }
        } catch (Exception ignored) {
            // the start failure is what the caller needs to see
        }
        if (handler != null) {
            handler.close();
        }
    }

    /** The endpoint of a server on {@code port} of the loopback interface. */
    public static URI endpoint(int port) {
        return URI.create("http://" + LOOPBACK.getHostAddress() + ":" + port);
    }

    public URI endpoint() {
        return endpoint(port);
    }

    /** A client for this server; DynamoDB Local accepts any credentials. */
    public DynamoDbClient client() {
        return client(endpoint());
    }

    /** A client for DynamoDB Local at {@code endpoint} (it accepts any credentials); needs no running server to build. */
    public static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * Sends one ListTables as {@link #client(URI)}'s requests arrive (same access key and region,
     * so the same in-memory database): DynamoDB Local opens its database, loads SQLite and readies
     * its request path on the first request it serves. The local gateway does this while its SDK
     * client is being built, instead of inside its first CreateTable.
     */
    public void warmUp() {
        HttpRequest request = HttpRequest.newBuilder(endpoint())
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                // DynamoDB Local reads the access key and region from the credential scope and checks no signature
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/20000101/us-east-1/dynamodb/aws4_request, "
                        + "SignedHeaders=content-type;host;x-amz-target, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("DynamoDB Local answered " + response.statusCode() + " to ListTables: " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("DynamoDB Local did not answer on " + endpoint(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while warming DynamoDB Local up", e);
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        } finally {
            handler.close();
        }
    }

    /** A free loopback port (free when asked: start the server on it soon). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(LOOPBACK, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for DynamoDB Local", e);
        }
    }

    private static synchronized void ensureNativeLibraries() {
        if (System.getProperty(NATIVE_PROPERTY) != null) {
            return;
        }
        Optional<Path> dir = extractBundledNatives().or(DynamoDbLocalServer::nativesOnClassPath);
        System.setProperty(NATIVE_PROPERTY, dir.orElseThrow(() -> new IllegalStateException(
                "sqlite4java native libraries not found (bundled native/ resources or class path)")).toString());
    }

    private static Optional<Path> extractBundledNatives() {
        try {
            Path dir = null;
            for (String name : BUNDLED_NATIVES) {
                try (InputStream in = DynamoDbLocalServer.class.getClassLoader().getResourceAsStream("native/" + name)) {
                    if (in == null) {
                        continue;
                    }
                    if (dir == null) {
                        dir = Files.createTempDirectory("gaterouter-sqlite4java");
                        dir.toFile().deleteOnExit();
                    }
                    Path target = dir.resolve(name);
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    target.toFile().deleteOnExit();
                }
            }
            return Optional.ofNullable(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract sqlite4java natives", e);
        }
    }

    /** In Maven builds the natives are dependencies; sqlite4java accepts their versioned file names. */
    private static Optional<Path> nativesOnClassPath() {
        return Stream.of(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .map(Path::of)
                .filter(p -> p.getFileName() != null && p.getFileName().toString().startsWith("libsqlite4java"))
                .map(Path::getParent)
                .findFirst();
    }
}
