package io.kkbridge.topologydocs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.kkbridge.topologydocs.MermaidIds.Kind;

class MermaidIdsTest {

    @Test
    void shouldReplaceEveryCharacterButAsciiLettersDigitsAndUnderscoresWithUnderscores() {
        assertThat(MermaidIds.sanitise("user-activity.raw")).isEqualTo("user_activity_raw");
        assertThat(MermaidIds.sanitise("KSTREAM-SOURCE-0000000000")).isEqualTo("KSTREAM_SOURCE_0000000000");
        assertThat(MermaidIds.sanitise("größe [x] \"y\" 😀")).isEqualTo("gr__e__x___y___");
        assertThat(MermaidIds.sanitise("already_an_id_42")).isEqualTo("already_an_id_42");
    }

    @Test
    void shouldPrefixIdsWithTheirKindSoMermaidKeywordsAndEdgeLettersAreSafe() {
        MermaidIds ids = new MermaidIds();

        assertThat(ids.idFor(Kind.NODE, "end")).isEqualTo("node_end");
        assertThat(ids.idFor(Kind.NODE, "o")).isEqualTo("node_o");
        assertThat(ids.idFor(Kind.TOPIC, "end")).isEqualTo("topic_end");
        assertThat(ids.idFor(Kind.STORE, "end")).isEqualTo("store_end");
        assertThat(ids.idFor(Kind.SUBTOPOLOGY, "0")).isEqualTo("subtopology_0");
    }

    @Test
    void shouldGiveAnElementTheSameIdEveryTime() {
        MermaidIds ids = new MermaidIds();

        assertThat(ids.idFor(Kind.TOPIC, "events.raw")).isEqualTo("topic_events_raw");
        assertThat(ids.idFor(Kind.TOPIC, "events.raw")).isEqualTo("topic_events_raw");
    }

    @Test
    void shouldNumberIdsOfDifferentNamesThatSanitiseAlike() {
        MermaidIds ids = new MermaidIds();

        assertThat(ids.idFor(Kind.TOPIC, "a-b")).isEqualTo("topic_a_b");
        assertThat(ids.idFor(Kind.TOPIC, "a.b")).isEqualTo("topic_a_b_2");
        assertThat(ids.idFor(Kind.TOPIC, "a_b_2")).isEqualTo("topic_a_b_2_2");
        assertThat(ids.idFor(Kind.TOPIC, "a_b")).isEqualTo("topic_a_b_3");
        assertThat(ids.idFor(Kind.TOPIC, "a-b")).isEqualTo("topic_a_b");
    }
}
