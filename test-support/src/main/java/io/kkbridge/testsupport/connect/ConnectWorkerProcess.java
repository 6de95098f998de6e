package io.kkbridge.testsupport.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plain Kafka Connect worker (distributed mode) in a JVM of its own, started from a given classpath — e.g. the
 * Connect 3.7 runtime that MSK Connect runs — with a plugin folder on its {@code plugin.path}. It talks to an
 * existing broker; its REST API listens on 127.0.0.1 on a free port. {@link #close()} stops the process.
 */
public final class ConnectWorkerProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectWorkerProcess.class);

    private final Process process;
    private final URI rest;
    private final Path logFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ConnectWorkerProcess(Process process, URI rest, Path logFile) {
        this.process = process;
        this.rest = rest;
        this.logFile = logFile;
    }

    /**
     * Starts a worker and waits until its REST API answers.
     *
     * @param classpath the worker's runtime classpath ({@code File.pathSeparator}-separated)
     * @param log4jConfig a log4j 1.x properties file for the worker (Connect 3.x logs through reload4j)
     * @param pluginPath the folder holding the plugin (an unpacked ZIP)
     * @param bootstrapServers the broker
     * @param workDir where the worker's properties and log go
     * @param overrides extra worker properties
     * @param jvmOptions extra JVM options (e.g. {@code -Daws.cborEnabled=false} for the kinesalite emulator)
     */
    public static ConnectWorkerProcess start(String classpath, Path log4jConfig, Path pluginPath,
                                             String bootstrapServers, Path workDir, Map<String, String> overrides,
                                             List<String> jvmOptions) {
        try {
            Files.createDirectories(workDir);
            int port = freePort();
            Map<String, String> config = new LinkedHashMap<>();
            config.put("bootstrap.servers", bootstrapServers);
            config.put("group.id", "kkbridge-worker-" + port);
            config.put("listeners", "http://127.0.0.1:" + port);
            config.put("rest.advertised.host.name", "127.0.0.1");
            config.put("rest.advertised.port", Integer.toString(port));
            config.put("plugin.path", pluginPath.toAbsolutePath().toString());
            config.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
            config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
            config.put("config.storage.topic", "worker-" + port + "-configs");
            config.put("offset.storage.topic", "worker-" + port + "-offsets");
            config.put("status.storage.topic", "worker-" + port + "-status");
            config.put("config.storage.replication.factor", "1");
            config.put("offset.storage.replication.factor", "1");
            config.put("status.storage.replication.factor", "1");
            config.put("offset.flush.interval.ms", "1000");
            config.putAll(overrides);
            Path properties = workDir.resolve("worker.properties");
            StringBuilder text = new StringBuilder();
            config.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            Files.writeString(properties, text);
            Path logFile = workDir.resolve("worker.log");

            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx512m");
            command.addAll(jvmOptions);
            command.add("-Dlog4j.configuration=" + log4jConfig.toUri());
            command.add("-Dkkbridge.worker.log=" + logFile.toAbsolutePath());
            command.add("-cp");
            command.add(classpath);
            command.add("org.apache.kafka.connect.cli.ConnectDistributed");
            command.add(properties.toString());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("worker.out").toFile())
                    .start();
            ConnectWorkerProcess worker = new ConnectWorkerProcess(process, URI.create("http://127.0.0.1:" + port),
                    logFile);
            worker.awaitRestReady(Duration.ofSeconds(90));
            LOG.info("Connect worker (pid {}) ready at {}", process.pid(), worker.rest);
            return worker;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Connect worker", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitRestReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The Connect worker exited with " + process.exitValue()
                        + "; see " + logFile);
            }
            try {
                if (get("/connectors").statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // REST not listening yet
            }
            sleep(250);
        }
        close();
        throw new IllegalStateException("The Connect worker's REST API did not answer within " + timeout
                + "; see " + logFile);
    }

    public URI restUri() {
        return rest;
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process.pid();
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(rest.resolve(path)).GET());
    }

    public HttpResponse<String> put(String path, String json) {
        return send(HttpRequest.newBuilder(rest.resolve(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(rest.resolve(path)).DELETE());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the worker (SIGTERM, then SIGKILL after 20 s) and waits for the process to end. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        LOG.info("Connect worker (pid {}) stopped", process.pid());
    }
}
