package io.kkbridge.connect.kinesis.sink;

import io.kkbridge.connect.PluginVersion;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle both AWS sink tasks share: parse the configuration, make the client and the request threads, and
 * hand every call on to the {@link BatchingSink}; on stop, release all three. Subclasses say how their service's
 * sink is put together ({@link #createSink}).
 *
 * @param <C> the connector's typed configuration
 * @param <P> the narrow AWS client the task puts records with
 */
public abstract class BatchingSinkTask<C, P extends AutoCloseable> extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(BatchingSinkTask.class);

    private final Function<C, P> clients;
    private final Function<C, SinkScheduler> schedulers;

    private P client;
    private SinkScheduler scheduler;
    private BatchingSink sink;

    /** @param clients and {@code schedulers}: real ones in production, a scripted client and a manual clock in tests */
    protected BatchingSinkTask(Function<C, P> clients, Function<C, SinkScheduler> schedulers) {
        this.clients = clients;
        this.schedulers = schedulers;
    }

    /** Parses the task's properties; a ConfigException names the setting. */
    protected abstract C parseConfig(Map<String, String> props);

    /** Puts the sink together for this service; {@code context} is set. */
    protected abstract BatchingSink createSink(C config, Map<String, String> props, P client, SinkScheduler scheduler);

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public final void start(Map<String, String> props) {
        C config = parseConfig(props);
        client = clients.apply(config);
        scheduler = schedulers.apply(config);
        sink = createSink(config, props, client, scheduler);
    }

    @Override
    public final void put(Collection<SinkRecord> records) {
        sink.put(records);
    }

    @Override
    public final Map<TopicPartition, OffsetAndMetadata> preCommit(
            Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        return sink.preCommit(currentOffsets);
    }

    @Override
    public final void open(Collection<TopicPartition> partitions) {
        if (sink != null) {
            sink.open(partitions);
        }
    }

    @Override
    public final void close(Collection<TopicPartition> partitions) {
        if (sink != null) {
            sink.close(partitions);
        }
    }

    @Override
    public final void stop() {
        if (sink != null) {
            sink.stop();
        }
        if (scheduler != null) {
            scheduler.close();
        }
        if (client != null) {
            try {
                client.close();
            } catch (Exception e) {
                log.warn("Closing the AWS client failed", e);
            }
        }
    }
}
