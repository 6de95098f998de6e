package io.kkbridge.streams.pipeline.useractivity;

import static io.kkbridge.streams.topology.TopologyFixture.text;
import static io.kkbridge.streams.topology.TopologyFixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kkbridge.streams.config.AppConfig;
import io.kkbridge.streams.serde.Json;
import io.kkbridge.streams.store.ItemKey;
import io.kkbridge.streams.store.ItemQuery;
import io.kkbridge.streams.store.ItemStores;
import io.kkbridge.streams.topology.TopologyFactory;
import io.kkbridge.streams.topology.TopologyFixture;

class CustomerStoreTest {

    private static final Instant START = Instant.parse("2025-01-07T00:50:07Z");

    private TopologyFixture fixture;
    private TestInputTopic<byte[], byte[]> input;
    private KeyValueStore<Bytes, byte[]> sessions;
    private KeyValueStore<Bytes, byte[]> customers;
    private List<String> lines;

    @BeforeEach
    void start() throws IOException {
        fixture = new TopologyFixture(Map.of("pipelines", "user-activity"));
        input = fixture.input("user-activity.raw");
        sessions = fixture.store(UserActivityPipeline.SESSION_STORE);
        customers = fixture.store(UserActivityPipeline.SUMMARY_STORE);
        lines = Files.readAllLines(UserActivityPipelineTest.dataDir().resolve("user-activity.jsonl"));
        for (int i = 0; i < lines.size(); i++) {
            input.pipeInput(utf8("shard-key"), utf8(lines.get(i)), START.plusSeconds(i));
        }
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** Each customer's summary computed straight from the sample file. */
    private Map<String, Map<String, Object>> expectedSummaries() throws IOException {
        Map<String, Map<String, Object>> expected = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode session = Json.MAPPER.readTree(lines.get(i));
            String customer = session.get("customer_number").asText();
            Map<String, Object> s = expected.computeIfAbsent(customer, c -> new HashMap<>(Map.of("sessions", 0L,
                    "total", 0L, "cart", 0L, "countries", new TreeMap<String, Long>())));
            long total = 0;
            long cart = 0;
            for (JsonNode item : session.get("browse_history")) {
                long q = Long.parseLong(item.get("quantity").asText());
                total += q;
                cart += item.get("in_shopping_cart").asBoolean() ? q : 0;
            }
            s.put("sessions", (long) s.get("sessions") + 1);
            s.put("total", (long) s.get("total") + total);
            s.put("cart", (long) s.get("cart") + cart);
            s.put("last", START.plusSeconds(i).toString().replace("Z", ".000Z"));
            @SuppressWarnings("unchecked")
            Map<String, Long> countries = (Map<String, Long>) s.get("countries");
            countries.merge(session.get("country").asText(), 1L, Long::sum);
        }
        return expected;
    }

    private void assertSummariesMatchTheSample() throws IOException {
        Map<String, Map<String, Object>> expected = expectedSummaries();
        assertThat(expected).hasSize(196);
        for (Map.Entry<String, Map<String, Object>> e : expected.entrySet()) {
            JsonNode summary = Json.MAPPER.readTree(ItemStores.get(customers, ItemKey.of(e.getKey())));
            assertThat(summary.get("customer_number").asText()).isEqualTo(e.getKey());
            assertThat(summary.get("sessions").longValue()).as("sessions of %s", e.getKey())
                    .isEqualTo(e.getValue().get("sessions"));
            assertThat(summary.get("total_quantity").longValue()).isEqualTo(e.getValue().get("total"));
            assertThat(summary.get("in_cart_quantity").longValue()).isEqualTo(e.getValue().get("cart"));
            assertThat(summary.get("last_seen").textValue()).isEqualTo(e.getValue().get("last"));
            assertThat(Json.MAPPER.convertValue(summary.get("countries_seen"),
                    new com.fasterxml.jackson.core.type.TypeReference<TreeMap<String, Long>>() { }))
                    .isEqualTo(e.getValue().get("countries"));
        }
    }

    @Test
    void shouldKeepAPerCustomerSummaryEqualToTheSampleTotals() throws IOException {
        assertSummariesMatchTheSample();
    }

    @Test
    void shouldStoreEverySessionUnderItsCustomerSortedBySessionId() throws IOException {
        Map<String, TreeSet<String>> byCustomer = new HashMap<>();
        for (String line : lines) {
            JsonNode session = Json.MAPPER.readTree(line);
            byCustomer.computeIfAbsent(session.get("customer_number").asText(), c -> new TreeSet<>())
                    .add(session.get("session_id").asText());
        }
        int stored = 0;
        for (Map.Entry<String, TreeSet<String>> e : byCustomer.entrySet()) {
            List<String> ids = ItemStores.query(sessions, ItemQuery.all(e.getKey(), 100)).items().stream()
                    .map(item -> item.key().sortKey()).toList();
            assertThat(ids).isEqualTo(new ArrayList<>(e.getValue()));
            stored += ids.size();
        }
        assertThat(stored).isEqualTo(446);
        String first = lines.get(0);
        JsonNode session = Json.MAPPER.readTree(text(ItemStores.get(sessions,
                new ItemKey("315", "ed52bb8a-00d4-417b-96e8-6713cdaa86ed"))));
        assertThat(session.get("city").textValue()).isEqualTo("Luleå");
        assertThat(session.get("overall_product_quantity").longValue()).isEqualTo(18);
        assertThat(first).contains("ed52bb8a-00d4-417b-96e8-6713cdaa86ed");
    }

    @Test
    void shouldNotCountASessionThatComesAgainTwice() throws IOException {
        Map<String, byte[]> before = new HashMap<>();
        for (String customer : expectedSummaries().keySet()) {
            before.put(customer, ItemStores.get(customers, ItemKey.of(customer)));
        }
        // the first 50 sessions again, with their original timestamps (a replay after a restart)
        for (int i = 0; i < 50; i++) {
            input.pipeInput(utf8("shard-key"), utf8(lines.get(i)), START.plusSeconds(i));
        }
        assertSummariesMatchTheSample();
        for (String customer : before.keySet()) {
            assertThat(text(ItemStores.get(customers, ItemKey.of(customer)))).isEqualTo(text(before.get(customer)));
        }
    }

    @Test
    void shouldStoreASessionWithRepeatedFieldsTheEnricherCopiedThrough() {
        // the enricher passes repeated fields it does not interpret (here "tag") through unchanged; the store must
        // take such a session as well, not stop the stream thread over it
        String session = "{\"session_id\":\"s-9\",\"customer_number\":\"C9\",\"tag\":1,\"country\":\"UK\","
                + "\"tag\":2,\"browse_history\":[{\"quantity\":4,\"in_shopping_cart\":true,\"note\":\"a\","
                + "\"note\":\"b\"}]}";
        input.pipeInput(utf8("k"), utf8(session), START);
        input.pipeInput(utf8("k"), utf8(session), START.plusSeconds(1)); // again: the stored copy is read back

        assertThat(text(ItemStores.get(customers, ItemKey.of("C9")))).isEqualTo("{\"customer_number\":\"C9\","
                + "\"sessions\":1,\"total_quantity\":4,\"in_cart_quantity\":4,"
                + "\"last_seen\":\"2025-01-07T00:50:08.000Z\",\"countries_seen\":{\"UK\":1}}");
        assertThat(text(ItemStores.get(sessions, new ItemKey("C9", "s-9")))).startsWith(session.substring(0,
                session.length() - 1) + ",\"processing_timestamp\":");
    }

    @Test
    void shouldMoveASessionsCountsWhenItComesAgainChanged() {
        String session = "{\"session_id\":\"s-1\",\"customer_number\":7,\"country\":\"UK\",\"browse_history\":"
                + "[{\"product_code\":\"A\",\"quantity\":\"3\",\"in_shopping_cart\":true}]}";
        String changed = "{\"session_id\":\"s-1\",\"customer_number\":7,\"country\":\"France\",\"browse_history\":"
                + "[{\"product_code\":\"A\",\"quantity\":\"5\",\"in_shopping_cart\":false}]}";
        input.pipeInput(utf8("k"), utf8(session), START);
        input.pipeInput(utf8("k"), utf8(changed), START.plusSeconds(60));
        // no customer_number: routed as before, not stored per customer
        input.pipeInput(utf8("k"), utf8("{\"session_id\":\"s-2\",\"country\":\"UK\",\"browse_history\":[]}"), START);

        assertThat(text(ItemStores.get(customers, ItemKey.of("7")))).isEqualTo("{\"customer_number\":\"7\","
                + "\"sessions\":1,\"total_quantity\":5,\"in_cart_quantity\":0,"
                + "\"last_seen\":\"2025-01-07T00:51:07.000Z\",\"countries_seen\":{\"France\":1}}");
        assertThat(fixture.drain("user-activity.international")).hasSize(446 - 101 + 3);
        assertThat(fixture.metricTotal("user-activity-session-not-stored")).isEqualTo(1.0);
    }

    @Test
    void shouldRouteWithoutStoresOrRepartitionWhenTheCustomerStoresAreOff() {
        AppConfig config = AppConfig.of(Map.of("pipelines", "user-activity",
                AppConfig.USER_ACTIVITY_CUSTOMER_STORE_CONFIG, "false"));
        TopologyDescription described = TopologyFactory.build(config).describe();

        assertThat(described.subtopologies()).hasSize(1);
        assertThat(described.toString()).doesNotContain("repartition").doesNotContain(UserActivityPipeline.SESSION_STORE);
        try (TopologyFixture routingOnly = new TopologyFixture(Map.of("pipelines", "user-activity",
                AppConfig.USER_ACTIVITY_CUSTOMER_STORE_CONFIG, "false"))) {
            TestInputTopic<byte[], byte[]> raw = routingOnly.input("user-activity.raw");
            lines.forEach(line -> raw.pipeInput(utf8("shard-key"), utf8(line)));
            assertThat(routingOnly.output("user-activity.usa").getQueueSize()
                    + routingOnly.output("user-activity.international").getQueueSize()).isEqualTo(446);
        }
    }
}
