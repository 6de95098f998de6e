package io.kkbridge.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.kkbridge.streams.store.ItemKey;
import io.kkbridge.streams.store.ItemPage;

/** Reading another instance's page of items: each item's bytes exactly as sent. */
class ItemQueryServiceTest {

    private static ItemPage read(String body) throws IOException {
        return ItemQueryService.readLocalScopePage(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void shouldKeepEveryItemsBytesEvenWithRepeatedFieldsAndUnusualNumbers() throws IOException {
        String first = "{\"session_id\":\"s-1\",\"tag\":1,\"tag\":2,\"neg\":-0,\"big\":1e400,\"city\":\"Lule\\u00e5\"}";
        String second = "{\"session_id\":\"s-2\",\"nested\":{\"a\":[1,{\"b\":null}]}}";
        ItemPage page = read("{\"table\":\"t\",\"partition_key\":\"C9\",\"count\":2,\"items\":[" + first + ","
                + second + "],\"sort_keys\":[\"s-1\",\"s-2\"],\"more\":true}");

        assertThat(page.items()).hasSize(2);
        assertThat(page.items().get(0).key()).isEqualTo(new ItemKey("C9", "s-1"));
        assertThat(text(page.items().get(0).document())).isEqualTo(first);
        assertThat(page.items().get(1).key()).isEqualTo(new ItemKey("C9", "s-2"));
        assertThat(text(page.items().get(1).document())).isEqualTo(second);
        assertThat(page.hasMore()).isTrue();
        assertThat(page.lastSortKey()).isEqualTo("s-2");
    }

    @Test
    void shouldReadAnEmptyLastPage() throws IOException {
        ItemPage page = read("{\"table\":\"t\",\"partition_key\":\"C9\",\"count\":0,\"items\":[],\"sort_keys\":[],"
                + "\"more\":false}");
        assertThat(page.items()).isEmpty();
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void shouldRefuseAPageWhoseItemsAndSortKeysDisagree() {
        assertThatThrownBy(() -> read("{\"partition_key\":\"C9\",\"items\":[{\"a\":1}],\"sort_keys\":[],"
                + "\"more\":false}")).isInstanceOf(IOException.class)
                .hasMessage("partition_key missing, or 1 items for 0 sort keys");
        assertThatThrownBy(() -> read("{\"partition_key\":\"C9\",\"items\":[1],\"sort_keys\":[\"a\"]}"))
                .isInstanceOf(IOException.class).hasMessage("an item is not a JSON object");
    }
}
