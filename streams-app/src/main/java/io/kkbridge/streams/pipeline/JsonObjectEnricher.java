package io.kkbridge.streams.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;

import io.kkbridge.streams.dlq.InvalidRecordException;
import io.kkbridge.streams.dlq.RejectReason;
import io.kkbridge.streams.serde.Json;

/**
 * Rewrites one JSON object in a single streaming parse: the subclass looks at the fields it needs on the way and
 * appends its own at the end. The original fields are not re-generated but copied as the bytes they came as, so
 * every value keeps its exact text (numbers, escapes, spacing inside values) and the object's own separators stay as
 * written; only fields the subclass drops or replaces, and the appended ones, are written anew (compact). The parser
 * still reads and validates the whole object, but strings nobody asks for are skipped without being decoded: at the
 * Streams app's rates, re-generating every field was about a third of the stream thread (BENCHMARKS.md). The appended
 * fields go straight into the output through {@link Appender} (names encoded once, strings escaped as Jackson's
 * generator escapes them): a generator made for every record to write four fields was a tenth of the stream thread.
 */
public abstract class JsonObjectEnricher implements RecordEnricher {

    /** What the subclass decided once the whole object was read. */
    public record Decision(byte[] key, String route) {
    }

    /** The output so far: the object's original bytes spliced with what changed, then the appended fields. */
    private final Output buffer = new Output(1024);
    private final Appender appender = new Appender(buffer);
    /**
     * The project's factory with a buffer pool of this enricher's own. Each parser borrows its buffers from the
     * factory's pool: Jackson's default pool is a thread-local, whose look-up on a stream thread (which carries many
     * thread-locals) was a fortieth of the thread in JFR, and its concurrent-deque pool cost as much.
     */
    private final JsonFactory factory = Json.FACTORY.rebuild().recyclerPool(new OneOwnerPool()).build();

    private FieldAction action;
    private String replacement;

    private enum FieldAction { KEEP, DROP, REPLACE }

    @Override
    public final Result enrich(byte[] value) throws InvalidRecordException {
        buffer.reset();
        startRecord();
        try (JsonParser in = factory.createParser(value)) {
            JsonToken first = in.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidRecordException(RejectReason.NOT_AN_OBJECT, first == null
                        ? "value is empty, expected a JSON object"
                        : "value is a JSON " + JsonTypes.describe(first) + ", expected a JSON object");
            }
            buffer.write('{'); // leading blanks (and a byte-order mark, which the parser skips) are not kept
            int copied = offset(in) + 1; // everything of the input before this is in the output already
            JsonToken token = in.nextToken();
            while (token == JsonToken.FIELD_NAME) {
                int nameStart = offset(in);
                String name = in.currentName();
                in.nextToken();
                int valueStart = offset(in);
                action = FieldAction.KEEP;
                onField(name, in);
                token = in.nextToken();
                if (action != FieldAction.KEEP) {
                    // the field runs from its name to the next field's name (or the closing brace); write what is
                    // kept of the object so far, then the field's new form
                    int fieldEnd = offset(in);
                    buffer.write(value, copied, nameStart - copied);
                    if (action == FieldAction.REPLACE) {
                        int valueEnd = trimSeparator(value, fieldEnd);
                        buffer.write(value, nameStart, valueStart - nameStart);
                        buffer.writeAscii(replacement);
                        buffer.write(value, valueEnd, fieldEnd - valueEnd);
                    }
                    copied = fieldEnd;
                }
            }
            // token is END_OBJECT here: the parser reports any other token after a field's value as malformed
            int closingBrace = offset(in);
            if (in.nextToken() != null) {
                throw new InvalidRecordException(RejectReason.MALFORMED_JSON,
                        "unexpected content after the JSON object at byte " + in.currentLocation().getByteOffset());
            }
            buffer.write(value, copied, closingBrace - copied);
            // a dropped last field leaves the comma that separated it from the field before
            buffer.truncate(trimSeparator(buffer.bytes(), buffer.length()));
            Decision decision = finishRecord(appender);
            buffer.write('}');
            return new Result(decision.key(), new Routed(decision.route(), buffer.toByteArray()));
        } catch (StreamReadException e) {
            throw new InvalidRecordException(RejectReason.MALFORMED_JSON, "malformed JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not rewrite a record in memory", e);
        } finally {
            replacement = null;
        }
    }

    /** Moves back over blanks, at most one comma, and blanks again. */
    private static int trimSeparator(byte[] bytes, int end) {
        int at = trimBlanks(bytes, end);
        if (at > 0 && bytes[at - 1] == ',') {
            at = trimBlanks(bytes, at - 1);
        }
        return at;
    }

    private static int trimBlanks(byte[] bytes, int end) {
        int at = end;
        while (at > 0 && isBlank(bytes[at - 1])) {
            at--;
        }
        return at;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static int offset(JsonParser in) {
        return (int) in.currentTokenLocation().getByteOffset();
    }

    /** Called before each record; clears what the subclass gathered for the previous one. */
    protected abstract void startRecord();

    /**
     * Called with the parser on the value of field {@code name}. The field is kept as it came unless the subclass
     * calls {@link #dropField()} or {@link #replaceValue(String)}; the subclass leaves the parser on the last token of
     * the value ({@link JsonParser#skipChildren()} for a value it does not read).
     */
    protected abstract void onField(String name, JsonParser in) throws IOException, InvalidRecordException;

    /** Validates what was gathered, appends the added fields and returns the output key and route. */
    protected abstract Decision finishRecord(Appender out) throws InvalidRecordException;

    /** Leaves the current field out of the output. */
    protected final void dropField() {
        action = FieldAction.DROP;
    }

    /**
     * Writes the current field with a new value.
     *
     * @param json the new value as JSON text, ASCII only (a number's digits, for instance)
     */
    protected final void replaceValue(String json) {
        action = FieldAction.REPLACE;
        replacement = json;
    }

    /** A field name for {@link Appender}, quoted and escaped once. */
    public static final class FieldName {
        private final byte[] nameAndColon;

        public FieldName(String name) {
            byte[] quoted = quoted(name);
            nameAndColon = Arrays.copyOf(quoted, quoted.length + 1);
            nameAndColon[quoted.length] = ':';
        }
    }

    /** {@code text} as a JSON string, quotes included, exactly as Jackson's generator writes it. */
    private static byte[] quoted(String text) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(text.length() + 16);
        try (JsonGenerator generator = Json.FACTORY.createGenerator(bytes)) {
            generator.writeString(text);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write a string in memory", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Appends fields to the object being written, after its own, in the compact form Jackson's generator writes
     * ({@code ,"name":value}). Printable ASCII strings are copied as they are; any other string goes through the
     * generator, so escapes (quotes, backslashes, control characters, surrogates) are the generator's own.
     */
    public static final class Appender {
        private final Output out;

        private Appender(Output out) {
            this.out = out;
        }

        /** A string field; {@code null} writes JSON null. */
        public void string(FieldName name, String value) {
            name(name);
            if (value == null) {
                out.writeAscii("null");
            } else if (isPlainAscii(value)) {
                out.write('"');
                out.writeAscii(value);
                out.write('"');
            } else {
                byte[] quoted = quoted(value);
                out.write(quoted, 0, quoted.length);
            }
        }

        /** An integer field. */
        public void number(FieldName name, long value) {
            name(name);
            out.writeLong(value);
        }

        private void name(FieldName name) {
            if (out.length() > 1) { // something after the opening brace
                out.write(',');
            }
            out.write(name.nameAndColon, 0, name.nameAndColon.length);
        }

        /** Printable ASCII without a quote or backslash: written as it is. */
        private static boolean isPlainAscii(String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                    return false;
                }
            }
            return true;
        }
    }

    /** A growable byte array that can be cut back; used by one thread. */
    private static final class Output {
        private byte[] bytes;
        private int length;

        Output(int capacity) {
            bytes = new byte[capacity];
        }

        void reset() {
            length = 0;
        }

        byte[] bytes() {
            return bytes;
        }

        int length() {
            return length;
        }

        void truncate(int newLength) {
            length = newLength;
        }

        void write(int b) {
            ensure(1);
            bytes[length++] = (byte) b;
        }

        void write(byte[] source, int offset, int count) {
            ensure(count);
            System.arraycopy(source, offset, bytes, length, count);
            length += count;
        }

        /** {@code text} must be ASCII. */
        void writeAscii(String text) {
            ensure(text.length());
            for (int i = 0; i < text.length(); i++) {
                bytes[length++] = (byte) text.charAt(i);
            }
        }

        void writeLong(long value) {
            ensure(20);
            length = NumberOutput.outputLong(value, bytes, length);
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, length);
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }

    /**
     * Holds the one set of parser buffers of an enricher, which is used by one thread at a time (Kafka Streams hands a
     * task, and so its processors, from one thread to another only through its own synchronised hand-over).
     */
    private static final class OneOwnerPool implements RecyclerPool<BufferRecycler> {
        private static final long serialVersionUID = 1L;

        private transient BufferRecycler idle;

        @Override
        public BufferRecycler acquirePooled() {
            BufferRecycler recycler = idle;
            if (recycler == null) {
                return new BufferRecycler();
            }
            idle = null;
            return recycler;
        }

        @Override
        public void releasePooled(BufferRecycler recycler) {
            idle = recycler;
        }
    }
}
