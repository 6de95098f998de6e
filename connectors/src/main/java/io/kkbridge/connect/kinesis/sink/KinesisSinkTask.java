package io.kkbridge.connect.kinesis.sink;

import io.kkbridge.connect.aws.AwsErrorClassifier;
import io.kkbridge.connect.aws.RetryPolicy;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts Kafka records into Kinesis streams with PutRecords; see {@link PutDispatcher} for batching, ordering and
 * retries and {@link BatchingSink} for offsets, bad records and null values.
 */
public class KinesisSinkTask extends BatchingSinkTask<KinesisSinkConfig, KinesisPutClient> {

    private static final Logger log = LoggerFactory.getLogger(KinesisSinkTask.class);

    public KinesisSinkTask() {
        this(config -> KinesisPutClient.create(config.awsSettings()),
                config -> new ThreadPoolSinkScheduler(ThreadPoolSinkScheduler.threadNamePrefix("kinesis-sink",
                        config.originals()), config.maxInFlightRequests()));
    }

    /** For tests: a scripted client and a manual scheduler. */
    KinesisSinkTask(Function<KinesisSinkConfig, KinesisPutClient> clients,
                    Function<KinesisSinkConfig, SinkScheduler> schedulers) {
        super(clients, schedulers);
    }

    @Override
    protected KinesisSinkConfig parseConfig(Map<String, String> props) {
        return new KinesisSinkConfig(props);
    }

    @Override
    protected BatchingSink createSink(KinesisSinkConfig config, Map<String, String> props, KinesisPutClient client,
                                      SinkScheduler scheduler) {
        Destinations destinations = config.destinations();
        AcknowledgedOffsets offsets = new AcknowledgedOffsets();
        PutDispatcher.Settings settings = new PutDispatcher.Settings(PutRecordsSender.OPERATION,
                config.maxInFlightRequests(), config.batchLinger(), RetryPolicy.from(config.awsSettings()),
                new AwsErrorClassifier(config.awsSettings()), destinations::resource);
        PutDispatcher dispatcher = new PutDispatcher(settings, batchBuilders(config), new PutRecordsSender(client),
                offsets, scheduler);
        BatchingSink sink = new BatchingSink(new KinesisRecordPreparer(destinations,
                PartitionKeyExtractor.from(config)), dispatcher, offsets, BadRecordHandler.create(props, context), context,
                BatchingSink.BufferLimits.forBatches(config.batchMaxRecords(), config.batchMaxBytes(),
                        config.maxInFlightRequests()), config.flushTimeout());
        log.info("Kinesis sink task started: stream {}, partition key from {}, aggregation {}, up to {} records "
                        + "and {} bytes per request, linger {} ms, {} requests in flight",
                destinations.describe(), config.partitionKeySource(), config.aggregationEnabled() ? "on" : "off",
                config.batchMaxRecords(), config.batchMaxBytes(), config.batchLinger().toMillis(),
                config.maxInFlightRequests());
        return sink;
    }

    private static Supplier<BatchBuilder> batchBuilders(KinesisSinkConfig config) {
        int maxRecords = config.batchMaxRecords();
        int maxBytes = config.batchMaxBytes();
        return config.aggregationEnabled()
                ? () -> new AggregatingBatchBuilder(maxRecords, maxBytes)
                : () -> new PlainBatchBuilder(maxRecords, maxBytes);
    }
}
