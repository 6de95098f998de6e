package io.kkbridge.streams.pipeline.salescdc;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;

import io.kkbridge.streams.config.AppConfig;
import io.kkbridge.streams.dlq.InvalidRecordException;

/**
 * Which attributes of a sale item the projection reads, and what one item contributes to it: its quantity and
 * amount (quantity x unit price) to its product's and its category's totals.
 */
public record SaleAttributes(String product, String category, String quantity, String price) {

    /** An item's part of the totals. */
    public record Contribution(String product, String category, BigDecimal quantity, BigDecimal amount) {
    }

    public static SaleAttributes from(AppConfig config) {
        return new SaleAttributes(config.getString(AppConfig.SALES_CDC_PRODUCT_ATTRIBUTE_CONFIG),
                config.getString(AppConfig.SALES_CDC_CATEGORY_ATTRIBUTE_CONFIG),
                config.getString(AppConfig.SALES_CDC_QUANTITY_ATTRIBUTE_CONFIG),
                config.getString(AppConfig.SALES_CDC_PRICE_ATTRIBUTE_CONFIG));
    }

    /**
     * Checks the attribute-value image of a sale ({@code NewImage}) has what the projection needs.
     *
     * @param path the image's path, for error messages
     */
    void validate(JsonNode image, String path) throws InvalidRecordException {
        typed(image, product, path, "S", "N");
        typed(image, category, path, "S");
        typed(image, quantity, path, "N");
        typed(image, price, path, "N");
    }

    private static void typed(JsonNode image, String attribute, String path, String... types)
            throws InvalidRecordException {
        JsonNode value = image.get(attribute);
        String at = path + "." + attribute;
        if (value == null) {
            throw InvalidRecordException.missing(at);
        }
        for (String type : types) {
            if (value.has(type)) {
                return;
            }
        }
        throw InvalidRecordException.wrongType(at, "of DynamoDB type " + String.join(" or ", types),
                value.isObject() && value.size() == 1 ? value.fieldNames().next() : DynamoJson.describe(value));
    }

    /** The contribution of an unmarshalled (plain JSON) item that passed {@link #validate}. */
    Contribution contribution(JsonNode item) {
        JsonNode productValue = item.get(product);
        String productText = productValue.isNumber()
                ? DynamoJson.canonical(productValue.decimalValue()) : productValue.textValue();
        BigDecimal q = item.get(quantity).decimalValue();
        BigDecimal p = item.get(price).decimalValue();
        return new Contribution(productText, item.get(category).textValue(), q, q.multiply(p));
    }
}
