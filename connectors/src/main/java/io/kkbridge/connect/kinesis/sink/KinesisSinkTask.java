package io.kkbridge.connect.kinesis.sink;

import io.kkbridge.connect.PluginVersion;
import io.kkbridge.connect.aws.AwsErrorClassifier;
import io.kkbridge.connect.aws.RetryPolicy;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts Kafka records into Kinesis streams with PutRecords; see {@link PutDispatcher} for batching, ordering and
 * retries and {@link BatchingSink} for offsets, bad records and null values.
 */
public class KinesisSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(KinesisSinkTask.class);

    private final Function<KinesisSinkConfig, KinesisPutClient> clients;
    private final Function<KinesisSinkConfig, SinkScheduler> schedulers;

    private KinesisPutClient client;
    private SinkScheduler scheduler;
    private BatchingSink sink;

    public KinesisSinkTask() {
        this(config -> KinesisPutClient.create(config.awsSettings()),
                config -> new ThreadPoolSinkScheduler(ThreadPoolSinkScheduler.threadNamePrefix("kinesis-sink",
                        config.originals()), config.maxInFlightRequests()));
    }

    /** For tests: a scripted client and a manual scheduler. */
    KinesisSinkTask(Function<KinesisSinkConfig, KinesisPutClient> clients,
                    Function<KinesisSinkConfig, SinkScheduler> schedulers) {
        this.clients = clients;
        this.schedulers = schedulers;
    }

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        KinesisSinkConfig config = new KinesisSinkConfig(props);
        Destinations destinations = config.destinations();
        client = clients.apply(config);
        scheduler = schedulers.apply(config);
        AcknowledgedOffsets offsets = new AcknowledgedOffsets();
        PutDispatcher.Settings settings = new PutDispatcher.Settings(PutRecordsSender.OPERATION,
                config.maxInFlightRequests(), config.batchLinger(), RetryPolicy.from(config.awsSettings()),
                new AwsErrorClassifier(config.awsSettings()), destinations::resource);
        PutDispatcher dispatcher = new PutDispatcher(settings, batchBuilders(config), new PutRecordsSender(client),
                offsets, scheduler);
        sink = new BatchingSink(new KinesisRecordPreparer(destinations, PartitionKeyExtractor.from(config)),
                dispatcher, offsets, BadRecordHandler.create(props, context), context,
                BatchingSink.BufferLimits.forBatches(config.batchMaxRecords(), config.batchMaxBytes(),
                        config.maxInFlightRequests()), config.flushTimeout());
        log.info("Kinesis sink task started: stream {}, partition key from {}, aggregation {}, up to {} records "
                        + "and {} bytes per request, linger {} ms, {} requests in flight",
                destinations.describe(), config.partitionKeySource(), config.aggregationEnabled() ? "on" : "off",
                config.batchMaxRecords(), config.batchMaxBytes(), config.batchLinger().toMillis(),
                config.maxInFlightRequests());
    }

    private static Supplier<BatchBuilder> batchBuilders(KinesisSinkConfig config) {
        int maxRecords = config.batchMaxRecords();
        int maxBytes = config.batchMaxBytes();
        return config.aggregationEnabled()
                ? () -> new AggregatingBatchBuilder(maxRecords, maxBytes)
                : () -> new PlainBatchBuilder(maxRecords, maxBytes);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        sink.put(records);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        return sink.preCommit(currentOffsets);
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        if (sink != null) {
            sink.open(partitions);
        }
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (sink != null) {
            sink.close(partitions);
        }
    }

    @Override
    public void stop() {
        if (sink != null) {
            sink.stop();
        }
        if (scheduler != null) {
            scheduler.close();
        }
        if (client != null) {
            client.close();
        }
    }
}
