package io.kkbridge.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

import io.kkbridge.streams.app.AppInstance;
import io.kkbridge.streams.config.AppConfig;
import io.kkbridge.streams.topology.TopologyFactory;

/**
 * The Streams app in this JVM as {@code StreamsApp} runs it ({@link AppInstance}: the production topology and
 * configuration, so exactly-once by default, and the HTTP query API on a free port of 127.0.0.1), with a fresh
 * application id and a temporary state directory, so every run starts clean.
 */
public final class EmbeddedStreamsApp implements AutoCloseable {

    private final AppConfig config;
    private final Topology topology;
    private final Path stateDir;
    private final String applicationId;
    private AppInstance instance;

    /** Builds the app (nothing runs until {@link #start()}); {@code overrides} go over the app's defaults. */
    public EmbeddedStreamsApp(String bootstrapServers, Map<String, String> overrides) {
        try {
            stateDir = Files.createTempDirectory("kkbridge-sandbox-streams-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        applicationId = "kkbridge-sandbox-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = new HashMap<>(overrides);
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.putIfAbsent(AppConfig.QUERY_API_PORT_CONFIG, "0");
        config = AppConfig.of(settings);
        topology = TopologyFactory.build(config);
    }

    /** The topics the topology reads and writes, its internal topics (which Kafka Streams creates) left out. */
    public Set<String> topics() {
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

    public String processingGuarantee() {
        return config.streamsProperties().getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
    }

    /** The application.id, which is also the consumer group of its input. */
    public String applicationId() {
        return applicationId;
    }

    /** Binds the query API and starts Kafka Streams. */
    public void start() {
        instance = AppInstance.create(config);
        instance.start();
    }

    public KafkaStreams streams() {
        return instance.streams();
    }

    /** The query API's base URL, or null when it is switched off. */
    public URI queryApi() {
        return instance.queryPort() < 0 ? null : URI.create("http://127.0.0.1:" + instance.queryPort());
    }

    @Override
    public void close() throws IOException {
        if (instance != null) {
            instance.close(Duration.ofSeconds(20));
        }
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
