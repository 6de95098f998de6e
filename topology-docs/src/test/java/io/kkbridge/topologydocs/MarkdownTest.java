package io.kkbridge.topologydocs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class MarkdownTest {

    @Test
    void shouldFenceCodeSpansWithMoreBackticksThanTheyContain() {
        assertThat(Markdown.code("user-activity.raw")).isEqualTo("`user-activity.raw`");
        assertThat(Markdown.code("a`b")).isEqualTo("`` a`b ``");
    }

    @Test
    void shouldListCodeSpansOrSayNone() {
        assertThat(Markdown.codeList(List.of("a", "b"))).isEqualTo("`a`, `b`");
        assertThat(Markdown.codeList(List.of())).isEqualTo("—");
    }

    @Test
    void shouldEscapeMarkupInProseButNotUnderscoresInsideWords() {
        assertThat(Markdown.text("kkb.dlq.* keyed by session_id, _x_ a\\b <i> [l] `c`"))
                .isEqualTo("kkb.dlq.\\* keyed by session_id, \\_x\\_ a\\\\b \\<i> \\[l\\] \\`c\\`");
    }

    @Test
    void shouldEscapePipesAndLineBreaksInTableCells() {
        assertThat(Markdown.row(List.of("a|b", "`c|d`", "line\nbreak"))).isEqualTo("| a\\|b | `c\\|d` | line break |");
        assertThat(Markdown.separatorRow(2)).isEqualTo("| --- | --- |");
    }

    @Test
    void shouldFenceBlocksWithMoreBackticksThanTheyContain() {
        assertThat(Markdown.fenced("text", "plain")).isEqualTo("```text\nplain\n```\n");
        assertThat(Markdown.fenced("text", "```\ncode\n")).isEqualTo("````text\n```\ncode\n````\n");
    }
}
