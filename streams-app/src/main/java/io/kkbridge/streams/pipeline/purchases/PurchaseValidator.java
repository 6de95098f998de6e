package io.kkbridge.streams.pipeline.purchases;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.kkbridge.streams.dlq.InvalidRecordException;
import io.kkbridge.streams.pipeline.JsonObjectEnricher;
import io.kkbridge.streams.pipeline.JsonTypes;
import io.kkbridge.streams.store.ItemKey;

/**
 * Validates a point-of-sale purchase (a CSV row turned JSON by the producer tool) and keys it by
 * ({@code customer_id}, {@code purchase_id}). Identifiers may be strings or integers; {@code quantity} an integer
 * or a string holding one (negative for a return); {@code price} a non-negative number or a string holding one;
 * {@code timestamp} an ISO-8601 date-time; {@code description} is optional. {@code quantity} and {@code price}
 * are stored as JSON numbers with the digits they came with; every other field is kept as written.
 */
public final class PurchaseValidator extends JsonObjectEnricher {

    public static final String ROUTE_VALID = "valid";

    static final String PURCHASE_ID = "purchase_id";
    static final String CUSTOMER_ID = "customer_id";
    static final String PRODUCT_ID = "product_id";
    static final String DESCRIPTION = "description";
    static final String QUANTITY = "quantity";
    static final String PRICE = "price";
    static final String TIMESTAMP = "timestamp";
    static final String COUNTRY = "country";

    private static final Set<String> REQUIRED =
            Set.of(PURCHASE_ID, CUSTOMER_ID, PRODUCT_ID, QUANTITY, PRICE, TIMESTAMP, COUNTRY);

    private final Set<String> seen = new HashSet<>();
    private String purchaseId;
    private String customerId;

    @Override
    protected void startRecord() {
        seen.clear();
        purchaseId = null;
        customerId = null;
    }

    @Override
    protected void onField(String name, JsonParser in) throws IOException, InvalidRecordException {
        boolean interpreted = REQUIRED.contains(name) || DESCRIPTION.equals(name);
        if (interpreted && !seen.add(name)) {
            throw InvalidRecordException.duplicate(name);
        }
        switch (name) {
            case PURCHASE_ID:
                purchaseId = identifier(name, in);
                break;
            case CUSTOMER_ID:
                customerId = identifier(name, in);
                break;
            case PRODUCT_ID:
                identifier(name, in);
                break;
            case COUNTRY:
                JsonTypes.requireText(name, in);
                break;
            case DESCRIPTION:
                if (in.currentToken() != JsonToken.VALUE_STRING && in.currentToken() != JsonToken.VALUE_NULL) {
                    throw InvalidRecordException.wrongType(name, "a string", JsonTypes.describe(in.currentToken()));
                }
                break;
            case QUANTITY:
                replaceValue(Long.toString(quantity(in)));
                break;
            case PRICE:
                replaceValue(price(in));
                break;
            case TIMESTAMP:
                timestamp(in);
                break;
            default:
                in.skipChildren();
        }
    }

    /** A non-blank string, or an integer taken as its digits. */
    private static String identifier(String field, JsonParser in) throws IOException, InvalidRecordException {
        if (in.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            return in.getText();
        }
        if (in.currentToken() != JsonToken.VALUE_STRING) {
            throw InvalidRecordException.wrongType(field, "a string or an integer",
                    JsonTypes.describe(in.currentToken()));
        }
        return JsonTypes.requireText(field, in).strip();
    }

    private static long quantity(JsonParser in) throws IOException, InvalidRecordException {
        JsonToken token = in.currentToken();
        String text;
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_STRING) {
            text = in.getText().strip();
        } else {
            throw InvalidRecordException.wrongType(QUANTITY, "an integer or a string holding one",
                    JsonTypes.describe(token));
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw InvalidRecordException.invalid(QUANTITY, "must be an integer but is " + JsonTypes.quote(in.getText()));
        }
    }

    /** The price's decimal text: a number's own digits, or a string's after checking it is a decimal. */
    private static String price(JsonParser in) throws IOException, InvalidRecordException {
        JsonToken token = in.currentToken();
        BigDecimal price;
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            price = in.getDecimalValue();
        } else if (token == JsonToken.VALUE_STRING) {
            try {
                price = new BigDecimal(in.getText().strip());
            } catch (NumberFormatException e) {
                throw InvalidRecordException.invalid(PRICE, "must be a decimal number but is "
                        + JsonTypes.quote(in.getText()));
            }
        } else {
            throw InvalidRecordException.wrongType(PRICE, "a number or a string holding one",
                    JsonTypes.describe(token));
        }
        if (price.signum() < 0) {
            throw InvalidRecordException.invalid(PRICE, "must not be negative but is " + price.toPlainString());
        }
        return token == JsonToken.VALUE_STRING ? price.toPlainString() : in.getText();
    }

    private static void timestamp(JsonParser in) throws IOException, InvalidRecordException {
        if (in.currentToken() != JsonToken.VALUE_STRING) {
            throw InvalidRecordException.wrongType(TIMESTAMP, "an ISO-8601 date-time string",
                    JsonTypes.describe(in.currentToken()));
        }
        try {
            DateTimeFormatter.ISO_DATE_TIME.parse(in.getText());
        } catch (DateTimeParseException e) {
            throw InvalidRecordException.invalid(TIMESTAMP, "must be an ISO-8601 date-time such as "
                    + "2010-12-01T08:26:00Z but is " + JsonTypes.quote(in.getText()));
        }
    }

    @Override
    protected Decision finishRecord(Appender out) throws InvalidRecordException {
        for (String field : new String[] {PURCHASE_ID, CUSTOMER_ID, PRODUCT_ID, QUANTITY, PRICE, TIMESTAMP, COUNTRY}) {
            if (!seen.contains(field)) {
                throw InvalidRecordException.missing(field);
            }
        }
        return new Decision(new ItemKey(customerId, purchaseId).toBytes(), ROUTE_VALID);
    }
}
