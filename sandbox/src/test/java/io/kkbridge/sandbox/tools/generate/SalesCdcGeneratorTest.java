package io.kkbridge.sandbox.tools.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kkbridge.streams.serde.Json;

/** The change records replay into a consistent table, as a projection over them needs. */
class SalesCdcGeneratorTest {

    private static final Instant START = Instant.parse("2025-11-28T00:00:00Z");

    @Test
    void shouldReplayIntoTheGeneratorsTableWithEveryOldImageEqualToThePreviousImage() throws Exception {
        SalesCdcGenerator generator = new SalesCdcGenerator(11, START, "eu-west-1", "sales", 200);
        Map<String, JsonNode> replayed = new HashMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        Set<String> eventIds = new HashSet<>();
        long previousTime = 0;

        for (int i = 0; i < 5_000; i++) {
            GeneratedRecord record = generator.next();
            JsonNode change = Json.MAPPER.readTree(record.data());
            String eventName = change.get("eventName").asText();
            JsonNode dynamodb = change.get("dynamodb");
            String key = dynamodb.get("Keys").get("sale_id").get("S").asText();
            counts.merge(eventName, 1, Integer::sum);

            assertThat(record.partitionKey()).isEqualTo(key);
            assertThat(eventIds.add(change.get("eventID").asText())).isTrue();
            assertThat(change.get("eventID").asText()).matches("[0-9a-f]{32}");
            long time = dynamodb.get("ApproximateCreationDateTime").asLong();
            assertThat(time).isGreaterThan(previousTime);
            previousTime = time;
            assertThat(dynamodb.get("SizeBytes").asInt()).isPositive();
            switch (eventName) {
                case "INSERT" -> {
                    assertThat(replayed).doesNotContainKey(key);
                    assertThat(dynamodb.has("OldImage")).isFalse();
                    replayed.put(key, dynamodb.get("NewImage"));
                }
                case "MODIFY" -> {
                    assertThat(dynamodb.get("OldImage")).isEqualTo(replayed.get(key));
                    assertThat(dynamodb.get("NewImage")).isNotEqualTo(dynamodb.get("OldImage"));
                    replayed.put(key, dynamodb.get("NewImage"));
                }
                case "REMOVE" -> {
                    assertThat(dynamodb.get("OldImage")).isEqualTo(replayed.get(key));
                    assertThat(dynamodb.has("NewImage")).isFalse();
                    replayed.remove(key);
                }
                default -> throw new AssertionError("unexpected eventName " + eventName);
            }
            JsonNode image = dynamodb.has("NewImage") ? dynamodb.get("NewImage") : dynamodb.get("OldImage");
            assertThat(image.get("sale_id")).isEqualTo(dynamodb.get("Keys").get("sale_id"));
            assertThat(decimal(image, "amount"))
                    .isEqualByComparingTo(decimal(image, "quantity").multiply(decimal(image, "unit_price")));
        }

        Map<String, ObjectNode> table = generator.table();
        assertThat(replayed).isEqualTo(Map.copyOf(table));
        assertThat(counts.keySet()).containsExactly("INSERT", "MODIFY", "REMOVE");
        assertThat(counts.get("MODIFY")).isGreaterThan(counts.get("REMOVE"));
        assertThat(table.size()).isBetween(150, 200);
    }

    @Test
    void shouldKeepAProjectionOfTotalsEqualToTheTotalsOfTheFinalTable() throws Exception {
        SalesCdcGenerator generator = new SalesCdcGenerator(3, START, "us-east-1", "sales", 50);
        Map<String, BigDecimal> amountByCategory = new TreeMap<>();
        Map<String, BigDecimal> quantityByProduct = new TreeMap<>();

        for (int i = 0; i < 3_000; i++) {
            JsonNode dynamodb = Json.MAPPER.readTree(generator.next().data()).get("dynamodb");
            // the projection a consumer keeps: subtract the old image, add the new one
            if (dynamodb.has("OldImage")) {
                add(amountByCategory, quantityByProduct, dynamodb.get("OldImage"), BigDecimal.ONE.negate());
            }
            if (dynamodb.has("NewImage")) {
                add(amountByCategory, quantityByProduct, dynamodb.get("NewImage"), BigDecimal.ONE);
            }
        }

        Map<String, BigDecimal> expectedAmount = new TreeMap<>();
        Map<String, BigDecimal> expectedQuantity = new TreeMap<>();
        for (ObjectNode item : generator.table().values()) {
            add(expectedAmount, expectedQuantity, item, BigDecimal.ONE);
        }
        amountByCategory.values().removeIf(v -> v.signum() == 0);
        quantityByProduct.values().removeIf(v -> v.signum() == 0);
        assertThat(amountByCategory).isEqualTo(expectedAmount).isNotEmpty();
        assertThat(quantityByProduct).isEqualTo(expectedQuantity).isNotEmpty();
    }

    @Test
    void shouldWriteTheKinesisDataStreamsForDynamoDbEnvelope() throws Exception {
        SalesCdcGenerator generator = new SalesCdcGenerator(1, START, "eu-west-1", "black-friday-sales", 10);

        JsonNode insert = Json.MAPPER.readTree(generator.next().data());

        assertThat(insert.fieldNames()).toIterable().containsExactly("awsRegion", "eventID", "eventName",
                "userIdentity", "recordFormat", "tableName", "dynamodb", "eventSource");
        assertThat(insert.get("awsRegion").asText()).isEqualTo("eu-west-1");
        assertThat(insert.get("eventName").asText()).isEqualTo("INSERT");
        assertThat(insert.get("userIdentity").isNull()).isTrue();
        assertThat(insert.get("recordFormat").asText()).isEqualTo("application/json");
        assertThat(insert.get("tableName").asText()).isEqualTo("black-friday-sales");
        assertThat(insert.get("eventSource").asText()).isEqualTo("aws:dynamodb");
        JsonNode dynamodb = insert.get("dynamodb");
        assertThat(dynamodb.fieldNames()).toIterable().containsExactly("ApproximateCreationDateTime", "Keys",
                "NewImage", "SizeBytes", "ApproximateCreationDateTimePrecision");
        assertThat(dynamodb.get("ApproximateCreationDateTime").asLong())
                .isBetween(START.toEpochMilli() + 1, START.toEpochMilli() + 50);
        JsonNode image = dynamodb.get("NewImage");
        assertThat(image.get("sale_id").get("S").asText()).startsWith("sale-");
        assertThat(image.get("quantity").get("N").isTextual()).isTrue();
        assertThat(image.get("amount").get("N").isTextual()).isTrue();
        assertThat(image.get("store").get("M").get("city").get("S").isTextual()).isTrue();
        assertThat(image.get("store").get("M").get("store_id").get("N").isTextual()).isTrue();
        assertThat(image.get("on_promotion").get("BOOL").isBoolean()).isTrue();
        assertThat(image.get("channel").get("L").get(0).get("S").isTextual()).isTrue();
        JsonNode coupon = image.get("coupon");
        assertThat(coupon.has("S") || coupon.get("NULL").asBoolean()).isTrue();
        List<String> categories = ProductCatalogue.products().stream().map(ProductCatalogue.Product::category)
                .distinct().toList();
        assertThat(categories).contains(image.get("category").get("S").asText());
    }

    private static void add(Map<String, BigDecimal> amountByCategory, Map<String, BigDecimal> quantityByProduct,
                            JsonNode image, BigDecimal sign) {
        amountByCategory.merge(image.get("category").get("S").asText(), decimal(image, "amount").multiply(sign),
                BigDecimal::add);
        quantityByProduct.merge(image.get("product_id").get("S").asText(), decimal(image, "quantity").multiply(sign),
                BigDecimal::add);
    }

    private static BigDecimal decimal(JsonNode image, String attribute) {
        return new BigDecimal(image.get(attribute).get("N").asText());
    }
}
