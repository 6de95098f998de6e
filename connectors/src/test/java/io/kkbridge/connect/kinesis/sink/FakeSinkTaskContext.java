package io.kkbridge.connect.kinesis.sink;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkTaskContext;

/** A {@link SinkTaskContext} that records what the task asked of the worker. */
public final class FakeSinkTaskContext implements SinkTaskContext {

    private final ErrantRecordReporter reporter;
    private final Set<TopicPartition> assignment = new LinkedHashSet<>();
    private final Set<TopicPartition> paused = new LinkedHashSet<>();
    private long timeoutMs = -1;

    public FakeSinkTaskContext(ErrantRecordReporter reporter, TopicPartition... assignment) {
        this.reporter = reporter;
        this.assignment.addAll(List.of(assignment));
    }

    @Override
    public Map<String, String> configs() {
        return new HashMap<>();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        throw new UnsupportedOperationException("the sinks never rewind");
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
        throw new UnsupportedOperationException("the sinks never rewind");
    }

    @Override
    public void timeout(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    public long timeoutMs() {
        return timeoutMs;
    }

    @Override
    public Set<TopicPartition> assignment() {
        return Set.copyOf(assignment);
    }

    @Override
    public void pause(TopicPartition... partitions) {
        paused.addAll(List.of(partitions));
    }

    @Override
    public void resume(TopicPartition... partitions) {
        List.of(partitions).forEach(paused::remove);
    }

    /** A rebalance: the assignment becomes {@code partitions}, and paused partitions no longer owned are forgotten. */
    public void reassign(TopicPartition... partitions) {
        assignment.clear();
        assignment.addAll(List.of(partitions));
        paused.retainAll(assignment);
    }

    public Set<TopicPartition> paused() {
        return Set.copyOf(paused);
    }

    @Override
    public void requestCommit() {
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        return reporter;
    }
}
