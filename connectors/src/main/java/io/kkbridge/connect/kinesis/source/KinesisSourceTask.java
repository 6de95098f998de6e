package io.kkbridge.connect.kinesis.source;

import io.kkbridge.connect.PluginVersion;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.ChildShard;

/**
 * Reads the shards the connector assigned to this task (see {@link TaskAssignment}), one {@link ShardReader} each.
 *
 * <p>{@link #poll()} gives each shard that is due one GetRecords call, in round-robin order, and returns what they
 * read; it never sleeps for a backoff. When nothing was read it waits at most {@value #MAX_IDLE_MS} ms (less when a
 * shard is due sooner) so that the worker does not spin, and returns null. {@link #stop()} wakes that wait.
 *
 * <p>Parent before child: a child shard starts once every parent is finished. A parent this task reads is finished
 * when its reader reached the shard end, checked at the start of each poll, so its records were already returned
 * by an earlier poll and are sent before the child's. A parent another task reads is checked by its committed offset
 * ({@link ParentShardCheck}) every {@code kinesis.parent.shard.check.interval.ms}.
 *
 * <p>With {@code kinesis.consumer.type=EFO} each reader takes its records from a SubscribeToShard subscription
 * ({@link FanOutShardFetcher}) instead of GetRecords calls; everything else is the same, offsets included. An event
 * that arrives wakes a waiting poll. When a shard's last event announces child shards that did not exist when the
 * connector assigned the shards, and this task reads all their parents, the task reads them too (after their parents,
 * as above) rather than wait for the connector's next shard discovery; see {@link FanOutTaskConfig}.
 */
public final class KinesisSourceTask extends SourceTask {

    static final long MAX_IDLE_MS = 100;
    static final long POLL_TIME_BUDGET_MS = 1_000;
    static final int MAX_RECORDS_PER_POLL = 10_000;

    private static final Logger log = LoggerFactory.getLogger(KinesisSourceTask.class);

    /** Waits while nothing is due; a seam so tests need not sleep. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final Function<KinesisSourceConfig, KinesisProxy> proxyFactory;
    private final Function<KinesisSourceConfig, KinesisFanOutProxy> fanOutFactory;
    private final Clock clock;
    private final Sleeper sleeper;

    private final Object lock = new Object();
    private boolean stopping;
    private boolean polling;
    private boolean released;
    /** Set when a subscription delivered something since the last wait; guarded by {@link #lock}. */
    private boolean arrived;

    private KinesisSourceConfig config;
    private TaskAssignment assignment;
    private KinesisProxy proxy;
    private KinesisFanOutProxy fanOut;
    private ExecutorService consumerLookups;
    private ConsumerLookup consumers;
    private FanOutTaskConfig fanOutConfig;
    private ReadSettings settings;
    private ShardMetricsRegistry metricsRegistry;
    private final List<ShardReader> readers = new ArrayList<>();
    private final Map<String, ShardReader> readersByKey = new LinkedHashMap<>();
    private ParentShardCheck parentCheck;
    private final Set<String> finishedRemoteParents = new HashSet<>();
    private long nextParentCheck;
    /** Whether a waiting child needs a parent of another task: then {@link #nextParentCheck} is a wake-up time. */
    private boolean waitingOnRemoteParent;
    private int cursor;

    public KinesisSourceTask() {
        this(config -> SdkKinesisProxy.create(config.awsSettings()), SdkKinesisFanOutProxy::create,
                Clock.systemUTC(), null);
    }

    KinesisSourceTask(Function<KinesisSourceConfig, KinesisProxy> proxyFactory, Clock clock, Sleeper sleeper) {
        this(proxyFactory, config -> {
            throw new IllegalStateException("no enhanced fan-out client in this set-up");
        }, clock, sleeper);
    }

    /** @param sleeper null for the real wait, which {@link #stop()} and arriving events interrupt */
    KinesisSourceTask(Function<KinesisSourceConfig, KinesisProxy> proxyFactory,
                      Function<KinesisSourceConfig, KinesisFanOutProxy> fanOutFactory, Clock clock, Sleeper sleeper) {
        this.proxyFactory = proxyFactory;
        this.fanOutFactory = fanOutFactory;
        this.clock = clock;
        this.sleeper = sleeper == null ? this::waitUnlessStopping : sleeper;
    }

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new KinesisSourceConfig(props);
        assignment = TaskAssignment.fromProps(props);
        String connectorName = props.getOrDefault("name", "kinesis-source");
        settings = ReadSettings.from(config);
        proxy = proxyFactory.apply(config);
        try {
            if (config.consumerType() == ConsumerType.EFO) {
                startFanOut(props, connectorName);
            }
            metricsRegistry = new ShardMetricsRegistry(connectorName, assignment.taskIndex());
            Map<String, ShardOffset> offsets = storedOffsets();
            for (AssignedShard shard : assignment.shards()) {
                addReader(shard, offsets.get(shard.key()), startPosition(shard.key()));
            }
            parentCheck = new ParentShardCheck(proxy, context.offsetStorageReader(), settings);
            nextParentCheck = clock.millis();
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        log.info("Task {} of connector '{}' started with {} shards ({}): {}", assignment.taskIndex(), connectorName,
                readers.size(), config.consumerType() == ConsumerType.EFO
                        ? "enhanced fan-out as consumer '" + consumers.consumerName() + "'" : "polling",
                readers.stream().map(this::describe).collect(Collectors.joining(", ")));
    }

    private void startFanOut(Map<String, String> props, String connectorName) {
        fanOut = fanOutFactory.apply(config);
        fanOutConfig = FanOutTaskConfig.fromProps(props);
        consumerLookups = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kinesis-consumer-lookup-" + connectorName + "-"
                    + assignment.taskIndex());
            thread.setDaemon(true);
            return thread;
        });
        consumers = new TaskConsumerLookup(StreamConsumers.from(config, connectorName, fanOut),
                fanOutConfig.consumerArns(), consumerLookups);
    }

    private void addReader(AssignedShard shard, ShardOffset offset, IteratorPosition startPosition) {
        ShardMetrics metrics = metricsRegistry.register(shard.stream(), shard.shardId());
        ShardFetcher fetcher = fanOut == null ? new PollingShardFetcher(shard, settings, proxy, metrics)
                : new FanOutShardFetcher(shard, settings, fanOut, proxy, consumers, metrics, this::wakeUp);
        ShardReader reader = new ShardReader(shard, offset, startPosition, settings, fetcher,
                new KinesisRecordConverter(shard.stream(), shard.shardId(), config.topicFor(shard.stream())),
                metrics);
        readers.add(reader);
        readersByKey.put(shard.key(), reader);
    }

    private Map<String, ShardOffset> storedOffsets() {
        List<Map<String, String>> partitions = assignment.shards().stream()
                .map(shard -> ShardOffset.partition(shard.stream(), shard.shardId())).toList();
        Map<Map<String, String>, Map<String, Object>> stored = context.offsetStorageReader().offsets(partitions);
        Map<String, ShardOffset> offsets = new LinkedHashMap<>();
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

    /**
     * Where a shard without an offset starts. With LATEST, a shard that resharding created after the connector
     * started starts at its beginning: everything in it arrived after the start, and it may hold records written
     * while it waited for its parents.
     */
    private IteratorPosition startPosition(String shardKey) {
        return startPosition(assignment.newShardKeys().contains(shardKey));
    }

    private IteratorPosition startPosition(boolean newShard) {
        return switch (config.startPosition()) {
            case TRIM_HORIZON -> IteratorPosition.trimHorizon();
            case AT_TIMESTAMP -> IteratorPosition.atTimestamp(config.startTimestamp().orElseThrow());
            case LATEST -> newShard ? IteratorPosition.trimHorizon() : IteratorPosition.latest();
        };
    }

    private String describe(ShardReader reader) {
        return reader.shard().key() + " (" + reader.state()
                + (reader.position() == null ? ", from " + reader.startPosition() : ", after " + reader.position())
                + ")";
    }

    @Override
    public List<SourceRecord> poll() {
        synchronized (lock) {
            if (stopping) {
                return null;
            }
            polling = true;
        }
        try {
            return pollShards();
        } catch (RuntimeException e) {
            if (isStopping()) { // an interrupted or aborted call while stopping is no failure
                log.debug("Ignoring a failure while stopping", e);
                return null;
            }
            throw e;
        } finally {
            synchronized (lock) {
                polling = false;
                if (stopping) {
                    release();
                }
            }
        }
    }

    private List<SourceRecord> pollShards() {
        long started = clock.millis();
        releaseChildren(started);
        List<SourceRecord> batch = new ArrayList<>();
        List<ShardReader> endedNow = new ArrayList<>();
        int count = readers.size();
        for (int i = 0; i < count && !isStopping(); i++) {
            ShardReader reader = readers.get((cursor + i) % count);
            long now = clock.millis();
            if (reader.isDue(now)) {
                batch.addAll(reader.read(now));
                if (reader.state() == ShardReader.State.ENDED && reader.end() != null) {
                    endedNow.add(reader);
                }
            }
            if (batch.size() >= MAX_RECORDS_PER_POLL || clock.millis() - started >= POLL_TIME_BUDGET_MS) {
                break;
            }
        }
        if (fanOutConfig != null) {
            endedNow.forEach(this::readAnnouncedChildren);
        }
        // rotating the first shard keeps the time budget from starving the shards at the end of the list
        cursor = count == 0 ? 0 : (cursor + 1) % count;
        if (!batch.isEmpty()) {
            return batch;
        }
        if (!releaseChildren(clock.millis()) && !isStopping()) {
            idle();
        }
        return null;
    }

    /** Starts the waiting children whose parents are all finished; true when one started. */
    private boolean releaseChildren(long now) {
        boolean remoteCheckDue = now >= nextParentCheck;
        boolean checkedRemote = false;
        boolean started = false;
        waitingOnRemoteParent = false;
        for (ShardReader reader : readers) {
            if (reader.state() != ShardReader.State.WAITING_FOR_PARENTS) {
                continue;
            }
            boolean parentsFinished = true;
            for (String parentId : reader.shard().parentShardIds()) {
                String parentKey = reader.shard().parentKey(parentId);
                ShardReader local = readersByKey.get(parentKey);
                if (local != null) {
                    parentsFinished &= local.state() == ShardReader.State.ENDED;
                } else if (!finishedRemoteParents.contains(parentKey)) {
                    if (remoteCheckDue && parentCheck.isFinished(reader.shard().stream(), parentId,
                            startPosition(parentKey))) {
                        log.info("Parent shard {} (read by another task) is finished", parentKey);
                        finishedRemoteParents.add(parentKey);
                    } else {
                        parentsFinished = false;
                        waitingOnRemoteParent = true;
                    }
                    checkedRemote |= remoteCheckDue;
                }
            }
            if (parentsFinished) {
                reader.startReading();
                started = true;
            }
        }
        if (checkedRemote) {
            nextParentCheck = now + config.parentCheckInterval().toMillis();
        }
        return started;
    }

    /**
     * Takes on the child shards the parent's end announced, when no task was given them (the parent was open when
     * the connector listed the shards) and this task reads all their parents. They wait for their parents as
     * assigned children do.
     */
    private void readAnnouncedChildren(ShardReader parent) {
        String stream = parent.shard().stream();
        if (!fanOutConfig.wasOpenWhenListed(parent.shard().key())) {
            return; // its children were listed too, and assigned to this task or another
        }
        for (ChildShard child : parent.end().childShards()) {
            String childKey = ShardDescription.key(stream, child.shardId());
            if (readersByKey.containsKey(childKey)) {
                continue;
            }
            List<String> otherParents = child.parentShards().stream()
                    .filter(parentId -> !readersByKey.containsKey(ShardDescription.key(stream, parentId))
                            || !fanOutConfig.wasOpenWhenListed(ShardDescription.key(stream, parentId)))
                    .toList();
            if (!otherParents.isEmpty()) {
                log.info("Child shard {} of stream '{}' has parents {} this task was not given open; it is left to the "
                        + "connector's shard discovery", child.shardId(), stream, otherParents);
                continue;
            }
            AssignedShard shard = new AssignedShard(stream, child.shardId(), child.parentShards());
            Map<String, Object> stored = context.offsetStorageReader()
                    .offset(ShardOffset.partition(stream, child.shardId()));
            addReader(shard, stored == null ? null : ShardOffset.fromMap(stored), startPosition(true));
            log.info("Reading child shard {} of stream '{}' (parents {}) that the end of shard {} announced",
                    child.shardId(), stream, child.parentShards(), parent.shard().shardId());
        }
    }

    private void idle() {
        long now = clock.millis();
        long wakeUp = now + MAX_IDLE_MS;
        for (ShardReader reader : readers) {
            if (reader.state() == ShardReader.State.READING) {
                wakeUp = Math.min(wakeUp, reader.notBefore());
            }
        }
        if (waitingOnRemoteParent) {
            wakeUp = Math.min(wakeUp, nextParentCheck);
        }
        long wait = wakeUp - now;
        if (wait <= 0) {
            return;
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void waitUnlessStopping(long millis) throws InterruptedException {
        synchronized (lock) {
            if (!stopping && !arrived) {
                lock.wait(millis);
            }
            arrived = false;
        }
    }

    /** Called from the client's threads when a subscription delivered something. */
    private void wakeUp() {
        synchronized (lock) {
            arrived = true;
            lock.notifyAll();
        }
    }

    private boolean isStopping() {
        synchronized (lock) {
            return stopping;
        }
    }

    /**
     * Prompt: wakes a waiting poll and releases the AWS client and the metrics at once, or, when a poll is in an AWS
     * call, as soon as that call returns (aborting a request mid-flight can kill a local emulator).
     */
    @Override
    public void stop() {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
            if (!polling) {
                release();
            }
        }
    }

    private void release() {
        synchronized (lock) {
            if (released) {
                return;
            }
            released = true;
        }
        readers.forEach(ShardReader::close);
        if (consumerLookups != null) {
            consumerLookups.shutdownNow();
        }
        if (metricsRegistry != null) {
            metricsRegistry.close();
        }
        if (fanOut != null) {
            closeInBackground(fanOut);
        }
        if (proxy != null) {
            try {
                proxy.close();
            } catch (RuntimeException e) {
                log.warn("Failed to close the Kinesis client", e);
            }
        }
        log.info("Kinesis source task {} stopped", assignment == null ? "?" : assignment.taskIndex());
    }

    /**
     * Netty's client waits for its HTTP/2 connections and event loops, which can take longer than the worker gives a
     * stopping task (5 s): the subscriptions are cancelled already, so the close goes on on a thread of its own.
     */
    private void closeInBackground(KinesisFanOutProxy client) {
        Thread closer = new Thread(() -> {
            try {
                client.close();
            } catch (RuntimeException e) {
                log.warn("Failed to close the asynchronous Kinesis client", e);
            }
        }, "kinesis-efo-client-close-" + (assignment == null ? "?" : assignment.taskIndex()));
        closer.setDaemon(true);
        closer.start();
    }

    /** For tests: the reader of {@code stream/shardId}. */
    ShardReader reader(String shardKey) {
        return readersByKey.get(shardKey);
    }
}
