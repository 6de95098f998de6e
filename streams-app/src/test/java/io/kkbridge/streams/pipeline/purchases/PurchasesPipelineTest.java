package io.kkbridge.streams.pipeline.purchases;

import static io.kkbridge.streams.topology.TopologyFixture.header;
import static io.kkbridge.streams.topology.TopologyFixture.text;
import static io.kkbridge.streams.topology.TopologyFixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
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
import io.kkbridge.streams.store.ItemPage;
import io.kkbridge.streams.store.ItemQuery;
import io.kkbridge.streams.store.ItemStores;
import io.kkbridge.streams.store.SortKeyCondition;
import io.kkbridge.streams.store.SortKeyCondition.Operator;
import io.kkbridge.streams.topology.TopologyFixture;

public class PurchasesPipelineTest {

    private static final String RAW = "purchases.raw";
    private static final String DLQ = "purchases.dlq";
    /** C1's purchase ids in the store's (UTF-8 byte) order. */
    private static final List<String> C1_IDS = List.of("P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08",
            "P09", "P10", "P11", "P12", "Q01", "R5");

    private TopologyFixture fixture;
    private TestInputTopic<byte[], byte[]> input;
    private KeyValueStore<Bytes, byte[]> store;

    @BeforeEach
    void start() {
        fixture = new TopologyFixture(Map.of("pipelines", "purchases"));
        input = fixture.input(RAW);
        store = fixture.store(PurchasesPipeline.STORE);
        // out of order on purpose: the store sorts
        List<String> shuffled = new ArrayList<>(C1_IDS);
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));
        for (String id : shuffled) {
            input.pipeInput(utf8("shard-key"), utf8(purchase(id, "C1", 1)));
        }
        input.pipeInput(utf8("k"), utf8(purchase("P01", "C10", 1)));
        input.pipeInput(utf8("k"), utf8(purchase("P02", "C10", 1)));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    public static String purchase(String purchaseId, String customerId, int quantity) {
        return "{\"purchase_id\":\"" + purchaseId + "\",\"customer_id\":\"" + customerId + "\",\"product_id\":"
                + "\"85123A\",\"description\":\"WHITE HANGING HEART T-LIGHT HOLDER\",\"quantity\":\"" + quantity
                + "\",\"price\":\"2.55\",\"timestamp\":\"2010-12-01T08:26:00\",\"country\":\"United Kingdom\"}";
    }

    private List<String> ids(ItemQuery query) {
        return ids(ItemStores.query(store, query));
    }

    private static List<String> ids(ItemPage page) {
        return page.items().stream().map(item -> item.key().sortKey()).toList();
    }

    private static ItemQuery query(Operator op, String value, boolean ascending) {
        return new ItemQuery("C1", SortKeyCondition.of(op, value), ascending, 100, null);
    }

    @Test
    void shouldStoreEachPurchaseByCustomerAndPurchaseIdNormalisingQuantityAndPrice() {
        assertThat(fixture.drain(DLQ)).isEmpty();
        assertThat(text(ItemStores.get(store, new ItemKey("C1", "P05")))).isEqualTo("{\"purchase_id\":\"P05\","
                + "\"customer_id\":\"C1\",\"product_id\":\"85123A\",\"description\":\"WHITE HANGING HEART T-LIGHT "
                + "HOLDER\",\"quantity\":1,\"price\":2.55,\"timestamp\":\"2010-12-01T08:26:00\","
                + "\"country\":\"United Kingdom\"}");
        assertThat(ItemStores.get(store, new ItemKey("C1", "P99"))).isNull();
        assertThat(ItemStores.get(store, new ItemKey("C2", "P05"))).isNull();
    }

    @Test
    void shouldReplaceAnItemWhenItsPurchaseIdComesAgain() {
        input.pipeInput(utf8("k"), utf8(purchase("P05", "C1", 42)));

        assertThat(text(ItemStores.get(store, new ItemKey("C1", "P05")))).contains("\"quantity\":42,");
        assertThat(ids(ItemQuery.all("C1", 100))).isEqualTo(C1_IDS);
    }

    @Test
    void shouldKeepPartitionsApartWhenOnePartitionKeyIsAPrefixOfAnother() {
        assertThat(ids(ItemQuery.all("C1", 100))).isEqualTo(C1_IDS);
        assertThat(ids(ItemQuery.all("C10", 100))).containsExactly("P01", "P02");
        assertThat(ids(ItemQuery.all("C", 100))).isEmpty();
    }

    @Test
    void shouldQueryInBothOrders() {
        assertThat(ids(query(Operator.ANY, null, true))).isEqualTo(C1_IDS);
        List<String> reversed = new ArrayList<>(C1_IDS);
        java.util.Collections.reverse(reversed);
        assertThat(ids(new ItemQuery("C1", SortKeyCondition.ANY, false, 100, null))).isEqualTo(reversed);
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "EQ          | P05  | P05",
        "EQ          | P5   | ''",
        "LT          | P03  | P01,P02",
        "LE          | P03  | P01,P02,P03",
        "GT          | P11  | P12,Q01,R5",
        "GE          | P11  | P11,P12,Q01,R5",
        "GT          | R5   | ''",
        "LT          | P01  | ''",
        "BEGINS_WITH | P1   | P10,P11,P12",
        "BEGINS_WITH | Q    | Q01",
        "BEGINS_WITH | P011 | ''",
        "BEGINS_WITH | R5   | R5",
    })
    void shouldApplyEverySortKeyCondition(Operator op, String value, String expected) {
        List<String> expectedIds = expected.isEmpty() ? List.of() : List.of(expected.split(","));
        assertThat(ids(query(op, value, true))).isEqualTo(expectedIds);
        List<String> descending = new ArrayList<>(expectedIds);
        java.util.Collections.reverse(descending);
        assertThat(ids(query(op, value, false))).isEqualTo(descending);
    }

    @Test
    void shouldApplyBetweenWithBothEndsInclusive() {
        assertThat(ids(new ItemQuery("C1", SortKeyCondition.between("P05", "P07"), true, 100, null)))
                .containsExactly("P05", "P06", "P07");
        assertThat(ids(new ItemQuery("C1", SortKeyCondition.between("P10", "Q"), false, 100, null)))
                .containsExactly("P12", "P11", "P10");
        assertThat(ids(new ItemQuery("C1", SortKeyCondition.between("P055", "P056"), true, 100, null))).isEmpty();
        assertThat(ids(new ItemQuery("C1", SortKeyCondition.between("R5", "R5"), true, 100, null)))
                .containsExactly("R5");
    }

    @Test
    void shouldPageThroughAPartitionWithContinuationKeys() {
        ItemQuery query = ItemQuery.all("C1", 5);
        ItemPage first = ItemStores.query(store, query);
        assertThat(ids(first)).containsExactly("P01", "P02", "P03", "P04", "P05");
        assertThat(first.lastSortKey()).isEqualTo("P05");
        ItemPage second = ItemStores.query(store, query.next(first.lastSortKey()));
        assertThat(ids(second)).containsExactly("P06", "P07", "P08", "P09", "P10");
        ItemPage third = ItemStores.query(store, query.next(second.lastSortKey()));
        assertThat(ids(third)).containsExactly("P11", "P12", "Q01", "R5");
        assertThat(third.hasMore()).isFalse();
    }

    @Test
    void shouldEndExactlyOnTheLastItemWithoutAnEmptyPage() {
        ItemQuery query = ItemQuery.all("C1", 7);
        ItemPage first = ItemStores.query(store, query);
        ItemPage second = ItemStores.query(store, query.next(first.lastSortKey()));
        assertThat(ids(second)).isEqualTo(C1_IDS.subList(7, 14));
        assertThat(second.lastSortKey()).isNull();
    }

    @Test
    void shouldPageDescendingWithinACondition() {
        ItemQuery beginsWith = new ItemQuery("C1", SortKeyCondition.of(Operator.BEGINS_WITH, "P1"), false, 2, null);
        ItemPage first = ItemStores.query(store, beginsWith);
        assertThat(ids(first)).containsExactly("P12", "P11");
        ItemPage second = ItemStores.query(store, beginsWith.next(first.lastSortKey()));
        assertThat(ids(second)).containsExactly("P10");
        assertThat(second.hasMore()).isFalse();

        ItemQuery below = new ItemQuery("C1", SortKeyCondition.of(Operator.LT, "P05"), false, 3, null);
        ItemPage page = ItemStores.query(store, below);
        assertThat(ids(page)).containsExactly("P04", "P03", "P02");
        assertThat(ids(ItemStores.query(store, below.next(page.lastSortKey())))).containsExactly("P01");

        ItemQuery above = new ItemQuery("C1", SortKeyCondition.of(Operator.GE, "P11"), true, 3, null);
        ItemPage up = ItemStores.query(store, above);
        assertThat(ids(up)).containsExactly("P11", "P12", "Q01");
        assertThat(ids(ItemStores.query(store, above.next(up.lastSortKey())))).containsExactly("R5");
    }

    @Test
    void shouldAcceptIntegerIdentifiersAndNumericPrices() {
        input.pipeInput(utf8("k"), utf8("{\"purchase_id\":536365,\"customer_id\":17850,\"product_id\":\"71053\","
                + "\"quantity\":-6,\"price\":3.390,\"timestamp\":\"2010-12-01T08:26:00Z\",\"country\":\"UK\"}"));

        assertThat(fixture.drain(DLQ)).isEmpty();
        assertThat(text(ItemStores.get(store, new ItemKey("17850", "536365")))).isEqualTo("{\"purchase_id\":536365,"
                + "\"customer_id\":17850,\"product_id\":\"71053\",\"quantity\":-6,\"price\":3.390,"
                + "\"timestamp\":\"2010-12-01T08:26:00Z\",\"country\":\"UK\"}");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"purchase_id\":\"X\",\"product_id\":\"A\",\"quantity\":1,\"price\":1,\"timestamp\":\"2010-12-01T08:26:00\",\"country\":\"UK\"}"
                + "| MISSING_FIELD | required field 'customer_id' is missing",
        "{\"purchase_id\":\"X\",\"customer_id\":\"C\",\"product_id\":\"A\",\"quantity\":\"two\",\"price\":1,\"timestamp\":\"2010-12-01T08:26:00\",\"country\":\"UK\"}"
                + "| INVALID_VALUE | field 'quantity' must be an integer but is \"two\"",
        "{\"purchase_id\":\"X\",\"customer_id\":\"C\",\"product_id\":\"A\",\"quantity\":1,\"price\":\"-1.5\",\"timestamp\":\"2010-12-01T08:26:00\",\"country\":\"UK\"}"
                + "| INVALID_VALUE | field 'price' must not be negative but is -1.5",
        "{\"purchase_id\":\"X\",\"customer_id\":\"C\",\"product_id\":\"A\",\"quantity\":1,\"price\":1,\"timestamp\":\"yesterday\",\"country\":\"UK\"}"
                + "| INVALID_VALUE | field 'timestamp' must be an ISO-8601 date-time such as 2010-12-01T08:26:00Z but is \"yesterday\"",
        "{\"purchase_id\":\"X\",\"customer_id\":\"C\",\"product_id\":\"A\",\"description\":5,\"quantity\":1,\"price\":1,\"timestamp\":\"2010-12-01T08:26:00\",\"country\":\"UK\"}"
                + "| WRONG_TYPE | field 'description' must be a string but is number",
        "{\"purchase_id\":\"X\",\"customer_id\":{},\"product_id\":\"A\",\"quantity\":1,\"price\":1,\"timestamp\":\"2010-12-01T08:26:00\",\"country\":\"UK\"}"
                + "| WRONG_TYPE | field 'customer_id' must be a string or an integer but is object",
        "{\"purchase_id\":\"X\",\"purchase_id\":\"Y\",\"customer_id\":\"C\"}"
                + "| MALFORMED_JSON | malformed JSON: Duplicate field 'purchase_id': its meaning is ambiguous",
        "{\"purchase_id\":\"X\",\"customer_id\":\"  \",\"product_id\":\"A\",\"quantity\":1,\"price\":1,\"timestamp\":\"2010-12-01T08:26:00\",\"country\":\"UK\"}"
                + "| INVALID_VALUE | field 'customer_id' must not be blank",
    })
    void shouldSendInvalidPurchasesToTheDeadLetterTopicWithTheReason(String value, String errorClass, String message) {
        input.pipeInput(utf8("bad"), utf8(value));

        List<TestRecord<byte[], byte[]>> dlq = fixture.drain(DLQ);
        assertThat(dlq).hasSize(1);
        assertThat(text(dlq.get(0).value())).isEqualTo(value);
        assertThat(text(dlq.get(0).key())).isEqualTo("bad");
        assertThat(header(dlq.get(0), DeadLetterHeaders.PIPELINE)).isEqualTo("purchases");
        assertThat(header(dlq.get(0), DeadLetterHeaders.ERROR_CLASS)).isEqualTo(errorClass);
        assertThat(header(dlq.get(0), DeadLetterHeaders.ERROR_MESSAGE)).isEqualTo(message);
        assertThat(header(dlq.get(0), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(RAW);
        assertThat(ids(ItemQuery.all("C", 100))).isEmpty();
    }
}
