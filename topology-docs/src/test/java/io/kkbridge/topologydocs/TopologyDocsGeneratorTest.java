package io.kkbridge.topologydocs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyDocsGeneratorTest {

    @TempDir
    Path directory;

    @Test
    void shouldRenderAPagePerPipelineTheWholeTopologyTheConfigurationsAndAnIndex() {
        assertThat(TopologyDocsGenerator.render()).containsOnlyKeys("events.md", "index.md", "purchases.md",
                "sales-cdc.md", "streams-app-config.md", "streams-app.md", "user-activity.md",
                "connector-kinesis-source.md", "connector-kinesis-sink.md", "connector-firehose-sink.md");
    }

    @Test
    void shouldRenderTheSamePagesEveryTime() {
        assertThat(TopologyDocsGenerator.render()).isEqualTo(TopologyDocsGenerator.render());
    }

    @Test
    void shouldEndEveryLineWithALineFeedOnly() {
        TopologyDocsGenerator.render().forEach((page, text) -> {
            assertThat(text).as(page).doesNotContain("\r").endsWith("\n").doesNotEndWith("\n\n");
            assertThat(text.lines()).as(page).noneMatch(line -> !line.equals(line.stripTrailing()));
        });
    }

    @Test
    void shouldLinkEveryOtherPageFromTheIndex() {
        SortedMap<String, String> pages = TopologyDocsGenerator.render();

        assertThat(pages.get("index.md")).contains("](events.md)", "](user-activity.md)", "](purchases.md)",
                "](sales-cdc.md)", "](streams-app.md)", "](streams-app-config.md)", "](connector-kinesis-source.md)",
                "](connector-kinesis-sink.md)", "](connector-firehose-sink.md)");
    }

    @Test
    void shouldDocumentEveryKeyOfEachConnectorWithoutAnEnvironmentColumn() {
        SortedMap<String, String> pages = TopologyDocsGenerator.render();

        assertThat(pages.get("connector-kinesis-source.md"))
                .contains("| `kinesis.streams` | list | required |", "| `aws.secret.access.key` | password |")
                .contains("\n## AWS\n").doesNotContain("Environment variable");
        assertThat(pages.get("connector-kinesis-sink.md")).contains("| `kinesis.flush.timeout.ms` | long | `10000` |");
        assertThat(pages.get("connector-firehose-sink.md")).contains("| `firehose.record.delimiter` | string |");
    }

    @Test
    void shouldDocumentEachPipelineWithItsOwnTopicsOnly() {
        SortedMap<String, String> pages = TopologyDocsGenerator.render();

        assertThat(pages.get("events.md"))
                .contains("- Input topics: `events.raw`\n- Output topics: `events.dlq`, `events.enriched`\n")
                .doesNotContain("user-activity");
        assertThat(pages.get("sales-cdc.md"))
                .contains("- Input topics: `sales-cdc.raw`\n- Output topics: `sales-cdc.dlq`, `sales.projection`\n")
                .contains("- State stores: `sales-cdc-mirror`, `sales-cdc-projection`, `sales-cdc-versions`\n")
                .doesNotContain("purchases");
        assertThat(pages.get("streams-app.md")).contains("- Input topics: `events.raw`, `purchases.raw`, "
                + "`sales-cdc.raw`, `user-activity.raw`\n");
    }

    @Test
    void shouldWriteThePagesAndDeleteStaleMarkdownOnly() throws IOException {
        Files.writeString(directory.resolve("removed-pipeline.md"), "old");
        Files.writeString(directory.resolve("notes.txt"), "kept");

        SortedMap<String, String> pages = TopologyDocsGenerator.writeTo(directory);

        try (var files = Files.list(directory)) {
            assertThat(files.map(path -> path.getFileName().toString()).sorted())
                    .containsExactly("connector-firehose-sink.md", "connector-kinesis-sink.md",
                            "connector-kinesis-source.md", "events.md", "index.md", "notes.txt", "purchases.md",
                            "sales-cdc.md",
                            "streams-app-config.md", "streams-app.md", "user-activity.md");
        }
        assertThat(Files.readString(directory.resolve("index.md"), StandardCharsets.UTF_8))
                .isEqualTo(pages.get("index.md"));
    }
}
