package io.kkbridge.streams.pipeline.salescdc;

import static io.kkbridge.streams.topology.TopologyFixture.header;
import static io.kkbridge.streams.topology.TopologyFixture.text;
import static io.kkbridge.streams.topology.TopologyFixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.kkbridge.streams.dlq.DeadLetterHeaders;
import io.kkbridge.streams.store.ItemKey;
import io.kkbridge.streams.store.ItemQuery;
import io.kkbridge.streams.store.ItemStores;
import io.kkbridge.streams.topology.TopologyFixture;

public class SalesCdcPipelineTest {

    private static final String RAW = "sales-cdc.raw";
    private static final String DLQ = "sales-cdc.dlq";
    private static final String PROJECTION = "sales.projection";

    private TopologyFixture fixture;
    private TestInputTopic<byte[], byte[]> input;
    private KeyValueStore<Bytes, byte[]> mirror;
    private KeyValueStore<Bytes, byte[]> projection;

    @BeforeEach
    void start() {
        fixture = new TopologyFixture(Map.of("pipelines", "sales-cdc"));
        input = fixture.input(RAW);
        mirror = fixture.store(SalesCdcPipeline.MIRROR_STORE);
        projection = fixture.store(SalesCdcPipeline.PROJECTION_STORE);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** A change record as Kinesis Data Streams for DynamoDB writes it. */
    public static String change(String eventName, String eventId, long createdAt, String keys, String newImage,
                         String oldImage) {
        return "{\"awsRegion\":\"us-east-1\",\"eventID\":\"" + eventId + "\",\"eventName\":\"" + eventName + "\","
                + "\"userIdentity\":null,\"recordFormat\":\"application/json\",\"tableName\":\"sales\","
                + "\"dynamodb\":{\"ApproximateCreationDateTime\":" + createdAt + ",\"Keys\":" + keys
                + (newImage == null ? "" : ",\"NewImage\":" + newImage)
                + (oldImage == null ? "" : ",\"OldImage\":" + oldImage)
                + ",\"SizeBytes\":120},\"eventSource\":\"aws:dynamodb\"}";
    }

    public static String keys(String order, String product) {
        return "{\"order_id\":{\"S\":\"" + order + "\"},\"product_id\":{\"S\":\"" + product + "\"}}";
    }

    public static String sale(String order, String product, String category, String quantity, String price) {
        return "{\"order_id\":{\"S\":\"" + order + "\"},\"product_id\":{\"S\":\"" + product + "\"},"
                + "\"category\":{\"S\":\"" + category + "\"},\"quantity\":{\"N\":\"" + quantity + "\"},"
                + "\"price\":{\"N\":\"" + price + "\"}}";
    }

    private void send(String record) {
        input.pipeInput(utf8("kinesis-partition-key"), utf8(record));
    }

    private void insert(String id, long t, String order, String product, String category, String qty, String price) {
        send(change("INSERT", id, t, keys(order, product), sale(order, product, category, qty, price), null));
    }

    private String total(String dimension, String value) {
        return text(ItemStores.get(projection, new ItemKey(dimension, value)));
    }

    private static String totalJson(String dimension, String value, String quantity, String amount, int items) {
        return "{\"dimension\":\"" + dimension + "\",\"value\":\"" + value + "\",\"quantity\":" + quantity
                + ",\"amount\":" + amount + ",\"items\":" + items + "}";
    }

    /** The last published value per key, in first-published order. */
    private Map<String, String> published() {
        Map<String, String> last = new LinkedHashMap<>();
        for (TestRecord<byte[], byte[]> record : fixture.drain(PROJECTION)) {
            last.put(text(record.key()), text(record.value()));
        }
        return last;
    }

    private void insertThreeSales() {
        insert("e1", 1_000, "O1", "P1", "toys", "2", "3.10");
        insert("e2", 1_001, "O1", "P2", "toys", "1", "10.00");
        insert("e3", 1_002, "O2", "P1", "toys", "5", "3.10");
    }

    @Test
    void shouldAddInsertsToTheTotalsPerProductAndCategoryWithExactDecimals() {
        insertThreeSales();

        assertThat(fixture.drain(DLQ)).isEmpty();
        assertThat(total("product", "P1")).isEqualTo(totalJson("product", "P1", "7", "21.70", 2));
        assertThat(total("product", "P2")).isEqualTo(totalJson("product", "P2", "1", "10.00", 1));
        assertThat(total("category", "toys")).isEqualTo(totalJson("category", "toys", "8", "31.70", 3));
        assertThat(published()).containsExactly(
                Map.entry("product:P1", totalJson("product", "P1", "7", "21.70", 2)),
                Map.entry("category:toys", totalJson("category", "toys", "8", "31.70", 3)),
                Map.entry("product:P2", totalJson("product", "P2", "1", "10.00", 1)));
        assertThat(ItemStores.query(projection, ItemQuery.all("product", 10)).items())
                .extracting(item -> item.key().sortKey()).containsExactly("P1", "P2");
    }

    @Test
    void shouldPublishEveryChangeOfATotalInOrder() {
        insertThreeSales();

        List<String> p1 = fixture.drain(PROJECTION).stream().filter(r -> text(r.key()).equals("product:P1"))
                .map(r -> text(r.value())).toList();
        assertThat(p1).containsExactly(totalJson("product", "P1", "2", "6.20", 1),
                totalJson("product", "P1", "7", "21.70", 2));
    }

    @Test
    void shouldSubtractTheOldImageAndAddTheNewOnModify() {
        insertThreeSales();
        fixture.drain(PROJECTION);

        send(change("MODIFY", "e4", 2_000, keys("O1", "P1"), sale("O1", "P1", "games", "4", "3.10"),
                sale("O1", "P1", "toys", "2", "3.10")));

        assertThat(total("product", "P1")).isEqualTo(totalJson("product", "P1", "9", "27.90", 2));
        assertThat(total("category", "toys")).isEqualTo(totalJson("category", "toys", "6", "25.50", 2));
        assertThat(total("category", "games")).isEqualTo(totalJson("category", "games", "4", "12.40", 1));
        assertThat(published()).containsOnlyKeys("product:P1", "category:toys", "category:games");
        assertThat(text(ItemStores.get(mirror, new ItemKey("O1", "P1")))).isEqualTo("{\"order_id\":\"O1\","
                + "\"product_id\":\"P1\",\"category\":\"games\",\"quantity\":4,\"price\":3.10}");
    }

    @Test
    void shouldSubtractARemovedItemAndForgetIt() {
        insertThreeSales();
        send(change("REMOVE", "e5", 3_000, keys("O2", "P1"), null, sale("O2", "P1", "toys", "5", "3.10")));

        assertThat(total("product", "P1")).isEqualTo(totalJson("product", "P1", "2", "6.20", 1));
        assertThat(total("category", "toys")).isEqualTo(totalJson("category", "toys", "3", "16.20", 2));
        assertThat(ItemStores.get(mirror, new ItemKey("O2", "P1"))).isNull();
        assertThat(ItemStores.query(mirror, ItemQuery.all("O2", 10)).items()).isEmpty();
        assertThat(ItemStores.query(mirror, ItemQuery.all("O1", 10)).items())
                .extracting(item -> item.key().sortKey()).containsExactly("P1", "P2");
    }

    @Test
    void shouldNotCountADuplicateOrAReplayedChangeTwice() {
        insertThreeSales();
        String modify = change("MODIFY", "e4", 2_000, keys("O1", "P1"), sale("O1", "P1", "toys", "3", "3.10"),
                sale("O1", "P1", "toys", "2", "3.10"));
        send(modify);
        fixture.drain(PROJECTION);

        send(modify);
        insert("e1", 1_000, "O1", "P1", "toys", "2", "3.10");
        insertThreeSales();

        assertThat(fixture.drain(PROJECTION)).isEmpty();
        assertThat(fixture.metricTotal("sales-cdc-skipped-change")).isEqualTo(5.0);
        assertThat(total("product", "P1")).isEqualTo(totalJson("product", "P1", "8", "24.80", 2));
        assertThat(total("category", "toys")).isEqualTo(totalJson("category", "toys", "9", "34.80", 3));
        assertThat(fixture.drain(DLQ)).isEmpty();
    }

    @Test
    void shouldKeepTheLatestChangeWhenChangesArriveOutOfOrder() {
        // MODIFY at 300 arrives before the INSERT at 200 it follows; the REMOVE at 100 is older than both
        send(change("MODIFY", "m", 300, keys("O3", "P3"), sale("O3", "P3", "tools", "3", "2.5"),
                sale("O3", "P3", "tools", "1", "2.5")));
        insert("i", 200, "O3", "P3", "tools", "1", "2.5");
        send(change("REMOVE", "r", 100, keys("O3", "P3"), null, null));

        assertThat(text(ItemStores.get(mirror, new ItemKey("O3", "P3")))).contains("\"quantity\":3,");
        assertThat(total("product", "P3")).isEqualTo(totalJson("product", "P3", "3", "7.5", 1));
        assertThat(total("category", "tools")).isEqualTo(totalJson("category", "tools", "3", "7.5", 1));
    }

    @Test
    void shouldNotBringARemovedItemBackWithALateReplay() {
        insert("i", 200, "O4", "P4", "misc", "1", "1");
        send(change("REMOVE", "r", 400, keys("O4", "P4"), null, null));
        insert("i", 200, "O4", "P4", "misc", "1", "1");

        assertThat(ItemStores.get(mirror, new ItemKey("O4", "P4"))).isNull();
        assertThat(total("product", "P4")).isEqualTo(totalJson("product", "P4", "0", "0", 0));
    }

    @Test
    void shouldApplyDistinctChangesCreatedInTheSameMillisecondAndSkipTheirReplays() {
        insert("a", 500, "O5", "P5", "misc", "1", "1.00");
        send(change("MODIFY", "b", 500, keys("O5", "P5"), sale("O5", "P5", "misc", "2", "1.00"), null));
        send(change("MODIFY", "c", 500, keys("O5", "P5"), sale("O5", "P5", "misc", "6", "1.00"), null));
        insert("a", 500, "O5", "P5", "misc", "1", "1.00");
        send(change("MODIFY", "b", 500, keys("O5", "P5"), sale("O5", "P5", "misc", "2", "1.00"), null));

        assertThat(total("product", "P5")).isEqualTo(totalJson("product", "P5", "6", "6.00", 1));
    }

    @Test
    void shouldUnmarshalEveryAttributeTypeExactlyIntoTheMirror() {
        String image = "{\"order_id\":{\"S\":\"O9\"},\"product_id\":{\"N\":\"42.0\"},\"category\":{\"S\":\"Köln €\"},"
                + "\"quantity\":{\"N\":\"12345678901234567890.123456789\"},\"price\":{\"N\":\"0.10\"},"
                + "\"gift\":{\"BOOL\":true},\"note\":{\"NULL\":true},\"big\":{\"N\":\"1E+3\"},"
                + "\"address\":{\"M\":{\"city\":{\"S\":\"Genève\"},\"zip\":{\"N\":\"1201\"}}},"
                + "\"history\":{\"L\":[{\"S\":\"a\"},{\"N\":\"-0.5\"},{\"L\":[]},{\"M\":{}}]},"
                + "\"tags\":{\"SS\":[\"x\",\"y\"]},\"sizes\":{\"NS\":[\"1\",\"2.50\"]},"
                + "\"blob\":{\"B\":\"AAEC/w==\"},\"blobs\":{\"BS\":[\"AA==\",\"/w==\"]}}";
        send(change("INSERT", "t", 1, "{\"order_id\":{\"S\":\"O9\"},\"product_id\":{\"N\":\"42.0\"}}", image, null));

        assertThat(fixture.drain(DLQ)).isEmpty();
        assertThat(text(ItemStores.get(mirror, new ItemKey("O9", "42")))).isEqualTo("{\"order_id\":\"O9\","
                + "\"product_id\":42.0,\"category\":\"Köln €\",\"quantity\":12345678901234567890.123456789,"
                + "\"price\":0.10,\"gift\":true,\"note\":null,\"big\":1000,"
                + "\"address\":{\"city\":\"Genève\",\"zip\":1201},\"history\":[\"a\",-0.5,[],{}],"
                + "\"tags\":[\"x\",\"y\"],\"sizes\":[1,2.50],\"blob\":\"AAEC/w==\",\"blobs\":[\"AA==\",\"/w==\"]}");
        // a number product is one product whatever its scale: 42.0 and 42 add up
        assertThat(total("product", "42")).isEqualTo(totalJson("product", "42", "12345678901234567890.123456789",
                "1234567890123456789.01234567890", 1));
        assertThat(total("category", "Köln €")).isNotNull();
    }

    @ParameterizedTest(name = "{1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"eventName\":\"INSERT\"}                                                   | MISSING_FIELD | required field 'eventID' is missing",
        "{\"eventID\":\"x\",\"eventName\":\"UPSERT\",\"dynamodb\":{}}                  | INVALID_VALUE | field 'eventName' must be INSERT, MODIFY or REMOVE but is \"UPSERT\"",
        "{\"eventID\":\"x\",\"eventName\":\"INSERT\"}                                  | MISSING_FIELD | required field 'dynamodb' is missing",
        "{\"eventID\":\"x\",\"eventName\":\"INSERT\",\"dynamodb\":{\"Keys\":{}}}        | MISSING_FIELD | required field 'dynamodb.ApproximateCreationDateTime' is missing",
        "{\"eventID\":\"x\",\"eventName\":\"INSERT\",\"dynamodb\":{\"ApproximateCreationDateTime\":\"soon\"}} | WRONG_TYPE | field 'dynamodb.ApproximateCreationDateTime' must be an integer (epoch milliseconds) but is string",
        "{\"eventID\":\"x\",\"eventName\":\"INSERT\",\"dynamodb\":{\"ApproximateCreationDateTime\":1.5E9}} | WRONG_TYPE | field 'dynamodb.ApproximateCreationDateTime' must be an integer (epoch milliseconds) but is the number 1.5E+9",
        "{\"eventID\":\"x\",\"eventName\":\"REMOVE\",\"dynamodb\":{\"ApproximateCreationDateTime\":1,\"Keys\":{\"product_id\":{\"S\":\"P\"}}}} | MISSING_FIELD | required field 'dynamodb.Keys.order_id' is missing",
        "{\"eventID\":\"x\",\"eventName\":\"REMOVE\",\"dynamodb\":{\"ApproximateCreationDateTime\":1,\"Keys\":{\"order_id\":{\"BOOL\":true},\"product_id\":{\"S\":\"P\"}}}} | INVALID_VALUE | field 'dynamodb.Keys.order_id' a key attribute must be of type S, N or B but is BOOL",
        "{\"eventID\":\"x\",\"eventName\":\"INSERT\",\"dynamodb\":{\"ApproximateCreationDateTime\":1,\"Keys\":{\"order_id\":{\"S\":\"O\"},\"product_id\":{\"S\":\"P\"}}}} | MISSING_FIELD | required field 'dynamodb.NewImage' is missing",
        "{\"eventID\":\"x\",\"eventName\":\"INSERT\",\"dynamodb\":{\"ApproximateCreationDateTime\":1,\"Keys\":{\"order_id\":{\"S\":\"O\"},\"product_id\":{\"S\":\"P\"}},\"NewImage\":{\"product_id\":{\"S\":\"P\"},\"category\":{\"S\":\"c\"},\"quantity\":{\"S\":\"2\"},\"price\":{\"N\":\"1\"}}}} | WRONG_TYPE | field 'dynamodb.NewImage.quantity' must be of DynamoDB type N but is S",
        "{\"eventID\":\"x\",\"eventName\":\"INSERT\",\"dynamodb\":{\"ApproximateCreationDateTime\":1,\"Keys\":{\"order_id\":{\"S\":\"O\"},\"product_id\":{\"S\":\"P\"}},\"NewImage\":{\"product_id\":{\"S\":\"P\"},\"category\":{\"S\":\"c\"},\"price\":{\"N\":\"1\"}}}} | MISSING_FIELD | required field 'dynamodb.NewImage.quantity' is missing",
        "{\"eventID\":\"x\",\"eventName\":\"INSERT\",\"dynamodb\":{\"ApproximateCreationDateTime\":1,\"Keys\":{\"order_id\":{\"S\":\"O\"},\"product_id\":{\"S\":\"P\"}},\"NewImage\":{\"quantity\":{\"N\":\"two\"}}}} | INVALID_VALUE | field 'dynamodb.NewImage.quantity.N' must be a decimal number in a string but is \"two\"",
        "{\"eventID\":\"x\",\"eventName\":\"INSERT\",\"dynamodb\":{\"ApproximateCreationDateTime\":1,\"Keys\":{\"order_id\":{\"S\":\"O\"},\"product_id\":{\"S\":\"P\"}},\"NewImage\":{\"a\":{\"X\":\"1\"}}}} | INVALID_VALUE | field 'dynamodb.NewImage.a' has an unknown type descriptor \"X\" (expected S, N, BOOL, NULL, M, L, SS, NS, B or BS)",
        "{\"eventID\":\"x\",\"eventName\":\"INSERT\",\"dynamodb\":{\"ApproximateCreationDateTime\":1,\"Keys\":{\"order_id\":{\"S\":\"O\"},\"product_id\":{\"S\":\"P\"}},\"NewImage\":{\"a\":{\"S\":\"1\",\"N\":\"1\"}}}} | INVALID_VALUE | field 'dynamodb.NewImage.a' must have exactly one type descriptor (S, N, BOOL, NULL, M, L, SS, NS, B, BS) but has 2",
        "{\"eventID\":\"x\",\"eventName\":\"INSERT\",\"dynamodb\":{\"ApproximateCreationDateTime\":1,\"Keys\":{\"order_id\":{\"S\":\"O\"},\"product_id\":{\"S\":\"P\"}},\"NewImage\":{\"m\":{\"M\":{\"n\":{\"NULL\":false}}}}}} | INVALID_VALUE | field 'dynamodb.NewImage.m.M.n.NULL' must be true",
        "{\"eventID\":\"x\",\"eventName\":\"INSERT\",\"dynamodb\":{\"ApproximateCreationDateTime\":1,\"Keys\":{\"order_id\":{\"S\":\"O\"},\"product_id\":{\"S\":\"P\"}},\"NewImage\":{\"s\":{\"SS\":[]}}}} | INVALID_VALUE | field 'dynamodb.NewImage.s.SS' must not be empty (DynamoDB has no empty sets)",
        "{\"eventID\":\"x\",\"eventName\":\"INSERT\",\"dynamodb\":{\"ApproximateCreationDateTime\":1,\"Keys\":{\"order_id\":{\"S\":\"O\"},\"product_id\":{\"S\":\"P\"}},\"NewImage\":{\"l\":{\"L\":[{\"S\":\"a\"},{\"BOOL\":\"yes\"}]}}}} | WRONG_TYPE | field 'dynamodb.NewImage.l.L[1].BOOL' must be a boolean but is string",
        "{\"eventID\":\"x\",\"eventName\":\"INSERT\",\"dynamodb\":{\"ApproximateCreationDateTime\":1,\"Keys\":{\"order_id\":{\"S\":\"O\"},\"product_id\":{\"S\":\"P\"}},\"NewImage\":{\"b\":{\"B\":\"not base64!\"}}}} | INVALID_VALUE | field 'dynamodb.NewImage.b.B' must be base64 but is not: Illegal base64 character 20",
        "{\"eventID\":\"x\",\"eventName\":\"MODIFY\",\"dynamodb\":{\"ApproximateCreationDateTime\":1,\"Keys\":{\"order_id\":{\"S\":\"O\"},\"product_id\":{\"S\":\"P\"}},\"NewImage\":{\"product_id\":{\"S\":\"P\"},\"category\":{\"S\":\"c\"},\"quantity\":{\"N\":\"1\"},\"price\":{\"N\":\"1\"}},\"OldImage\":{\"q\":7}}} | WRONG_TYPE | field 'dynamodb.OldImage.q' must be an attribute value object such as {\"S\": \"text\"} but is number",
        "{\"eventID\":\"x\",\"eventID\":\"y\"}                                         | MALFORMED_JSON | malformed JSON: Duplicate field 'eventID' at line 1, column 25",
        "[1,2]                                                                         | NOT_AN_OBJECT | value is a JSON array, expected a JSON object",
    })
    void shouldSendBadChangeRecordsToTheDeadLetterTopicNamingTheField(String value, String errorClass,
                                                                      String message) {
        send(value);

        List<TestRecord<byte[], byte[]>> dlq = fixture.drain(DLQ);
        assertThat(dlq).hasSize(1);
        assertThat(text(dlq.get(0).value())).isEqualTo(value);
        assertThat(header(dlq.get(0), DeadLetterHeaders.PIPELINE)).isEqualTo("sales-cdc");
        assertThat(header(dlq.get(0), DeadLetterHeaders.ERROR_CLASS)).isEqualTo(errorClass);
        assertThat(header(dlq.get(0), DeadLetterHeaders.ERROR_MESSAGE)).isEqualTo(message);
        assertThat(fixture.drain(PROJECTION)).isEmpty();
    }
}
