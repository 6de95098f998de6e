package io.kkbridge.sandbox.tools.produce;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kkbridge.streams.serde.Json;

/**
 * JSON lines: each line one JSON object, sent as its exact text. A line that is not JSON, holds something other
 * than an object, has content after the object or repeats a field name is a {@link InputItem.BadRow}; blank lines
 * are counted and skipped. Lines end with LF, CRLF or CR.
 */
public final class JsonLinesReader implements RowReader {

    private static final ObjectReader STRICT = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final InputLines lines;
    private long blankLines;

    public JsonLinesReader(InputLines lines) {
        this.lines = lines;
    }

    @Override
    public InputItem next() throws IOException {
        InputLines.Line line;
        while ((line = lines.next()) != null) {
            long n = line.number();
            String problem = lines.problemIn(n, n);
            if (problem != null) {
                return new InputItem.BadRow(n, n, problem);
            }
            if (line.isBlank()) {
                blankLines++;
                continue;
            }
            JsonNode node;
            try {
                node = STRICT.readTree(line.text());
            } catch (JsonProcessingException e) {
                String message = e.getOriginalMessage();
                if (message.startsWith("Trailing token")) {
                    message = "more content after the first JSON value";
                }
                return new InputItem.BadRow(n, n, "not valid JSON" + column(e.getLocation()) + ": " + message);
            }
            if (!(node instanceof ObjectNode object)) {
                return new InputItem.BadRow(n, n, "a JSON " + node.getNodeType().name().toLowerCase()
                        + ", not an object");
            }
            return new InputItem.JsonRow(n, object, line.text(), lines.bytesRead());
        }
        return null;
    }

    @Override
    public long blankLines() {
        return blankLines;
    }

    @Override
    public long bytesRead() {
        return lines.bytesRead();
    }

    private static String column(JsonLocation location) {
        return location == null || location.getColumnNr() < 1 ? "" : " at column " + location.getColumnNr();
    }
}
