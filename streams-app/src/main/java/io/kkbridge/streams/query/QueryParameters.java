package io.kkbridge.streams.query;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.kkbridge.streams.store.ItemQuery;
import io.kkbridge.streams.store.SortKeyCondition;
import io.kkbridge.streams.store.SortKeyCondition.Operator;

/**
 * The query string of a partition query, checked: at most one sort-key condition ({@code eq}, {@code lt},
 * {@code le}, {@code gt}, {@code ge}, {@code begins_with}, or {@code between} with {@code and}), {@code order}
 * ({@code asc}, {@code desc}), {@code limit} (1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}) and
 * {@code next}. Any other parameter, a repeated one or a bad value is refused naming the parameter.
 */
final class QueryParameters {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private static final Map<String, Operator> CONDITIONS = Map.of("eq", Operator.EQ, "lt", Operator.LT,
            "le", Operator.LE, "gt", Operator.GT, "ge", Operator.GE, "begins_with", Operator.BEGINS_WITH,
            "between", Operator.BETWEEN);
    static final Set<String> KNOWN = Set.of("eq", "lt", "le", "gt", "ge", "begins_with", "between", "and",
            "order", "limit", ContinuationToken.PARAMETER);

    private QueryParameters() {
    }

    /** Decodes {@code a=1&b=2}; a parameter given twice is refused. */
    static Map<String, String> parse(String rawQuery) throws ApiException {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiException.badParameter(pair, "the query string is not URL-encoded: " + e.getMessage());
            }
            if (parameters.put(name, value) != null) {
                throw ApiException.badParameter(name, "parameter '" + name + "' is given more than once");
            }
        }
        return parameters;
    }

    static void rejectUnknown(Map<String, String> parameters, Set<String> allowed, String why)
            throws ApiException {
        for (String name : parameters.keySet()) {
            if (!allowed.contains(name)) {
                throw ApiException.badParameter(name, "unknown parameter '" + name + "'" + why);
            }
        }
    }

    /** The query of {@code partitionKey} these parameters ask for. */
    static ItemQuery toQuery(String partitionKey, Map<String, String> parameters) throws ApiException {
        rejectUnknown(parameters, KNOWN, ": use eq, lt, le, gt, ge, begins_with, between (with and), order, "
                + "limit or next");
        SortKeyCondition condition = condition(parameters);
        boolean ascending = order(parameters.get("order"));
        int limit = limit(parameters.get("limit"));
        String token = parameters.get(ContinuationToken.PARAMETER);
        String start = token == null ? null : ContinuationToken.decode(token, partitionKey);
        return new ItemQuery(partitionKey, condition, ascending, limit, start);
    }

    private static SortKeyCondition condition(Map<String, String> parameters) throws ApiException {
        String name = null;
        for (String candidate : CONDITIONS.keySet()) {
            if (parameters.containsKey(candidate)) {
                if (name != null) {
                    String[] both = {name, candidate};
                    java.util.Arrays.sort(both);
                    throw ApiException.badParameter(both[1], "parameters '" + both[0] + "' and '" + both[1]
                            + "' are both sort-key conditions: give at most one");
                }
                name = candidate;
            }
        }
        String and = parameters.get("and");
        if (name == null || !name.equals("between")) {
            if (and != null) {
                throw ApiException.badParameter("and", "parameter 'and' is the upper bound of 'between' and needs it");
            }
            return name == null ? SortKeyCondition.ANY : SortKeyCondition.of(CONDITIONS.get(name), parameters.get(name));
        }
        if (and == null) {
            throw ApiException.badParameter("and", "parameter 'between' needs 'and', its upper bound "
                    + "(between=a&and=b, both inclusive)");
        }
        try {
            return SortKeyCondition.between(parameters.get("between"), and);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("between", "parameter 'between': " + e.getMessage());
        }
    }

    private static boolean order(String order) throws ApiException {
        if (order == null || order.equals("asc")) {
            return true;
        }
        if (order.equals("desc")) {
            return false;
        }
        throw ApiException.badParameter("order", "parameter 'order' must be asc or desc but is '" + order + "'");
    }

    private static int limit(String limit) throws ApiException {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badParameter("limit", "parameter 'limit' must be an integer from 1 to " + MAX_LIMIT
                + " but is '" + limit + "'");
    }
}
