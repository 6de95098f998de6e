package io.kkbridge.testsupport.connect;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.connect.runtime.AbstractStatus;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.apache.kafka.server.ServerSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An in-JVM Kafka Connect cluster (distributed workers) with its own single-broker KRaft Kafka, wrapping Kafka's
 * {@link EmbeddedConnectCluster} from {@code connect-runtime}'s test jar. Everything listens on 127.0.0.1 only:
 * the workers' REST servers bind {@code localhost} (EmbeddedConnectCluster forces {@code HTTP://localhost:0}), and
 * the broker's sockets, which the Kafka test kit pre-binds on the wildcard address, are re-bound on loopback
 * before the broker starts.
 *
 * <p>For topics, producing and consuming use {@link #kafka()}: EmbeddedKafkaCluster has {@code createTopic},
 * {@code produce}, {@code consume(n, maxMillis, topics...)} and {@code consumeAll(maxMillis, topics...)}.
 */
public final class ConnectCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectCluster.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddedConnectCluster connect;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ConnectCluster(EmbeddedConnectCluster connect) {
        this.connect = connect;
    }

    /** Starts one broker and {@code workers} Connect workers with EmbeddedConnectCluster's default worker config. */
    public static ConnectCluster start(int workers) {
        return start(workers, Map.of());
    }

    /**
     * Starts one broker and {@code workers} workers; {@code workerProps} are worker settings over the defaults
     * (e.g. {@code plugin.discovery}, which defaults to {@code hybrid_fail}: a connector on the class path without a
     * {@code META-INF/services} entry stops the worker from starting).
     */
    public static ConnectCluster start(int workers, Map<String, String> workerProps) {
        long started = System.nanoTime();
        Properties brokerProps = new Properties();
        brokerProps.put("listeners", "EXTERNAL://127.0.0.1:0,CONTROLLER://127.0.0.1:0");
        // one broker: the internal topics of transactions (exactly-once source) must fit on it
        brokerProps.put("transaction.state.log.replication.factor", "1");
        brokerProps.put("transaction.state.log.min.isr", "1");
        brokerProps.put("offsets.topic.replication.factor", "1");
        brokerProps.put("group.initial.rebalance.delay.ms", "0");
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder()
                .name("kkbridge-" + UUID.randomUUID().toString().substring(0, 8))
                .numWorkers(workers)
                .numBrokers(1)
                .brokerProps(brokerProps)
                .workerProps(new HashMap<>(workerProps))
                .build();
        try {
            rebindOnLoopback(connect.kafka());
            connect.start();
        } catch (Exception | AssertionError e) {
            // AssertionError: EmbeddedKafkaCluster reports a failed start with JUnit's fail()
            stopQuietly(connect);
            throw new IllegalStateException("Could not start the embedded Connect cluster: " + e.getMessage(), e);
        }
        ConnectCluster cluster = new ConnectCluster(connect);
        LOG.info("Embedded Connect cluster ready: {} worker(s) at {}, Kafka at {}, in {} ms", workers,
                cluster.restUrls(), cluster.bootstrapServers(), (System.nanoTime() - started) / 1_000_000);
        return cluster;
    }

    /**
     * KafkaClusterTestKit binds each listener's socket on the wildcard address while it is built, which happens in
     * EmbeddedConnectCluster's constructor; its socket factory hands those sockets to the broker at start-up. Each
     * still-unused socket is swapped for one bound to 127.0.0.1 on the same port, so the configuration that already
     * names these ports (the controller quorum) stays right.
     */
    private static void rebindOnLoopback(EmbeddedKafkaCluster kafka) throws ReflectiveOperationException, IOException {
        KafkaClusterTestKit testKit = (KafkaClusterTestKit) field(kafka, EmbeddedKafkaCluster.class, "cluster");
        Object manager = field(testKit, KafkaClusterTestKit.class, "socketFactoryManager");
        synchronized (manager) {
            @SuppressWarnings("unchecked")
            Map<Integer, Map<String, ServerSocketChannel>> sockets =
                    (Map<Integer, Map<String, ServerSocketChannel>>) field(manager, manager.getClass(), "sockets");
            for (Map<String, ServerSocketChannel> byListener : sockets.values()) {
                for (Map.Entry<String, ServerSocketChannel> entry : byListener.entrySet()) {
                    ServerSocketChannel wildcard = entry.getValue();
                    int port = ((InetSocketAddress) wildcard.getLocalAddress()).getPort();
                    wildcard.close();
                    entry.setValue(ServerSocketFactory.INSTANCE.openServerSocket(entry.getKey(),
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), port), -1, -1));
                }
            }
        }
    }

    private static Object field(Object target, Class<?> type, String name) throws ReflectiveOperationException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
    }

    /** The Kafka cluster the workers use, with its topic, produce and consume helpers. */
    public EmbeddedKafkaCluster kafka() {
        return connect.kafka();
    }

    public String bootstrapServers() {
        return connect.kafka().bootstrapServers();
    }

    /** The wrapped cluster, for what this class does not cover (worker restarts, offsets, log levels, ...). */
    public EmbeddedConnectCluster embedded() {
        return connect;
    }

    /** Each worker's REST base URL, e.g. {@code http://localhost:38211/}. */
    public List<URI> restUrls() {
        return connect.workers().stream().map(WorkerHandle::url).collect(Collectors.toList());
    }

    /** Creates or updates a connector ({@code PUT /connectors/{name}/config}). */
    public void configureConnector(String name, Map<String, String> config) {
        connect.configureConnector(name, config);
    }

    /** Deletes a connector and waits until the cluster no longer lists it. */
    public void deleteConnector(String name) {
        connect.deleteConnector(name);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (connect.connectors().contains(name)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Connector " + name + " still listed 30 s after its deletion");
            }
            sleep(100);
        }
    }

    /** The connector's status ({@code GET /connectors/{name}/status}); throws ConnectRestException (404) if absent. */
    public ConnectorStateInfo connectorStatus(String name) {
        return connect.connectorStatus(name);
    }

    /**
     * Waits until the connector and exactly {@code tasks} tasks are RUNNING; fails fast, with the stack trace the
     * worker reported, when the connector or a task is FAILED.
     */
    public ConnectorStateInfo awaitConnectorRunning(String name, int tasks, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ConnectorStateInfo status = null;
        while (System.nanoTime() < deadline) {
            try {
                status = connect.connectorStatus(name);
            } catch (ConnectRestException e) {
                status = null; // not created yet, or a rebalance is under way
            }
            if (status != null) {
                failIfFailed(status);
                if (isRunning(status.connector().state()) && status.tasks().size() == tasks
                        && status.tasks().stream().allMatch(t -> isRunning(t.state()))) {
                    return status;
                }
            }
            sleep(100);
        }
        throw new IllegalStateException("Connector " + name + " not RUNNING with " + tasks + " running task(s) within "
                + timeout + "; last status: " + status);
    }

    private static void failIfFailed(ConnectorStateInfo status) {
        if (AbstractStatus.State.FAILED.name().equals(status.connector().state())) {
            throw new IllegalStateException("Connector " + status.name() + " FAILED: " + status.connector().trace());
        }
        for (ConnectorStateInfo.TaskState task : status.tasks()) {
            if (AbstractStatus.State.FAILED.name().equals(task.state())) {
                throw new IllegalStateException("Task " + task.id() + " of connector " + status.name() + " FAILED: "
                        + task.trace());
            }
        }
    }

    private static boolean isRunning(String state) {
        return AbstractStatus.State.RUNNING.name().equals(state);
    }

    /**
     * Validates a connector configuration ({@code PUT /connector-plugins/{class}/config/validate}) and returns the
     * parsed answer: {@code errorCount()}, and per key its value and errors.
     */
    public ConfigInfos validate(String connectorClass, Map<String, String> config) {
        return connect.validateConnectorConfig(connectorClass, config);
    }

    /** The error messages of a validation, per config key, for the keys that have any. */
    public static Map<String, List<String>> errors(ConfigInfos validation) {
        Map<String, List<String>> errors = new HashMap<>();
        validation.configs().forEach(c -> {
            if (!c.configValue().errors().isEmpty()) {
                errors.put(c.configValue().name(), c.configValue().errors());
            }
        });
        return errors;
    }

    /** The class names {@code GET /connector-plugins} lists (connectors only, as the REST API does by default). */
    public List<String> connectorPlugins() {
        List<Map<String, Object>> plugins = readJson(get("connector-plugins"), new TypeReference<>() { });
        List<String> classes = new ArrayList<>();
        plugins.forEach(p -> classes.add(String.valueOf(p.get("class"))));
        return classes;
    }

    /**
     * {@code GET} on a REST resource of the first worker (e.g. {@code "connectors?expand=status"}); returns the body,
     * throws IllegalStateException on an error status.
     */
    public String get(String resource) {
        URI uri = URI.create(connect.endpointForResource(resource));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET()
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("GET " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during GET " + uri, e);
        }
    }

    private static <T> T readJson(String body, TypeReference<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new IllegalStateException("Unexpected REST answer: " + body, e);
        }
    }

    /** Stops the workers, then Kafka. */
    @Override
    public void close() {
        stopQuietly(connect);
        LOG.info("Embedded Connect cluster stopped");
    }

    private static void stopQuietly(EmbeddedConnectCluster connect) {
        try {
            connect.stop();
        } catch (RuntimeException e) {
            LOG.warn("Error while stopping the embedded Connect cluster", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
