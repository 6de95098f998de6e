package io.kkbridge.connect.kinesis.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;

/**
 * Runs a {@link KinesisSourceTask} against a {@link FakeKinesisProxy} (and a {@link FakeFanOutProxy} when set) on a
 * {@link MutableClock}, as a worker would:
 * offsets come from {@link InMemoryOffsets}, idle waits move the clock instead of sleeping, and the offsets of polled
 * records are committed unless told otherwise.
 */
final class TaskDriver {

    static final String CONNECTOR = "test-connector";

    final MutableClock clock;
    final FakeKinesisProxy kinesis;
    final InMemoryOffsets offsets;
    final List<Long> idleWaits = new ArrayList<>();
    final List<List<SourceRecord>> polls = new ArrayList<>();
    boolean commitPolledRecords = true;
    /** The enhanced fan-out the task gets with kinesis.consumer.type=EFO; null for none. */
    FakeFanOutProxy fanOut;
    KinesisSourceTask task;

    TaskDriver(FakeKinesisProxy kinesis, MutableClock clock, InMemoryOffsets offsets) {
        this.kinesis = kinesis;
        this.clock = clock;
        this.offsets = offsets;
    }

    static Map<String, String> baseProps(String streams) {
        Map<String, String> props = new HashMap<>();
        props.put("name", CONNECTOR);
        props.put(KinesisSourceConfig.STREAMS_CONFIG, streams);
        props.put("aws.region", "eu-west-1");
        return props;
    }

    /** Props of a task at index 0 reading {@code shards}. */
    static Map<String, String> taskProps(Map<String, String> base, int taskIndex, List<AssignedShard> shards,
                                         Set<String> newShardKeys) {
        Map<String, String> props = new HashMap<>(base);
        props.putAll(new TaskAssignment(taskIndex, shards, newShardKeys).toProps());
        return props;
    }

    static AssignedShard shard(String stream, String shardId, String... parents) {
        return new AssignedShard(stream, shardId, List.of(parents));
    }

    KinesisSourceTask start(Map<String, String> props) {
        task = new KinesisSourceTask(config -> kinesis, config -> fanOut, clock, millis -> {
            idleWaits.add(millis);
            clock.advance(millis);
        });
        task.initialize(new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return props;
            }

            @Override
            public org.apache.kafka.connect.storage.OffsetStorageReader offsetStorageReader() {
                return offsets;
            }
        });
        task.start(props);
        return task;
    }

    /** One poll; an empty list for null. */
    List<SourceRecord> poll() {
        List<SourceRecord> records = task.poll();
        List<SourceRecord> result = records == null ? List.of() : records;
        polls.add(result);
        if (commitPolledRecords) {
            offsets.commit(result);
        }
        return result;
    }

    /** Polls until {@code done} holds for everything polled so far, or {@code maxPolls} polls; returns it all. */
    List<SourceRecord> pollUntil(Predicate<List<SourceRecord>> done, int maxPolls) {
        List<SourceRecord> all = new ArrayList<>();
        for (int i = 0; i < maxPolls && !done.test(all); i++) {
            all.addAll(poll());
        }
        return all;
    }

    /** Polls {@code count} times; returns what was read. */
    List<SourceRecord> poll(int count) {
        List<SourceRecord> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.addAll(poll());
        }
        return all;
    }

    static List<String> values(List<SourceRecord> records) {
        return records.stream().map(record -> new String((byte[]) record.value(),
                java.nio.charset.StandardCharsets.UTF_8)).toList();
    }
}
