package io.kkbridge.streams.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kkbridge.streams.config.AppConfig;
import io.kkbridge.streams.query.Forwarder;
import io.kkbridge.streams.query.ItemQueryService;
import io.kkbridge.streams.query.QueryServer;
import io.kkbridge.streams.store.ItemTable;
import io.kkbridge.streams.topology.Pipeline;
import io.kkbridge.streams.topology.TopologyFactory;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * One running instance of the application: Kafka Streams with the configured topology, and (unless disabled) the
 * query API, bound first so that {@code application.server} can advertise its port to the other instances.
 */
public final class AppInstance implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AppInstance.class);

    private final AppConfig config;
    private final Topology topology;
    private final KafkaStreams streams;
    private final QueryServer server;
    private final HostInfo advertised;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> meters = new ArrayList<>();
    /** Looks for new Kafka Streams metrics (tasks add theirs when assigned) every few seconds, not every minute. */
    private final java.util.concurrent.ScheduledExecutorService metricsRefresh =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "kkbridge-metrics-refresh");
                thread.setDaemon(true);
                return thread;
            });

    private AppInstance(AppConfig config, Topology topology, QueryServer server) {
        this.config = config;
        this.topology = topology;
        this.server = server;
        Properties properties = config.streamsProperties();
        if (server != null && !properties.containsKey(StreamsConfig.APPLICATION_SERVER_CONFIG)) {
            properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.queryAdvertisedHost() + ":" + server.port());
        }
        String endpoint = properties.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG);
        this.advertised = endpoint == null ? null : HostInfo.buildFromEndpoint(endpoint);
        this.streams = new KafkaStreams(topology, properties);
    }

    /** Builds the topology, binds the query API and creates Kafka Streams; nothing runs until {@link #start()}. */
    public static AppInstance create(AppConfig config) {
        Topology topology = TopologyFactory.build(config);
        QueryServer server = null;
        if (config.getBoolean(AppConfig.QUERY_API_ENABLED_CONFIG)) {
            try {
                server = QueryServer.bind(config.getString(AppConfig.QUERY_API_BIND_ADDRESS_CONFIG),
                        config.getInt(AppConfig.QUERY_API_PORT_CONFIG), config.getInt(AppConfig.QUERY_API_THREADS_CONFIG));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot listen on " + config.getString(AppConfig.QUERY_API_BIND_ADDRESS_CONFIG)
                        + ":" + config.getInt(AppConfig.QUERY_API_PORT_CONFIG) + " for the query API (set "
                        + AppConfig.QUERY_API_PORT_CONFIG + "): " + e.getMessage(), e);
            }
        }
        return new AppInstance(config, topology, server);
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The port of the query API; -1 when it is disabled. */
    public int queryPort() {
        return server == null ? -1 : server.port();
    }

    public List<ItemTable> tables() {
        List<ItemTable> tables = new ArrayList<>();
        for (Pipeline pipeline : TopologyFactory.pipelines(config, java.time.Clock.systemUTC())) {
            tables.addAll(pipeline.tables());
        }
        return tables;
    }

    public void start() {
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams, List.of(), metricsRefresh,
                Duration.ofSeconds(5));
        streamsMetrics.bindTo(registry);
        meters.add(streamsMetrics);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        meters.add(gc);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        streams.start();
        if (server != null) {
            Forwarder forwarder = new Forwarder(Duration.ofMillis(
                    config.getInt(AppConfig.QUERY_API_FORWARD_TIMEOUT_MS_CONFIG)));
            server.start(streams, new ItemQueryService(streams, topology, advertised, forwarder), tables(), registry);
        }
    }

    /** Stops the query API, then Kafka Streams (committing the last transaction). */
    public void close(Duration timeout) {
        if (server != null) {
            server.close();
        }
        streams.close(timeout);
        for (AutoCloseable meter : meters) {
            try {
                meter.close();
            } catch (Exception e) {
                LOG.debug("Closing a meter binder failed", e);
            }
        }
        metricsRefresh.shutdownNow();
        registry.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
