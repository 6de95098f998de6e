package io.kkbridge.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kkbridge.streams.app.AppInstance;
import io.kkbridge.streams.config.AppConfig;
import io.kkbridge.streams.pipeline.purchases.PurchasesPipelineTest;
import io.kkbridge.streams.pipeline.salescdc.SalesCdcPipelineTest;
import io.kkbridge.testsupport.EmbeddedKafka;

/**
 * Two instances of the application on one broker, each owning about half of the partitions: every item and every
 * query is answered the same by both, the one that does not own the key forwarding to the one that does.
 */
class TwoInstanceQueryIT {

    private static final int PARTITIONS = 4;
    private static final int CUSTOMERS = 12;
    private static final int PURCHASES_PER_CUSTOMER = 9;
    private static final List<String> TOPICS = List.of("purchases.raw", "purchases.dlq", "sales-cdc.raw",
            "sales-cdc.dlq", "sales.projection", "user-activity.raw", "user-activity.usa",
            "user-activity.international", "user-activity.dlq");

    private static EmbeddedKafka kafka;
    private static AppInstance first;
    private static AppInstance second;
    private static ApiClient a;
    private static ApiClient b;
    private static Path stateDirs;
    /** Each customer's purchase ids, sorted; and the quantity of the last version of each. */
    private static final Map<String, TreeMap<String, Integer>> PURCHASES = new TreeMap<>();
    /** product or category value to [quantity, items]; all prices are 2.50. */
    private static final Map<String, TreeMap<String, int[]>> TOTALS = Map.of("product", new TreeMap<>(),
            "category", new TreeMap<>());
    private static int distinctItems;
    private static int earlyReadyStatus;
    private static JsonNode earlyItemReply;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(PARTITIONS, TOPICS);
        stateDirs = Files.createTempDirectory("kkbridge-two-instances");
        first = startInstance("a");
        a = new ApiClient(first.queryPort());
        ApiClient.Reply early = a.get("/ready");
        earlyReadyStatus = early.status();
        earlyItemReply = a.get("/tables/purchases/items/C01/P01").json();
        second = startInstance("b");
        b = new ApiClient(second.queryPort());
        awaitRunning();
        produceInput();
        awaitProcessed();
    }

    @AfterAll
    static void stop() throws Exception {
        if (second != null) {
            second.close(Duration.ofSeconds(30));
        }
        if (first != null) {
            first.close(Duration.ofSeconds(30));
        }
        if (kafka != null) {
            kafka.close();
        }
        try (var files = Files.walk(stateDirs)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static AppInstance startInstance(String name) throws Exception {
        AppConfig config = AppConfig.of(Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, "two-instance-it",
                StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(stateDirs.resolve(name)).toString(),
                AppConfig.PIPELINES_CONFIG, "user-activity,purchases,sales-cdc",
                AppConfig.QUERY_API_PORT_CONFIG, "0",
                AppConfig.QUERY_API_THREADS_CONFIG, "4"));
        AppInstance instance = AppInstance.create(config);
        instance.start();
        return instance;
    }

    private static void awaitRunning() throws InterruptedException {
        await("both instances RUNNING with the partitions shared", () -> first.streams().state()
                == KafkaStreams.State.RUNNING && second.streams().state() == KafkaStreams.State.RUNNING
                && first.streams().streamsMetadataForStore("purchases-store").size() == 2
                && a.get("/ready").status() == 200 && b.get("/ready").status() == 200);
    }

    private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void produceInput() throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int c = 1; c <= CUSTOMERS; c++) {
            String customer = String.format("C%02d", c);
            for (int p = 1; p <= PURCHASES_PER_CUSTOMER; p++) {
                String id = String.format("P%02d", p);
                // keyed by customer, as a till would: the replacement below must come after the original
                records.add(new ProducerRecord<>("purchases.raw", utf8(customer),
                        utf8(PurchasesPipelineTest.purchase(id, customer, p))));
                PURCHASES.computeIfAbsent(customer, k -> new TreeMap<>()).put(id, p);
            }
            // a repeated purchase_id replaces the item
            records.add(new ProducerRecord<>("purchases.raw", utf8(customer),
                    utf8(PurchasesPipelineTest.purchase("P03", customer, 100 + c))));
            PURCHASES.get(customer).put("P03", 100 + c);
        }
        records.add(new ProducerRecord<>("purchases.raw", utf8("pos"), utf8("{\"purchase_id\":\"broken\"")));
        for (String line : Files.readAllLines(Path.of(System.getProperty("kkbridge.data.dir", "../data"))
                .resolve("user-activity.jsonl"))) {
            records.add(new ProducerRecord<>("user-activity.raw", null, utf8(line)));
        }
        for (int i = 0; i < 40; i++) {
            String order = "O" + (i % 10);
            String product = "P" + (i % 4);
            String category = i % 3 == 0 ? "toys" : "garden";
            int quantity = 1 + i % 4;
            records.add(new ProducerRecord<>("sales-cdc.raw", utf8(order), utf8(SalesCdcPipelineTest.change(
                    "INSERT", "e" + i, 1_000 + i, SalesCdcPipelineTest.keys(order, product),
                    SalesCdcPipelineTest.sale(order, product, category, Integer.toString(quantity), "2.50"), null))));
        }
        kafka.produce(records);
        // the last INSERT of each (order, product) wins (later ApproximateCreationDateTime)
        Map<String, String[]> items = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            items.put("O" + (i % 10) + "/P" + (i % 4), new String[] {"P" + (i % 4), i % 3 == 0 ? "toys" : "garden",
                    Integer.toString(1 + i % 4)});
        }
        distinctItems = items.size();
        for (String[] item : items.values()) {
            add(TOTALS.get("product"), item[0], Integer.parseInt(item[2]));
            add(TOTALS.get("category"), item[1], Integer.parseInt(item[2]));
        }
    }

    private static void add(TreeMap<String, int[]> totals, String key, int quantity) {
        int[] total = totals.computeIfAbsent(key, k -> new int[2]);
        total[0] += quantity;
        total[1]++;
    }

    private static void awaitProcessed() throws InterruptedException {
        await("all purchases stored", () -> {
            for (var e : PURCHASES.entrySet()) {
                ApiClient.Reply reply = a.get("/tables/purchases/items/" + e.getKey() + "/P03");
                if (reply.status() != 200 || reply.json().get("quantity").intValue() != e.getValue().get("P03")) {
                    return false;
                }
            }
            return true;
        });
        await("all sessions stored", () -> {
            long sessions = 0;
            for (int customer : customerNumbers()) {
                ApiClient.Reply reply = b.get("/tables/user-activity-customers/items/" + customer);
                if (reply.status() != 200) {
                    return false;
                }
                sessions += reply.json().get("sessions").longValue();
            }
            return sessions == 446;
        });
        await("the projection complete", () -> {
            ApiClient.Reply reply = a.get("/projections/sales/category?limit=10");
            if (reply.status() != 200 || reply.json().get("count").intValue() != 2) {
                return false;
            }
            int items = 0;
            for (JsonNode total : reply.json().get("items")) {
                items += total.get("items").intValue();
            }
            return items == distinctItems;
        });
    }

    private static List<Integer> customerNumbers() {
        List<Integer> numbers = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of(System.getProperty("kkbridge.data.dir", "../data"))
                    .resolve("user-activity.jsonl"))) {
                int n = io.kkbridge.streams.serde.Json.MAPPER.readTree(line).get("customer_number").intValue();
                if (!numbers.contains(n)) {
                    numbers.add(n);
                }
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return numbers;
    }

    /** The same request to both instances: the same status and the same body, byte for byte. */
    private static ApiClient.Reply both(String pathAndQuery) {
        ApiClient.Reply fromA = a.get(pathAndQuery);
        ApiClient.Reply fromB = b.get(pathAndQuery);
        assertThat(fromB).as("instance b's answer to %s equals instance a's", pathAndQuery).isEqualTo(fromA);
        return fromA;
    }

    @Test
    void shouldRefuseQueriesWithServiceUnavailableBeforeTheInstanceIsRunning() {
        assertThat(earlyReadyStatus).isEqualTo(503);
        assertThat(earlyItemReply.get("error").textValue()).isEqualTo("unavailable");
        assertThat(earlyItemReply.get("message").textValue()).startsWith("the application is ")
                .contains("not RUNNING");
    }

    @Test
    void shouldSpreadTheStoresOverBothInstances() {
        for (String store : List.of("purchases-store", "user-activity-sessions", "sales-cdc-mirror",
                "sales-cdc-projection")) {
            assertThat(first.streams().streamsMetadataForStore(store)).as(store).hasSize(2);
        }
    }

    @Test
    void shouldAnswerEveryPurchaseTheSameOnBothInstances() {
        for (var customer : PURCHASES.entrySet()) {
            for (var purchase : customer.getValue().entrySet()) {
                ApiClient.Reply reply = both("/tables/purchases/items/" + customer.getKey() + "/" + purchase.getKey());
                assertThat(reply.status()).isEqualTo(200);
                assertThat(reply.json().get("customer_id").textValue()).isEqualTo(customer.getKey());
                assertThat(reply.json().get("purchase_id").textValue()).isEqualTo(purchase.getKey());
                assertThat(reply.json().get("quantity").intValue()).isEqualTo(purchase.getValue());
            }
            ApiClient.Reply all = both("/tables/purchases/items/" + customer.getKey());
            assertThat(all.json().get("count").intValue()).isEqualTo(PURCHASES_PER_CUSTOMER);
            List<String> ids = new ArrayList<>();
            all.json().get("items").forEach(item -> ids.add(item.get("purchase_id").textValue()));
            assertThat(ids).isEqualTo(new ArrayList<>(customer.getValue().keySet()));
            assertThat(all.json().get("next").isNull()).isTrue();
        }
    }

    @Test
    void shouldAnswerEveryConditionAndPageTheSameOnBothInstances() {
        for (String customer : PURCHASES.keySet()) {
            String base = "/tables/purchases/items/" + customer;
            assertThat(ids(both(base + "?between=P02&and=P04"))).containsExactly("P02", "P03", "P04");
            assertThat(ids(both(base + "?begins_with=P0&order=desc&limit=2"))).containsExactly("P09", "P08");
            assertThat(ids(both(base + "?lt=P03"))).containsExactly("P01", "P02");
            assertThat(ids(both(base + "?le=P03"))).containsExactly("P01", "P02", "P03");
            assertThat(ids(both(base + "?gt=P07"))).containsExactly("P08", "P09");
            assertThat(ids(both(base + "?ge=P07&order=desc"))).containsExactly("P09", "P08", "P07");
            assertThat(ids(both(base + "?eq=P05"))).containsExactly("P05");
            // pages of 4, asked alternately of the two instances
            List<String> paged = new ArrayList<>();
            String next = null;
            int pages = 0;
            do {
                ApiClient client = pages % 2 == 0 ? b : a;
                ApiClient.Reply page = client.get(base + "?limit=4" + (next == null ? ""
                        : "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)));
                assertThat(page.status()).isEqualTo(200);
                paged.addAll(ids(page));
                next = page.json().get("next").isNull() ? null : page.json().get("next").textValue();
                pages++;
            } while (next != null);
            assertThat(pages).isEqualTo(3);
            assertThat(paged).isEqualTo(new ArrayList<>(PURCHASES.get(customer).keySet()));
        }
    }

    private static List<String> ids(ApiClient.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        reply.json().get("items").forEach(item -> ids.add(item.get("purchase_id").textValue()));
        return ids;
    }

    @Test
    void shouldAnswerEveryCustomersSessionsAndSummaryTheSameOnBothInstances() {
        long sessions = 0;
        for (int customer : customerNumbers()) {
            ApiClient.Reply summary = both("/tables/user-activity-customers/items/" + customer);
            assertThat(summary.status()).isEqualTo(200);
            ApiClient.Reply list = both("/tables/user-activity-sessions/items/" + customer + "?limit=1000");
            assertThat(list.json().get("count").longValue()).isEqualTo(summary.json().get("sessions").longValue());
            sessions += list.json().get("count").longValue();
            String firstSession = list.json().get("items").get(0).get("session_id").textValue();
            assertThat(both("/tables/user-activity-sessions/items/" + customer + "/" + firstSession).status())
                    .isEqualTo(200);
        }
        assertThat(sessions).isEqualTo(446);
    }

    @Test
    void shouldAnswerTheProjectionAndTheMirrorTheSameOnBothInstances() {
        for (String dimension : List.of("product", "category")) {
            TreeMap<String, int[]> expected = TOTALS.get(dimension);
            List<String> values = new ArrayList<>();
            String next = null;
            do {
                ApiClient.Reply page = both("/projections/sales/" + dimension + "?limit=3"
                        + (next == null ? "" : "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)));
                for (JsonNode total : page.json().get("items")) {
                    String value = total.get("value").textValue();
                    values.add(value);
                    assertThat(total.get("quantity").intValue()).as(value).isEqualTo(expected.get(value)[0]);
                    assertThat(total.get("items").intValue()).as(value).isEqualTo(expected.get(value)[1]);
                    assertThat(total.get("amount").decimalValue())
                            .isEqualByComparingTo(new java.math.BigDecimal("2.50").multiply(
                                    java.math.BigDecimal.valueOf(expected.get(value)[0])));
                }
                next = page.json().get("next").isNull() ? null : page.json().get("next").textValue();
            } while (next != null);
            assertThat(values).isEqualTo(new ArrayList<>(expected.keySet()));
            for (String value : expected.keySet()) {
                assertThat(both("/projections/sales/" + dimension + "/" + value).json().get("value").textValue())
                        .isEqualTo(value);
            }
        }
        for (int order = 0; order < 10; order++) {
            ApiClient.Reply items = both("/tables/sales/items/O" + order);
            assertThat(items.status()).isEqualTo(200);
            assertThat(items.json().get("count").intValue()).isEqualTo(2);
        }
    }

    @Test
    void shouldRefuseBadRequestsNamingTheParameter() {
        assertError(both("/tables/purchases/items/C01?limit=0"), 400, "limit",
                "parameter 'limit' must be an integer from 1 to 1000 but is '0'");
        assertError(both("/tables/purchases/items/C01?color=red"), 400, "color",
                "unknown parameter 'color': use eq, lt, le, gt, ge, begins_with, between (with and), order, limit or next");
        assertError(both("/tables/purchases/items/C01?between=P01"), 400, "and",
                "parameter 'between' needs 'and', its upper bound (between=a&and=b, both inclusive)");
        assertError(both("/tables/purchases/items/C01?lt=P01&gt=P05"), 400, "lt",
                "parameters 'gt' and 'lt' are both sort-key conditions: give at most one");
        assertError(both("/tables/purchases/items/C01?between=P05&and=P01"), 400, "between",
                "parameter 'between': BETWEEN's lower value \"P05\" is above its upper value \"P01\"");
        assertError(both("/tables/purchases/items/C01?order=up"), 400, "order",
                "parameter 'order' must be asc or desc but is 'up'");
        assertError(both("/tables/purchases/items/C01?next=xyz"), 400, "next",
                "parameter 'next' is not a continuation token given by this API");
        String token = a.get("/tables/purchases/items/C01?limit=2").json().get("next").textValue();
        assertError(both("/tables/purchases/items/C02?next=" + token), 400, "next",
                "parameter 'next' continues a query of another partition key");
        assertError(both("/tables/purchases/items/C01/P01?limit=1"), 400, "limit",
                "unknown parameter 'limit': reading one item takes no parameters");
        assertError(both("/tables/purchases/items/C01/P99"), 404, null,
                "no item with customer_id 'C01' and purchase_id 'P99' in table purchases");
        assertError(both("/tables/nope/items/x"), 404, null, "no table 'nope' here; tables: user-activity-sessions, "
                + "user-activity-customers, purchases, sales, sales-projection");
        assertError(both("/tables/user-activity-customers/items/315/x"), 404, null,
                "table user-activity-customers has no sort key: use /tables/user-activity-customers/items/{customer_number}");
        assertThat(a.post("/tables/purchases/items/C01").status()).isEqualTo(405);
    }

    private static void assertError(ApiClient.Reply reply, int status, String parameter, String message) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        JsonNode error = reply.json();
        assertThat(error.get("error").textValue()).isEqualTo(status == 400 ? "bad_request" : "not_found");
        assertThat(error.has("parameter") ? error.get("parameter").textValue() : null).isEqualTo(parameter);
        assertThat(error.get("message").textValue()).isEqualTo(message);
    }

    @Test
    void shouldReportHealthTablesAndPrometheusMetrics() {
        assertThat(a.get("/health").body()).isEqualTo("{\"status\":\"UP\",\"state\":\"RUNNING\"}");
        assertThat(b.get("/ready").body()).isEqualTo("{\"ready\":true,\"state\":\"RUNNING\"}");
        assertThat(both("/tables").json().findValuesAsText("name")).containsExactly("user-activity-sessions",
                "user-activity-customers", "purchases", "sales", "sales-projection");
        a.get("/tables/purchases/items/C01");
        String metrics = a.get("/metrics").body();
        assertThat(metrics).contains("kafka_stream_thread_process_total")
                .contains("kkb_query_requests_seconds_count{route=\"partition\",status=\"200\"}")
                .contains("jvm_memory_used_bytes");
    }
}
