package io.kkbridge.sandbox.tools.generate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonGenerator;

import io.kkbridge.streams.serde.Json;

/**
 * Point-of-sale purchases, one line item per record, with the fields {@code kkb produce} makes from point-of-sale
 * CSV rows: {@code purchase_id} (a UUID), {@code customer_id} (a number as a string, like the CSV's), {@code
 * product_id}, {@code description}, {@code quantity} (integer), {@code price} (decimal, 2 places), {@code timestamp}
 * (ISO-8601 UTC, advancing 0-3 s per purchase from the start) and {@code country} (fixed per customer). Keyed by
 * {@code customer_id}. Reproducible for a seed and start.
 */
public final class PurchaseGenerator implements RecordGenerator {

    private static final String[] COUNTRIES = {"United Kingdom", "United Kingdom", "United Kingdom", "United Kingdom",
        "Germany", "France", "EIRE", "Spain", "Netherlands", "Belgium", "Switzerland", "Portugal", "Australia",
        "Norway", "USA", "Japan"};
    private static final int FIRST_CUSTOMER_ID = 12346;

    private final Random random;
    private final String[] customerCountry;
    private final List<ProductCatalogue.Product> products = ProductCatalogue.products();
    private long clockSeconds;

    public PurchaseGenerator(long seed, Instant start, int customers) {
        if (customers < 1) {
            throw new IllegalArgumentException("customers must be at least 1, not " + customers);
        }
        this.random = new Random(seed);
        this.customerCountry = new String[customers];
        for (int i = 0; i < customers; i++) {
            customerCountry[i] = COUNTRIES[random.nextInt(COUNTRIES.length)];
        }
        this.clockSeconds = start.getEpochSecond();
    }

    @Override
    public GeneratedRecord next() {
        int customer = random.nextInt(customerCountry.length);
        String customerId = Integer.toString(FIRST_CUSTOMER_ID + customer);
        ProductCatalogue.Product product = products.get(random.nextInt(products.size()));
        int quantity = 1 + (random.nextInt(4) == 0 ? random.nextInt(24) : random.nextInt(6));
        clockSeconds += random.nextInt(4);
        String purchaseId = new UUID(random.nextLong(), random.nextLong()).toString();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator out = Json.FACTORY.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringField("purchase_id", purchaseId);
            out.writeStringField("customer_id", customerId);
            out.writeStringField("product_id", product.productId());
            out.writeStringField("description", product.description());
            out.writeNumberField("quantity", quantity);
            out.writeNumberField("price", product.unitPrice());
            out.writeStringField("timestamp", Instant.ofEpochSecond(clockSeconds).toString());
            out.writeStringField("country", customerCountry[customer]);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new GeneratedRecord(customerId, bytes.toByteArray());
    }
}
