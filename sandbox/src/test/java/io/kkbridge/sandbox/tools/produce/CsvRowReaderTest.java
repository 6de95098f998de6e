package io.kkbridge.sandbox.tools.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.kkbridge.sandbox.tools.ToolException;
import io.kkbridge.sandbox.tools.produce.InputItem.BadRow;
import io.kkbridge.sandbox.tools.produce.InputItem.CsvRow;

class CsvRowReaderTest {

    @ParameterizedTest(name = "line ending {0}")
    @ValueSource(strings = {"LF", "CRLF", "CR"})
    void shouldReadTheSameRowsAndLineNumbersWithEveryLineEnding(String ending) throws IOException {
        String eol = switch (ending) {
            case "LF" -> "\n";
            case "CRLF" -> "\r\n";
            default -> "\r";
        };
        String csv = String.join(eol, "id,name,city", "1,Ann,Köln", "2,Bob,Genève", "3,Cy,Luleå");

        CsvRowReader reader = reader(csv, false);
        List<InputItem> items = readAll(reader);

        assertThat(reader.columns()).containsExactly("id", "name", "city");
        assertThat(describe(items)).containsExactly("2-2 [1, Ann, Köln]", "3-3 [2, Bob, Genève]",
                "4-4 [3, Cy, Luleå]");
        assertThat(((CsvRow) items.get(2)).inputOffset()).isEqualTo(csv.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void shouldReadMixedLineEndingsAndAFinalLineEnding() throws IOException {
        List<InputItem> items = readAll(reader("a,b\r\n1,2\r3,4\n5,6\r\n", false));

        assertThat(rows(items)).containsExactly(List.of("1", "2"), List.of("3", "4"), List.of("5", "6"));
        assertThat(items).extracting(InputItem::firstLine).containsExactly(2L, 3L, 4L);
    }

    @Test
    void shouldKeepDelimitersQuotesAndLineBreaksInsideQuotedFieldsAndNumberTheLinesAfterThem() throws IOException {
        String csv = "id,text,n\r"
                + "1,\"a, b\",x\r"
                + "2,\"say \"\"hi\"\"\",y\r"
                + "3,\"two\rlines\",z\r"
                + "4,\"three\nmixed\r\nlines\",w\r"
                + "5,plain,v";

        List<InputItem> items = readAll(reader(csv, false));

        assertThat(rows(items)).containsExactly(
                List.of("1", "a, b", "x"),
                List.of("2", "say \"hi\"", "y"),
                List.of("3", "two\rlines", "z"),
                List.of("4", "three\nmixed\r\nlines", "w"),
                List.of("5", "plain", "v"));
        assertThat(items).extracting(InputItem::firstLine).containsExactly(2L, 3L, 4L, 6L, 9L);
        assertThat(((CsvRow) items.get(2)).lastLine()).isEqualTo(5);
        assertThat(((CsvRow) items.get(3)).lastLine()).isEqualTo(8);
    }

    @Test
    void shouldTrimFieldsAndHeaderNamesOnlyWhenAsked() throws IOException {
        String csv = " id , beat \n1,3C        \n2,  \" 5A \"  \n3,          \n";

        CsvRowReader trimmed = reader(csv, true);
        List<InputItem> trimmedRows = readAll(trimmed);
        CsvRowReader untrimmed = reader(csv, false);
        List<InputItem> untrimmedRows = readAll(untrimmed);

        assertThat(trimmed.columns()).containsExactly("id", "beat");
        assertThat(rows(trimmedRows)).containsExactly(List.of("1", "3C"), List.of("2", "5A"), List.of("3", ""));
        assertThat(untrimmed.columns()).containsExactly(" id ", " beat ");
        assertThat(rows(untrimmedRows)).containsExactly(List.of("1", "3C        "), List.of("2", "  \" 5A \"  "),
                List.of("3", "          "));
    }

    @Test
    void shouldReportRowsWithTheWrongFieldCountWithTheirLineNumbersAndGoOn() throws IOException {
        String csv = "a,b,c\n1,2,3\n4,5\n6,7,8,9\n\"x\ny\",z\n10,11,12\n";

        List<InputItem> items = readAll(reader(csv, false));

        assertThat(describe(items)).containsExactly(
                "2-2 [1, 2, 3]",
                "3-3 bad: 2 fields, but the header has 3 columns",
                "4-4 bad: 4 fields, but the header has 3 columns",
                "5-6 bad: 2 fields, but the header has 3 columns",
                "7-7 [10, 11, 12]");
    }

    @Test
    void shouldReportACharacterAfterAClosingQuoteAndResumeAtTheNextLine() throws IOException {
        String csv = "a,b\r1,\"ok\"\r2,\"bro\"ken,more\"\r3,\"fine\"\r";

        List<InputItem> items = readAll(reader(csv, false));

        assertThat(items).hasSize(3);
        assertThat(rows(List.of(items.get(0)))).containsExactly(List.of("1", "ok"));
        assertThat(items.get(1)).isInstanceOf(BadRow.class);
        BadRow bad = (BadRow) items.get(1);
        assertThat(bad.firstLine()).isEqualTo(3);
        assertThat(bad.lastLine()).isEqualTo(3);
        assertThat(bad.reason()).startsWith("broken quoting: a character follows the closing \" of a field");
        assertThat(describe(items.subList(2, 3))).containsExactly("4-4 [3, fine]");
    }

    @Test
    void shouldReportAQuoteThatIsNeverClosedFromItsLineToTheEnd() throws IOException {
        String csv = "a,b\n1,2\n3,\"open\n4,5\n6,7";

        List<InputItem> items = readAll(reader(csv, false));

        assertThat(items).hasSize(2);
        assertThat(describe(items.subList(0, 1))).containsExactly("2-2 [1, 2]");
        BadRow bad = (BadRow) items.get(1);
        assertThat(bad.lines()).isEqualTo("lines 3-5");
        assertThat(bad.reason()).isEqualTo("broken quoting: a field opened with \" is never closed, so the rest of "
                + "the input is inside it");
    }

    @Test
    void shouldReportALineThatIsNotUtf8AndReadTheNextOne() throws IOException {
        byte[] head = "a,b\n1,ok\n2,".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "bad\n3,fine\n".getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, input, 0, head.length);
        input[head.length] = (byte) 0xC3;
        input[head.length + 1] = (byte) 0x28;
        System.arraycopy(tail, 0, input, head.length + 2, tail.length);

        List<InputItem> items = readAll(new CsvRowReader(lines(input), CsvSettings.withHeader(false)));

        assertThat(rows(List.of(items.get(0)))).containsExactly(List.of("1", "ok"));
        assertThat(items.get(1)).isEqualTo(new BadRow(3, 3, "line 3 is not valid UTF-8 (byte 3 of the line)"));
        assertThat(rows(List.of(items.get(2)))).containsExactly(List.of("3", "fine"));
        assertThat(items.get(2).firstLine()).isEqualTo(4);
    }

    @Test
    void shouldSkipAndCountBlankLines() throws IOException {
        CsvRowReader reader = reader("\na,b\n1,2\n\n   \n3,4\n\n", false);

        List<InputItem> items = readAll(reader);

        assertThat(items).extracting(InputItem::firstLine).containsExactly(3L, 6L);
        assertThat(reader.blankLines()).isEqualTo(4);
    }

    @Test
    void shouldDropAByteOrderMarkBeforeTheHeader() throws IOException {
        CsvRowReader reader = reader("\uFEFFid,name\n1,x\n", false);

        assertThat(reader.columns()).containsExactly("id", "name");
    }

    @Test
    void shouldNameColumnsFromSettingsWithoutAHeaderRow() throws IOException {
        CsvRowReader reader = new CsvRowReader(lines("1,x\r2,y"), new CsvSettings(',', '"', false, false,
                List.of("id", "name")));

        List<InputItem> items = readAll(reader);

        assertThat(reader.columns()).containsExactly("id", "name");
        assertThat(items).extracting(InputItem::firstLine).containsExactly(1L, 2L);
        assertThat(rows(items)).containsExactly(List.of("1", "x"), List.of("2", "y"));
    }

    @Test
    void shouldReadOtherDelimitersAndQuotes() throws IOException {
        CsvRowReader reader = new CsvRowReader(lines("a\tb\n'x\ty'\t'it''s'\n"),
                new CsvSettings('\t', '\'', false, true, List.of()));

        assertThat(rows(readAll(reader))).containsExactly(List.of("x\ty", "it's"));
    }

    @Test
    void shouldRefuseHeadersWithRepeatedOrEmptyNamesOrNoHeaderAtAll() {
        assertThatThrownBy(() -> reader("id,name,id\n1,2,3\n", false).columns())
                .isInstanceOf(ToolException.class)
                .hasMessage("Column 'id' appears twice in the header row (line 1) (columns 1 and 3)");
        assertThatThrownBy(() -> reader("id,,x\n", false).columns())
                .isInstanceOf(ToolException.class)
                .hasMessage("Column 2 of the header row (line 1) has no name");
        assertThatThrownBy(() -> reader("", false).columns())
                .isInstanceOf(ToolException.class)
                .hasMessage("The input is empty: no header row");
        assertThatThrownBy(() -> reader("a,\"b\nc\n", false).columns())
                .isInstanceOf(ToolException.class)
                .hasMessageStartingWith("The header row (lines 1-2) cannot be read: broken quoting");
    }

    @Test
    void shouldReadEverySacramentoRowWithItsCrOnlyLineEndingsAndPaddedBeats() throws IOException {
        Path file = Path.of(System.getProperty("kkbridge.data.dir", "../data"), "SacramentocrimeJanuary2006.csv");

        CsvRowReader reader = new CsvRowReader(lines(Files.readAllBytes(file)), CsvSettings.withHeader(true));
        List<InputItem> items = readAll(reader);

        assertThat(reader.columns()).containsExactly("cdatetime", "address", "district", "beat", "grid",
                "crimedescr", "ucr_ncic_code", "latitude", "longitude");
        assertThat(items).hasSize(7_584).allSatisfy(item -> assertThat(item).isInstanceOf(CsvRow.class));
        assertThat(describe(items.subList(0, 1))).containsExactly("2-2 [1/1/06 0:00, 3108 OCCIDENTAL DR, 3, 3C, "
                + "1115, 10851(A)VC TAKE VEH W/O OWNER, 2404, 38.55042047, -121.3914158]");
        CsvRow last = (CsvRow) items.get(7_583);
        assertThat(last.firstLine()).isEqualTo(7_585);
        assertThat(last.values()).containsExactly("1/31/06 23:50", "COBBLE COVE LN / COBBLE SHORES DR", "4", "4C",
                "1294", "TRAFFIC-ACCIDENT-NON INJURY", "5400", "38.47962803", "-121.5286345");
        assertThat(last.inputOffset()).isEqualTo(793_574);
        assertThat(rows(items).stream().filter(r -> r.get(3).isEmpty())).hasSize(42);
        Set<List<String>> distinct = new HashSet<>(rows(items));
        assertThat(items.size() - distinct.size()).isEqualTo(38);
        assertThat(reader.blankLines()).isZero();
    }

    static CsvRowReader reader(String csv, boolean trim) {
        return new CsvRowReader(lines(csv), CsvSettings.withHeader(trim));
    }

    static InputLines lines(String text) {
        return lines(text.getBytes(StandardCharsets.UTF_8));
    }

    static InputLines lines(byte[] bytes) {
        return new InputLines(new ByteArrayInputStream(bytes));
    }

    static List<InputItem> readAll(RowReader reader) throws IOException {
        List<InputItem> items = new ArrayList<>();
        InputItem item;
        while ((item = reader.next()) != null) {
            items.add(item);
        }
        return items;
    }

    static List<List<String>> rows(List<InputItem> items) {
        List<List<String>> rows = new ArrayList<>();
        for (InputItem item : items) {
            rows.add(((CsvRow) item).values());
        }
        return rows;
    }

    /** "first-last [values]" or "first-last bad: reason" per item. */
    static List<String> describe(List<InputItem> items) {
        List<String> out = new ArrayList<>();
        for (InputItem item : items) {
            if (item instanceof CsvRow row) {
                out.add(row.firstLine() + "-" + row.lastLine() + " " + row.values());
            } else {
                BadRow bad = (BadRow) item;
                out.add(bad.firstLine() + "-" + bad.lastLine() + " bad: " + bad.reason());
            }
        }
        return out;
    }
}
