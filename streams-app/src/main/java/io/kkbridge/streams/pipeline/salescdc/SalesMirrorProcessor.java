package io.kkbridge.streams.pipeline.salescdc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kkbridge.streams.serde.Json;
import io.kkbridge.streams.store.ItemKey;

/**
 * Applies changes to the mirror of the sales table and emits what each change does to the projection. The old side
 * of a change is the mirror's copy of the item (which equals {@code OldImage} when no change was missed), so the
 * projection is always the sum over the mirror: a MODIFY subtracts the old item and adds the new one, a REMOVE
 * subtracts it. A change older than the last one applied to the item (by {@code ApproximateCreationDateTime}) or
 * one already applied (same time and {@code eventID}) changes nothing, so replays and duplicates never count twice;
 * removed items keep their version so a late replay cannot bring them back. Skipped changes are counted in the
 * metric {@code sales-cdc-skipped-change-total}.
 */
public final class SalesMirrorProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(SalesMirrorProcessor.class);

    public static final String PRODUCT = "product";
    public static final String CATEGORY = "category";

    private final String mirrorStoreName;
    private final String versionStoreName;
    private final SaleAttributes attributes;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> mirror;
    private KeyValueStore<Bytes, byte[]> versions;
    private Sensor skipped;

    public SalesMirrorProcessor(String mirrorStoreName, String versionStoreName, SaleAttributes attributes) {
        this.mirrorStoreName = mirrorStoreName;
        this.versionStoreName = versionStoreName;
        this.attributes = attributes;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        mirror = context.getStateStore(mirrorStoreName);
        versions = context.getStateStore(versionStoreName);
        // kkbridge-metrics: sales-cdc-skipped-change-total / -rate per task, in /metrics with the Streams metrics
        skipped = context.metrics().addRateTotalSensor("kkbridge", context.taskId().toString(),
                "sales-cdc-skipped-change", Sensor.RecordingLevel.INFO);
    }

    @Override
    public void close() {
        context.metrics().removeSensor(skipped);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Change change = Change.fromJson(record.value());
        Bytes key = Bytes.wrap(record.key());
        Version version = Version.read(versions.get(key));
        if (version != null && !version.accepts(change)) {
            skipped.record();
            if (LOG.isDebugEnabled()) {
                LOG.debug("Change {} to {} at {} skipped: already applied or older than {}", change.eventId(),
                        ItemKey.fromBytes(record.key()), change.createdAt(), version.createdAt);
            }
            return;
        }
        byte[] stored = mirror.get(key);
        SaleAttributes.Contribution before = stored == null ? null : attributes.contribution(read(stored));
        SaleAttributes.Contribution after = change.item() == null ? null : attributes.contribution(change.item());
        if (change.item() == null) {
            mirror.delete(key);
        } else {
            mirror.put(key, write(change.item()));
        }
        versions.put(key, Version.after(version, change).toJson());
        for (Map.Entry<ItemKey, Delta> delta : deltas(before, after).entrySet()) {
            if (!delta.getValue().isZero()) {
                context.forward(record.withKey(delta.getKey().toBytes()).withValue(delta.getValue().toJson()));
            }
        }
    }

    private static Map<ItemKey, Delta> deltas(SaleAttributes.Contribution before, SaleAttributes.Contribution after) {
        Map<ItemKey, Delta> deltas = new LinkedHashMap<>();
        if (before != null) {
            add(deltas, new ItemKey(PRODUCT, before.product()), before, -1);
            add(deltas, new ItemKey(CATEGORY, before.category()), before, -1);
        }
        if (after != null) {
            add(deltas, new ItemKey(PRODUCT, after.product()), after, 1);
            add(deltas, new ItemKey(CATEGORY, after.category()), after, 1);
        }
        return deltas;
    }

    private static void add(Map<ItemKey, Delta> deltas, ItemKey key, SaleAttributes.Contribution c, int sign) {
        Delta change = new Delta(sign < 0 ? c.quantity().negate() : c.quantity(),
                sign < 0 ? c.amount().negate() : c.amount(), sign);
        deltas.merge(key, change, Delta::plus);
    }

    static JsonNode read(byte[] bytes) {
        try {
            return Json.EXACT_TREE_READER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable item in the sales mirror", e);
        }
    }

    static byte[] write(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The change to one projection item: quantity, amount and number of items. */
    record Delta(BigDecimal quantity, BigDecimal amount, int items) {

        Delta plus(Delta other) {
            return new Delta(quantity.add(other.quantity), amount.add(other.amount), items + other.items);
        }

        boolean isZero() {
            return quantity.signum() == 0 && amount.signum() == 0 && items == 0;
        }

        byte[] toJson() {
            ObjectNode node = Json.NODES.objectNode();
            node.put("quantity", quantity);
            node.put("amount", amount);
            node.put("items", items);
            return write(node);
        }

        static Delta fromJson(byte[] bytes) {
            JsonNode node = read(bytes);
            return new Delta(node.get("quantity").decimalValue(), node.get("amount").decimalValue(),
                    node.get("items").intValue());
        }
    }

    /** The last change applied to an item: its creation time and the ids of the changes applied at that time. */
    static final class Version {
        final long createdAt;
        final List<String> eventIds;
        final boolean removed;

        private Version(long createdAt, List<String> eventIds, boolean removed) {
            this.createdAt = createdAt;
            this.eventIds = eventIds;
            this.removed = removed;
        }

        boolean accepts(Change change) {
            return change.createdAt() > createdAt
                    || (change.createdAt() == createdAt && !eventIds.contains(change.eventId()));
        }

        static Version after(Version previous, Change change) {
            List<String> ids = new ArrayList<>();
            if (previous != null && previous.createdAt == change.createdAt()) {
                ids.addAll(previous.eventIds);
            }
            ids.add(change.eventId());
            return new Version(change.createdAt(), ids, change.kind() == Change.Kind.REMOVE);
        }

        static Version read(byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            JsonNode node = SalesMirrorProcessor.read(bytes);
            List<String> ids = new ArrayList<>();
            node.get("event_ids").forEach(id -> ids.add(id.textValue()));
            return new Version(node.get("created_at").longValue(), ids, node.get("removed").booleanValue());
        }

        byte[] toJson() {
            ObjectNode node = Json.NODES.objectNode();
            node.put("created_at", createdAt);
            ArrayNode ids = node.putArray("event_ids");
            eventIds.forEach(ids::add);
            node.put("removed", removed);
            return write(node);
        }
    }
}
