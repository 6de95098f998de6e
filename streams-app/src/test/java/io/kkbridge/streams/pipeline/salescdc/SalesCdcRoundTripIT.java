package io.kkbridge.streams.pipeline.salescdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kkbridge.streams.app.AppInstance;
import io.kkbridge.streams.config.AppConfig;
import io.kkbridge.streams.query.ApiClient;
import io.kkbridge.streams.serde.Json;
import io.kkbridge.testsupport.EmbeddedKafka;

/**
 * Change records of a table written, updated and deleted at random — with the duplicates and the replay after a
 * restart that Kinesis delivery can bring — through a real broker and the application: the projection equals the
 * totals computed directly from the final table, and the mirror equals the table.
 */
class SalesCdcRoundTripIT {

    private static final int OPERATIONS = 3_000;
    private static final List<String> CATEGORIES = List.of("toys", "garden", "kitchen", "books", "électronique");

    private static EmbeddedKafka kafka;
    private static AppInstance app;
    private static ApiClient api;
    private static Path stateDir;
    private static DynamoTableDouble table;
    private static int recordsSent;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(3, "sales-cdc.raw", "sales-cdc.dlq", "sales.projection");
        stateDir = Files.createTempDirectory("kkbridge-sales-cdc-it");
        app = AppInstance.create(AppConfig.of(Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, "sales-cdc-it",
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                AppConfig.PIPELINES_CONFIG, "sales-cdc",
                AppConfig.QUERY_API_PORT_CONFIG, "0")));
        app.start();
        api = new ApiClient(app.queryPort());
        table = new DynamoTableDouble("sales", "order_id", "product_id", 1_764_547_200_000L, 99);
        runWorkload(table, new Random(2025));
        produce(table.streamRecords());
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close(Duration.ofSeconds(30));
        }
        if (kafka != null) {
            kafka.close();
        }
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void runWorkload(DynamoTableDouble table, Random random) {
        for (int i = 0; i < OPERATIONS; i++) {
            String order = "ORD-" + random.nextInt(120);
            String product = "SKU-" + random.nextInt(40);
            int op = random.nextInt(10);
            if (op < 5 || table.get(order, product) == null) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("order_id", order);
                item.put("product_id", product);
                item.put("category", CATEGORIES.get(Math.floorMod(product.hashCode(), CATEGORIES.size())));
                item.put("quantity", BigDecimal.valueOf(1 + random.nextInt(9)));
                item.put("price", new BigDecimal(BigDecimal.valueOf(99 + random.nextInt(9_900), 2).toPlainString()));
                item.put("gift", random.nextBoolean());
                item.put("tags", Set.of("black-friday", "web"));
                item.put("shipping", Map.of("country", "FR", "express", random.nextBoolean()));
                table.put(item);
            } else if (op < 8) {
                table.update(order, product, Map.of("quantity", BigDecimal.valueOf(1 + random.nextInt(20)),
                        "category", CATEGORIES.get(random.nextInt(CATEGORIES.size()))));
            } else {
                table.delete(order, product);
            }
            table.tick(random.nextInt(3));
        }
    }

    /**
     * As the source connector writes them: keyed by the item's partition key (one Kinesis shard per key keeps an
     * item's changes in order), every 20th record delivered twice, and the first 500 delivered again at the end.
     */
    private static void produce(List<String> records) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            out.add(record(records.get(i)));
            if (i % 20 == 0) {
                out.add(record(records.get(i)));
            }
        }
        for (int i = 0; i < 500; i++) {
            out.add(record(records.get(i)));
        }
        recordsSent = out.size();
        kafka.produce(out);
    }

    private static ProducerRecord<byte[], byte[]> record(String json) {
        try {
            String order = Json.MAPPER.readTree(json).at("/dynamodb/Keys/order_id/S").textValue();
            return new ProducerRecord<>("sales-cdc.raw", order.getBytes(StandardCharsets.UTF_8),
                    json.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** dimension to value to [quantity, amount, items], computed from the table itself. */
    private static Map<String, TreeMap<String, BigDecimal[]>> totalsFromTable() {
        Map<String, TreeMap<String, BigDecimal[]>> totals = Map.of("product", new TreeMap<>(),
                "category", new TreeMap<>());
        for (Map<String, Object> item : table.scan()) {
            BigDecimal quantity = (BigDecimal) item.get("quantity");
            BigDecimal amount = quantity.multiply((BigDecimal) item.get("price"));
            add(totals.get("product"), (String) item.get("product_id"), quantity, amount);
            add(totals.get("category"), (String) item.get("category"), quantity, amount);
        }
        return totals;
    }

    private static void add(TreeMap<String, BigDecimal[]> totals, String key, BigDecimal quantity, BigDecimal amount) {
        BigDecimal[] t = totals.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO});
        t[0] = t[0].add(quantity);
        t[1] = t[1].add(amount);
        t[2] = t[2].add(BigDecimal.ONE);
    }

    /** The projection as the API lists it: value to [quantity, amount, items], only values with items. */
    private static TreeMap<String, BigDecimal[]> projection(String dimension) {
        TreeMap<String, BigDecimal[]> totals = new TreeMap<>();
        JsonNode page = api.get("/projections/sales/" + dimension + "?limit=1000").json();
        for (JsonNode total : page.get("items")) {
            if (total.get("items").intValue() > 0) {
                totals.put(total.get("value").textValue(), new BigDecimal[] {total.get("quantity").decimalValue(),
                        total.get("amount").decimalValue(), BigDecimal.valueOf(total.get("items").intValue())});
            }
        }
        return totals;
    }

    private static Map<String, String> asText(Map<String, BigDecimal[]> totals) {
        Map<String, String> text = new TreeMap<>();
        totals.forEach((k, v) -> text.put(k, v[0].stripTrailingZeros().toPlainString() + " / "
                + v[1].stripTrailingZeros().toPlainString() + " / " + v[2].intValue()));
        return text;
    }

    @Test
    void shouldProjectExactlyTheTotalsOfTheFinalTable() throws InterruptedException {
        assertThat(table.streamRecords()).hasSizeGreaterThan(2_000);
        Map<String, TreeMap<String, BigDecimal[]>> expected = totalsFromTable();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (app.streams().state() != KafkaStreams.State.RUNNING
                || !asText(projection("category")).equals(asText(expected.get("category")))
                || !asText(projection("product")).equals(asText(expected.get("product")))) {
            if (System.nanoTime() > deadline) {
                assertThat(asText(projection("category"))).isEqualTo(asText(expected.get("category")));
                assertThat(asText(projection("product"))).isEqualTo(asText(expected.get("product")));
            }
            Thread.sleep(250);
        }
        assertThat(kafka.readAll("sales-cdc.dlq")).isEmpty();
        assertThat(recordsSent).isGreaterThan(table.streamRecords().size() + 500);
    }

    @Test
    void shouldSkipExactlyTheDuplicatesAndTheReplayAndCountThem() throws InterruptedException {
        shouldProjectExactlyTheTotalsOfTheFinalTable();
        double duplicates = recordsSent - table.streamRecords().size();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (skippedChanges() < duplicates && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(skippedChanges()).isEqualTo(duplicates);
        // the metrics binder picks up metrics added after start within its refresh interval (5 s)
        deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!api.get("/metrics").body().contains("sales_cdc_skipped_change_total")
                && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(api.get("/metrics").body()).contains("sales_cdc_skipped_change_total");
    }

    private static double skippedChanges() {
        return app.streams().metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("sales-cdc-skipped-change-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    @Test
    void shouldMirrorTheFinalTableItemForItem() throws Exception {
        shouldProjectExactlyTheTotalsOfTheFinalTable();
        TreeSet<String> orders = new TreeSet<>();
        for (int i = 0; i < 120; i++) {
            orders.add("ORD-" + i);
        }
        int mirrored = 0;
        for (String order : orders) {
            ApiClient.Reply reply = api.get("/tables/sales/items/" + order + "?limit=1000");
            assertThat(reply.status()).isEqualTo(200);
            Map<String, JsonNode> expected = new TreeMap<>();
            for (Map<String, Object> item : table.scan()) {
                if (item.get("order_id").equals(order)) {
                    expected.put((String) item.get("product_id"), plain(item));
                }
            }
            List<String> products = new ArrayList<>();
            for (JsonNode item : reply.json().get("items")) {
                String product = item.get("product_id").textValue();
                products.add(product);
                // as text: the numbers' digits and scale must be the same too
                assertThat(item.toString()).as("%s/%s", order, product).isEqualTo(expected.get(product).toString());
                mirrored++;
            }
            assertThat(products).isEqualTo(new ArrayList<>(expected.keySet()));
        }
        assertThat(mirrored).isEqualTo(table.scan().size());
    }

    /** An item as the mirror should hold it: the plain JSON of its DynamoDB JSON, unmarshalled independently. */
    private static JsonNode plain(Map<String, Object> item) throws Exception {
        return DynamoJson.unmarshalMap(DynamoTableDouble.marshalItem(item), "item");
    }

    @Test
    void shouldPublishTheLatestTotalOfEveryProjectionItem() throws Exception {
        shouldProjectExactlyTheTotalsOfTheFinalTable();
        Map<String, String> expected = new TreeMap<>();
        for (String dimension : List.of("product", "category")) {
            for (JsonNode total : api.get("/projections/sales/" + dimension + "?limit=1000").json().get("items")) {
                expected.put(dimension + ":" + total.get("value").textValue(), total.toString());
            }
        }
        // the store is read as it is, the topic as committed: the last transaction may still be on its way
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, String> published;
        do {
            published = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> record : kafka.readAll("sales.projection")) {
                published.put(new String(record.key(), StandardCharsets.UTF_8),
                        Json.EXACT_TREE_READER.readTree(record.value()).toString());
            }
        } while (!published.equals(expected) && System.nanoTime() < deadline);
        assertThat(published).isEqualTo(expected);
    }
}
