package io.kkbridge.streams.pipeline.salescdc;

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
import io.kkbridge.streams.topology.Pipeline;

/**
 * sales-cdc: DynamoDB change records of the sales table (Kinesis Data Streams for DynamoDB JSON) kept as a mirror
 * of the table, re-partitioned by the table's partition key, and a live projection of sales totals per product and
 * per category, re-partitioned by projection item and published to the projection topic.
 */
public final class SalesCdcPipeline implements Pipeline {

    public static final String MIRROR_STORE = "sales-cdc-mirror";
    public static final String VERSION_STORE = "sales-cdc-versions";
    public static final String PROJECTION_STORE = "sales-cdc-projection";
    public static final ItemTable PROJECTION_TABLE = new ItemTable("sales-projection", PROJECTION_STORE,
            "dimension", "value", ItemTable.Placement.BY_ITEM_KEY);

    private final String inputTopic;
    private final String deadLetterTopic;
    private final String projectionTopic;
    private final String partitionKey;
    private final String sortKey;
    private final SaleAttributes attributes;

    public SalesCdcPipeline(AppConfig config) {
        this.inputTopic = config.getString(AppConfig.SALES_CDC_INPUT_TOPIC_CONFIG);
        this.deadLetterTopic = config.getString(AppConfig.SALES_CDC_DLQ_TOPIC_CONFIG);
        this.projectionTopic = config.getString(AppConfig.SALES_PROJECTION_TOPIC_CONFIG);
        this.partitionKey = config.getString(AppConfig.SALES_CDC_PARTITION_KEY_CONFIG);
        this.sortKey = config.salesSortKey();
        this.attributes = SaleAttributes.from(config);
    }

    @Override
    public String name() {
        return AppConfig.PIPELINE_SALES_CDC;
    }

    /** The mirror, queryable by the table's own keys, and the projection. */
    @Override
    public List<ItemTable> tables() {
        return List.of(new ItemTable("sales", MIRROR_STORE, partitionKey, sortKey, ItemTable.Placement.BY_PARTITION_KEY),
                PROJECTION_TABLE);
    }

    @Override
    public void addTo(StreamsBuilder builder) {
        String name = name();
        builder.addStateStore(ItemStores.persistent(MIRROR_STORE));
        builder.addStateStore(ItemStores.persistent(VERSION_STORE));
        builder.addStateStore(ItemStores.persistent(PROJECTION_STORE));
        builder.stream(inputTopic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(name + "-source"))
                .process(() -> new EnrichingProcessor(name, new ChangeRecordParser(partitionKey, sortKey, attributes)),
                        Named.as(name + "-parse"))
                .split(Named.as(name + "-route-"))
                .branch((key, value) -> value.hasRoute(ChangeRecordParser.ROUTE_CHANGE),
                        Branched.<byte[], Routed>withConsumer(changes -> changes
                                .mapValues(Routed::value, Named.as(name + "-change"))
                                .repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray())
                                        .withName(name + "-by-item")
                                        .withStreamPartitioner(ItemTable.partitionKeyPartitioner()))
                                .process(() -> new SalesMirrorProcessor(MIRROR_STORE, VERSION_STORE, attributes),
                                        Named.as(name + "-mirror"), MIRROR_STORE, VERSION_STORE)
                                .repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray())
                                        .withName(name + "-by-projection"))
                                .process(() -> new SalesProjectionProcessor(PROJECTION_STORE),
                                        Named.as(name + "-project"), PROJECTION_STORE)
                                .to(projectionTopic, Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                                        .withName(name + "-projection-sink")))
                                .withName("change"))
                .defaultBranch(Branched.<byte[], Routed>withConsumer(deadLetters -> deadLetters.to(deadLetterTopic,
                        Produced.with(Serdes.ByteArray(), Routed.valueSerde()).withName(name + "-dlq-sink")))
                        .withName("dlq"));
    }
}
