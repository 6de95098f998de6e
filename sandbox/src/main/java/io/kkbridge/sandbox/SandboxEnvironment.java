package io.kkbridge.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.kkbridge.testsupport.connect.ConnectCluster;
import io.kkbridge.testsupport.firehose.LocalFirehose;
import io.kkbridge.testsupport.kinesis.KinesisEmulator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;

/**
 * Every part of the seed pipeline on this machine, without Docker or AWS: a Kinesis emulator (npm), the local
 * Firehose test double, a Kafka broker (KRaft) and a Kafka Connect worker running the plugin ZIP's three
 * connectors, and the Streams app; with everything created and registered by the {@link PipelineProvisioner}.
 *
 * <p>Broker and worker run in this JVM (Kafka's {@code EmbeddedConnectCluster}, as in the integration tests): one
 * process to start and to stop, so Ctrl-C ends everything and a second run starts clean, and the start takes about
 * fifteen seconds on two cores rather than the best part of a minute for three JVMs. The worker loads the connectors
 * from the unpacked plugin ZIP on its {@code plugin.path}, as MSK Connect does; they are not on this JVM's class
 * path. (Kafka Connect 3.7, the version MSK Connect runs, is covered by {@code Connect37WorkerIT}.)
 */
public final class SandboxEnvironment implements AutoCloseable {

    static final String ACCESS_KEY = "sandbox";

    /**
     * @param emulator      kinesalite (fast) or kinesis-mock (complete: resharding, enhanced fan-out)
     * @param connectorsDir the folder of the connector configurations
     * @param pluginDir     the unpacked plugin ZIP (a plugin.path entry); null when the connectors are on the class
     *                      path already (benchmarks)
     * @param firehoseDir   where the local Firehose writes objects
     * @param streamsConfig settings of the Streams app over its defaults
     */
    public record Options(KinesisEmulator.Kind emulator, Path connectorsDir, Path pluginDir, Path firehoseDir,
                          Map<String, String> streamsConfig) {
    }

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private KinesisEmulator kinesis;
    private LocalFirehose firehose;
    private ConnectCluster connect;
    private EmbeddedStreamsApp streamsApp;

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
        if (options.pluginDir() != null) {
            requireDirectory(options.pluginDir(), "the unpacked plugin ZIP (build it with: mvn -pl sandbox -am "
                    + "package)");
        }
        requireDirectory(options.connectorsDir(), "the connector configurations");

        progress.accept("Starting the Kinesis emulator (" + options.emulator() + ") ...");
        kinesis = remember(KinesisEmulator.start(options.emulator()));
        progress.accept("Starting the local Firehose endpoint (a test double, not AWS) ...");
        firehose = remember(LocalFirehose.start(options.firehoseDir()));
        progress.accept("Starting Kafka (KRaft) and a Kafka Connect worker with the plugin ZIP ...");
        Map<String, String> worker = new HashMap<>(Map.of(
                "plugin.discovery", "service_load",
                "exactly.once.source.support", "enabled",
                "offset.flush.interval.ms", "1000"));
        if (options.pluginDir() != null) {
            worker.put("plugin.path", options.pluginDir().toAbsolutePath().toString());
        }
        connect = remember(ConnectCluster.start(1, worker));
        streamsApp = remember(new EmbeddedStreamsApp(connect.bootstrapServers(), options.streamsConfig()));

        PipelineProvisioner provisioner = new PipelineProvisioner(progress);
        progress.accept("Creating Kinesis streams, Kafka topics and Firehose delivery streams ...");
        provisioner.createKinesisStreams(kinesis.client());
        provisioner.createTopics(connect.bootstrapServers(), streamsApp.topics());
        try (FirehoseClient client = firehoseClient()) {
            provisioner.createDeliveryStreams(client);
        }
        progress.accept("Starting the Streams app (" + streamsApp.processingGuarantee() + ") ...");
        streamsApp.start();
        provisioner.registerConnectors(connect.restUrls().get(0), options.connectorsDir(), Map.of(
                "AWS_REGION", firehose.region(),
                "KINESIS_ENDPOINT", kinesis.endpoint().toString(),
                "FIREHOSE_ENDPOINT", firehose.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", ACCESS_KEY));
    }

    private FirehoseClient firehoseClient() {
        return FirehoseClient.builder().endpointOverride(firehose.endpoint()).region(Region.of(firehose.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        ACCESS_KEY)))
                .httpClient(ApacheHttpClient.create()).build();
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

    public EmbeddedStreamsApp streamsApp() {
        return streamsApp;
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
}
