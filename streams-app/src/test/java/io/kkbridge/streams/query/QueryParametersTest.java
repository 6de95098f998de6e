package io.kkbridge.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kkbridge.streams.store.ItemKey;
import io.kkbridge.streams.store.ItemPage;
import io.kkbridge.streams.store.ItemQuery;
import io.kkbridge.streams.store.SortKeyCondition;
import io.kkbridge.streams.store.SortKeyCondition.Operator;

class QueryParametersTest {

    @Test
    void shouldTurnParametersIntoAQuery() throws ApiException {
        ItemQuery query = QueryParameters.toQuery("C1",
                QueryParameters.parse("begins_with=2010-12%2F&order=desc&limit=1000"));
        assertThat(query).isEqualTo(new ItemQuery("C1", SortKeyCondition.of(Operator.BEGINS_WITH, "2010-12/"),
                false, 1000, null));
        assertThat(QueryParameters.toQuery("C1", QueryParameters.parse("between=a+b&and=c")))
                .isEqualTo(new ItemQuery("C1", SortKeyCondition.between("a b", "c"), true, 100, null));
        assertThat(QueryParameters.toQuery("C1", Map.of())).isEqualTo(ItemQuery.all("C1", 100));
    }

    @Test
    void shouldRefuseARepeatedParameterByName() {
        assertThatThrownBy(() -> QueryParameters.parse("lt=a&lt=b"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.parameter()).isEqualTo("lt");
                    assertThat(e.getMessage()).isEqualTo("parameter 'lt' is given more than once");
                });
    }

    @Test
    void shouldRefuseALimitOutOfRange() {
        for (String limit : List.of("0", "1001", "-1", "ten", "")) {
            assertThatThrownBy(() -> QueryParameters.toQuery("C1", Map.of("limit", limit)))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.parameter()).isEqualTo("limit"));
        }
    }

    @Test
    void shouldRoundTripContinuationTokensForTheirPartitionOnly() throws ApiException {
        String token = ContinuationToken.encode("Köln/1", "P €/2");
        assertThat(token).matches("[A-Za-z0-9_-]+");
        assertThat(ContinuationToken.decode(token, "Köln/1")).isEqualTo("P €/2");
        assertThatThrownBy(() -> ContinuationToken.decode(token, "Köln/2"))
                .hasMessage("parameter 'next' continues a query of another partition key");
        assertThatThrownBy(() -> ContinuationToken.decode("AAAA", "x"))
                .hasMessage("parameter 'next' is not a continuation token given by this API");
    }

    @Test
    void shouldDecodePathSegmentsKeepingEncodedSlashesInsideAKey() throws ApiException {
        assertThat(QueryServer.segments("/tables/purchases/items/C%2F1/P+%C3%A9")).containsExactly("tables",
                "purchases", "items", "C/1", "P+é");
        assertThat(QueryServer.segments("/health/")).containsExactly("health");
        assertThatThrownBy(() -> QueryServer.segments("/tables/x/items/%G1"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.parameter()).isEqualTo("path"));
        assertThatThrownBy(() -> QueryServer.segments("/tables/x/items/%4"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.parameter()).isEqualTo("path"));
    }

    private static ItemPage page(boolean more, String... sortKeys) {
        List<ItemPage.Item> items = java.util.Arrays.stream(sortKeys)
                .map(sk -> new ItemPage.Item(new ItemKey("product", sk), sk.getBytes(StandardCharsets.UTF_8)))
                .toList();
        return new ItemPage(items, more ? sortKeys[sortKeys.length - 1] : null);
    }

    @Test
    void shouldMergeThePagesOfSeveralPartitionsInSortKeyOrder() {
        ItemQuery ascending = ItemQuery.all("product", 4);
        ItemPage merged = ItemQueryService.merge(List.of(page(false, "a", "d", "é"), page(false, "b", "c")), ascending);
        assertThat(merged.items()).extracting(i -> i.key().sortKey()).containsExactly("a", "b", "c", "d");
        assertThat(merged.lastSortKey()).isEqualTo("d");

        ItemPage all = ItemQueryService.merge(List.of(page(false, "a"), page(false, "b")), ascending);
        assertThat(all.hasMore()).isFalse();
        ItemPage cut = ItemQueryService.merge(List.of(page(true, "a"), page(false, "b")), ascending);
        assertThat(cut.items()).hasSize(2);
        assertThat(cut.lastSortKey()).isEqualTo("b");

        ItemQuery descending = new ItemQuery("product", SortKeyCondition.ANY, false, 2, null);
        assertThat(ItemQueryService.merge(List.of(page(false, "é", "a"), page(false, "z", "b")), descending).items())
                .extracting(i -> i.key().sortKey()).containsExactly("é", "z");
    }
}
