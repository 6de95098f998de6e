package io.kkbridge.streams.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kkbridge.streams.config.AppConfig;
import io.kkbridge.streams.topology.TopologyFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the Streams application against the configured brokers until it is stopped (SIGTERM, Ctrl-C), then closes
 * it cleanly so the last transaction is committed and state is flushed.
 */
@Command(name = "kkbridge-streams", mixinStandardHelpOptions = true,
        description = "The Kinesis-Kafka Bridge Kafka Streams application.",
        footer = {"", "Configuration sources, weakest first: defaults, --config file, environment variables "
                + "(KKB_ + key in upper case, dots as underscores, e.g. KKB_BOOTSTRAP_SERVERS), flags."})
public final class StreamsApp implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);
    /** Exit code when the cluster in bootstrap.servers cannot be reached or refuses the client at start-up. */
    static final int EXIT_CLUSTER_UNREACHABLE = 3;

    @Option(names = {"-c", "--config"}, description = "Properties file.")
    Path configFile;

    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (bootstrap.servers).")
    String bootstrapServers;

    @Option(names = "--application-id", description = "Kafka Streams application.id.")
    String applicationId;

    @Option(names = {"-D", "--set"}, description = "Any setting as key=value; may be repeated.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--print-topology", description = "Print the topology description and exit.")
    boolean printTopology;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StreamsApp()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        AppConfig config;
        try {
            config = AppConfig.load(configFile, System.getenv(), flags());
        } catch (ConfigException e) {
            System.err.println("Invalid configuration: " + e.getMessage());
            return 2;
        }
        Topology topology = TopologyFactory.build(config);
        if (printTopology) {
            System.out.println(topology.describe());
            return 0;
        }
        return run(config);
    }

    private Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>(settings);
        if (bootstrapServers != null) {
            flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        if (applicationId != null) {
            flags.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        }
        return flags;
    }

    private static int run(AppConfig config) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        AppInstance instance;
        try {
            // local problems first (a taken query API port), the network after
            instance = AppInstance.create(config);
        } catch (java.io.UncheckedIOException e) {
            System.err.println(e.getMessage());
            return 2;
        } catch (ConfigException e) {
            // a client setting only the Kafka clients check, such as a SASL class that is not there
            System.err.println("Invalid configuration: " + e.getMessage());
            return 2;
        } catch (org.apache.kafka.common.KafkaException e) {
            if (e.getCause() instanceof ConfigException cause) {
                System.err.println("Invalid configuration: " + cause.getMessage());
                return 2;
            }
            throw e;
        }
        try {
            String clusterId = ClusterConnectivityCheck.requireReachable(config.streamsProperties());
            LOG.info("Kafka cluster {} reachable at {}", clusterId, config.bootstrapServers());
        } catch (ConfigException e) {
            // a client setting Kafka Streams does not check itself, such as a SASL class that is not there
            System.err.println("Invalid configuration: " + e.getMessage());
            instance.close(Duration.ofSeconds(5));
            return 2;
        } catch (ClusterConnectivityCheck.ClusterUnreachableException e) {
            System.err.println(e.getMessage());
            instance.close(Duration.ofSeconds(5));
            return EXIT_CLUSTER_UNREACHABLE;
        }
        KafkaStreams streams = instance.streams();
        int[] exitCode = {0};
        streams.setUncaughtExceptionHandler(e -> {
            // bad records never get here (they go to the DLQ topics); what does is a broker or state problem
            // that a restart by the process supervisor is the right answer to
            LOG.error("Stream thread failed; shutting this instance down", e);
            exitCode[0] = 1;
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((newState, oldState) -> {
            LOG.info("Kafka Streams state {} -> {}", oldState, newState);
            if (newState == KafkaStreams.State.NOT_RUNNING || newState == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        Thread hook = new Thread(() -> {
            LOG.info("Stopping {}", config.applicationId());
            instance.close(Duration.ofSeconds(30));
            stopped.countDown();
        }, "kkbridge-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        LOG.info("Starting {} on {} with pipelines {}", config.applicationId(), config.bootstrapServers(),
                config.pipelines());
        instance.start();
        stopped.await();
        instance.close(Duration.ofSeconds(30));
        return exitCode[0];
    }
}
