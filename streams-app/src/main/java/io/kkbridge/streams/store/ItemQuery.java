package io.kkbridge.streams.store;

/**
 * A query of one partition key's items, DynamoDB style.
 *
 * @param partitionKey the partition key
 * @param condition the sort-key condition ({@link SortKeyCondition#ANY} for all)
 * @param ascending sort-key order ({@code ScanIndexForward})
 * @param limit the most items returned in one page, at least 1
 * @param exclusiveStart the sort key of the last item of the previous page, or null for the first page
 */
public record ItemQuery(String partitionKey, SortKeyCondition condition, boolean ascending, int limit,
                        String exclusiveStart) {

    public ItemQuery {
        if (partitionKey == null || partitionKey.isEmpty()) {
            throw new IllegalArgumentException("the partition key must not be empty");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        if (condition == null) {
            condition = SortKeyCondition.ANY;
        }
    }

    public static ItemQuery all(String partitionKey, int limit) {
        return new ItemQuery(partitionKey, SortKeyCondition.ANY, true, limit, null);
    }

    public ItemQuery next(String lastSortKey) {
        return new ItemQuery(partitionKey, condition, ascending, limit, lastSortKey);
    }
}
