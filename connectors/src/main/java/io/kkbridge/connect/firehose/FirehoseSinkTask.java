package io.kkbridge.connect.firehose;

import io.kkbridge.connect.aws.AwsErrorClassifier;
import io.kkbridge.connect.aws.RetryPolicy;
import io.kkbridge.connect.kinesis.sink.AcknowledgedOffsets;
import io.kkbridge.connect.kinesis.sink.BadRecordHandler;
import io.kkbridge.connect.kinesis.sink.BatchingSink;
import io.kkbridge.connect.kinesis.sink.BatchingSinkTask;
import io.kkbridge.connect.kinesis.sink.Destinations;
import io.kkbridge.connect.kinesis.sink.PlainBatchBuilder;
import io.kkbridge.connect.kinesis.sink.PutDispatcher;
import io.kkbridge.connect.kinesis.sink.SinkScheduler;
import io.kkbridge.connect.kinesis.sink.ThreadPoolSinkScheduler;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts Kafka records into Firehose delivery streams with PutRecordBatch; see {@link PutDispatcher} for batching and
 * retries and {@link BatchingSink} for offsets, bad records and null values.
 */
public class FirehoseSinkTask extends BatchingSinkTask<FirehoseSinkConfig, FirehosePutClient> {

    private static final Logger log = LoggerFactory.getLogger(FirehoseSinkTask.class);

    public FirehoseSinkTask() {
        this(config -> FirehosePutClient.create(config.awsSettings()),
                config -> new ThreadPoolSinkScheduler(ThreadPoolSinkScheduler.threadNamePrefix("firehose-sink",
                        config.originals()), config.maxInFlightRequests()));
    }

    /** For tests: a scripted client and a manual scheduler. */
    FirehoseSinkTask(Function<FirehoseSinkConfig, FirehosePutClient> clients,
                     Function<FirehoseSinkConfig, SinkScheduler> schedulers) {
        super(clients, schedulers);
    }

    @Override
    protected FirehoseSinkConfig parseConfig(Map<String, String> props) {
        return new FirehoseSinkConfig(props);
    }

    @Override
    protected BatchingSink createSink(FirehoseSinkConfig config, Map<String, String> props, FirehosePutClient client,
                                      SinkScheduler scheduler) {
        Destinations destinations = config.destinations();
        RecordDelimiter delimiter = config.recordDelimiter();
        AcknowledgedOffsets offsets = new AcknowledgedOffsets();
        PutDispatcher.Settings settings = new PutDispatcher.Settings(PutRecordBatchSender.OPERATION,
                config.maxInFlightRequests(), config.batchLinger(), RetryPolicy.from(config.awsSettings()),
                new AwsErrorClassifier(config.awsSettings()), destinations::resource);
        int maxRecords = config.batchMaxRecords();
        int maxBytes = config.batchMaxBytes();
        PutDispatcher dispatcher = new PutDispatcher(settings, () -> new PlainBatchBuilder(maxRecords, maxBytes),
                new PutRecordBatchSender(client), offsets, scheduler);
        BatchingSink sink = new BatchingSink(new FirehoseRecordPreparer(destinations, delimiter), dispatcher, offsets,
                BadRecordHandler.create(props, context), context,
                BatchingSink.BufferLimits.forBatches(maxRecords, maxBytes, config.maxInFlightRequests()),
                config.flushTimeout());
        log.info("Firehose sink task started: delivery stream {}, delimiter {}, up to {} records and {} bytes per "
                        + "request, linger {} ms, {} requests in flight", destinations.describe(), delimiter,
                maxRecords, maxBytes, config.batchLinger().toMillis(), config.maxInFlightRequests());
        return sink;
    }
}
