package io.kkbridge.sandbox.tools.produce;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a row reader hands out: a good row of either format, or a bad row with the lines it spans and why. */
public sealed interface InputItem {

    /** First physical line of the row. */
    long firstLine();

    /** A CSV row with exactly as many values as there are columns, after --trim. */
    record CsvRow(long firstLine, long lastLine, List<String> values, long inputOffset) implements InputItem {
    }

    /** A JSON-lines line holding one JSON object; {@code text} is the line as read, sent unchanged. */
    record JsonRow(long firstLine, ObjectNode object, String text, long inputOffset) implements InputItem {
    }

    /** A row that cannot become a record. */
    record BadRow(long firstLine, long lastLine, String reason) implements InputItem {

        /** "line 7" or "lines 7-9". */
        public String lines() {
            return firstLine == lastLine ? String.format("line %,d", firstLine)
                    : String.format("lines %,d-%,d", firstLine, lastLine);
        }
    }
}
