package io.kkbridge.connect.kinesis.sink;

import io.kkbridge.connect.aws.AwsConfigFragment;
import io.kkbridge.connect.aws.AwsResource;
import io.kkbridge.connect.aws.AwsSettings;
import io.kkbridge.connect.config.EnumValidator;
import io.kkbridge.connect.config.NonEmptyStringValidator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/** The Kinesis sink connector's settings: one {@link ConfigDef}, typed getters, and the cross-key rules. */
public final class KinesisSinkConfig extends AbstractConfig {

    /** PutRecords: at most 500 records and 5 MiB (data plus partition keys) per request. */
    public static final int MAX_RECORDS_PER_REQUEST = 500;
    public static final int MAX_BYTES_PER_REQUEST = 5 * 1024 * 1024;

    public static final String KINESIS_GROUP = "Kinesis";
    public static final String PARTITION_KEY_GROUP = "Partition key";
    public static final String BATCHING_GROUP = "Batching";

    public static final String STREAM_CONFIG = "kinesis.stream";
    public static final String STREAM_MAPPING_CONFIG = "kinesis.stream.mapping";
    public static final String PARTITION_KEY_SOURCE_CONFIG = "kinesis.partition.key.source";
    public static final String PARTITION_KEY_FIELD_CONFIG = "kinesis.partition.key.field";
    public static final String PARTITION_KEY_HEADER_CONFIG = "kinesis.partition.key.header";
    public static final String BATCH_LINGER_MS_CONFIG = "kinesis.batch.linger.ms";
    public static final String BATCH_MAX_RECORDS_CONFIG = "kinesis.batch.max.records";
    public static final String BATCH_MAX_BYTES_CONFIG = "kinesis.batch.max.bytes";
    public static final String MAX_IN_FLIGHT_REQUESTS_CONFIG = "kinesis.max.in.flight.requests";
    public static final String FLUSH_TIMEOUT_MS_CONFIG = "kinesis.flush.timeout.ms";
    public static final String AGGREGATION_ENABLED_CONFIG = "kinesis.aggregation.enabled";

    public static final String STREAM_DOC = "Kinesis stream that every record goes to. Set this or "
            + STREAM_MAPPING_CONFIG + ", not both.";
    public static final String STREAM_MAPPING_DOC = "Kinesis stream per Kafka topic, as topic:stream entries, "
            + "comma-separated, such as user-activity.usa:user-activity-usa,user-activity.international:"
            + "user-activity-international. Every topic in 'topics' needs an entry; with 'topics.regex', a record "
            + "whose topic has no entry fails the task. A topic renamed by a transformation is looked up by its new "
            + "name first, then by its original one. Set this or " + STREAM_CONFIG + ", not both.";
    public static final String PARTITION_KEY_SOURCE_DOC = "Where each record's Kinesis partition key comes from: "
            + "RECORD_KEY (the Kafka key as text: a string, a number, or UTF-8 bytes), FIELD (a field of the JSON "
            + "value, see " + PARTITION_KEY_FIELD_CONFIG + "), HEADER (a header's value, see "
            + PARTITION_KEY_HEADER_CONFIG + ") or KAFKA_PARTITION (the Kafka partition number, which keeps each "
            + "Kafka partition's order on one shard). Records with the same partition key reach Kinesis in order. "
            + "A key must have 1 to 256 characters; a record without a usable key goes to the errant record "
            + "reporter with errors.tolerance=all and fails the task otherwise.";
    public static final String PARTITION_KEY_SOURCE_DEFAULT = PartitionKeySource.RECORD_KEY.name();
    public static final String PARTITION_KEY_FIELD_DOC = "Path of the JSON value's field that is the partition "
            + "key, field names separated by dots, such as customer.id. The field must be a string, a number or a "
            + "boolean; its text is the key. Only with " + PARTITION_KEY_SOURCE_CONFIG + "=FIELD.";
    public static final String PARTITION_KEY_HEADER_DOC = "Name of the header whose value is the partition key "
            + "(the last one, if the record has several). Only with " + PARTITION_KEY_SOURCE_CONFIG + "=HEADER.";
    public static final String BATCH_LINGER_MS_DOC = "Longest time a record waits for more records to fill a "
            + "PutRecords request. A full request goes at once; 0 sends whatever is there without waiting.";
    public static final long BATCH_LINGER_MS_DEFAULT = 100;
    public static final String BATCH_MAX_RECORDS_DOC = "Most Kinesis records in one PutRecords request, 1 to "
            + MAX_RECORDS_PER_REQUEST + " (the Kinesis limit). With aggregation, one Kinesis record carries many "
            + "Kafka records.";
    public static final int BATCH_MAX_RECORDS_DEFAULT = MAX_RECORDS_PER_REQUEST;
    public static final String BATCH_MAX_BYTES_DOC = "Most bytes in one PutRecords request, counting data and "
            + "partition keys as Kinesis does, up to " + MAX_BYTES_PER_REQUEST + " (5 MiB, the Kinesis limit). A "
            + "single record larger than this still goes, alone; no record is over the Kinesis record limit of "
            + "1 MiB, data and partition key together.";
    public static final int BATCH_MAX_BYTES_DEFAULT = MAX_BYTES_PER_REQUEST;
    public static final String MAX_IN_FLIGHT_REQUESTS_DOC = "Most PutRecords requests a task has open at once. "
            + "Concurrent requests always carry different partition keys, and a key's next record is sent only "
            + "after its previous one was accepted, so more requests add throughput across keys and never reorder "
            + "one key.";
    public static final int MAX_IN_FLIGHT_REQUESTS_DEFAULT = 5;
    public static final String FLUSH_TIMEOUT_MS_DOC = "Before offsets are committed (every offset.flush.interval.ms, "
            + "on a rebalance and on a graceful stop) the task sends what it holds at once and waits up to this long "
            + "for AWS to acknowledge it, so that a restart or a rebalance sends few records again. Only "
            + "acknowledged records are committed either way; 0 commits what is acknowledged without waiting.";
    public static final long FLUSH_TIMEOUT_MS_DEFAULT = 10_000;
    public static final String AGGREGATION_ENABLED_DOC = "Pack the records of one partition key into KPL "
            + "aggregated Kinesis records (up to 1 MiB each), as the Kinesis Producer Library does. Raises "
            + "throughput a lot when few keys carry many records; consumers must de-aggregate (the KCL, or this "
            + "project's source connector, do).";
    public static final boolean AGGREGATION_ENABLED_DEFAULT = false;

    private static final EnumValidator<PartitionKeySource> KEY_SOURCE_VALIDATOR =
            EnumValidator.of(PartitionKeySource.class);

    private final AwsSettings awsSettings;

    public KinesisSinkConfig(Map<?, ?> props) {
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
        def.define(STREAM_CONFIG, Type.STRING, null, StreamNameValidator.kinesisStream(), Importance.HIGH,
                STREAM_DOC, KINESIS_GROUP, ++order, Width.MEDIUM, "Kinesis stream");
        def.define(STREAM_MAPPING_CONFIG, Type.LIST, null,
                new TopicMappingValidator(StreamNameValidator.kinesisStream()), Importance.HIGH,
                STREAM_MAPPING_DOC, KINESIS_GROUP, ++order, Width.LONG, "Kinesis stream per topic");

        order = 0;
        def.define(PARTITION_KEY_SOURCE_CONFIG, Type.STRING, PARTITION_KEY_SOURCE_DEFAULT, KEY_SOURCE_VALIDATOR,
                Importance.HIGH, PARTITION_KEY_SOURCE_DOC, PARTITION_KEY_GROUP, ++order, Width.SHORT,
                "Partition key source");
        def.define(PARTITION_KEY_FIELD_CONFIG, Type.STRING, null, new JsonFieldPathValidator(), Importance.MEDIUM,
                PARTITION_KEY_FIELD_DOC, PARTITION_KEY_GROUP, ++order, Width.MEDIUM, "Partition key field");
        def.define(PARTITION_KEY_HEADER_CONFIG, Type.STRING, null, new NonEmptyStringValidator(),
                Importance.MEDIUM, PARTITION_KEY_HEADER_DOC, PARTITION_KEY_GROUP, ++order, Width.MEDIUM,
                "Partition key header");

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
        def.define(AGGREGATION_ENABLED_CONFIG, Type.BOOLEAN, AGGREGATION_ENABLED_DEFAULT, Importance.MEDIUM,
                AGGREGATION_ENABLED_DOC, BATCHING_GROUP, ++order, Width.SHORT, "KPL aggregation");
        return AwsConfigFragment.addTo(def);
    }

    private static SinkConfigRules rules() {
        return new SinkConfigRules(STREAM_CONFIG, STREAM_MAPPING_CONFIG, StreamNameValidator.kinesisStream(),
                KinesisSinkConfig::partitionKeyProblems);
    }

    /**
     * Adds an error message to each value that breaks a rule spanning several keys, the AWS rules included. For the
     * connector's {@code validate()}, so the REST API shows the message on the key to fix.
     *
     * @param props the connector's raw properties, for {@code topics}
     */
    public static void reportInvalidCombinations(List<ConfigValue> values, Map<String, String> props) {
        rules().report(values, props);
        AwsConfigFragment.reportInvalidCombinations(values);
    }

    private static void partitionKeyProblems(Function<String, Object> valueOf, Map<String, String> problems) {
        Object source = valueOf.apply(PARTITION_KEY_SOURCE_CONFIG);
        if (source == null) {
            return; // its own validator reports it
        }
        boolean field = PartitionKeySource.FIELD.name().equalsIgnoreCase(source.toString().trim());
        boolean header = PartitionKeySource.HEADER.name().equalsIgnoreCase(source.toString().trim());
        requireOnlyWith(valueOf, problems, PARTITION_KEY_FIELD_CONFIG, field, "FIELD");
        requireOnlyWith(valueOf, problems, PARTITION_KEY_HEADER_CONFIG, header, "HEADER");
    }

    private static void requireOnlyWith(Function<String, Object> valueOf, Map<String, String> problems, String key,
                                        boolean sourceSelected, String source) {
        boolean set = valueOf.apply(key) != null;
        if (sourceSelected && !set) {
            problems.put(key, key + " must be set when " + PARTITION_KEY_SOURCE_CONFIG + " is " + source);
        } else if (!sourceSelected && set) {
            problems.put(key, key + " only applies when " + PARTITION_KEY_SOURCE_CONFIG + " is " + source
                    + "; set that source or remove " + key);
        }
    }

    public AwsSettings awsSettings() {
        return awsSettings;
    }

    public Destinations destinations() {
        String stream = getString(STREAM_CONFIG);
        if (stream != null) {
            return Destinations.single(stream, STREAM_CONFIG, AwsResource::kinesisStream);
        }
        return Destinations.mapped(TopicMapping.parse(getList(STREAM_MAPPING_CONFIG),
                StreamNameValidator.kinesisStream()), STREAM_MAPPING_CONFIG, AwsResource::kinesisStream);
    }

    public PartitionKeySource partitionKeySource() {
        return KEY_SOURCE_VALIDATOR.parse(getString(PARTITION_KEY_SOURCE_CONFIG));
    }

    /** Set exactly when the source is FIELD. */
    public JsonFieldPath partitionKeyField() {
        String path = getString(PARTITION_KEY_FIELD_CONFIG);
        return path == null ? null : JsonFieldPath.parse(path);
    }

    /** Set exactly when the source is HEADER. */
    public String partitionKeyHeader() {
        return getString(PARTITION_KEY_HEADER_CONFIG);
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

    public boolean aggregationEnabled() {
        return getBoolean(AGGREGATION_ENABLED_CONFIG);
    }
}
