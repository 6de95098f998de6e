package io.kkbridge.testsupport.kinesis;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * A local Kinesis emulator running as a Node child process on 127.0.0.1, started from
 * {@code test-support/emulators} (see {@link EmulatorsDirectory}), with SDK clients and stream helpers pointed at
 * it. {@link #close()} stops the process and waits until it is gone.
 *
 * <ul>
 *   <li>{@link Kind#KINESALITE}: fast (about 14k puts/s); plain http; no UpdateShardCount and no enhanced fan-out.
 *       Its shard limit counts closed shards, so it is raised to 1,000. Our launcher keeps it on 127.0.0.1 and
 *       stops a client that aborts a request mid-flight from killing the whole process (kinesalite rethrows the
 *       request error); tests should still not abort requests on purpose.</li>
 *   <li>{@link Kind#KINESIS_MOCK}: complete but slower (about 1.2k puts/s): UpdateShardCount, Split/Merge,
 *       RegisterStreamConsumer and SubscribeToShard (HTTP/2, use {@link #tlsEndpoint()}). It hard-codes 0.0.0.0;
 *       our launcher pins its listeners to 127.0.0.1.</li>
 * </ul>
 *
 * <p>Neither enforces shard throughput limits. Clients from here send JSON, not CBOR (see
 * {@link KinesisClients#disableCbor()}); starting a kinesalite also switches CBOR off for the JVM, because
 * Connect workers in the same JVM talk to it with their own clients.
 */
public final class KinesisEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KinesisEmulator.class);
    private static final int START_ATTEMPTS = 3;

    /** Which emulator to run. */
    public enum Kind {
        /** npm kinesalite 3.3.3. */
        KINESALITE("kinesalite", "kinesalite-loopback.js"),
        /** npm kinesis-local 0.6.2, the kinesis-mock emulator. */
        KINESIS_MOCK("kinesis-mock", "kinesis-mock-loopback.js");

        private final String displayName;
        private final String launcher;

        Kind(String displayName, String launcher) {
            this.displayName = displayName;
            this.launcher = launcher;
        }

        @Override
        public String toString() {
            return displayName;
        }
    }

    private final Kind kind;
    private final EmulatorProcess process;
    private final URI endpoint;
    private final URI tlsEndpoint;
    private final List<AutoCloseable> clients = new ArrayList<>();
    private KinesisClient client;
    private KinesisAsyncClient asyncClient;
    private KinesisAsyncClient http2AsyncClient;
    private KinesisStreams streams;

    private KinesisEmulator(Kind kind, EmulatorProcess process, URI endpoint, URI tlsEndpoint) {
        this.kind = kind;
        this.process = process;
        this.endpoint = endpoint;
        this.tlsEndpoint = tlsEndpoint;
    }

    /** Starts an emulator with the defaults of {@link Builder}. */
    public static KinesisEmulator start(Kind kind) {
        return builder(kind).start();
    }

    public static Builder builder(Kind kind) {
        return new Builder(kind);
    }

    /** Start options. */
    public static final class Builder {
        private final Kind kind;
        private Path emulatorsDirectory;
        private Path logDirectory = Paths.get("target", "emulators");
        private Duration startTimeout = Duration.ofSeconds(60);
        private int shardLimit = 1000;
        private String node = System.getProperty("kkbridge.node", "node");
        private final Map<String, String> environment = new HashMap<>();

        private Builder(Kind kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
        }

        /** Default: {@link EmulatorsDirectory#locate()}. */
        public Builder emulatorsDirectory(Path dir) {
            this.emulatorsDirectory = dir;
            return this;
        }

        /** Where the emulator's output goes; default {@code target/emulators} under the working directory. */
        public Builder logDirectory(Path dir) {
            this.logDirectory = dir;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Most shards the account may hold, closed shards included; default 1,000. */
        public Builder shardLimit(int limit) {
            this.shardLimit = limit;
            return this;
        }

        /** The Node executable; default the system property {@code kkbridge.node}, else {@code node} on the PATH. */
        public Builder node(String executable) {
            this.node = executable;
            return this;
        }

        /**
         * An environment variable for the emulator process, e.g. kinesis-mock's {@code UPDATE_SHARD_COUNT_DURATION}
         * or {@code LOG_LEVEL} (its INFO level prints nothing; DEBUG prints every request).
         */
        public Builder environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public KinesisEmulator start() {
            Path dir = emulatorsDirectory != null ? emulatorsDirectory : EmulatorsDirectory.locate();
            if (kind == Kind.KINESALITE) {
                KinesisClients.disableCbor();
            }
            IllegalStateException failure = null;
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                try {
                    return startOnce(dir);
                } catch (PortTakenException e) {
                    // the free port we picked was taken before the emulator bound it; pick again
                    failure = e;
                }
            }
            throw failure;
        }

        private KinesisEmulator startOnce(Path dir) {
            long started = System.nanoTime();
            int port = EmulatorProcess.freeLoopbackPort();
            int tlsPort = kind == Kind.KINESIS_MOCK ? EmulatorProcess.freeLoopbackPort() : -1;
            List<String> command = new ArrayList<>(List.of(node, dir.resolve(kind.launcher).toString()));
            Map<String, String> env = new HashMap<>();
            if (kind == Kind.KINESALITE) {
                command.addAll(List.of("--port", String.valueOf(port), "--shardLimit", String.valueOf(shardLimit)));
            } else {
                env.put("KINESIS_MOCK_PLAIN_PORT", String.valueOf(port));
                env.put("KINESIS_MOCK_TLS_PORT", String.valueOf(tlsPort));
                env.put("KINESIS_MOCK_CERT_PATH",
                        dir.resolve("node_modules/kinesis-local/server.json").toAbsolutePath().toString());
                env.put("SHARD_LIMIT", String.valueOf(shardLimit));
            }
            env.putAll(environment);
            Path logFile = logDirectory.resolve(kind.displayName + "-" + port + ".log").toAbsolutePath();
            EmulatorProcess process = EmulatorProcess.start(kind.displayName, command, env, dir, logFile);
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            URI tlsEndpoint = tlsPort > 0 ? URI.create("https://127.0.0.1:" + tlsPort) : null;
            try {
                awaitReady(process, endpoint, started);
            } catch (RuntimeException e) {
                process.close();
                throw e;
            }
            LOG.info("{} ready at {} (pid {}, log {}) in {} ms", kind, endpoint, process.handle().pid(),
                    logFile, (System.nanoTime() - started) / 1_000_000);
            return new KinesisEmulator(kind, process, endpoint, tlsEndpoint);
        }

        /** Polls ListStreams until it answers, the process dies, or the start timeout passes. */
        private void awaitReady(EmulatorProcess process, URI endpoint, long started) {
            long deadline = started + startTimeout.toNanos();
            SdkException last = null;
            try (KinesisClient probe = KinesisClients.sync(endpoint)) {
                while (System.nanoTime() < deadline) {
                    if (!process.isAlive()) {
                        String tail = process.logTail(20);
                        if (tail.contains("EADDRINUSE")) {
                            throw new PortTakenException(kind + " could not bind its port:\n" + tail);
                        }
                        throw new IllegalStateException(kind + " exited during start-up (exit code "
                                + process.exitCode() + "); log " + process.logFile() + ":\n" + tail);
                    }
                    try {
                        probe.listStreams(b -> b.overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(5))));
                        return;
                    } catch (SdkException e) {
                        last = e;
                    }
                    sleep(100);
                }
            }
            throw new IllegalStateException(kind + " did not answer ListStreams at " + endpoint + " within "
                    + startTimeout + " (last error: " + (last == null ? "none" : last.getMessage()) + "); log "
                    + process.logFile() + ":\n" + process.logTail(20));
        }
    }

    private static final class PortTakenException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The plain-http endpoint, {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return endpoint;
    }

    /** kinesis-mock's TLS endpoint (self-signed certificate; HTTP/2 for SubscribeToShard); empty for kinesalite. */
    public Optional<URI> tlsEndpoint() {
        return Optional.ofNullable(tlsEndpoint);
    }

    /** The Node process, e.g. to check that it is gone after {@link #close()}. */
    public ProcessHandle process() {
        return process.handle();
    }

    public Path logFile() {
        return process.logFile();
    }

    /** A shared synchronous client for this emulator, closed with it. */
    public synchronized KinesisClient client() {
        if (client == null) {
            client = own(KinesisClients.sync(endpoint));
        }
        return client;
    }

    /** A shared asynchronous client on the plain-http endpoint (HTTP/1.1), closed with the emulator. */
    public synchronized KinesisAsyncClient asyncClient() {
        if (asyncClient == null) {
            asyncClient = own(KinesisClients.async(endpoint));
        }
        return asyncClient;
    }

    /**
     * A shared asynchronous client on kinesis-mock's TLS endpoint with HTTP/2, as SubscribeToShard needs; closed
     * with the emulator.
     */
    public synchronized KinesisAsyncClient http2AsyncClient() {
        requireKinesisMock("HTTP/2 and SubscribeToShard");
        if (http2AsyncClient == null) {
            http2AsyncClient = own(KinesisClients.async(tlsEndpoint));
        }
        return http2AsyncClient;
    }

    /** The stream helpers on {@link #client()}. */
    public synchronized KinesisStreams streams() {
        if (streams == null) {
            streams = new KinesisStreams(client());
        }
        return streams;
    }

    /** See {@link KinesisStreams#createStream}. */
    public void createStream(String stream, int shards) {
        streams().createStream(stream, shards);
    }

    /** See {@link KinesisStreams#putRecords}. */
    public List<PutRecordsResultEntry> putRecords(String stream, List<KinesisStreams.PutEntry> entries) {
        return streams().putRecords(stream, entries);
    }

    /** See {@link KinesisStreams#listShards}. */
    public List<Shard> listShards(String stream) {
        return streams().listShards(stream);
    }

    /** See {@link KinesisStreams#readAll}. */
    public List<Record> readAll(String stream) {
        return streams().readAll(stream);
    }

    /** UpdateShardCount (uniform scaling), waiting until ACTIVE again; kinesis-mock only. */
    public void updateShardCount(String stream, int targetShards) {
        requireKinesisMock("UpdateShardCount");
        streams().updateShardCount(stream, targetShards);
    }

    private void requireKinesisMock(String feature) {
        if (kind != Kind.KINESIS_MOCK) {
            throw new UnsupportedOperationException(kind + " has no " + feature + "; use Kind.KINESIS_MOCK");
        }
    }

    private <C extends AutoCloseable> C own(C closeable) {
        clients.add(closeable);
        return closeable;
    }

    /** Closes the clients handed out, then stops the process and waits until it has exited. */
    @Override
    public synchronized void close() {
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("Error closing a client of {}", kind, e);
            }
        }
        clients.clear();
        process.close();
    }

    @Override
    public String toString() {
        return kind + " at " + endpoint;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the emulator", e);
        }
    }
}
