package io.kkbridge.streams.pipeline.useractivity;

import java.time.Clock;
import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

import io.kkbridge.streams.config.AppConfig;
import io.kkbridge.streams.pipeline.EnrichingProcessor;
import io.kkbridge.streams.pipeline.Routed;
import io.kkbridge.streams.store.ItemStores;
import io.kkbridge.streams.store.ItemTable;
import io.kkbridge.streams.topology.Pipeline;

/**
 * user-activity: enrich each session and route it to the USA or the international topic, keyed by
 * {@code session_id}; anything that cannot be processed goes to the dead-letter topic. Every routed session is also
 * re-partitioned by {@code customer_number} and kept per customer (sort key {@code session_id}), with a summary item
 * per customer.
 */
public final class UserActivityPipeline implements Pipeline {

    public static final String SESSION_STORE = "user-activity-sessions";
    public static final String SUMMARY_STORE = "user-activity-customers";
    public static final ItemTable SESSIONS_TABLE = new ItemTable("user-activity-sessions", SESSION_STORE,
            CustomerSessionKeyer.CUSTOMER_NUMBER, UserActivityEnricher.SESSION_ID,
            ItemTable.Placement.BY_PARTITION_KEY);
    public static final ItemTable CUSTOMERS_TABLE = new ItemTable("user-activity-customers", SUMMARY_STORE,
            CustomerSessionKeyer.CUSTOMER_NUMBER, null, ItemTable.Placement.BY_PARTITION_KEY);

    private final String inputTopic;
    private final String usaTopic;
    private final String internationalTopic;
    private final String deadLetterTopic;
    private final CountryMatcher countryMatcher;
    private final Clock clock;
    private final boolean customerStores;

    public UserActivityPipeline(AppConfig config, Clock clock) {
        this.inputTopic = config.getString(AppConfig.USER_ACTIVITY_INPUT_TOPIC_CONFIG);
        this.usaTopic = config.getString(AppConfig.USER_ACTIVITY_USA_TOPIC_CONFIG);
        this.internationalTopic = config.getString(AppConfig.USER_ACTIVITY_INTERNATIONAL_TOPIC_CONFIG);
        this.deadLetterTopic = config.getString(AppConfig.USER_ACTIVITY_DLQ_TOPIC_CONFIG);
        this.countryMatcher = config.usaMatcher();
        this.clock = clock;
        this.customerStores = config.getBoolean(AppConfig.USER_ACTIVITY_CUSTOMER_STORE_CONFIG);
    }

    @Override
    public String name() {
        return AppConfig.PIPELINE_USER_ACTIVITY;
    }

    @Override
    public List<ItemTable> tables() {
        return customerStores ? List.of(SESSIONS_TABLE, CUSTOMERS_TABLE) : List.of();
    }

    @Override
    public void addTo(StreamsBuilder builder) {
        String name = name();
        Produced<byte[], Routed> produced = Produced.with(Serdes.ByteArray(), Routed.valueSerde());
        KStream<byte[], Routed> enriched = builder.stream(inputTopic,
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(name + "-source"))
                .process(() -> new EnrichingProcessor(name, new UserActivityEnricher(countryMatcher, clock)),
                        Named.as(name + "-enrich"));
        if (customerStores) {
            addCustomerStore(builder, enriched);
        }
        enriched.split(Named.as(name + "-route-"))
                .branch((key, value) -> value.hasRoute(UserActivityEnricher.ROUTE_USA),
                        Branched.<byte[], Routed>withConsumer(usa -> usa.to(usaTopic,
                                produced.withName(name + "-usa-sink"))).withName("usa"))
                .branch((key, value) -> value.hasRoute(UserActivityEnricher.ROUTE_INTERNATIONAL),
                        Branched.<byte[], Routed>withConsumer(international -> international.to(internationalTopic,
                                produced.withName(name + "-international-sink"))).withName("international"))
                .defaultBranch(Branched.<byte[], Routed>withConsumer(deadLetters -> deadLetters.to(deadLetterTopic,
                        produced.withName(name + "-dlq-sink"))).withName("dlq"));
    }

    private void addCustomerStore(StreamsBuilder builder, KStream<byte[], Routed> enriched) {
        String name = name();
        builder.addStateStore(ItemStores.persistentUncached(SESSION_STORE));
        builder.addStateStore(ItemStores.persistent(SUMMARY_STORE));
        enriched.filter((key, value) -> !value.isDeadLetter(), Named.as(name + "-routed-sessions"))
                .process(CustomerSessionKeyer::new, Named.as(name + "-key-by-customer"))
                .repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(name + "-by-customer")
                        .withStreamPartitioner(ItemTable.partitionKeyPartitioner()))
                .process(() -> new CustomerActivityWriter(SESSION_STORE, SUMMARY_STORE),
                        Named.as(name + "-customer-store"), SESSION_STORE, SUMMARY_STORE);
    }
}
