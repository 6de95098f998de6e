package io.kkbridge.connect.firehose;

import io.kkbridge.connect.aws.AwsConfigFragment;
import io.kkbridge.connect.aws.AwsResource;
import io.kkbridge.connect.aws.AwsSettings;
import io.kkbridge.connect.kinesis.sink.Destinations;
import io.kkbridge.connect.kinesis.sink.SinkConfigRules;
import io.kkbridge.connect.kinesis.sink.StreamNameValidator;
import io.kkbridge.connect.kinesis.sink.TopicMapping;
import io.kkbridge.connect.kinesis.sink.TopicMappingValidator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/** The Firehose sink connector's settings: one {@link ConfigDef}, typed getters, and the cross-key rules. */
public final class FirehoseSinkConfig extends AbstractConfig {

    /** PutRecordBatch: at most 500 records and 4 MiB per request. */
    public static final int MAX_RECORDS_PER_REQUEST = 500;
    public static final int MAX_BYTES_PER_REQUEST = 4 * 1024 * 1024;

    public static final String FIREHOSE_GROUP = "Firehose";
    public static final String BATCHING_GROUP = "Batching";

    public static final String DELIVERY_STREAM_CONFIG = "firehose.delivery.stream";
    public static final String DELIVERY_STREAM_MAPPING_CONFIG = "firehose.delivery.stream.mapping";
    public static final String RECORD_DELIMITER_CONFIG = "firehose.record.delimiter";
    public static final String BATCH_LINGER_MS_CONFIG = "firehose.batch.linger.ms";
    public static final String BATCH_MAX_RECORDS_CONFIG = "firehose.batch.max.records";
    public static final String BATCH_MAX_BYTES_CONFIG = "firehose.batch.max.bytes";
    public static final String MAX_IN_FLIGHT_REQUESTS_CONFIG = "firehose.max.in.flight.requests";
    public static final String FLUSH_TIMEOUT_MS_CONFIG = "firehose.flush.timeout.ms";

    public static final String DELIVERY_STREAM_DOC = "Firehose delivery stream that every record goes to. Set this "
            + "or " + DELIVERY_STREAM_MAPPING_CONFIG + ", not both.";
    public static final String DELIVERY_STREAM_MAPPING_DOC = "Firehose delivery stream per Kafka topic, as "
            + "topic:stream entries, comma-separated, such as events.enriched:events-lake,sales.projection:"
            + "sales-lake. Every topic in 'topics' needs an entry; with 'topics.regex', a record whose topic has no "
            + "entry fails the task. A topic renamed by a transformation is looked up by its new name first, then "
            + "by its original one. Set this or " + DELIVERY_STREAM_CONFIG + ", not both.";
    public static final String RECORD_DELIMITER_DOC = "Bytes appended to each record unless its value already ends "
            + "with them, so that the objects Firehose writes hold one record per line. Escapes: \\n (line feed), "
            + "\\r (carriage return), \\t (tab), \\\\ (backslash), \\uXXXX (a UTF-16 code unit), as in \\r\\n. An "
            + "empty value appends nothing. The record limit of 1,000 KiB includes the delimiter.";
    public static final String RECORD_DELIMITER_DEFAULT = "\\n";
    public static final String BATCH_LINGER_MS_DOC = "Longest time a record waits for more records to fill a "
            + "PutRecordBatch request. A full request goes at once; 0 sends whatever is there without waiting.";
    public static final long BATCH_LINGER_MS_DEFAULT = 100;
    public static final String BATCH_MAX_RECORDS_DOC = "Most records in one PutRecordBatch request, 1 to "
            + MAX_RECORDS_PER_REQUEST + " (the Firehose limit).";
    public static final int BATCH_MAX_RECORDS_DEFAULT = MAX_RECORDS_PER_REQUEST;
    public static final String BATCH_MAX_BYTES_DOC = "Most bytes in one PutRecordBatch request, delimiters "
            + "included, up to " + MAX_BYTES_PER_REQUEST + " (4 MiB, the Firehose limit). A single record larger "
            + "than this still goes, alone; no record is over the Firehose record limit of 1,000 KiB.";
    public static final int BATCH_MAX_BYTES_DEFAULT = MAX_BYTES_PER_REQUEST;
    public static final String MAX_IN_FLIGHT_REQUESTS_DOC = "Most PutRecordBatch requests a task has open at "
            + "once. Firehose does not keep records in order, and neither does this sink across requests and "
            + "retries.";
    public static final int MAX_IN_FLIGHT_REQUESTS_DEFAULT = 5;
    public static final String FLUSH_TIMEOUT_MS_DOC = "Before offsets are committed (every offset.flush.interval.ms, "
            + "on a rebalance and on a graceful stop) the task sends what it holds at once and waits up to this long "
            + "for AWS to acknowledge it, so that a restart or a rebalance sends few records again. Only "
            + "acknowledged records are committed either way; 0 commits what is acknowledged without waiting.";
    public static final long FLUSH_TIMEOUT_MS_DEFAULT = 10_000;

    private final AwsSettings awsSettings;

    public FirehoseSinkConfig(Map<?, ?> props) {
        super(configDef(), props);
        Map<String, String> problems = rules().invalidCombinations(values()::get,
                Objects.toString(originals().get(SinkConfigRules.TOPICS_CONFIG), null));
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("; ", problems.values()));
        }
        this.awsSettings = AwsSettings.from(this);
    }

    public static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(DELIVERY_STREAM_CONFIG, Type.STRING, null, StreamNameValidator.firehoseDeliveryStream(),
                Importance.HIGH, DELIVERY_STREAM_DOC, FIREHOSE_GROUP, ++order, Width.MEDIUM, "Delivery stream");
        def.define(DELIVERY_STREAM_MAPPING_CONFIG, Type.LIST, null,
                new TopicMappingValidator(StreamNameValidator.firehoseDeliveryStream()), Importance.HIGH,
                DELIVERY_STREAM_MAPPING_DOC, FIREHOSE_GROUP, ++order, Width.LONG, "Delivery stream per topic");
        def.define(RECORD_DELIMITER_CONFIG, Type.STRING, RECORD_DELIMITER_DEFAULT, new RecordDelimiterValidator(),
                Importance.MEDIUM, RECORD_DELIMITER_DOC, FIREHOSE_GROUP, ++order, Width.SHORT, "Record delimiter");

        order = 0;
        def.define(BATCH_LINGER_MS_CONFIG, Type.LONG, BATCH_LINGER_MS_DEFAULT, Range.between(0, 60_000),
                Importance.MEDIUM, BATCH_LINGER_MS_DOC, BATCHING_GROUP, ++order, Width.SHORT, "Linger (ms)");
        def.define(BATCH_MAX_RECORDS_CONFIG, Type.INT, BATCH_MAX_RECORDS_DEFAULT,
                Range.between(1, MAX_RECORDS_PER_REQUEST), Importance.LOW, BATCH_MAX_RECORDS_DOC, BATCHING_GROUP,
                ++order, Width.SHORT, "Records per request");
        def.define(BATCH_MAX_BYTES_CONFIG, Type.INT, BATCH_MAX_BYTES_DEFAULT,
                Range.between(1024, MAX_BYTES_PER_REQUEST), Importance.LOW, BATCH_MAX_BYTES_DOC, BATCHING_GROUP,
                ++order, Width.SHORT, "Bytes per request");
        def.define(MAX_IN_FLIGHT_REQUESTS_CONFIG, Type.INT, MAX_IN_FLIGHT_REQUESTS_DEFAULT, Range.between(1, 50),
                Importance.LOW, MAX_IN_FLIGHT_REQUESTS_DOC, BATCHING_GROUP, ++order, Width.SHORT,
                "Requests in flight");
        def.define(FLUSH_TIMEOUT_MS_CONFIG, Type.LONG, FLUSH_TIMEOUT_MS_DEFAULT, Range.between(0, 120_000),
                Importance.LOW, FLUSH_TIMEOUT_MS_DOC, BATCHING_GROUP, ++order, Width.SHORT, "Flush timeout (ms)");
        return AwsConfigFragment.addTo(def);
    }

    private static SinkConfigRules rules() {
        return new SinkConfigRules(DELIVERY_STREAM_CONFIG, DELIVERY_STREAM_MAPPING_CONFIG,
                StreamNameValidator.firehoseDeliveryStream(), (valueOf, problems) -> { });
    }

    /**
     * Adds an error message to each value that breaks a rule spanning several keys, the AWS rules included.
     *
     * @param props the connector's raw properties, for {@code topics}
     */
    public static void reportInvalidCombinations(List<ConfigValue> values, Map<String, String> props) {
        rules().report(values, props);
        AwsConfigFragment.reportInvalidCombinations(values);
    }

    public AwsSettings awsSettings() {
        return awsSettings;
    }

    public Destinations destinations() {
        String stream = getString(DELIVERY_STREAM_CONFIG);
        if (stream != null) {
            return Destinations.single(stream, DELIVERY_STREAM_CONFIG, AwsResource::firehoseDeliveryStream);
        }
        return Destinations.mapped(TopicMapping.parse(getList(DELIVERY_STREAM_MAPPING_CONFIG),
                        StreamNameValidator.firehoseDeliveryStream()), DELIVERY_STREAM_MAPPING_CONFIG,
                AwsResource::firehoseDeliveryStream);
    }

    public RecordDelimiter recordDelimiter() {
        return RecordDelimiter.parse(getString(RECORD_DELIMITER_CONFIG));
    }

    public Duration batchLinger() {
        return Duration.ofMillis(getLong(BATCH_LINGER_MS_CONFIG));
    }

    public Duration flushTimeout() {
        return Duration.ofMillis(getLong(FLUSH_TIMEOUT_MS_CONFIG));
    }

    public int batchMaxRecords() {
        return getInt(BATCH_MAX_RECORDS_CONFIG);
    }

    public int batchMaxBytes() {
        return getInt(BATCH_MAX_BYTES_CONFIG);
    }

    public int maxInFlightRequests() {
        return getInt(MAX_IN_FLIGHT_REQUESTS_CONFIG);
    }
}
