package io.kkbridge.sandbox.tools.produce;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.kkbridge.sandbox.tools.KinesisLimits;
import io.kkbridge.sandbox.tools.OutgoingRecord;
import io.kkbridge.sandbox.tools.RecordSource;
import io.kkbridge.sandbox.tools.ToolException;

/**
 * The rows of an input file as records: JSON data, a partition key, and every bad row reported on stderr with its
 * line numbers, then skipped or thrown per {@link BadRowPolicy}.
 */
public final class ProduceSource implements RecordSource {

    /** What to do with a row that cannot become a record. */
    public enum BadRowPolicy {
        /** Report it and go on. */
        SKIP,
        /** Stop: the rows before it are sent, none after. */
        FAIL
    }

    /** Where partition keys come from. */
    public sealed interface KeyChoice {
        /** A field of each row (after --rename). */
        record FromField(String field) implements KeyChoice {
        }

        /** The same key for every record. */
        record Fixed(String value) implements KeyChoice {
        }

        /** A random UUID per record: records spread over all shards. */
        record Random() implements KeyChoice {
        }
    }

    private final RowReader reader;
    private final CsvToJson csv;
    private final KeyChoice keys;
    private final int keyIndex;
    private final BadRowPolicy policy;
    private final PrintStream err;
    private final Random random = new Random();
    private long rowsRead;
    private final List<InputItem.BadRow> skipped = new ArrayList<>();

    /** @param csv how CSV rows become JSON; null for JSON lines */
    public ProduceSource(RowReader reader, CsvToJson csv, KeyChoice keys, BadRowPolicy policy, PrintStream err) {
        this.reader = reader;
        this.csv = csv;
        this.keys = keys;
        this.policy = policy;
        this.err = err;
        if (keys instanceof KeyChoice.FromField field && csv != null) {
            keyIndex = csv.indexOf(field.field());
            if (keyIndex < 0) {
                throw new ToolException("--partition-key " + field.field() + ": there is no field '" + field.field()
                        + "'; the fields are " + String.join(", ", csv.fieldNames()));
            }
        } else {
            keyIndex = -1;
        }
        if (keys instanceof KeyChoice.Fixed fixed) {
            String problem = KinesisLimits.partitionKeyProblem(fixed.value());
            if (problem != null) {
                throw new ToolException("--partition-key-value: " + problem);
            }
        }
    }

    @Override
    public OutgoingRecord next() throws IOException {
        InputItem item;
        while ((item = reader.next()) != null) {
            rowsRead++;
            if (item instanceof InputItem.BadRow bad) {
                handle(bad);
                continue;
            }
            OutgoingRecord record = toRecord(item);
            if (record != null) {
                return record;
            }
        }
        return null;
    }

    /** Data rows read, good and bad (not the header, not blank lines). */
    public long rowsRead() {
        return rowsRead;
    }

    public long blankLines() {
        return reader.blankLines();
    }

    public long bytesRead() {
        return reader.bytesRead();
    }

    /** The bad rows skipped, in input order. */
    public List<InputItem.BadRow> skipped() {
        return List.copyOf(skipped);
    }

    private OutgoingRecord toRecord(InputItem item) {
        byte[] data;
        String key;
        long firstLine = item.firstLine();
        long lastLine;
        long offset;
        if (item instanceof InputItem.CsvRow row) {
            lastLine = row.lastLine();
            offset = row.inputOffset();
            try {
                data = csv.toJson(row.values());
            } catch (IllegalArgumentException e) {
                handle(new InputItem.BadRow(firstLine, lastLine, e.getMessage()));
                return null;
            }
            key = keyIndex >= 0 ? row.values().get(keyIndex) : null;
        } else {
            InputItem.JsonRow row = (InputItem.JsonRow) item;
            lastLine = firstLine;
            offset = row.inputOffset();
            data = row.text().getBytes(StandardCharsets.UTF_8);
            key = null;
            if (keys instanceof KeyChoice.FromField field) {
                JsonNode value = row.object().get(field.field());
                if (value == null || value.isNull()) {
                    handle(new InputItem.BadRow(firstLine, lastLine, "no field '" + field.field()
                            + "' for the partition key"));
                    return null;
                }
                if (value.isContainerNode()) {
                    handle(new InputItem.BadRow(firstLine, lastLine, "field '" + field.field() + "' (the partition "
                            + "key) is an " + (value.isArray() ? "array" : "object") + ", not a value"));
                    return null;
                }
                key = value.asText();
            }
        }
        if (keys instanceof KeyChoice.Fixed fixed) {
            key = fixed.value();
        } else if (keys instanceof KeyChoice.Random) {
            key = new UUID(random.nextLong(), random.nextLong()).toString();
        }
        String problem = KinesisLimits.recordProblem(key, data);
        if (problem != null) {
            if (keys instanceof KeyChoice.FromField field && KinesisLimits.partitionKeyProblem(key) != null) {
                problem = "field '" + field.field() + "': " + problem;
            }
            handle(new InputItem.BadRow(firstLine, lastLine, problem));
            return null;
        }
        return new OutgoingRecord(firstLine, key, data, offset);
    }

    private void handle(InputItem.BadRow bad) {
        if (policy == BadRowPolicy.FAIL) {
            throw new ToolException(bad.lines() + ": " + bad.reason() + " (stopped by --on-bad-row fail; "
                    + "--on-bad-row skip reports such rows and goes on)");
        }
        skipped.add(bad);
        err.println("kkb produce: skipped " + bad.lines() + ": " + bad.reason());
    }
}
