package io.kkbridge.streams.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

import io.kkbridge.streams.pipeline.useractivity.CountryMatcher;

/**
 * The application's typed configuration. Sources, weakest first: built-in defaults, a properties file, environment
 * variables ({@code KKB_} + the key upper-cased with dots and dashes as underscores, e.g. {@code
 * KKB_BOOTSTRAP_SERVERS}), command-line flags. Keys of this application are declared below; every Kafka Streams,
 * producer, consumer and admin key (plain or with its Streams prefix) passes through to Kafka Streams. Anything
 * else is refused at start-up with the key named, so a typo never goes unnoticed.
 */
public final class AppConfig extends AbstractConfig {

    public static final String ENV_PREFIX = "KKB_";

    public static final String PIPELINES_CONFIG = "pipelines";
    private static final String PIPELINES_DOC = "The pipelines this instance runs, by name.";

    public static final String USER_ACTIVITY_INPUT_TOPIC_CONFIG = "user.activity.input.topic";
    public static final String USER_ACTIVITY_USA_TOPIC_CONFIG = "user.activity.usa.topic";
    public static final String USER_ACTIVITY_INTERNATIONAL_TOPIC_CONFIG = "user.activity.international.topic";
    public static final String USER_ACTIVITY_DLQ_TOPIC_CONFIG = "user.activity.dlq.topic";
    public static final String USER_ACTIVITY_USA_MATCH_CONFIG = "user.activity.usa.match";
    private static final String USER_ACTIVITY_USA_MATCH_DOC = "How a session's country is recognised as the USA. "
            + "'exact': country == \"USA\", the reference consumer's rule. 'aliases': any of "
            + "user.activity.usa.aliases, ignoring case and surrounding blanks.";
    public static final String USER_ACTIVITY_USA_ALIASES_CONFIG = "user.activity.usa.aliases";
    public static final String USER_ACTIVITY_CUSTOMER_STORE_CONFIG = "user.activity.customer.store.enabled";
    private static final String USER_ACTIVITY_USA_ALIASES_DOC = "Country values that mean the USA when "
            + "user.activity.usa.match=aliases.";

    public static final String EVENTS_INPUT_TOPIC_CONFIG = "events.input.topic";
    public static final String EVENTS_OUTPUT_TOPIC_CONFIG = "events.output.topic";
    public static final String EVENTS_DLQ_TOPIC_CONFIG = "events.dlq.topic";

    public static final String PURCHASES_INPUT_TOPIC_CONFIG = "purchases.input.topic";
    public static final String PURCHASES_DLQ_TOPIC_CONFIG = "purchases.dlq.topic";

    public static final String SALES_CDC_INPUT_TOPIC_CONFIG = "sales.cdc.input.topic";
    public static final String SALES_CDC_DLQ_TOPIC_CONFIG = "sales.cdc.dlq.topic";
    public static final String SALES_PROJECTION_TOPIC_CONFIG = "sales.projection.topic";
    public static final String SALES_CDC_PARTITION_KEY_CONFIG = "sales.cdc.partition.key";
    public static final String SALES_CDC_SORT_KEY_CONFIG = "sales.cdc.sort.key";
    public static final String SALES_CDC_PRODUCT_ATTRIBUTE_CONFIG = "sales.cdc.product.attribute";
    public static final String SALES_CDC_CATEGORY_ATTRIBUTE_CONFIG = "sales.cdc.category.attribute";
    public static final String SALES_CDC_QUANTITY_ATTRIBUTE_CONFIG = "sales.cdc.quantity.attribute";
    public static final String SALES_CDC_PRICE_ATTRIBUTE_CONFIG = "sales.cdc.price.attribute";

    public static final String QUERY_API_ENABLED_CONFIG = "query.api.enabled";
    public static final String QUERY_API_BIND_ADDRESS_CONFIG = "query.api.bind.address";
    public static final String QUERY_API_PORT_CONFIG = "query.api.port";
    public static final String QUERY_API_ADVERTISED_HOST_CONFIG = "query.api.advertised.host";
    public static final String QUERY_API_THREADS_CONFIG = "query.api.threads";
    public static final String QUERY_API_FORWARD_TIMEOUT_MS_CONFIG = "query.api.forward.timeout.ms";

    public static final String PIPELINE_USER_ACTIVITY = "user-activity";
    public static final String PIPELINE_EVENTS = "events";
    public static final String PIPELINE_PURCHASES = "purchases";
    public static final String PIPELINE_SALES_CDC = "sales-cdc";
    public static final String MATCH_EXACT = "exact";
    public static final String MATCH_ALIASES = "aliases";

    public static final String DEFAULT_APPLICATION_ID = "kkbridge-streams";
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";

    private static final String GROUP_PIPELINES = "Pipelines";
    private static final String GROUP_USER_ACTIVITY = "User activity";
    private static final String GROUP_EVENTS = "Events";
    private static final String GROUP_PURCHASES = "Purchases";
    private static final String GROUP_SALES_CDC = "Sales CDC";
    private static final String GROUP_QUERY_API = "Query API";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(PIPELINES_CONFIG, Type.LIST,
                    List.of(PIPELINE_USER_ACTIVITY, PIPELINE_EVENTS, PIPELINE_PURCHASES, PIPELINE_SALES_CDC),
                    ConfigDef.ValidList.in(false, PIPELINE_USER_ACTIVITY, PIPELINE_EVENTS, PIPELINE_PURCHASES,
                            PIPELINE_SALES_CDC), Importance.HIGH,
                    PIPELINES_DOC, GROUP_PIPELINES, 1, ConfigDef.Width.MEDIUM, "Pipelines")
            .define(USER_ACTIVITY_INPUT_TOPIC_CONFIG, Type.STRING, "user-activity.raw", new TopicName(),
                    Importance.HIGH, "Input topic of user sessions (JSON values).", GROUP_USER_ACTIVITY, 1,
                    ConfigDef.Width.MEDIUM, "Input topic")
            .define(USER_ACTIVITY_USA_TOPIC_CONFIG, Type.STRING, "user-activity.usa", new TopicName(),
                    Importance.HIGH, "Output topic of enriched USA sessions, keyed by session_id.",
                    GROUP_USER_ACTIVITY, 2, ConfigDef.Width.MEDIUM, "USA topic")
            .define(USER_ACTIVITY_INTERNATIONAL_TOPIC_CONFIG, Type.STRING, "user-activity.international",
                    new TopicName(), Importance.HIGH,
                    "Output topic of enriched sessions from every other country, keyed by session_id.",
                    GROUP_USER_ACTIVITY, 3, ConfigDef.Width.MEDIUM, "International topic")
            .define(USER_ACTIVITY_DLQ_TOPIC_CONFIG, Type.STRING, "user-activity.dlq", new TopicName(),
                    Importance.HIGH, "Dead-letter topic: original bytes of sessions that could not be processed, "
                            + "with kkb.dlq.* headers saying why and where from.",
                    GROUP_USER_ACTIVITY, 4, ConfigDef.Width.MEDIUM, "Dead-letter topic")
            .define(USER_ACTIVITY_USA_MATCH_CONFIG, Type.STRING, MATCH_EXACT,
                    ConfigDef.ValidString.in(MATCH_EXACT, MATCH_ALIASES), Importance.MEDIUM,
                    USER_ACTIVITY_USA_MATCH_DOC, GROUP_USER_ACTIVITY, 5, ConfigDef.Width.SHORT, "USA match")
            .define(USER_ACTIVITY_USA_ALIASES_CONFIG, Type.LIST,
                    List.of("USA", "US", "U.S.", "U.S.A.", "United States", "United States of America"),
                    new NonBlankList(), Importance.LOW, USER_ACTIVITY_USA_ALIASES_DOC, GROUP_USER_ACTIVITY, 6,
                    ConfigDef.Width.LONG, "USA aliases")
            .define(USER_ACTIVITY_CUSTOMER_STORE_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Keep the per-customer stores (sessions by customer_number and session_id, and a summary per "
                            + "customer) that the query API serves. They re-partition every routed session by "
                            + "customer_number, which about halves the pipeline's throughput; false routes only.",
                    GROUP_USER_ACTIVITY, 7, ConfigDef.Width.SHORT, "Customer stores")
            .define(EVENTS_INPUT_TOPIC_CONFIG, Type.STRING, "events.raw", new TopicName(), Importance.HIGH,
                    "Input topic of data-lake events (JSON values).", GROUP_EVENTS, 1, ConfigDef.Width.MEDIUM,
                    "Input topic")
            .define(EVENTS_OUTPUT_TOPIC_CONFIG, Type.STRING, "events.enriched", new TopicName(), Importance.HIGH,
                    "Output topic of enriched events, keyed by event_uuid.", GROUP_EVENTS, 2,
                    ConfigDef.Width.MEDIUM, "Output topic")
            .define(EVENTS_DLQ_TOPIC_CONFIG, Type.STRING, "events.dlq", new TopicName(), Importance.HIGH,
                    "Dead-letter topic for events that could not be processed.", GROUP_EVENTS, 3,
                    ConfigDef.Width.MEDIUM, "Dead-letter topic")
            .define(PURCHASES_INPUT_TOPIC_CONFIG, Type.STRING, "purchases.raw", new TopicName(), Importance.HIGH,
                    "Input topic of point-of-sale purchases (JSON values).", GROUP_PURCHASES, 1,
                    ConfigDef.Width.MEDIUM, "Input topic")
            .define(PURCHASES_DLQ_TOPIC_CONFIG, Type.STRING, "purchases.dlq", new TopicName(), Importance.HIGH,
                    "Dead-letter topic for purchases that could not be stored.", GROUP_PURCHASES, 2,
                    ConfigDef.Width.MEDIUM, "Dead-letter topic")
            .define(SALES_CDC_INPUT_TOPIC_CONFIG, Type.STRING, "sales-cdc.raw", new TopicName(), Importance.HIGH,
                    "Input topic of DynamoDB change records as Kinesis Data Streams for DynamoDB writes them.",
                    GROUP_SALES_CDC, 1, ConfigDef.Width.MEDIUM, "Input topic")
            .define(SALES_CDC_DLQ_TOPIC_CONFIG, Type.STRING, "sales-cdc.dlq", new TopicName(), Importance.HIGH,
                    "Dead-letter topic for change records that could not be applied.", GROUP_SALES_CDC, 2,
                    ConfigDef.Width.MEDIUM, "Dead-letter topic")
            .define(SALES_PROJECTION_TOPIC_CONFIG, Type.STRING, "sales.projection", new TopicName(),
                    Importance.HIGH, "Output topic of changed sales totals, keyed by dimension:value (e.g. "
                            + "product:P-1).", GROUP_SALES_CDC, 3, ConfigDef.Width.MEDIUM, "Projection topic")
            .define(SALES_CDC_PARTITION_KEY_CONFIG, Type.STRING, "order_id", new AttributeName(), Importance.HIGH,
                    "The sales table's partition key attribute (in dynamodb.Keys).", GROUP_SALES_CDC, 4,
                    ConfigDef.Width.SHORT, "Partition key")
            .define(SALES_CDC_SORT_KEY_CONFIG, Type.STRING, "product_id", Importance.HIGH,
                    "The sales table's sort key attribute; empty for a table without a sort key.", GROUP_SALES_CDC,
                    5, ConfigDef.Width.SHORT, "Sort key")
            .define(SALES_CDC_PRODUCT_ATTRIBUTE_CONFIG, Type.STRING, "product_id", new AttributeName(),
                    Importance.MEDIUM, "Attribute of a sale item naming its product (S or N).", GROUP_SALES_CDC, 6,
                    ConfigDef.Width.SHORT, "Product attribute")
            .define(SALES_CDC_CATEGORY_ATTRIBUTE_CONFIG, Type.STRING, "category", new AttributeName(),
                    Importance.MEDIUM, "Attribute of a sale item naming its category (S).", GROUP_SALES_CDC, 7,
                    ConfigDef.Width.SHORT, "Category attribute")
            .define(SALES_CDC_QUANTITY_ATTRIBUTE_CONFIG, Type.STRING, "quantity", new AttributeName(),
                    Importance.MEDIUM, "Attribute of a sale item with the quantity sold (N).", GROUP_SALES_CDC, 8,
                    ConfigDef.Width.SHORT, "Quantity attribute")
            .define(SALES_CDC_PRICE_ATTRIBUTE_CONFIG, Type.STRING, "price", new AttributeName(), Importance.MEDIUM,
                    "Attribute of a sale item with its unit price (N); amount = quantity x price.",
                    GROUP_SALES_CDC, 9, ConfigDef.Width.SHORT, "Price attribute")
            .define(QUERY_API_ENABLED_CONFIG, Type.BOOLEAN, true, Importance.HIGH,
                    "Serve the HTTP query API (items, queries, projections, health, readiness, metrics).",
                    GROUP_QUERY_API, 1, ConfigDef.Width.SHORT, "Enabled")
            .define(QUERY_API_BIND_ADDRESS_CONFIG, Type.STRING, "127.0.0.1", new NonBlank(), Importance.HIGH,
                    "Address the query API listens on; loopback unless set otherwise (0.0.0.0 for every "
                            + "interface).", GROUP_QUERY_API, 2, ConfigDef.Width.MEDIUM, "Bind address")
            .define(QUERY_API_PORT_CONFIG, Type.INT, 7070, ConfigDef.Range.between(0, 65535), Importance.HIGH,
                    "Port of the query API; 0 picks a free one.", GROUP_QUERY_API, 3, ConfigDef.Width.SHORT, "Port")
            .define(QUERY_API_ADVERTISED_HOST_CONFIG, Type.STRING, "", Importance.MEDIUM,
                    "Host name other instances use to forward queries here (application.server is set to "
                            + "host:port unless given); empty means the bind address, which must then not be a "
                            + "wildcard.", GROUP_QUERY_API, 4, ConfigDef.Width.MEDIUM, "Advertised host")
            .define(QUERY_API_THREADS_CONFIG, Type.INT, 8, ConfigDef.Range.between(1, 256), Importance.LOW,
                    "Threads serving query API requests.", GROUP_QUERY_API, 5, ConfigDef.Width.SHORT, "Threads")
            .define(QUERY_API_FORWARD_TIMEOUT_MS_CONFIG, Type.INT, 5000, ConfigDef.Range.between(1, 600_000),
                    Importance.LOW, "How long a query forwarded to the instance owning the key may take.",
                    GROUP_QUERY_API, 6, ConfigDef.Width.SHORT, "Forward timeout (ms)");

    /** Defaults this application applies to Kafka Streams (weaker than any source). */
    public static final Map<String, String> STREAMS_DEFAULTS = Map.of(
            StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID,
            StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP_SERVERS,
            StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
            // the 5.0 default, set now so Kafka Streams does not warn at every start
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true",
            // 16 KiB batches hold ~40 of our ~400-byte records; bigger ones lifted exactly-once throughput by
            // about a quarter in BENCHMARKS.md, and the 100 ms commit interval bounds the wait anyway
            StreamsConfig.PRODUCER_PREFIX + "batch.size", "262144",
            StreamsConfig.PRODUCER_PREFIX + "linger.ms", "20",
            // larger fetches and polls, and a deeper buffer per partition, give the stream thread fewer, fuller
            // rounds between exactly-once commits: +17-35% records/s per round in BENCHMARKS.md at the same p99.
            // The buffer is counted in records: 2,000 of Kinesis' largest (1 MiB) would hold 2 GiB per partition,
            // so deployments with records that large should lower buffered.records.per.partition
            StreamsConfig.CONSUMER_PREFIX + "max.poll.records", "5000",
            StreamsConfig.CONSUMER_PREFIX + "max.partition.fetch.bytes", "4194304",
            StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, "2000");

    private final Map<String, String> streamsProperties;

    private AppConfig(Map<String, String> merged) {
        super(CONFIG_DEF, appKeys(merged), false);
        this.streamsProperties = streamsKeys(merged);
        validateQueryApi();
        try {
            new StreamsConfig(new HashMap<String, Object>(streamsProperties));
        } catch (ConfigException e) {
            throw new ConfigException("Invalid Kafka Streams configuration: " + e.getMessage());
        }
    }

    /** Only the given properties over the defaults; used by tests and embedded runs. */
    public static AppConfig of(Map<String, String> properties) {
        return load(null, Map.of(), properties);
    }

    /**
     * Merges the sources and validates the result.
     *
     * @param file a properties file, or null
     * @param environment the process environment ({@code System.getenv()})
     * @param flags key/value pairs from the command line
     * @throws ConfigException naming the offending key
     */
    public static AppConfig load(Path file, Map<String, String> environment, Map<String, String> flags) {
        Map<String, String> merged = new LinkedHashMap<>(STREAMS_DEFAULTS);
        if (file != null) {
            merged.putAll(readFile(file));
        }
        merged.putAll(fromEnvironment(environment));
        merged.putAll(flags);
        rejectUnknown(merged);
        return new AppConfig(merged);
    }

    private static Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new ConfigException("Cannot read the configuration file " + file + ": " + e.getMessage());
        }
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k).strip()));
        return map;
    }

    /** Every known key, looked up as its environment variable. */
    static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String key : knownPlainKeys()) {
            String value = environment.get(environmentName(key));
            if (value != null) {
                map.put(key, value);
            }
        }
        return map;
    }

    public static String environmentName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Set<String> knownPlainKeys() {
        Set<String> keys = new TreeSet<>(CONFIG_DEF.names());
        keys.addAll(StreamsConfig.configDef().names());
        keys.addAll(ProducerConfig.configNames());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(AdminClientConfig.configNames());
        return keys;
    }

    /** Prefixes Kafka Streams understands for client and internal-topic settings. */
    private static final List<String> STREAMS_PREFIXES = List.of(
            StreamsConfig.PRODUCER_PREFIX, StreamsConfig.CONSUMER_PREFIX, StreamsConfig.MAIN_CONSUMER_PREFIX,
            StreamsConfig.RESTORE_CONSUMER_PREFIX, StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX,
            StreamsConfig.TOPIC_PREFIX);

    private static void rejectUnknown(Map<String, String> merged) {
        Set<String> known = knownPlainKeys();
        List<String> unknown = new ArrayList<>();
        for (String key : merged.keySet()) {
            if (!known.contains(key) && !isPrefixedKnown(key, known)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("Unknown configuration key" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + ": not a setting of this application nor of Kafka Streams or "
                    + "its clients (check the spelling; client settings may carry a Streams prefix such as "
                    + "'producer.')");
        }
    }

    private static boolean isPrefixedKnown(String key, Set<String> known) {
        for (String prefix : STREAMS_PREFIXES) {
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                return known.contains(rest) || (prefix.equals(StreamsConfig.TOPIC_PREFIX) && isTopicConfig(rest));
            }
        }
        return false;
    }

    private static boolean isTopicConfig(String key) {
        return TOPIC_CONFIG_NAMES.contains(key);
    }

    /** Every topic-level setting name, read from the {@code *_CONFIG} constants of {@link TopicConfig}. */
    private static final Set<String> TOPIC_CONFIG_NAMES = topicConfigNames();

    private static Set<String> topicConfigNames() {
        Set<String> names = new TreeSet<>();
        for (java.lang.reflect.Field field : TopicConfig.class.getFields()) {
            if (field.getName().endsWith("_CONFIG") && field.getType() == String.class) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }

    private static Map<String, String> appKeys(Map<String, String> merged) {
        Map<String, String> app = new HashMap<>();
        merged.forEach((k, v) -> {
            if (CONFIG_DEF.names().contains(k)) {
                app.put(k, v);
            }
        });
        return app;
    }

    private static Map<String, String> streamsKeys(Map<String, String> merged) {
        Map<String, String> streams = new LinkedHashMap<>();
        merged.forEach((k, v) -> {
            if (!CONFIG_DEF.names().contains(k)) {
                streams.put(k, v);
            }
        });
        return streams;
    }

    /** Properties for {@code new KafkaStreams(topology, properties)}. */
    public Properties streamsProperties() {
        Properties properties = new Properties();
        properties.putAll(streamsProperties);
        return properties;
    }

    public String applicationId() {
        return streamsProperties.get(StreamsConfig.APPLICATION_ID_CONFIG);
    }

    public String bootstrapServers() {
        return streamsProperties.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    public List<String> pipelines() {
        return getList(PIPELINES_CONFIG);
    }

    public CountryMatcher usaMatcher() {
        return MATCH_ALIASES.equals(getString(USER_ACTIVITY_USA_MATCH_CONFIG))
                ? CountryMatcher.aliases(getList(USER_ACTIVITY_USA_ALIASES_CONFIG))
                : CountryMatcher.exact();
    }

    /** The sales table's sort key attribute, or null for a table without one. */
    public String salesSortKey() {
        String sortKey = getString(SALES_CDC_SORT_KEY_CONFIG).strip();
        return sortKey.isEmpty() ? null : sortKey;
    }

    /** The host other instances reach this one's query API at. */
    public String queryAdvertisedHost() {
        String advertised = getString(QUERY_API_ADVERTISED_HOST_CONFIG).strip();
        return advertised.isEmpty() ? getString(QUERY_API_BIND_ADDRESS_CONFIG) : advertised;
    }

    private void validateQueryApi() {
        String bind = getString(QUERY_API_BIND_ADDRESS_CONFIG);
        boolean wildcard = bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]");
        if (getBoolean(QUERY_API_ENABLED_CONFIG) && wildcard
                && getString(QUERY_API_ADVERTISED_HOST_CONFIG).isBlank()) {
            throw new ConfigException(QUERY_API_ADVERTISED_HOST_CONFIG, "",
                    "must name this host when " + QUERY_API_BIND_ADDRESS_CONFIG + " is the wildcard " + bind
                            + ": other instances forward queries to it");
        }
        String sortKey = salesSortKey();
        if (sortKey != null && sortKey.equals(getString(SALES_CDC_PARTITION_KEY_CONFIG))) {
            throw new ConfigException(SALES_CDC_SORT_KEY_CONFIG, sortKey,
                    "must differ from " + SALES_CDC_PARTITION_KEY_CONFIG);
        }
    }

    /** A DynamoDB attribute name: 1 to 255 characters, not blank. */
    static final class AttributeName implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String attribute = (String) value;
            if (attribute == null || attribute.isBlank() || attribute.length() > 255) {
                throw new ConfigException(name, value, "an attribute name is 1 to 255 characters, not blank");
            }
        }

        @Override
        public String toString() {
            return "a DynamoDB attribute name";
        }
    }

    /** A non-blank string. */
    static final class NonBlank implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || ((String) value).isBlank()) {
                throw new ConfigException(name, value, "must not be blank");
            }
        }

        @Override
        public String toString() {
            return "non-blank";
        }
    }

    /** Validates topic names as the broker would. */
    static final class TopicName implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String topic = (String) value;
            if (topic == null || topic.isEmpty() || topic.length() > 249
                    || !topic.matches("[a-zA-Z0-9._-]+") || topic.equals(".") || topic.equals("..")) {
                throw new ConfigException(name, value, "a topic name is 1 to 249 characters of "
                        + "[a-zA-Z0-9._-], and not '.' or '..'");
            }
        }

        @Override
        public String toString() {
            return "a Kafka topic name";
        }
    }

    /** A list whose items are all non-blank. */
    static final class NonBlankList implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> items = (List<String>) value;
            if (items == null || items.isEmpty() || items.stream().anyMatch(String::isBlank)) {
                throw new ConfigException(name, value, "must be a comma-separated list of non-blank values");
            }
        }

        @Override
        public String toString() {
            return "non-empty list of non-blank values";
        }
    }
}
