package io.kkbridge.streams.pipeline.salescdc;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kkbridge.streams.dlq.InvalidRecordException;
import io.kkbridge.streams.dlq.RejectReason;
import io.kkbridge.streams.pipeline.RecordEnricher;
import io.kkbridge.streams.pipeline.Routed;
import io.kkbridge.streams.serde.Json;
import io.kkbridge.streams.store.ItemKey;

/**
 * Reads one change record in the JSON that Kinesis Data Streams for DynamoDB writes ({@code eventName},
 * {@code eventID}, {@code dynamodb.ApproximateCreationDateTime}, {@code dynamodb.Keys}, {@code NewImage},
 * {@code OldImage}), unmarshals its images and turns it into a {@link Change} keyed by the item's key. A change
 * the mirror cannot apply (no images where it needs them, sale attributes missing or of the wrong type, anything
 * that is not DynamoDB JSON) is refused with the path of the field.
 */
public final class ChangeRecordParser implements RecordEnricher {

    public static final String ROUTE_CHANGE = "change";

    private final String partitionKey;
    private final String sortKey;
    private final SaleAttributes attributes;

    public ChangeRecordParser(String partitionKey, String sortKey, SaleAttributes attributes) {
        this.partitionKey = partitionKey;
        this.sortKey = sortKey;
        this.attributes = attributes;
    }

    @Override
    public Result enrich(byte[] value) throws InvalidRecordException {
        JsonNode root = parse(value);
        String eventName = requiredText(root, "eventName");
        Change.Kind kind;
        try {
            kind = Change.Kind.valueOf(eventName);
        } catch (IllegalArgumentException e) {
            throw InvalidRecordException.invalid("eventName", "must be INSERT, MODIFY or REMOVE but is \""
                    + eventName + "\"");
        }
        String eventId = requiredText(root, "eventID");
        JsonNode dynamodb = root.get("dynamodb");
        if (dynamodb == null) {
            throw InvalidRecordException.missing("dynamodb");
        }
        if (!dynamodb.isObject()) {
            throw InvalidRecordException.wrongType("dynamodb", "an object", DynamoJson.describe(dynamodb));
        }
        long created = creationTime(dynamodb.get("ApproximateCreationDateTime"));
        ItemKey key = key(dynamodb.get("Keys"));
        JsonNode newImage = dynamodb.get("NewImage");
        JsonNode oldImage = dynamodb.get("OldImage");
        ObjectNode item = null;
        if (kind != Change.Kind.REMOVE) {
            if (newImage == null) {
                throw InvalidRecordException.missing("dynamodb.NewImage");
            }
            item = DynamoJson.unmarshalMap(newImage, "dynamodb.NewImage");
            attributes.validate(newImage, "dynamodb.NewImage");
        }
        if (oldImage != null) {
            // not needed for the arithmetic (the mirror holds the old item), but it must be DynamoDB JSON
            DynamoJson.unmarshalMap(oldImage, "dynamodb.OldImage");
        }
        Change change = new Change(kind, eventId, created, item);
        return new Result(key.toBytes(), new Routed(ROUTE_CHANGE, change.toJson()));
    }

    private static JsonNode parse(byte[] value) throws InvalidRecordException {
        JsonNode root;
        try {
            root = Json.EXACT_TREE_READER.readTree(value);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException(RejectReason.MALFORMED_JSON, "malformed JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw new IllegalStateException("Could not read a record in memory", e);
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidRecordException(RejectReason.NOT_AN_OBJECT, "value is empty, expected a JSON object");
        }
        if (!root.isObject()) {
            throw new InvalidRecordException(RejectReason.NOT_AN_OBJECT,
                    "value is a JSON " + DynamoJson.describe(root) + ", expected a JSON object");
        }
        return root;
    }

    private static String requiredText(JsonNode parent, String field) throws InvalidRecordException {
        JsonNode v = parent.get(field);
        if (v == null) {
            throw InvalidRecordException.missing(field);
        }
        if (!v.isTextual()) {
            throw InvalidRecordException.wrongType(field, "a string", DynamoJson.describe(v));
        }
        if (v.textValue().isBlank()) {
            throw InvalidRecordException.invalid(field, "must not be blank");
        }
        return v.textValue();
    }

    /**
     * Epoch milliseconds in this format (microseconds when the table's precision is set so): only compared, never
     * converted, so either works as long as one table uses one.
     */
    private static long creationTime(JsonNode v) throws InvalidRecordException {
        String field = "dynamodb.ApproximateCreationDateTime";
        if (v == null) {
            throw InvalidRecordException.missing(field);
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw InvalidRecordException.wrongType(field, "an integer (epoch milliseconds)", v.isNumber()
                    ? "the number " + v.asText() : DynamoJson.describe(v));
        }
        if (v.longValue() < 0) {
            throw InvalidRecordException.invalid(field, "must not be negative but is " + v.longValue());
        }
        return v.longValue();
    }

    private ItemKey key(JsonNode keys) throws InvalidRecordException {
        String field = "dynamodb.Keys";
        if (keys == null) {
            throw InvalidRecordException.missing(field);
        }
        if (!keys.isObject()) {
            throw InvalidRecordException.wrongType(field, "an object of attribute values", DynamoJson.describe(keys));
        }
        JsonNode pk = keys.get(partitionKey);
        if (pk == null) {
            throw InvalidRecordException.missing(field + "." + partitionKey);
        }
        String pkText = DynamoJson.keyText(pk, field + "." + partitionKey);
        if (sortKey == null) {
            return ItemKey.of(pkText);
        }
        JsonNode sk = keys.get(sortKey);
        if (sk == null) {
            throw InvalidRecordException.missing(field + "." + sortKey);
        }
        return new ItemKey(pkText, DynamoJson.keyText(sk, field + "." + sortKey));
    }
}
