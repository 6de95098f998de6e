package io.kkbridge.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.kkbridge.testsupport.data.EventGenerator;
import io.kkbridge.testsupport.data.UserActivityGenerator;

class GeneratorsTest {

    private static final List<String> SAMPLE = List.of(
            "{\"session_id\": \"aaaaaaaa-0000-0000-0000-000000000000\", \"country\": \"USA\", \"browse_history\": []}",
            "{\"session_id\": \"bbbbbbbb-0000-0000-0000-000000000000\", \"country\": \"UK\", \"browse_history\": []}");

    @Test
    void shouldReplaceOnlyTheSessionIdOfEachTemplateInTurn() {
        UserActivityGenerator generator = new UserActivityGenerator(SAMPLE, 7);
        UserActivityGenerator.Session first = generator.next();
        UserActivityGenerator.Session second = generator.next();
        UserActivityGenerator.Session third = generator.next();

        assertThat(new String(first.json(), StandardCharsets.UTF_8))
                .isEqualTo(SAMPLE.get(0).replace("aaaaaaaa-0000-0000-0000-000000000000", first.sessionId()));
        assertThat(new String(second.json(), StandardCharsets.UTF_8))
                .isEqualTo(SAMPLE.get(1).replace("bbbbbbbb-0000-0000-0000-000000000000", second.sessionId()));
        assertThat(new String(third.json(), StandardCharsets.UTF_8)).contains("\"country\": \"USA\"");
        assertThat(Set.of(first.sessionId(), second.sessionId(), third.sessionId())).hasSize(3);
        assertThat(generator.isUsaTemplate(0)).isTrue();
        assertThat(generator.isUsaTemplate(1)).isFalse();
        assertThat(generator.isUsaTemplate(2)).isTrue();
    }

    @Test
    void shouldBeReproducibleForASeed() {
        assertThat(new UserActivityGenerator(SAMPLE, 42).next().sessionId())
                .isEqualTo(new UserActivityGenerator(SAMPLE, 42).next().sessionId());
        assertThat(new EventGenerator(42, 0).next().uuid()).isEqualTo(new EventGenerator(42, 0).next().uuid());
    }

    @Test
    void shouldRefuseTemplatesWithoutASessionId() {
        assertThatThrownBy(() -> new UserActivityGenerator(List.of("{\"id\": 1}"), 1))
                .hasMessageContaining("no \"session_id\"");
    }

    @Test
    void shouldGenerateAboutAHundredDistinctEventTypes() {
        EventGenerator generator = new EventGenerator(1, 1_736_211_007L);
        assertThat(generator.names()).hasSize(113).doesNotHaveDuplicates();
        Set<String> uuids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            EventGenerator.Event event = generator.next();
            uuids.add(event.uuid());
            String json = new String(event.json(), StandardCharsets.UTF_8);
            assertThat(json).startsWith("{\"event_uuid\":\"" + event.uuid() + "\",\"event_name\":\"" + event.name());
            assertThat(json).contains(i % 10 == 9 ? "\"created_at\":\"1736211007\"" : "\"created_at\":1736211007,");
        }
        assertThat(uuids).hasSize(20);
    }
}
