package io.kkbridge.streams.pipeline.salescdc;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kkbridge.streams.serde.Json;
import io.kkbridge.streams.store.ItemKey;

/**
 * Adds the mirror's deltas to the sales totals (per product and per category) and publishes each new total, keyed
 * {@code dimension:value} (e.g. {@code product:P-1}), as
 * {@code {"dimension":"product","value":"P-1","quantity":12,"amount":35.40,"items":3}}; {@code items} is the number
 * of table items (sale lines) counted.
 */
public final class SalesProjectionProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private final String storeName;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> store;

    public SalesProjectionProcessor(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        ItemKey key = ItemKey.fromBytes(record.key());
        SalesMirrorProcessor.Delta delta = SalesMirrorProcessor.Delta.fromJson(record.value());
        byte[] stored = store.get(Bytes.wrap(record.key()));
        BigDecimal quantity = delta.quantity();
        BigDecimal amount = delta.amount();
        int items = delta.items();
        if (stored != null) {
            JsonNode total = SalesMirrorProcessor.read(stored);
            quantity = quantity.add(total.get("quantity").decimalValue());
            amount = amount.add(total.get("amount").decimalValue());
            items += total.get("items").intValue();
        }
        ObjectNode total = Json.NODES.objectNode();
        total.put("dimension", key.partitionKey());
        total.put("value", key.sortKey());
        total.put("quantity", quantity);
        total.put("amount", amount);
        total.put("items", items);
        byte[] value = SalesMirrorProcessor.write(total);
        store.put(Bytes.wrap(record.key()), value);
        byte[] outputKey = (key.partitionKey() + ":" + key.sortKey()).getBytes(StandardCharsets.UTF_8);
        context.forward(record.withKey(outputKey).withValue(value));
    }
}
