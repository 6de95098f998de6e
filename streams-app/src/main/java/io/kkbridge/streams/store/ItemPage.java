package io.kkbridge.streams.store;

import java.util.List;

/**
 * One page of a query's result.
 *
 * @param items the items as stored (JSON documents), in the query's order
 * @param lastSortKey the sort key of the last item when more items follow, else null (DynamoDB's
 *     {@code LastEvaluatedKey})
 */
public record ItemPage(List<Item> items, String lastSortKey) {

    /** A stored item with its key. */
    public record Item(ItemKey key, byte[] document) {
    }

    public boolean hasMore() {
        return lastSortKey != null;
    }
}
