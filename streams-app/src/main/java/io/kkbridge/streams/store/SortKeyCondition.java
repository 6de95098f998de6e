package io.kkbridge.streams.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A condition on the sort key, as in a DynamoDB {@code KeyConditionExpression}: {@code =}, {@code <}, {@code <=},
 * {@code >}, {@code >=}, {@code BETWEEN a AND b} (both inclusive) and {@code begins_with}. Sort keys compare as
 * the unsigned bytes of their UTF-8, DynamoDB's order for strings.
 */
public record SortKeyCondition(Operator operator, String value, String upperValue) {

    public enum Operator {
        ANY, EQ, LT, LE, GT, GE, BETWEEN, BEGINS_WITH
    }

    /** Every item of the partition. */
    public static final SortKeyCondition ANY = new SortKeyCondition(Operator.ANY, null, null);

    public SortKeyCondition {
        if (operator != Operator.ANY && value == null) {
            throw new IllegalArgumentException(operator + " needs a value");
        }
        if (operator == Operator.BETWEEN) {
            if (upperValue == null) {
                throw new IllegalArgumentException("BETWEEN needs an upper value");
            }
            if (compare(value, upperValue) > 0) {
                throw new IllegalArgumentException("BETWEEN's lower value " + quote(value)
                        + " is above its upper value " + quote(upperValue));
            }
        }
    }

    public static SortKeyCondition of(Operator operator, String value) {
        return new SortKeyCondition(operator, value, null);
    }

    public static SortKeyCondition between(String lower, String upper) {
        return new SortKeyCondition(Operator.BETWEEN, lower, upper);
    }

    /** The lowest sort key allowed, as UTF-8 (inclusive unless {@link #lowerExclusive()}). */
    byte[] lower() {
        switch (operator) {
            case EQ: case GE: case GT: case BETWEEN: case BEGINS_WITH: return utf8(value);
            default: return new byte[0];
        }
    }

    boolean lowerExclusive() {
        return operator == Operator.GT;
    }

    /** The highest sort key allowed, as UTF-8 (inclusive unless {@link #upperExclusive()}). */
    byte[] upper() {
        switch (operator) {
            case EQ: case LE: case LT: return utf8(value);
            case BETWEEN: return utf8(upperValue);
            case BEGINS_WITH: return append(utf8(value), ItemKey.ABOVE_ANY_UTF8);
            default: return new byte[] {ItemKey.ABOVE_ANY_UTF8};
        }
    }

    boolean upperExclusive() {
        return operator == Operator.LT;
    }

    static int compare(String a, String b) {
        return Arrays.compareUnsigned(utf8(a), utf8(b));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] append(byte[] bytes, byte last) {
        byte[] out = Arrays.copyOf(bytes, bytes.length + 1);
        out[bytes.length] = last;
        return out;
    }

    private static String quote(String text) {
        return '"' + text + '"';
    }
}
