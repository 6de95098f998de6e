package io.kkbridge.connect.kinesis.source;

import io.kkbridge.connect.aws.AwsConfigFragment;
import io.kkbridge.connect.aws.AwsSettings;
import io.kkbridge.connect.config.EnumValidator;
import io.kkbridge.connect.config.UrlValidator;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/** The Kinesis source connector's settings: one {@link ConfigDef}, typed getters, and the cross-key rules. */
public final class KinesisSourceConfig extends AbstractConfig {

    public static final String KINESIS_GROUP = "Kinesis";
    public static final String KAFKA_GROUP = "Kafka";
    public static final String READING_GROUP = "Reading";
    public static final String EFO_GROUP = "Enhanced fan-out";

    public static final String STREAMS_CONFIG = "kinesis.streams";
    public static final String STREAMS_DOC = "Kinesis streams to read, comma-separated. Each shard of each stream "
            + "is read in order; a child shard only after all its parents were read to their end.";

    public static final String POSITION_CONFIG = "kinesis.position";
    public static final String POSITION_DOC = "Where a shard without a stored offset starts: TRIM_HORIZON (the "
            + "oldest record still in the stream), LATEST (records that arrive after the connector started) or "
            + "AT_TIMESTAMP (records that arrived at or after " + "kinesis.position.timestamp). Shards with an offset "
            + "always resume after it. With LATEST, shards created by resharding after the connector started are "
            + "read from their beginning, so no record is skipped.";
    public static final String POSITION_DEFAULT = StartPosition.TRIM_HORIZON.name();

    public static final String POSITION_TIMESTAMP_CONFIG = "kinesis.position.timestamp";
    public static final String POSITION_TIMESTAMP_DOC = "Arrival time to start from with kinesis.position="
            + "AT_TIMESTAMP, as ISO-8601 with offset, such as 2024-05-01T08:00:00Z. Only with AT_TIMESTAMP.";

    public static final String DEAGGREGATE_CONFIG = "kinesis.deaggregate";
    public static final String DEAGGREGATE_DOC = "Split KPL aggregated records into their user records, one Kafka "
            + "record each, with the sub-sequence number in a header and the offset. When false, aggregates are "
            + "passed on as they are.";
    public static final boolean DEAGGREGATE_DEFAULT = true;

    public static final String TOPIC_FORMAT_CONFIG = "kafka.topic.format";
    public static final String TOPIC_FORMAT_DOC = "Kafka topic of a stream's records; ${stream} stands for the "
            + "stream name, as in ${stream}.raw.";
    public static final String TOPIC_FORMAT_DEFAULT = TopicFormatValidator.STREAM_PLACEHOLDER;

    public static final String DLQ_TOPIC_CONFIG = "kinesis.dlq.topic";
    public static final String DLQ_TOPIC_DOC = "Kafka topic for Kinesis records that cannot be read as KPL "
            + "aggregates although they carry the KPL magic: the record's data unchanged, with headers "
            + "kinesis.error.reason, kinesis.error.message, kinesis.stream, kinesis.shard.id and "
            + "kinesis.sequence.number. Unset: such a record fails the task, naming the record and the reason.";

    public static final String RECORDS_PER_REQUEST_CONFIG = "kinesis.records.per.request";
    public static final String RECORDS_PER_REQUEST_DOC = "Most records one GetRecords call returns (its Limit), "
            + "1 to 10000.";
    public static final int RECORDS_PER_REQUEST_DEFAULT = 10_000;

    public static final String EMPTY_SHARD_BACKOFF_MS_CONFIG = "kinesis.empty.shard.backoff.ms";
    public static final String EMPTY_SHARD_BACKOFF_MS_DOC = "Wait before reading a shard again after a GetRecords "
            + "call found nothing new at the tip of the shard. Calls on one shard are always at least 200 ms apart "
            + "(Kinesis allows 5 per second per shard, shared by all consumers).";
    public static final long EMPTY_SHARD_BACKOFF_MS_DEFAULT = 1_000;

    public static final String THROTTLE_BACKOFF_MS_CONFIG = "kinesis.throttle.backoff.ms";
    public static final String THROTTLE_BACKOFF_MS_DOC = "Backoff ceiling after a shard's read is throttled "
            + "(ProvisionedThroughputExceeded). It doubles with each throttle in a row, up to "
            + AwsConfigFragment.RETRY_BACKOFF_MAX_MS_CONFIG + "; the wait is random between half of it and it. "
            + "Throttling is never fatal: shard throughput is shared with other consumers.";
    public static final long THROTTLE_BACKOFF_MS_DEFAULT = 500;

    public static final String SHARD_DISCOVERY_INTERVAL_MS_CONFIG = "kinesis.shard.discovery.interval.ms";
    public static final String SHARD_DISCOVERY_INTERVAL_MS_DOC = "How often the connector lists the shards of "
            + "its streams to notice resharding; new or closed shards make it hand out new task assignments.";
    public static final long SHARD_DISCOVERY_INTERVAL_MS_DEFAULT = 30_000;

    public static final String PARENT_CHECK_INTERVAL_MS_CONFIG = "kinesis.parent.shard.check.interval.ms";
    public static final String PARENT_CHECK_INTERVAL_MS_DOC = "How often a task checks whether the parents of a "
            + "waiting child shard that another task reads have been read to their end (by their committed "
            + "offsets), before it starts the child. Parents read by the same task need no check. With EFO, also how "
            + "often a subscription that brings only empty events checks with one GetRecords call whether its shard "
            + "was closed and read to its end, in case the end's event named no child shards.";
    public static final long PARENT_CHECK_INTERVAL_MS_DEFAULT = 5_000;

    public static final String CONSUMER_TYPE_CONFIG = "kinesis.consumer.type";
    public static final String CONSUMER_TYPE_DOC = "How shards are read: POLLING (GetRecords calls, sharing each "
            + "shard's 2 MB/s and 5 calls/s with every other polling consumer) or EFO (enhanced fan-out: a "
            + "registered stream consumer to which Kinesis pushes each shard's records over HTTP/2 with "
            + "SubscribeToShard, with 2 MiB/s per shard of its own and lower latency). Both store the same offsets, "
            + "so a connector can switch and resume where it was.";
    public static final String CONSUMER_TYPE_DEFAULT = ConsumerType.POLLING.name();

    public static final String EFO_CONSUMER_NAME_CONFIG = "kinesis.efo.consumer.name";
    public static final String EFO_CONSUMER_NAME_DOC = "Name of the stream consumer with EFO, the same on every "
            + "stream. Unset: the connector's name, with characters a consumer name cannot hold replaced by '-'.";

    public static final String EFO_CONSUMER_REGISTER_CONFIG = "kinesis.efo.consumer.register";
    public static final String EFO_CONSUMER_REGISTER_DOC = "With EFO, whether the connector registers the stream "
            + "consumer when it does not exist (RegisterStreamConsumer) and waits until it is ACTIVE. When false, the "
            + "consumer must exist already, and the connector fails naming it if it does not.";
    public static final boolean EFO_CONSUMER_REGISTER_DEFAULT = true;

    public static final String EFO_CONSUMER_DEREGISTER_CONFIG = "kinesis.efo.consumer.deregister.on.stop";
    public static final String EFO_CONSUMER_DEREGISTER_DOC = "With EFO, whether the connector deregisters its "
            + "stream consumer when it stops, so that a deleted connector leaves no consumer behind. Connect does "
            + "not tell a connector why it stops: it is also deregistered when the connector is paused, "
            + "reconfigured or moves to another worker, and registered again when it starts. Only with "
            + EFO_CONSUMER_REGISTER_CONFIG + "=true: a consumer the connector did not register is never removed.";
    public static final boolean EFO_CONSUMER_DEREGISTER_DEFAULT = false;

    public static final String EFO_RENEWAL_MS_CONFIG = "kinesis.efo.subscription.renewal.ms";
    public static final String EFO_RENEWAL_MS_DOC = "With EFO, after how long a shard's subscription is replaced by "
            + "a new one that continues from the last event's continuation sequence number. Kinesis ends a "
            + "subscription after 5 minutes; renewing before that keeps the handover under the task's control.";
    public static final long EFO_RENEWAL_MS_DEFAULT = 270_000;

    public static final String EFO_BUFFERED_EVENTS_CONFIG = "kinesis.efo.buffered.events.per.shard";
    public static final String EFO_BUFFERED_EVENTS_DOC = "With EFO, how many SubscribeToShard events of one shard "
            + "are requested ahead of what the task has handed to Connect (reactive-streams request(n)). Kinesis "
            + "sends no more until the task takes one, so a slow Kafka producer slows the subscription down instead "
            + "of filling memory.";
    public static final int EFO_BUFFERED_EVENTS_DEFAULT = 4;

    public static final String EFO_ENDPOINT_OVERRIDE_CONFIG = "kinesis.efo.endpoint.override";
    public static final String EFO_ENDPOINT_OVERRIDE_DOC = "With EFO, URL that replaces the Kinesis endpoint for "
            + "the enhanced fan-out calls (RegisterStreamConsumer, DescribeStreamConsumer, SubscribeToShard), such "
            + "as a local emulator's TLS port. SubscribeToShard needs HTTP/2, which the client negotiates over "
            + "https only. Unset: " + AwsConfigFragment.ENDPOINT_OVERRIDE_CONFIG + ", or the regional endpoint.";

    public static final String EFO_TRUST_ALL_CERTIFICATES_CONFIG = "kinesis.efo.tls.trust.all.certificates";
    public static final String EFO_TRUST_ALL_CERTIFICATES_DOC = "With EFO, accept any TLS certificate and host name "
            + "on " + EFO_ENDPOINT_OVERRIDE_CONFIG + ". Only for a local emulator with a self-signed certificate: "
            + "never against AWS.";
    public static final boolean EFO_TRUST_ALL_CERTIFICATES_DEFAULT = false;

    private static final EnumValidator<ConsumerType> CONSUMER_TYPE_VALIDATOR = EnumValidator.of(ConsumerType.class);
    private static final EnumValidator<StartPosition> POSITION_VALIDATOR = EnumValidator.of(StartPosition.class);

    private final AwsSettings awsSettings;

    public KinesisSourceConfig(Map<?, ?> props) {
        super(configDef(), props);
        Map<String, String> problems = invalidCombinations(name -> values().get(name));
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("; ", problems.values()));
        }
        this.awsSettings = AwsSettings.from(this);
    }

    public static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(STREAMS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new StreamNamesValidator(),
                Importance.HIGH, STREAMS_DOC, KINESIS_GROUP, ++order, Width.LONG, "Kinesis streams");
        def.define(POSITION_CONFIG, Type.STRING, POSITION_DEFAULT, POSITION_VALIDATOR,
                Importance.MEDIUM, POSITION_DOC, KINESIS_GROUP, ++order, Width.SHORT, "Start position");
        def.define(POSITION_TIMESTAMP_CONFIG, Type.STRING, null, new TimestampValidator(),
                Importance.LOW, POSITION_TIMESTAMP_DOC, KINESIS_GROUP, ++order, Width.MEDIUM, "Start timestamp");
        def.define(DEAGGREGATE_CONFIG, Type.BOOLEAN, DEAGGREGATE_DEFAULT,
                Importance.MEDIUM, DEAGGREGATE_DOC, KINESIS_GROUP, ++order, Width.SHORT, "De-aggregate KPL records");

        order = 0;
        def.define(TOPIC_FORMAT_CONFIG, Type.STRING, TOPIC_FORMAT_DEFAULT, new TopicFormatValidator(),
                Importance.HIGH, TOPIC_FORMAT_DOC, KAFKA_GROUP, ++order, Width.MEDIUM, "Topic format");
        def.define(DLQ_TOPIC_CONFIG, Type.STRING, null, new TopicNameValidator(),
                Importance.MEDIUM, DLQ_TOPIC_DOC, KAFKA_GROUP, ++order, Width.MEDIUM, "Dead-letter topic");

        order = 0;
        def.define(RECORDS_PER_REQUEST_CONFIG, Type.INT, RECORDS_PER_REQUEST_DEFAULT, Range.between(1, 10_000),
                Importance.LOW, RECORDS_PER_REQUEST_DOC, READING_GROUP, ++order, Width.SHORT, "Records per request");
        def.define(EMPTY_SHARD_BACKOFF_MS_CONFIG, Type.LONG, EMPTY_SHARD_BACKOFF_MS_DEFAULT,
                Range.between(0, 600_000), Importance.LOW, EMPTY_SHARD_BACKOFF_MS_DOC, READING_GROUP, ++order,
                Width.SHORT, "Empty shard backoff (ms)");
        def.define(THROTTLE_BACKOFF_MS_CONFIG, Type.LONG, THROTTLE_BACKOFF_MS_DEFAULT, Range.between(1, 600_000),
                Importance.LOW, THROTTLE_BACKOFF_MS_DOC, READING_GROUP, ++order, Width.SHORT,
                "Throttle backoff (ms)");
        def.define(SHARD_DISCOVERY_INTERVAL_MS_CONFIG, Type.LONG, SHARD_DISCOVERY_INTERVAL_MS_DEFAULT,
                Range.atLeast(1_000), Importance.LOW, SHARD_DISCOVERY_INTERVAL_MS_DOC, READING_GROUP, ++order,
                Width.SHORT, "Shard discovery interval (ms)");
        def.define(PARENT_CHECK_INTERVAL_MS_CONFIG, Type.LONG, PARENT_CHECK_INTERVAL_MS_DEFAULT,
                Range.atLeast(100), Importance.LOW, PARENT_CHECK_INTERVAL_MS_DOC, READING_GROUP, ++order,
                Width.SHORT, "Parent shard check interval (ms)");

        order = 0;
        def.define(CONSUMER_TYPE_CONFIG, Type.STRING, CONSUMER_TYPE_DEFAULT, CONSUMER_TYPE_VALIDATOR,
                Importance.MEDIUM, CONSUMER_TYPE_DOC, EFO_GROUP, ++order, Width.SHORT, "Consumer type");
        def.define(EFO_CONSUMER_NAME_CONFIG, Type.STRING, null, new ConsumerNameValidator(),
                Importance.MEDIUM, EFO_CONSUMER_NAME_DOC, EFO_GROUP, ++order, Width.MEDIUM, "Consumer name");
        def.define(EFO_CONSUMER_REGISTER_CONFIG, Type.BOOLEAN, EFO_CONSUMER_REGISTER_DEFAULT,
                Importance.MEDIUM, EFO_CONSUMER_REGISTER_DOC, EFO_GROUP, ++order, Width.SHORT, "Register consumer");
        def.define(EFO_CONSUMER_DEREGISTER_CONFIG, Type.BOOLEAN, EFO_CONSUMER_DEREGISTER_DEFAULT,
                Importance.LOW, EFO_CONSUMER_DEREGISTER_DOC, EFO_GROUP, ++order, Width.SHORT,
                "Deregister consumer on stop");
        def.define(EFO_RENEWAL_MS_CONFIG, Type.LONG, EFO_RENEWAL_MS_DEFAULT, Range.between(1_000, 300_000),
                Importance.LOW, EFO_RENEWAL_MS_DOC, EFO_GROUP, ++order, Width.SHORT, "Subscription renewal (ms)");
        def.define(EFO_BUFFERED_EVENTS_CONFIG, Type.INT, EFO_BUFFERED_EVENTS_DEFAULT, Range.between(1, 1_000),
                Importance.LOW, EFO_BUFFERED_EVENTS_DOC, EFO_GROUP, ++order, Width.SHORT,
                "Buffered events per shard");
        def.define(EFO_ENDPOINT_OVERRIDE_CONFIG, Type.STRING, null, new UrlValidator(),
                Importance.LOW, EFO_ENDPOINT_OVERRIDE_DOC, EFO_GROUP, ++order, Width.LONG, "EFO endpoint override");
        def.define(EFO_TRUST_ALL_CERTIFICATES_CONFIG, Type.BOOLEAN, EFO_TRUST_ALL_CERTIFICATES_DEFAULT,
                Importance.LOW, EFO_TRUST_ALL_CERTIFICATES_DOC, EFO_GROUP, ++order, Width.SHORT,
                "Trust all TLS certificates");
        return AwsConfigFragment.addTo(def);
    }

    /**
     * Adds an error message to each value that breaks a rule spanning several keys, the AWS rules included. For the
     * connector's {@code validate()}, so the REST API shows the message on the key to fix.
     */
    public static void reportInvalidCombinations(List<ConfigValue> values) {
        Map<String, ConfigValue> byName = new LinkedHashMap<>();
        values.forEach(value -> byName.put(value.name(), value));
        // ConfigDef.validate keeps a value that failed its validator; the rules below must not judge it again
        invalidCombinations(name -> byName.containsKey(name) && byName.get(name).errorMessages().isEmpty()
                ? byName.get(name).value() : null)
                .forEach((name, message) -> {
                    ConfigValue value = byName.get(name);
                    // a key that failed its own validator already says what is wrong with it
                    if (value != null && value.errorMessages().isEmpty()) {
                        value.addErrorMessage(message);
                    }
                });
        AwsConfigFragment.reportInvalidCombinations(values);
    }

    /** Key in error → message. A value that failed its own validator arrives as null and is not judged again. */
    static Map<String, String> invalidCombinations(Function<String, Object> valueOf) {
        Map<String, String> problems = new LinkedHashMap<>();
        // null for a key with a default means its value was invalid, which its validator reports
        Object position = valueOf.apply(POSITION_CONFIG);
        boolean atTimestamp = position != null
                && StartPosition.AT_TIMESTAMP.name().equalsIgnoreCase(position.toString().trim());
        Object timestamp = valueOf.apply(POSITION_TIMESTAMP_CONFIG);
        if (atTimestamp && timestamp == null) {
            problems.put(POSITION_TIMESTAMP_CONFIG, POSITION_TIMESTAMP_CONFIG + " must be set when "
                    + POSITION_CONFIG + " is AT_TIMESTAMP");
        }
        if (position != null && !atTimestamp && timestamp != null) {
            problems.put(POSITION_TIMESTAMP_CONFIG, POSITION_TIMESTAMP_CONFIG + " only applies when "
                    + POSITION_CONFIG + " is AT_TIMESTAMP; set that position or remove " + POSITION_TIMESTAMP_CONFIG);
        }
        Object format = valueOf.apply(TOPIC_FORMAT_CONFIG);
        Object dlqTopic = valueOf.apply(DLQ_TOPIC_CONFIG);
        if (format != null && valueOf.apply(STREAMS_CONFIG) instanceof List<?> streams) {
            for (Object stream : streams) {
                String topic = TopicFormatValidator.topicFor(format.toString(), String.valueOf(stream));
                String problem = TopicNameValidator.problemWith(topic);
                if (problem != null) {
                    problems.put(TOPIC_FORMAT_CONFIG, TOPIC_FORMAT_CONFIG + " gives no valid topic for stream '"
                            + stream + "': " + problem);
                    break;
                }
                if (topic.equals(dlqTopic)) {
                    problems.put(DLQ_TOPIC_CONFIG, DLQ_TOPIC_CONFIG + " must differ from the topic of stream '"
                            + stream + "' (" + topic + ") set by " + TOPIC_FORMAT_CONFIG);
                }
            }
        }
        Object type = valueOf.apply(CONSUMER_TYPE_CONFIG);
        Object fanOutEndpoint = valueOf.apply(EFO_ENDPOINT_OVERRIDE_CONFIG);
        Object endpoint = fanOutEndpoint != null ? fanOutEndpoint
                : valueOf.apply(AwsConfigFragment.ENDPOINT_OVERRIDE_CONFIG);
        if (type != null && ConsumerType.EFO.name().equalsIgnoreCase(type.toString().trim()) && endpoint != null
                && endpoint.toString().regionMatches(true, 0, "http://", 0, "http://".length())) {
            problems.put(EFO_ENDPOINT_OVERRIDE_CONFIG, "With " + CONSUMER_TYPE_CONFIG + "=EFO, SubscribeToShard needs "
                    + "HTTP/2, which is negotiated over https only: set " + EFO_ENDPOINT_OVERRIDE_CONFIG + " to an "
                    + "https:// URL (" + endpoint + " is plain http)");
        }
        if (Boolean.TRUE.equals(valueOf.apply(EFO_CONSUMER_DEREGISTER_CONFIG))
                && Boolean.FALSE.equals(valueOf.apply(EFO_CONSUMER_REGISTER_CONFIG))) {
            problems.put(EFO_CONSUMER_DEREGISTER_CONFIG, EFO_CONSUMER_DEREGISTER_CONFIG + " needs "
                    + EFO_CONSUMER_REGISTER_CONFIG + "=true: the connector never removes a consumer it did not "
                    + "register");
        }
        return problems;
    }

    public List<String> streams() {
        return getList(STREAMS_CONFIG);
    }

    public StartPosition startPosition() {
        return POSITION_VALIDATOR.parse(getString(POSITION_CONFIG));
    }

    /** Set exactly when {@link #startPosition()} is AT_TIMESTAMP. */
    public Optional<Instant> startTimestamp() {
        return Optional.ofNullable(getString(POSITION_TIMESTAMP_CONFIG)).map(TimestampValidator::parse);
    }

    public boolean deaggregate() {
        return getBoolean(DEAGGREGATE_CONFIG);
    }

    public String topicFor(String stream) {
        return TopicFormatValidator.topicFor(getString(TOPIC_FORMAT_CONFIG), stream);
    }

    public Optional<String> deadLetterTopic() {
        return Optional.ofNullable(getString(DLQ_TOPIC_CONFIG));
    }

    public int recordsPerRequest() {
        return getInt(RECORDS_PER_REQUEST_CONFIG);
    }

    public Duration emptyShardBackoff() {
        return Duration.ofMillis(getLong(EMPTY_SHARD_BACKOFF_MS_CONFIG));
    }

    public Duration throttleBackoffBase() {
        return Duration.ofMillis(getLong(THROTTLE_BACKOFF_MS_CONFIG));
    }

    /** The throttle backoff ceiling never grows past the AWS retry ceiling, nor stays below its own base. */
    public Duration throttleBackoffMax() {
        Duration awsMax = awsSettings.retry().maxBackoff();
        return awsMax.compareTo(throttleBackoffBase()) < 0 ? throttleBackoffBase() : awsMax;
    }

    public Duration shardDiscoveryInterval() {
        return Duration.ofMillis(getLong(SHARD_DISCOVERY_INTERVAL_MS_CONFIG));
    }

    public Duration parentCheckInterval() {
        return Duration.ofMillis(getLong(PARENT_CHECK_INTERVAL_MS_CONFIG));
    }

    public ConsumerType consumerType() {
        return CONSUMER_TYPE_VALIDATOR.parse(getString(CONSUMER_TYPE_CONFIG));
    }

    /** @param connectorName the connector's {@code name}, from which an unset consumer name is derived */
    public String consumerName(String connectorName) {
        String name = getString(EFO_CONSUMER_NAME_CONFIG);
        return name != null ? name : ConsumerNameValidator.fromConnectorName(connectorName);
    }

    public boolean registerConsumer() {
        return getBoolean(EFO_CONSUMER_REGISTER_CONFIG);
    }

    public boolean deregisterConsumerOnStop() {
        return getBoolean(EFO_CONSUMER_DEREGISTER_CONFIG);
    }

    public Duration subscriptionRenewal() {
        return Duration.ofMillis(getLong(EFO_RENEWAL_MS_CONFIG));
    }

    public int bufferedEventsPerShard() {
        return getInt(EFO_BUFFERED_EVENTS_CONFIG);
    }

    public Optional<URI> fanOutEndpointOverride() {
        return Optional.ofNullable(getString(EFO_ENDPOINT_OVERRIDE_CONFIG)).map(URI::create);
    }

    public boolean fanOutTrustAllCertificates() {
        return getBoolean(EFO_TRUST_ALL_CERTIFICATES_CONFIG);
    }

    public AwsSettings awsSettings() {
        return awsSettings;
    }
}
