package io.kkbridge.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

import io.kkbridge.streams.config.AppConfig;
import io.kkbridge.streams.topology.TopologyFactory;
import io.kkbridge.testsupport.connect.ConnectCluster;
import io.kkbridge.testsupport.firehose.BufferingHints;
import io.kkbridge.testsupport.firehose.DeliveryStreamConfig;
import io.kkbridge.testsupport.firehose.LocalFirehose;
import io.kkbridge.testsupport.kinesis.KinesisEmulator;

/**
 * Every part of the seed pipeline on this machine, without Docker or AWS: a Kinesis emulator (npm), the local
 * Firehose test double, a Kafka broker (KRaft) and a Kafka Connect worker running the plugin ZIP's three
 * connectors, and the Streams app; with the Kinesis streams, Kafka topics and delivery streams created and the
 * connectors registered from {@code sandbox/connectors/*.json} through Connect's REST API.
 *
 * <p>Broker and worker run in this JVM (Kafka's {@code EmbeddedConnectCluster}, as in the integration tests): one
 * process to start and to stop, so Ctrl-C ends everything and a second run starts clean, and the start takes about
 * ten seconds on two cores rather than the half minute of three JVMs. The worker loads the connectors from the
 * unpacked plugin ZIP on its {@code plugin.path}, as MSK Connect does; they are not on this JVM's class path.
 * (Kafka Connect 3.7, the version MSK Connect runs, is covered by {@code Connect37WorkerIT}.)
 */
public final class SandboxEnvironment implements AutoCloseable {

    public static final String USER_ACTIVITY_STREAM = "user-activity";
    public static final String EVENTS_STREAM = "events";
    public static final String USA_STREAM = "user-activity-usa";
    public static final String INTERNATIONAL_STREAM = "user-activity-international";
    public static final List<String> DELIVERY_STREAMS = List.of("user-activity-usa", "user-activity-international",
            "events-lake");
    public static final String BUCKET = "kkbridge-lake";
    static final int TOPIC_PARTITIONS = 4;

    /**
     * @param emulator       kinesalite (fast) or kinesis-mock (complete: resharding, enhanced fan-out)
     * @param connectorsDir  the folder of the connector configurations
     * @param pluginDir      the unpacked plugin ZIP (a plugin.path entry)
     * @param firehoseDir    where the local Firehose writes objects
     * @param streamsConfig  settings of the Streams app over its defaults
     */
    public record Options(KinesisEmulator.Kind emulator, Path connectorsDir, Path pluginDir, Path firehoseDir,
                          Map<String, String> streamsConfig) {
    }

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private KinesisEmulator kinesis;
    private LocalFirehose firehose;
    private ConnectCluster connect;
    private KafkaStreams streams;
    private String applicationId;
    private Set<String> topics;

    private SandboxEnvironment() {
    }

    /** Starts every part; {@code progress} hears one line per step. On failure, what started is stopped again. */
    public static SandboxEnvironment start(Options options, Consumer<String> progress) {
        SandboxEnvironment environment = new SandboxEnvironment();
        try {
            environment.startAll(options, progress);
            return environment;
        } catch (RuntimeException | Error e) {
            environment.close();
            throw e;
        }
    }

    private void startAll(Options options, Consumer<String> progress) {
        requireDirectory(options.pluginDir(), "the unpacked plugin ZIP (build with: mvn -pl sandbox -am package)");
        requireDirectory(options.connectorsDir(), "the connector configurations");

        progress.accept("Starting the Kinesis emulator (" + options.emulator() + ") ...");
        kinesis = remember(KinesisEmulator.start(options.emulator()));
        progress.accept("Starting the local Firehose endpoint (a test double, not AWS) ...");
        firehose = remember(LocalFirehose.start(options.firehoseDir()));
        progress.accept("Starting Kafka (KRaft) and a Kafka Connect worker with the plugin ZIP ...");
        connect = remember(ConnectCluster.start(1, Map.of(
                "plugin.path", options.pluginDir().toAbsolutePath().toString(),
                "plugin.discovery", "service_load",
                "exactly.once.source.support", "enabled",
                "offset.flush.interval.ms", "1000")));

        AppConfig appConfig = streamsConfig(options);
        Topology topology = TopologyFactory.build(appConfig);
        topics = topicsOf(topology);
        progress.accept("Creating Kinesis streams, Kafka topics and Firehose delivery streams ...");
        createStreams();
        topics.forEach(topic -> connect.kafka().createTopic(topic, TOPIC_PARTITIONS));
        for (String deliveryStream : DELIVERY_STREAMS) {
            firehose.createDeliveryStream(DeliveryStreamConfig.of(deliveryStream, BUCKET)
                    .withPrefix(deliveryStream + "/").withBufferingHints(new BufferingHints(1, 5)));
        }

        progress.accept("Starting the Streams app (" + appConfig.streamsProperties()
                .getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG) + ") ...");
        streams = new KafkaStreams(topology, appConfig.streamsProperties());
        remember(() -> streams.close(Duration.ofSeconds(20)));
        streams.start();

        for (ConnectorConfigs.Connector connector : ConnectorConfigs.load(options.connectorsDir(), environment())) {
            progress.accept("Registering connector " + connector.name() + " through Connect's REST API ...");
            connect.configureConnector(connector.name(), connector.config());
        }
        for (ConnectorConfigs.Connector connector : ConnectorConfigs.load(options.connectorsDir(), environment())) {
            int tasks = Integer.parseInt(connector.config().getOrDefault("tasks.max", "1"));
            connect.awaitConnectorRunning(connector.name(), tasks, Duration.ofSeconds(90));
        }
    }

    private AppConfig streamsConfig(Options options) {
        applicationId = "kkbridge-sandbox-" + UUID.randomUUID().toString().substring(0, 8);
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("kkbridge-sandbox-streams-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        remember(() -> deleteRecursively(stateDir));
        Map<String, String> config = new java.util.HashMap<>(options.streamsConfig());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, connect.bootstrapServers());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return AppConfig.of(config);
    }

    /** The topics the topology reads and writes, its own internal topics left to Kafka Streams. */
    static Set<String> topicsOf(Topology topology) {
        Set<String> topics = new TreeSet<>();
        for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    topics.addAll(source.topicSet());
                } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    topics.add(sink.topic());
                }
            }
        }
        topics.removeIf(topic -> topic.endsWith("-repartition") || topic.endsWith("-changelog"));
        return topics;
    }

    private void createStreams() {
        kinesis.createStream(USER_ACTIVITY_STREAM, 4);
        kinesis.createStream(EVENTS_STREAM, 2);
        kinesis.createStream(USA_STREAM, 2);
        kinesis.createStream(INTERNATIONAL_STREAM, 2);
    }

    /** The values of the {@code ${env:...}} references in the connector configurations. */
    private Map<String, String> environment() {
        return Map.of(
                "AWS_REGION", firehose.region(),
                "KINESIS_ENDPOINT", kinesis.endpoint().toString(),
                "FIREHOSE_ENDPOINT", firehose.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "sandbox",
                "AWS_SECRET_ACCESS_KEY", "sandbox");
    }

    private <T extends AutoCloseable> T remember(T closeable) {
        started.push(closeable);
        return closeable;
    }

    private static void requireDirectory(Path dir, String what) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("Missing " + what + " at " + dir.toAbsolutePath());
        }
    }

    public KinesisEmulator kinesis() {
        return kinesis;
    }

    public LocalFirehose firehose() {
        return firehose;
    }

    public ConnectCluster connect() {
        return connect;
    }

    public String bootstrapServers() {
        return connect.bootstrapServers();
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The Streams app's application.id, which is also its consumer group. */
    public String applicationId() {
        return applicationId;
    }

    /** The Kafka topics the pipeline uses (created up front). */
    public Set<String> topics() {
        return topics;
    }

    /** Stops everything that started, the last first; keeps going when one part fails to stop. */
    @Override
    public void close() {
        RuntimeException failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Could not stop every part of the sandbox", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
