package io.kkbridge.sandbox.tools.generate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A fixed catalogue of 64 products in 8 categories, the same in every run (it does not depend on the generators'
 * seeds), so that a product id always has the same description, category and price.
 */
public final class ProductCatalogue {

    /** A product: stock code, description, category and unit price (2 decimals). */
    public record Product(String productId, String description, String category, BigDecimal unitPrice) {
    }

    private static final String[] CATEGORIES = {"home", "kitchen", "garden", "toys", "stationery", "lighting",
        "gifts", "textiles"};
    private static final String[] COLOURS = {"RED", "WHITE", "BLUE", "PINK", "GREEN", "VINTAGE", "IVORY", "BLACK"};
    private static final String[][] NOUNS = {
        {"HANGING HEART", "WOOD FRAME", "WALL CLOCK", "DOORMAT", "CUSHION COVER", "PHOTO FRAME", "COAT HANGER", "MIRROR"},
        {"TEA CUP", "CAKE STAND", "LUNCH BOX", "JAM JAR", "TEAPOT", "BAKING SET", "MUG", "SPOON SET"},
        {"PLANT POT", "WATERING CAN", "BIRD FEEDER", "GARDEN SIGN", "SEED TIN", "HOSE REEL", "TRUG", "GLOVES"},
        {"SPACEBOY TOY", "DOLLY GIRL", "SKIPPING ROPE", "TOY TIDY", "JIGSAW", "RAG DOLL", "SNAKES AND LADDERS", "KITE"},
        {"NOTEBOOK", "PENCIL CASE", "GIFT TAG", "WRAPPING PAPER", "CARD SET", "MEMO BOARD", "DIARY", "STICKER SET"},
        {"T-LIGHT HOLDER", "LANTERN", "FAIRY LIGHTS", "CANDLE", "NIGHT LIGHT", "LAMP", "STAR LIGHT", "CANDLE POT"},
        {"GIFT BOX", "MONEY BOX", "KEY RING", "TRINKET BOX", "PURSE", "BADGE", "BAG CHARM", "FRIDGE MAGNET"},
        {"TEA TOWEL", "APRON", "TOTE BAG", "BLANKET", "OVEN GLOVE", "TABLE RUNNER", "NAPKINS", "SHOPPER BAG"},
    };

    private static final List<Product> PRODUCTS = build();

    private ProductCatalogue() {
    }

    public static List<Product> products() {
        return PRODUCTS;
    }

    private static List<Product> build() {
        Random random = new Random(20101201L);
        List<Product> products = new ArrayList<>();
        for (int c = 0; c < CATEGORIES.length; c++) {
            for (int n = 0; n < NOUNS[c].length; n++) {
                String code = (21000 + c * 1000 + n * 37) + (n % 3 == 0 ? "" : String.valueOf((char) ('A' + n % 4)));
                String description = COLOURS[(c + n) % COLOURS.length] + " " + NOUNS[c][n];
                BigDecimal price = BigDecimal.valueOf(29 + random.nextInt(1471)).movePointLeft(2)
                        .setScale(2, RoundingMode.UNNECESSARY);
                products.add(new Product(code, description, CATEGORIES[c], price));
            }
        }
        return List.copyOf(products);
    }
}
