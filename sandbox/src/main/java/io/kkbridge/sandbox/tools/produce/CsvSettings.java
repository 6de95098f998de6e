package io.kkbridge.sandbox.tools.produce;

import java.util.List;

/**
 * How to read a CSV file.
 *
 * @param delimiter field separator
 * @param quote     quote character; a quote inside a quoted field is written twice
 * @param trim      trim leading and trailing blanks of every field (quoted or not) and of the header names
 * @param header    the first row names the columns; else {@code columns} does
 * @param columns   column names when there is no header row; empty otherwise
 */
public record CsvSettings(char delimiter, char quote, boolean trim, boolean header, List<String> columns) {

    public CsvSettings {
        columns = List.copyOf(columns);
        if (delimiter == quote) {
            throw new IllegalArgumentException("the delimiter and the quote must differ");
        }
        if (delimiter == '\r' || delimiter == '\n' || quote == '\r' || quote == '\n') {
            throw new IllegalArgumentException("line breaks cannot be delimiters or quotes");
        }
    }

    public static CsvSettings withHeader(boolean trim) {
        return new CsvSettings(',', '"', trim, true, List.of());
    }
}
