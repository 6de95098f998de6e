package io.kkbridge.connect.firehose;

import io.kkbridge.connect.PluginVersion;
import io.kkbridge.connect.aws.AwsErrorClassifier;
import io.kkbridge.connect.aws.RetryPolicy;
import io.kkbridge.connect.kinesis.sink.AcknowledgedOffsets;
import io.kkbridge.connect.kinesis.sink.BadRecordHandler;
import io.kkbridge.connect.kinesis.sink.BatchingSink;
import io.kkbridge.connect.kinesis.sink.Destinations;
import io.kkbridge.connect.kinesis.sink.PlainBatchBuilder;
import io.kkbridge.connect.kinesis.sink.PutDispatcher;
import io.kkbridge.connect.kinesis.sink.SinkScheduler;
import io.kkbridge.connect.kinesis.sink.ThreadPoolSinkScheduler;
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
 * Puts Kafka records into Firehose delivery streams with PutRecordBatch; see {@link PutDispatcher} for batching and
 * retries and {@link BatchingSink} for offsets, bad records and null values.
 */
public class FirehoseSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(FirehoseSinkTask.class);

    private final Function<FirehoseSinkConfig, FirehosePutClient> clients;
    private final Function<FirehoseSinkConfig, SinkScheduler> schedulers;

    private FirehosePutClient client;
    private SinkScheduler scheduler;
    private BatchingSink sink;

    public FirehoseSinkTask() {
        this(config -> FirehosePutClient.create(config.awsSettings()),
                config -> new ThreadPoolSinkScheduler(ThreadPoolSinkScheduler.threadNamePrefix("firehose-sink",
                        config.originals()), config.maxInFlightRequests()));
    }

    /** For tests: a scripted client and a manual scheduler. */
    FirehoseSinkTask(Function<FirehoseSinkConfig, FirehosePutClient> clients,
                     Function<FirehoseSinkConfig, SinkScheduler> schedulers) {
        this.clients = clients;
        this.schedulers = schedulers;
    }

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        FirehoseSinkConfig config = new FirehoseSinkConfig(props);
        Destinations destinations = config.destinations();
        RecordDelimiter delimiter = config.recordDelimiter();
        client = clients.apply(config);
        scheduler = schedulers.apply(config);
        AcknowledgedOffsets offsets = new AcknowledgedOffsets();
        PutDispatcher.Settings settings = new PutDispatcher.Settings(PutRecordBatchSender.OPERATION,
                config.maxInFlightRequests(), config.batchLinger(), RetryPolicy.from(config.awsSettings()),
                new AwsErrorClassifier(config.awsSettings()), destinations::resource);
        int maxRecords = config.batchMaxRecords();
        int maxBytes = config.batchMaxBytes();
        PutDispatcher dispatcher = new PutDispatcher(settings, () -> new PlainBatchBuilder(maxRecords, maxBytes),
                new PutRecordBatchSender(client), offsets, scheduler);
        sink = new BatchingSink(new FirehoseRecordPreparer(destinations, delimiter), dispatcher, offsets,
                BadRecordHandler.create(props, context), context,
                BatchingSink.BufferLimits.forBatches(maxRecords, maxBytes, config.maxInFlightRequests()),
                config.flushTimeout());
        log.info("Firehose sink task started: delivery stream {}, delimiter {}, up to {} records and {} bytes per "
                        + "request, linger {} ms, {} requests in flight", destinations.describe(), delimiter,
                maxRecords, maxBytes, config.batchLinger().toMillis(), config.maxInFlightRequests());
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
