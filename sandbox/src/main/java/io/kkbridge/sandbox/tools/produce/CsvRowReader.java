package io.kkbridge.sandbox.tools.produce;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import io.kkbridge.sandbox.tools.ToolException;

/**
 * CSV rows with Apache Commons CSV: quoted fields (with delimiters, quotes and line breaks inside), LF, CRLF and
 * CR-only line endings, optional trimming, a header row or given column names.
 *
 * <p>A row with the wrong number of fields, broken quoting (a character after a closing quote, a quote never
 * closed) or a line that is not UTF-8 comes back as a {@link InputItem.BadRow} with the lines it spans; reading goes
 * on at the next line. Blank lines are counted and skipped.
 */
public final class CsvRowReader implements RowReader {

    private final InputLines lines;
    private final LineChunkReader chunks;
    private final CsvSettings settings;
    private final CSVFormat format;
    private CSVParser parser;
    private Iterator<CSVRecord> records;
    /** Lines before the current parser's first line (the parser counts from 0 each time it is made). */
    private long base;
    private List<String> columns;
    private long blankLines;
    private boolean exhausted;

    public CsvRowReader(InputLines lines, CsvSettings settings) {
        this.lines = lines;
        this.chunks = new LineChunkReader(lines);
        this.settings = settings;
        this.format = CSVFormat.DEFAULT.builder()
                .setDelimiter(settings.delimiter())
                .setQuote(settings.quote())
                .setEscape(null)
                .setIgnoreEmptyLines(false)
                .setTrim(settings.trim())
                .setIgnoreSurroundingSpaces(settings.trim())
                .get();
    }

    /**
     * The column names: the header row's (read now, if not yet) or the configured ones. Throws
     * {@link ToolException} naming the line when the header is missing, unreadable, or has an empty or repeated name.
     */
    public List<String> columns() throws IOException {
        if (columns != null) {
            return columns;
        }
        if (!settings.header()) {
            columns = checkNames(settings.columns(), "--columns");
            return columns;
        }
        InputItem first = read();
        if (first == null) {
            throw new ToolException("The input is empty: no header row");
        }
        if (first instanceof InputItem.BadRow bad) {
            throw new ToolException("The header row (" + bad.lines() + ") cannot be read: " + bad.reason());
        }
        InputItem.CsvRow header = (InputItem.CsvRow) first;
        columns = checkNames(header.values(), "the header row (line " + header.firstLine() + ")");
        return columns;
    }

    @Override
    public InputItem next() throws IOException {
        List<String> names = columns();
        InputItem item = read();
        if (item instanceof InputItem.CsvRow row && row.values().size() != names.size()) {
            return new InputItem.BadRow(row.firstLine(), row.lastLine(), String.format(
                    "%d field%s, but %s %d column%s", row.values().size(), row.values().size() == 1 ? "" : "s",
                    settings.header() ? "the header has" : "--columns names", names.size(),
                    names.size() == 1 ? "" : "s"));
        }
        return item;
    }

    @Override
    public long blankLines() {
        return blankLines;
    }

    @Override
    public long bytesRead() {
        return lines.bytesRead();
    }

    /** The next non-blank row, good or bad, without the field-count check. */
    private InputItem read() throws IOException {
        while (!exhausted) {
            if (parser == null) {
                parser = format.parse(chunks);
                records = parser.iterator();
            }
            long before = base + parser.getCurrentLineNumber();
            CSVRecord record;
            try {
                record = records.hasNext() ? records.next() : null;
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof CSVException)) {
                    throw e.getCause();
                }
                long at = Math.max(before + 1, base + parser.getCurrentLineNumber());
                String reason = quotingProblem(e.getCause().getMessage());
                resync();
                String lineProblem = lines.problemIn(before + 1, at);
                return new InputItem.BadRow(before + 1, at, lineProblem != null ? lineProblem : reason);
            }
            if (record == null) {
                exhausted = true;
                return null;
            }
            long first = before + 1;
            long last = Math.max(first, base + parser.getCurrentLineNumber());
            String lineProblem = lines.problemIn(first, last);
            if (lineProblem != null) {
                return new InputItem.BadRow(first, last, lineProblem);
            }
            if (record.size() == 1 && first == last && lines.isBlank(first)) {
                blankLines++;
                continue;
            }
            List<String> values = new ArrayList<>(record.size());
            record.forEach(values::add);
            return new InputItem.CsvRow(first, last, values, lines.bytesRead());
        }
        return null;
    }

    /** After a parse error: drop the parser and what it has not taken of the bad line; go on at the next line. */
    private void resync() {
        chunks.discardRestOfLine();
        base = chunks.linesHandedOut();
        parser = null;
        records = null;
    }

    private String quotingProblem(String message) {
        String q = String.valueOf(settings.quote());
        if (message != null && message.contains("EOF reached before encapsulated token finished")) {
            return "broken quoting: a field opened with " + q + " is never closed, so the rest of the input is "
                    + "inside it";
        }
        if (message != null && message.contains("Invalid character between encapsulated token and delimiter")) {
            return "broken quoting: a character follows the closing " + q + " of a field (a " + q
                    + " inside a quoted field must be written twice: " + q + q + ")";
        }
        return "not valid CSV: " + message;
    }

    private static List<String> checkNames(List<String> names, String where) {
        if (names.isEmpty()) {
            throw new ToolException(where + " names no columns");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.isEmpty()) {
                throw new ToolException("Column " + (i + 1) + " of " + where + " has no name");
            }
            Integer earlier = seen.putIfAbsent(name, i + 1);
            if (earlier != null) {
                throw new ToolException("Column '" + name + "' appears twice in " + where + " (columns " + earlier
                        + " and " + (i + 1) + ")");
            }
        }
        return List.copyOf(names);
    }
}
