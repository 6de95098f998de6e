package io.kkbridge.streams.pipeline.salescdc;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kkbridge.streams.serde.Json;

/**
 * A validated change to one item, as it travels from the parser to the mirror: what happened, the event's id and
 * creation time (for duplicates and order), and the new item as plain JSON (null for a REMOVE).
 */
public record Change(Kind kind, String eventId, long createdAt, ObjectNode item) {

    public enum Kind { INSERT, MODIFY, REMOVE }

    byte[] toJson() {
        ObjectNode node = Json.NODES.objectNode();
        node.put("event", kind.name());
        node.put("event_id", eventId);
        node.put("created_at", createdAt);
        if (item != null) {
            node.set("item", item);
        }
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Change fromJson(byte[] bytes) {
        try {
            JsonNode node = Json.EXACT_TREE_READER.readTree(bytes);
            JsonNode item = node.get("item");
            return new Change(Kind.valueOf(node.get("event").textValue()), node.get("event_id").textValue(),
                    node.get("created_at").longValue(), item == null ? null : (ObjectNode) item);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable change on the internal topic", e);
        }
    }
}
