package io.kkbridge.sandbox.tools.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kkbridge.sandbox.tools.Kkb;
import io.kkbridge.streams.serde.Json;

/** {@code kkb generate --stdout}: reproducible with a seed, and shaped as documented. */
class GenerateCommandTest {

    private static final Path DATA = Path.of(System.getProperty("kkbridge.data.dir", "../data"));

    static Kkb.Run kkb(String... args) {
        return Kkb.run(args);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"user-activity", "events", "purchases", "sales-cdc"})
    void shouldGenerateTheSameRecordsForTheSameSeedAndOthersForAnotherSeed(String kind) throws Exception {
        String sample = DATA.resolve("user-activity.jsonl").toString();
        Kkb.Run first = kkb("generate", kind, "--stdout", "--rate", "0", "--count", "300", "--seed", "42",
                "--sample", sample);
        Kkb.Run again = kkb("generate", kind, "--stdout", "--rate", "0", "--count", "300", "--seed", "42",
                "--sample", sample);
        Kkb.Run other = kkb("generate", kind, "--stdout", "--rate", "0", "--count", "300", "--seed", "43",
                "--sample", sample);

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.lines()).hasSize(300);
        assertThat(again.out()).isEqualTo(first.out());
        assertThat(other.lines()).hasSize(300);
        Set<String> shared = new HashSet<>(first.lines());
        shared.retainAll(other.lines());
        assertThat(shared).isEmpty();
        assertThat(first.err()).contains("Generated 300 " + kind + " records",
                "--seed 42 --start 2025-01-07T00:00:00Z repeats them");
        for (String line : first.lines()) {
            assertThat(Json.MAPPER.readTree(line).isObject()).isTrue();
        }
    }

    @Test
    void shouldShapeSessionsLikeTheSampleWithFreshSessionIds() throws Exception {
        List<String> sample = Files.readAllLines(DATA.resolve("user-activity.jsonl"), StandardCharsets.UTF_8);

        Kkb.Run run = kkb("generate", "user-activity", "--stdout", "--rate", "0", "--count", "892", "--seed", "1",
                "--sample", DATA.resolve("user-activity.jsonl").toString());

        List<String> lines = run.lines();
        assertThat(lines).hasSize(892);
        long usa = 0;
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode generated = Json.MAPPER.readTree(lines.get(i));
            JsonNode template = Json.MAPPER.readTree(sample.get(i % sample.size()));
            ids.add(generated.get("session_id").asText());
            ((com.fasterxml.jackson.databind.node.ObjectNode) generated).remove("session_id");
            ((com.fasterxml.jackson.databind.node.ObjectNode) template).remove("session_id");
            assertThat(generated).isEqualTo(template);
            usa += generated.get("country").asText().equals("USA") ? 1 : 0;
        }
        assertThat(ids).hasSize(892);
        assertThat(usa).isEqualTo(202);
    }

    @Test
    void shouldGenerateEventsOfAboutAHundredTypes() throws Exception {
        Kkb.Run run = kkb("generate", "events", "--stdout", "--rate", "0", "--count", "20000", "--seed", "5");

        Set<String> names = new HashSet<>();
        for (String line : run.lines()) {
            JsonNode event = Json.MAPPER.readTree(line);
            names.add(event.get("event_name").asText());
            assertThat(event.get("event_uuid").asText()).hasSize(36);
            assertThat(event.get("created_at").asLong()).isBetween(1_736_208_000L, 1_736_208_000L + 20_000 / 300 + 1);
        }
        assertThat(names).hasSize(113);
    }

    @Test
    void shouldGeneratePurchasesWithTheFieldsAndTypesOfTheProducedOnes() throws Exception {
        Kkb.Run run = kkb("generate", "purchases", "--stdout", "--rate", "0", "--count", "500", "--seed", "9",
                "--customers", "50");

        Set<String> customers = new HashSet<>();
        String previous = "";
        for (String line : run.lines()) {
            JsonNode p = Json.MAPPER.readTree(line);
            assertThat(p.fieldNames()).toIterable().containsExactly("purchase_id", "customer_id", "product_id",
                    "description", "quantity", "price", "timestamp", "country");
            assertThat(p.get("customer_id").isTextual()).isTrue();
            assertThat(p.get("quantity").isInt()).isTrue();
            assertThat(p.get("quantity").asInt()).isBetween(1, 24);
            assertThat(p.get("price").isNumber()).isTrue();
            assertThat(line).containsPattern("\"price\":\\d+\\.\\d\\d,");
            assertThat(p.get("timestamp").asText()).matches("2025-01-07T\\d\\d:\\d\\d:\\d\\dZ")
                    .isGreaterThanOrEqualTo(previous);
            previous = p.get("timestamp").asText();
            customers.add(p.get("customer_id").asText());
        }
        assertThat(customers).hasSizeBetween(45, 50).allSatisfy(c -> assertThat(Integer.parseInt(c))
                .isBetween(12_346, 12_395));
    }

    @Test
    void shouldRefuseABadSeedAndAMissingTarget() {
        Kkb.Run badSeed = kkb("generate", "events", "--stdout", "--seed", "abc");
        Kkb.Run noTarget = kkb("generate", "events");
        Kkb.Run badKind = kkb("generate", "orders", "--stdout");

        assertThat(badSeed.exit()).isEqualTo(1);
        assertThat(badSeed.err()).contains("kkb generate: --seed must be a whole number or 'random', not 'abc'");
        assertThat(noTarget.exit()).isEqualTo(2);
        assertThat(noTarget.err()).contains("Error: Missing required argument (specify one of these): "
                + "(--stream=NAME | --stdout)");
        assertThat(badKind.exit()).isEqualTo(2);
        assertThat(badKind.err()).contains("'orders' is not one of user-activity, events, purchases, sales-cdc");
    }
}
