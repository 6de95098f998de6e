package io.kkbridge.connect.kinesis;

import io.kkbridge.connect.PluginVersion;
import io.kkbridge.connect.aws.AwsCallFailedException;
import io.kkbridge.connect.aws.RetryPolicy;
import io.kkbridge.connect.kinesis.source.ConsumerType;
import io.kkbridge.connect.kinesis.source.FanOutTaskConfig;
import io.kkbridge.connect.kinesis.source.KinesisFanOutProxy;
import io.kkbridge.connect.kinesis.source.KinesisProxy;
import io.kkbridge.connect.kinesis.source.KinesisSourceConfig;
import io.kkbridge.connect.kinesis.source.KinesisSourceTask;
import io.kkbridge.connect.kinesis.source.SdkKinesisFanOutProxy;
import io.kkbridge.connect.kinesis.source.SdkKinesisProxy;
import io.kkbridge.connect.kinesis.source.ShardAssigner;
import io.kkbridge.connect.kinesis.source.ShardDescription;
import io.kkbridge.connect.kinesis.source.ShardDiscovery;
import io.kkbridge.connect.kinesis.source.ShardOffset;
import io.kkbridge.connect.kinesis.source.StreamConsumers;
import io.kkbridge.connect.kinesis.source.TaskAssignment;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Kinesis streams into Kafka topics. Lists the streams' shards, spreads them over the tasks
 * ({@link ShardAssigner}), and lists them again every {@code kinesis.shard.discovery.interval.ms} in the background:
 * when shards appear, close or expire, it asks Connect for new task configs.
 *
 * <p>With enhanced fan-out ({@code kinesis.consumer.type=EFO}) it finds the stream consumer on each stream at start,
 * registering it when it is missing and waiting until it is ACTIVE ({@link StreamConsumers}), hands the consumer
 * ARNs to the tasks, and deregisters the consumers at stop when {@code kinesis.efo.consumer.deregister.on.stop} says
 * so.
 */
public final class KinesisSourceConnector extends SourceConnector {

    private static final Logger log = LoggerFactory.getLogger(KinesisSourceConnector.class);
    private static final long STOP_TIMEOUT_MS = 1_000;

    private final Function<KinesisSourceConfig, KinesisProxy> proxyFactory;
    private final Function<KinesisSourceConfig, KinesisFanOutProxy> fanOutFactory;

    private Map<String, String> props;
    private KinesisSourceConfig config;
    private KinesisProxy proxy;
    private KinesisFanOutProxy fanOut;
    private StreamConsumers consumers;
    /** The consumer's ARN by stream, with enhanced fan-out; empty when polling. */
    private Map<String, String> consumerArns = Map.of();
    private ShardDiscovery discovery;
    private ScheduledExecutorService scheduler;
    private Set<String> initialShardKeys;
    private volatile List<ShardDescription> shards;
    private volatile boolean stopping;

    public KinesisSourceConnector() {
        this(config -> SdkKinesisProxy.create(config.awsSettings()), SdkKinesisFanOutProxy::create);
    }

    KinesisSourceConnector(Function<KinesisSourceConfig, KinesisProxy> proxyFactory) {
        this(proxyFactory, config -> {
            throw new IllegalStateException("no enhanced fan-out client in this set-up");
        });
    }

    KinesisSourceConnector(Function<KinesisSourceConfig, KinesisProxy> proxyFactory,
                           Function<KinesisSourceConfig, KinesisFanOutProxy> fanOutFactory) {
        this.proxyFactory = proxyFactory;
        this.fanOutFactory = fanOutFactory;
    }

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public ConfigDef config() {
        return KinesisSourceConfig.configDef();
    }

    @Override
    public Class<? extends Task> taskClass() {
        return KinesisSourceTask.class;
    }

    /** Adds the cross-key checks (AT_TIMESTAMP needs its timestamp, topics, AWS combinations) to each key's own. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        KinesisSourceConfig.reportInvalidCombinations(result.configValues());
        return result;
    }

    /**
     * Fails fast, naming the stream and setting, when a stream is missing or the credentials are refused.
     */
    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        this.config = new KinesisSourceConfig(props);
        this.stopping = false;
        this.proxy = proxyFactory.apply(config);
        String name = props.getOrDefault("name", "kinesis-source");
        try {
            discovery = new ShardDiscovery(proxy, RetryPolicy.from(config.awsSettings()), config.streams());
            shards = discovery.listAll();
            if (config.consumerType() == ConsumerType.EFO) {
                startFanOut(name);
            }
        } catch (RuntimeException e) {
            closeClients();
            throw e;
        }
        initialShardKeys = shards.stream().map(ShardDescription::key).collect(Collectors.toUnmodifiableSet());
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kinesis-shard-discovery-" + name);
            thread.setDaemon(true);
            return thread;
        });
        long interval = config.shardDiscoveryInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::discoverShards, interval, interval, TimeUnit.MILLISECONDS);
        log.info("Connector '{}' started on streams {} with {} shards; discovering shards every {} ms", name,
                config.streams(), shards.size(), interval);
    }

    private void startFanOut(String name) {
        fanOut = fanOutFactory.apply(config);
        consumers = StreamConsumers.from(config, name, fanOut);
        Map<String, String> arns = new LinkedHashMap<>();
        for (String stream : config.streams()) {
            arns.put(stream, consumers.ensureActive(stream));
        }
        consumerArns = Map.copyOf(arns);
    }

    /** One round of shard discovery; runs on the discovery thread. */
    void discoverShards() {
        try {
            List<ShardDescription> listed = discovery.listAll();
            Set<String> before = ShardDiscovery.fingerprint(shards);
            Set<String> after = ShardDiscovery.fingerprint(listed);
            if (!before.equals(after)) {
                log.info("Shards changed ({} → {} listed): added or changed {}, gone {}; requesting new task configs",
                        before.size(), after.size(), difference(after, before), difference(before, after));
                shards = listed;
                context().requestTaskReconfiguration();
            }
        } catch (AwsCallFailedException e) {
            if (stopping) {
                return;
            }
            if (e.error().retriable()) {
                log.warn("Shard discovery failed; trying again in {} ms: {}",
                        config.shardDiscoveryInterval().toMillis(), e.getMessage());
            } else {
                log.error("Shard discovery failed: {}", e.getMessage());
                context().raiseError(e);
            }
        } catch (RuntimeException e) {
            // caught, or the executor would silently cancel every later round
            if (!stopping) {
                log.error("Shard discovery failed unexpectedly", e);
                context().raiseError(e);
            }
        }
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<ShardDescription> listing = shards;
        List<TaskAssignment> assignments = ShardAssigner.assign(listing, committedOffsets(listing),
                initialShardKeys, maxTasks);
        log.info("Assigning {} of {} listed shards to {} tasks (tasks.max {})",
                assignments.stream().mapToInt(assignment -> assignment.shards().size()).sum(), listing.size(),
                assignments.size(), maxTasks);
        Set<String> closed = listing.stream().filter(ShardDescription::closed).map(ShardDescription::key)
                .collect(Collectors.toSet());
        return assignments.stream().map(assignment -> {
            Map<String, String> taskProps = new HashMap<>(props);
            taskProps.putAll(assignment.toProps());
            if (config.consumerType() == ConsumerType.EFO) {
                Set<String> closedOfTask = assignment.shards().stream().map(shard -> shard.key())
                        .filter(closed::contains).collect(Collectors.toSet());
                taskProps.putAll(new FanOutTaskConfig(consumerArns, closedOfTask).toProps());
            }
            return Map.copyOf(taskProps);
        }).toList();
    }

    private Map<String, ShardOffset> committedOffsets(List<ShardDescription> listing) {
        OffsetStorageReader reader = context().offsetStorageReader();
        Map<String, ShardOffset> offsets = new LinkedHashMap<>();
        List<Map<String, String>> partitions = listing.stream()
                .map(shard -> ShardOffset.partition(shard.stream(), shard.shardId())).toList();
        Map<Map<String, String>, Map<String, Object>> stored = reader.offsets(partitions);
        if (stored != null) {
            stored.forEach((partition, offset) -> {
                if (offset != null) {
                    offsets.put(ShardDescription.key(partition.get(ShardOffset.STREAM_KEY),
                            partition.get(ShardOffset.SHARD_KEY)), ShardOffset.fromMap(offset));
                }
            });
        }
        return offsets;
    }

    @Override
    public void stop() {
        stopping = true;
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                if (!scheduler.awaitTermination(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                    log.warn("Shard discovery did not stop within {} ms", STOP_TIMEOUT_MS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
        if (consumers != null && config.deregisterConsumerOnStop()) {
            consumerArns.forEach(consumers::deregister);
        }
        closeClients();
        log.info("Connector '{}' stopped", props == null ? "?" : props.getOrDefault("name", "kinesis-source"));
    }

    private void closeClients() {
        if (fanOut != null) {
            try {
                fanOut.close();
            } catch (RuntimeException e) {
                log.warn("Failed to close the asynchronous Kinesis client", e);
            }
            fanOut = null;
        }
        consumers = null;
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
    }

    /**
     * Supported, and true by construction: every record carries the offset that resumes right after it (the
     * sub-sequence number inside an aggregate, the shard-end marker on a shard's last record, and dead letters
     * too), and a task reads each shard only from its stored offset, polling or with enhanced fan-out alike. So the records and offsets the worker
     * commits in one transaction always agree, and a restarted task emits nothing twice.
     */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /**
     * Accepts offsets in this connector's layout ({@link ShardOffset}), and null to reset a shard to the
     * configured start position; refuses anything else with a message saying what is wrong.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        offsets.forEach((partition, offset) -> {
            ShardOffset.validatePartition(partition);
            if (offset != null) {
                ShardOffset.fromMap(offset);
            }
        });
        return true;
    }
}
