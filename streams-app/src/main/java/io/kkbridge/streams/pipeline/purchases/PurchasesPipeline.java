package io.kkbridge.streams.pipeline.purchases;

import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

import io.kkbridge.streams.config.AppConfig;
import io.kkbridge.streams.pipeline.EnrichingProcessor;
import io.kkbridge.streams.pipeline.Routed;
import io.kkbridge.streams.store.ItemStores;
import io.kkbridge.streams.store.ItemTable;
import io.kkbridge.streams.store.ItemWriter;
import io.kkbridge.streams.topology.Pipeline;

/**
 * purchases: validate point-of-sale purchases and keep them in a store by ({@code customer_id},
 * {@code purchase_id}); a repeated {@code purchase_id} replaces the item. Re-partitioned by {@code customer_id}
 * so one instance holds all of a customer's purchases.
 */
public final class PurchasesPipeline implements Pipeline {

    public static final String STORE = "purchases-store";
    public static final ItemTable TABLE = new ItemTable("purchases", STORE, PurchaseValidator.CUSTOMER_ID,
            PurchaseValidator.PURCHASE_ID, ItemTable.Placement.BY_PARTITION_KEY);

    private final String inputTopic;
    private final String deadLetterTopic;

    public PurchasesPipeline(AppConfig config) {
        this.inputTopic = config.getString(AppConfig.PURCHASES_INPUT_TOPIC_CONFIG);
        this.deadLetterTopic = config.getString(AppConfig.PURCHASES_DLQ_TOPIC_CONFIG);
    }

    @Override
    public String name() {
        return AppConfig.PIPELINE_PURCHASES;
    }

    @Override
    public List<ItemTable> tables() {
        return List.of(TABLE);
    }

    @Override
    public void addTo(StreamsBuilder builder) {
        String name = name();
        builder.addStateStore(ItemStores.persistent(STORE));
        builder.stream(inputTopic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(name + "-source"))
                .process(() -> new EnrichingProcessor(name, new PurchaseValidator()), Named.as(name + "-validate"))
                .split(Named.as(name + "-route-"))
                .branch((key, value) -> value.hasRoute(PurchaseValidator.ROUTE_VALID),
                        Branched.<byte[], Routed>withConsumer(valid -> valid
                                .mapValues(Routed::value, Named.as(name + "-item"))
                                .repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray())
                                        .withName(name + "-by-customer")
                                        .withStreamPartitioner(ItemTable.partitionKeyPartitioner()))
                                .process(() -> new ItemWriter(STORE), Named.as(name + "-store"), STORE))
                                .withName("valid"))
                .defaultBranch(Branched.<byte[], Routed>withConsumer(deadLetters -> deadLetters.to(deadLetterTopic,
                        Produced.with(Serdes.ByteArray(), Routed.valueSerde()).withName(name + "-dlq-sink")))
                        .withName("dlq"));
    }
}
