package io.kkbridge.sandbox.tools.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kkbridge.sandbox.tools.OutgoingRecord;
import io.kkbridge.sandbox.tools.ToolException;
import io.kkbridge.sandbox.tools.produce.ProduceSource.BadRowPolicy;
import io.kkbridge.sandbox.tools.produce.ProduceSource.KeyChoice;

class ProduceSourceTest {

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    /** The point-of-sale fixture with the renames and types issue 5's purchases need. */
    private ProduceSource pointOfSale(BadRowPolicy policy) throws IOException {
        InputStream in = getClass().getResourceAsStream("/produce/pos-sales.csv");
        CsvRowReader reader = new CsvRowReader(new InputLines(in), CsvSettings.withHeader(false));
        Map<String, String> renames = new LinkedHashMap<>();
        renames.put("InvoiceNo", "purchase_id");
        renames.put("StockCode", "product_id");
        renames.put("Description", "description");
        renames.put("Quantity", "quantity");
        renames.put("InvoiceDate", "timestamp");
        renames.put("UnitPrice", "price");
        renames.put("CustomerID", "customer_id");
        renames.put("Country", "country");
        Map<String, String> types = Map.of("quantity", "integer", "price", "decimal",
                "timestamp", "timestamp:M/d/yyyy H:mm");
        CsvToJson json = CsvToJson.create(reader.columns(), renames, types, ZoneId.of("UTC"));
        return new ProduceSource(reader, json, new KeyChoice.FromField("customer_id"), policy, err);
    }

    @Test
    void shouldTurnPointOfSaleRowsIntoPurchasesAndSkipBadRowsWithTheirLineNumbers() throws IOException {
        ProduceSource source = pointOfSale(BadRowPolicy.SKIP);

        List<OutgoingRecord> records = drain(source);

        assertThat(records).extracting(OutgoingRecord::position).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(records).extracting(OutgoingRecord::partitionKey)
                .containsExactly("17850", "17850", "13047", "12583", "14527");
        assertThat(text(records.get(0))).isEqualTo("{\"purchase_id\":\"536365\",\"product_id\":\"85123A\","
                + "\"description\":\"WHITE HANGING HEART T-LIGHT HOLDER\",\"quantity\":6,"
                + "\"timestamp\":\"2010-12-01T08:26:00Z\",\"price\":2.55,\"customer_id\":\"17850\","
                + "\"country\":\"United Kingdom\"}");
        assertThat(text(records.get(2))).contains("\"description\":\"POPPY'S PLAYHOUSE, BEDROOM\"",
                "\"price\":2.10");
        assertThat(text(records.get(3))).contains("\"description\":\"ALARM CLOCK BAKELIKE \\\"PINK\\\"\"",
                "\"quantity\":24");
        assertThat(text(records.get(4))).contains("\"purchase_id\":\"C536379\"", "\"quantity\":-1",
                "\"price\":27.50");
        assertThat(source.rowsRead()).isEqualTo(7);
        assertThat(source.skipped()).extracting(InputItem.BadRow::lines, InputItem.BadRow::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("line 7",
                        "field 'customer_id': the partition key is empty (Kinesis needs 1 to 256 characters)"),
                org.assertj.core.groups.Tuple.tuple("line 8",
                        "field 'quantity' (integer): 'ten' is not an integer"));
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "kkb produce: skipped line 7: field 'customer_id': the partition key is empty (Kinesis needs 1 to "
                        + "256 characters)\n"
                        + "kkb produce: skipped line 8: field 'quantity' (integer): 'ten' is not an integer\n");
    }

    @Test
    void shouldStopAtTheFirstBadRowWhenAskedTo() throws IOException {
        ProduceSource source = pointOfSale(BadRowPolicy.FAIL);
        List<OutgoingRecord> records = new ArrayList<>();

        assertThatThrownBy(() -> {
            OutgoingRecord r;
            while ((r = source.next()) != null) {
                records.add(r);
            }
        }).isInstanceOf(ToolException.class)
                .hasMessage("line 7: field 'customer_id': the partition key is empty (Kinesis needs 1 to 256 "
                        + "characters) (stopped by --on-bad-row fail; --on-bad-row skip reports such rows and goes on)");
        assertThat(records).hasSize(5);
        assertThat(source.skipped()).isEmpty();
    }

    @Test
    void shouldMakeEmptyTypedValuesNullAndKeepStringsAsRead() {
        CsvToJson json = CsvToJson.create(List.of("a", "b", "c", "d", "e"), Map.of(),
                Map.of("b", "integer", "c", "boolean", "d", "timestamp", "e", "decimal"), ZoneId.of("Europe/Paris"));

        // the project's JSON factory writes decimals plain: 1E+3 becomes 1000
        assertThat(new String(json.toJson(List.of("", "", "TRUE", "2024-06-01T12:00:00", "1E+3")),
                StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":\"\",\"b\":null,\"c\":true,\"d\":\"2024-06-01T10:00:00Z\",\"e\":1000}");
        assertThat(new String(json.toJson(List.of("007", "007", "false", "2024-06-01", "-0.50")),
                StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":\"007\",\"b\":7,\"c\":false,\"d\":\"2024-05-31T22:00:00Z\",\"e\":-0.50}");
        assertThatThrownBy(() -> json.toJson(List.of("x", "1", "yes", "", "")))
                .hasMessage("field 'c' (boolean): 'yes' is not true or false");
        assertThatThrownBy(() -> json.toJson(List.of("x", "1", "true", "June", "")))
                .hasMessage("field 'd' (timestamp): 'June' is not an ISO-8601 timestamp");
    }

    @Test
    void shouldRefuseRenamesAndTypesOfColumnsThatDoNotExist() {
        List<String> columns = List.of("InvoiceNo", "Quantity");

        assertThatThrownBy(() -> CsvToJson.create(columns, Map.of("Invoice", "purchase_id"), Map.of(),
                ZoneId.of("UTC")))
                .isInstanceOf(ToolException.class)
                .hasMessage("--rename Invoice=purchase_id: there is no column 'Invoice'; the columns are InvoiceNo, "
                        + "Quantity");
        assertThatThrownBy(() -> CsvToJson.create(columns, Map.of("Quantity", "quantity"),
                Map.of("Quantity", "integer"), ZoneId.of("UTC")))
                .isInstanceOf(ToolException.class)
                .hasMessage("--type Quantity=integer: there is no field 'Quantity' (column 'Quantity' is renamed to "
                        + "'quantity'; use the new name); the fields are InvoiceNo, quantity");
        assertThatThrownBy(() -> CsvToJson.create(columns, Map.of("Quantity", "InvoiceNo"), Map.of(),
                ZoneId.of("UTC")))
                .isInstanceOf(ToolException.class)
                .hasMessage("Columns 'InvoiceNo' and 'Quantity' would both become field 'InvoiceNo'; check --rename");
        assertThatThrownBy(() -> CsvToJson.create(columns, Map.of(), Map.of("Quantity", "float"), ZoneId.of("UTC")))
                .isInstanceOf(ToolException.class)
                .hasMessage("--type Quantity=float: unknown type 'float' (types: string, integer, decimal, boolean, "
                        + "timestamp, timestamp:PATTERN)");
    }

    @Test
    void shouldSendJsonLinesUnchangedAndReportBadLinesByNumber() throws IOException {
        String input = "{\"id\": \"a\", \"n\": 1}\r\n"
                + "\r\n"
                + "not json\r\n"
                + "[1, 2]\r\n"
                + "{\"id\": \"b\"} {\"id\": \"c\"}\r\n"
                + "{\"id\": \"d\", \"id\": \"e\"}\r\n"
                + "{\"n\": 2}\r\n"
                + "{\"id\": {\"x\": 1}}\r\n"
                + "{\"id\": 42, \"city\": \"Bräcke\"}";
        JsonLinesReader reader = new JsonLinesReader(new InputLines(
                new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8))));
        ProduceSource source = new ProduceSource(reader, null, new KeyChoice.FromField("id"), BadRowPolicy.SKIP, err);

        List<OutgoingRecord> records = drain(source);

        assertThat(records).extracting(OutgoingRecord::position).containsExactly(1L, 9L);
        assertThat(records).extracting(OutgoingRecord::partitionKey).containsExactly("a", "42");
        assertThat(text(records.get(0))).isEqualTo("{\"id\": \"a\", \"n\": 1}");
        assertThat(text(records.get(1))).isEqualTo("{\"id\": 42, \"city\": \"Bräcke\"}");
        assertThat(source.blankLines()).isEqualTo(1);
        assertThat(source.rowsRead()).isEqualTo(8);
        assertThat(source.skipped()).extracting(InputItem.BadRow::firstLine).containsExactly(3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(source.skipped()).extracting(InputItem.BadRow::reason).satisfiesExactly(
                r -> assertThat(r).startsWith("not valid JSON at column 1: Unrecognized token 'not': was expecting"),
                r -> assertThat(r).isEqualTo("a JSON array, not an object"),
                r -> assertThat(r).isEqualTo("not valid JSON at column 13: more content after the first JSON value"),
                r -> assertThat(r).startsWith("not valid JSON at column 17: Duplicate field 'id'"),
                r -> assertThat(r).isEqualTo("no field 'id' for the partition key"),
                r -> assertThat(r).isEqualTo("field 'id' (the partition key) is an object, not a value"));
    }

    @Test
    void shouldUseAFixedOrARandomKeyAndRefuseAKeyTooLong() throws IOException {
        String csv = "a\n1\n2\n";
        ProduceSource fixed = new ProduceSource(CsvRowReaderTest.reader(csv, false),
                CsvToJson.create(List.of("a"), Map.of(), Map.of(), ZoneId.of("UTC")), new KeyChoice.Fixed("all"),
                BadRowPolicy.FAIL, err);
        ProduceSource random = new ProduceSource(CsvRowReaderTest.reader(csv, false),
                CsvToJson.create(List.of("a"), Map.of(), Map.of(), ZoneId.of("UTC")), new KeyChoice.Random(),
                BadRowPolicy.FAIL, err);

        assertThat(drain(fixed)).extracting(OutgoingRecord::partitionKey).containsExactly("all", "all");
        assertThat(drain(random)).extracting(OutgoingRecord::partitionKey)
                .allSatisfy(k -> assertThat(k).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"))
                .doesNotHaveDuplicates();
        assertThatThrownBy(() -> new ProduceSource(CsvRowReaderTest.reader(csv, false),
                CsvToJson.create(List.of("a"), Map.of(), Map.of(), ZoneId.of("UTC")),
                new KeyChoice.Fixed("k".repeat(257)), BadRowPolicy.FAIL, err))
                .isInstanceOf(ToolException.class)
                .hasMessage("--partition-key-value: the partition key has 257 characters (Kinesis allows at most 256)");
        assertThatThrownBy(() -> new ProduceSource(CsvRowReaderTest.reader(csv, false),
                CsvToJson.create(List.of("a"), Map.of(), Map.of(), ZoneId.of("UTC")),
                new KeyChoice.FromField("b"), BadRowPolicy.FAIL, err))
                .isInstanceOf(ToolException.class)
                .hasMessage("--partition-key b: there is no field 'b'; the fields are a");
    }

    @Test
    void shouldReportARecordLargerThanOneMebibyte() throws IOException {
        String big = "x".repeat(1_048_570);
        ProduceSource source = new ProduceSource(CsvRowReaderTest.reader("a\n" + big + "\nsmall\n", false),
                CsvToJson.create(List.of("a"), Map.of(), Map.of(), ZoneId.of("UTC")), new KeyChoice.Fixed("k"),
                BadRowPolicy.SKIP, err);

        List<OutgoingRecord> records = drain(source);

        assertThat(records).extracting(OutgoingRecord::position).containsExactly(3L);
        assertThat(source.skipped()).extracting(InputItem.BadRow::reason).containsExactly(
                "the record is 1,048,579 bytes (data plus partition key); Kinesis allows at most 1,048,576");
    }

    private static List<OutgoingRecord> drain(ProduceSource source) throws IOException {
        List<OutgoingRecord> records = new ArrayList<>();
        OutgoingRecord r;
        while ((r = source.next()) != null) {
            records.add(r);
        }
        return records;
    }

    private static String text(OutgoingRecord record) {
        return new String(record.data(), StandardCharsets.UTF_8);
    }
}
