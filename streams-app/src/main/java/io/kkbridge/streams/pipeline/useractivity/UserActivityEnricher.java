package io.kkbridge.streams.pipeline.useractivity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.kkbridge.streams.dlq.InvalidRecordException;
import io.kkbridge.streams.pipeline.JsonObjectEnricher;
import io.kkbridge.streams.pipeline.JsonTypes;
import io.kkbridge.streams.support.IsoTimestamps;

/**
 * Enriches a user session exactly as the reference Kinesis consumer did:
 * {@code overall_product_quantity = sum(quantity)}, {@code overall_in_shopping_cart = sum(quantity where
 * in_shopping_cart)}, {@code total_different_products = len(browse_history)} (repeated product codes count, as in
 * the reference), plus {@code processing_timestamp}. Routes on {@code country}; the output key is {@code session_id}.
 */
public final class UserActivityEnricher extends JsonObjectEnricher {

    public static final String ROUTE_USA = "usa";
    public static final String ROUTE_INTERNATIONAL = "international";

    static final String SESSION_ID = "session_id";
    static final String COUNTRY = "country";
    static final String BROWSE_HISTORY = "browse_history";
    static final String QUANTITY = "quantity";
    static final String IN_SHOPPING_CART = "in_shopping_cart";
    static final String PROCESSING_TIMESTAMP = "processing_timestamp";
    static final String OVERALL_PRODUCT_QUANTITY = "overall_product_quantity";
    static final String OVERALL_IN_SHOPPING_CART = "overall_in_shopping_cart";
    static final String TOTAL_DIFFERENT_PRODUCTS = "total_different_products";
    private static final FieldName PROCESSING_TIMESTAMP_NAME = new FieldName(PROCESSING_TIMESTAMP);
    private static final FieldName OVERALL_PRODUCT_QUANTITY_NAME = new FieldName(OVERALL_PRODUCT_QUANTITY);
    private static final FieldName OVERALL_IN_SHOPPING_CART_NAME = new FieldName(OVERALL_IN_SHOPPING_CART);
    private static final FieldName TOTAL_DIFFERENT_PRODUCTS_NAME = new FieldName(TOTAL_DIFFERENT_PRODUCTS);

    private final CountryMatcher countryMatcher;
    private final Clock clock;
    private final IsoTimestamps timestamps = new IsoTimestamps();

    private String sessionId;
    private String country;
    private boolean browseHistorySeen;
    private long totalQuantity;
    private long inCartQuantity;
    private int items;

    public UserActivityEnricher(CountryMatcher countryMatcher, Clock clock) {
        this.countryMatcher = countryMatcher;
        this.clock = clock;
    }

    @Override
    protected void startRecord() {
        sessionId = null;
        country = null;
        browseHistorySeen = false;
        totalQuantity = 0;
        inCartQuantity = 0;
        items = 0;
    }

    @Override
    protected void onField(String name, JsonParser in) throws IOException, InvalidRecordException {
        switch (name) {
            case SESSION_ID:
                requireFirst(SESSION_ID, sessionId);
                sessionId = JsonTypes.requireText(SESSION_ID, in);
                break;
            case COUNTRY:
                requireFirst(COUNTRY, country);
                country = JsonTypes.requireText(COUNTRY, in);
                break;
            case BROWSE_HISTORY:
                readBrowseHistory(in);
                break;
            case PROCESSING_TIMESTAMP:
            case OVERALL_PRODUCT_QUANTITY:
            case OVERALL_IN_SHOPPING_CART:
            case TOTAL_DIFFERENT_PRODUCTS:
                // a re-processed record: the fields are computed again and appended, never duplicated
                in.skipChildren();
                dropField();
                break;
            default:
                in.skipChildren();
        }
    }

    private void readBrowseHistory(JsonParser in) throws IOException, InvalidRecordException {
        if (browseHistorySeen) {
            throw InvalidRecordException.duplicate(BROWSE_HISTORY);
        }
        if (in.currentToken() != JsonToken.START_ARRAY) {
            throw InvalidRecordException.wrongType(BROWSE_HISTORY, "an array", JsonTypes.describe(in.currentToken()));
        }
        browseHistorySeen = true;
        JsonToken token;
        while ((token = in.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                throw InvalidRecordException.wrongType(item(items, null), "an object", JsonTypes.describe(token));
            }
            readItem(items, in);
            items++;
        }
    }

    private static void requireFirst(String field, String earlier) throws InvalidRecordException {
        if (earlier != null) {
            throw InvalidRecordException.duplicate(field);
        }
    }

    /** The path of an item's field, for error messages only. */
    private static String item(int index, String field) {
        String item = BROWSE_HISTORY + "[" + index + "]";
        return field == null ? item : item + "." + field;
    }

    private void readItem(int index, JsonParser in) throws IOException, InvalidRecordException {
        long quantity = -1;
        boolean inCart = false;
        boolean cartSeen = false;
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String name = in.currentName();
            in.nextToken();
            if (QUANTITY.equals(name)) {
                if (quantity >= 0) {
                    throw InvalidRecordException.duplicate(item(index, QUANTITY));
                }
                quantity = quantity(index, in);
            } else if (IN_SHOPPING_CART.equals(name)) {
                if (cartSeen) {
                    throw InvalidRecordException.duplicate(item(index, IN_SHOPPING_CART));
                }
                cartSeen = true;
                inCart = inCart(index, in);
            } else {
                in.skipChildren();
            }
        }
        if (quantity < 0) {
            throw InvalidRecordException.missing(item(index, QUANTITY));
        }
        try {
            totalQuantity = Math.addExact(totalQuantity, quantity);
            if (inCart) {
                inCartQuantity = Math.addExact(inCartQuantity, quantity);
            }
        } catch (ArithmeticException e) {
            throw InvalidRecordException.invalid(item(index, QUANTITY), "makes the sum of quantities overflow");
        }
    }

    /** A non-negative integer, as a JSON integer or a string holding one ({@code "7"}, {@code " 7 "}). */
    private static long quantity(int index, JsonParser in) throws IOException, InvalidRecordException {
        JsonToken token = in.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT && in.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return nonNegative(index, in.getLongValue());
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = in.getText().strip();
            try {
                return nonNegative(index, Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw InvalidRecordException.invalid(item(index, QUANTITY),
                        "must be an integer but is " + JsonTypes.quote(in.getText()));
            }
        }
        if (token == JsonToken.VALUE_NUMBER_INT) {
            throw InvalidRecordException.invalid(item(index, QUANTITY), "is too large: " + in.getText());
        }
        throw InvalidRecordException.wrongType(item(index, QUANTITY), "an integer or a string holding one",
                JsonTypes.describe(token));
    }

    private static long nonNegative(int index, long value) throws InvalidRecordException {
        if (value < 0) {
            throw InvalidRecordException.invalid(item(index, QUANTITY), "must not be negative but is " + value);
        }
        return value;
    }

    /** Only {@code true} counts as in the cart; {@code null} is treated as absent (not in the cart). */
    private static boolean inCart(int index, JsonParser in) throws InvalidRecordException {
        JsonToken token = in.currentToken();
        if (token == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (token == JsonToken.VALUE_FALSE || token == JsonToken.VALUE_NULL) {
            return false;
        }
        throw InvalidRecordException.wrongType(item(index, IN_SHOPPING_CART), "a boolean", JsonTypes.describe(token));
    }

    @Override
    protected Decision finishRecord(Appender out) throws InvalidRecordException {
        if (sessionId == null) {
            throw InvalidRecordException.missing(SESSION_ID);
        }
        if (country == null) {
            throw InvalidRecordException.missing(COUNTRY);
        }
        if (!browseHistorySeen) {
            throw InvalidRecordException.missing(BROWSE_HISTORY);
        }
        out.string(PROCESSING_TIMESTAMP_NAME, timestamps.format(clock.millis()));
        out.number(OVERALL_PRODUCT_QUANTITY_NAME, totalQuantity);
        out.number(OVERALL_IN_SHOPPING_CART_NAME, inCartQuantity);
        out.number(TOTAL_DIFFERENT_PRODUCTS_NAME, items);
        String route = countryMatcher.isUsa(country) ? ROUTE_USA : ROUTE_INTERNATIONAL;
        return new Decision(sessionId.getBytes(StandardCharsets.UTF_8), route);
    }
}
