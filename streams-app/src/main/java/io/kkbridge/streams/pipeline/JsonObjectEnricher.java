package io.kkbridge.streams.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import io.kkbridge.streams.dlq.InvalidRecordException;
import io.kkbridge.streams.dlq.RejectReason;
import io.kkbridge.streams.serde.Json;

/**
 * Rewrites one JSON object in a single streaming pass: the original fields are copied in their order and with their
 * exact values (numbers keep their text), the subclass looks at the fields it needs on the way and appends its own
 * at the end. Streaming instead of a tree keeps the hot path to one parse and one write per record.
 */
public abstract class JsonObjectEnricher implements RecordEnricher {

    /** What the subclass decided once the whole object was read. */
    public record Decision(byte[] key, String route) {
    }

    private final ByteArrayBuilder buffer = new ByteArrayBuilder(1024);

    @Override
    public final Result enrich(byte[] value) throws InvalidRecordException {
        buffer.reset();
        startRecord();
        try (JsonParser in = Json.FACTORY.createParser(value);
             JsonGenerator out = Json.FACTORY.createGenerator(buffer)) {
            JsonToken first = in.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidRecordException(RejectReason.NOT_AN_OBJECT, first == null
                        ? "value is empty, expected a JSON object"
                        : "value is a JSON " + JsonTypes.describe(first) + ", expected a JSON object");
            }
            out.writeStartObject();
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                in.nextToken();
                onField(name, in, out);
            }
            if (in.nextToken() != null) {
                throw new InvalidRecordException(RejectReason.MALFORMED_JSON,
                        "unexpected content after the JSON object at byte " + in.currentLocation().getByteOffset());
            }
            Decision decision = finishRecord(out);
            out.writeEndObject();
            out.flush();
            return new Result(decision.key(), new Routed(decision.route(), buffer.toByteArray()));
        } catch (StreamReadException e) {
            throw new InvalidRecordException(RejectReason.MALFORMED_JSON, "malformed JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not rewrite a record in memory", e);
        }
    }

    /** Called before each record; clears what the subclass gathered for the previous one. */
    protected abstract void startRecord();

    /**
     * Called with the parser on the value of field {@code name}. The subclass copies the field to {@code out} (or
     * drops it) and leaves the parser on the last token of the value.
     */
    protected abstract void onField(String name, JsonParser in, JsonGenerator out)
            throws IOException, InvalidRecordException;

    /** Validates what was gathered, writes the added fields and returns the output key and route. */
    protected abstract Decision finishRecord(JsonGenerator out) throws IOException, InvalidRecordException;

    /** Copies the current field unchanged. */
    protected static void copy(String name, JsonParser in, JsonGenerator out) throws IOException {
        out.writeFieldName(name);
        copyValue(in, out);
    }

    /**
     * Copies the current value with its children. Numbers are copied as the text they were written in (Jackson's
     * own copy turns {@code 1e400} into {@code 1E+400} and {@code -0} into {@code 0}); the parser has already
     * validated that text, and reading it as characters allocates nothing.
     */
    protected static void copyValue(JsonParser in, JsonGenerator out) throws IOException {
        int depth = 0;
        JsonToken token = in.currentToken();
        while (true) {
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                out.writeNumber(in.getTextCharacters(), in.getTextOffset(), in.getTextLength());
            } else {
                out.copyCurrentEvent(in);
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
            }
            if (depth == 0) {
                return;
            }
            token = in.nextToken();
        }
    }
}
