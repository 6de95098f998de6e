package io.kkbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** README's main job, run as a user runs it (in-process, for a short duration), with its printed summary checked. */
class LocalPipelineIT {

    @Test
    void shouldCarryEveryRecordThroughThePipelineAndBalanceTheCounts(@TempDir Path firehose) {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Path data = Path.of(System.getProperty("kkbridge.data.dir", "../data")).resolve("user-activity.jsonl");

        // 446 sample sessions, 2 malformed records per source stream, then 3 s of 20 sessions/s and 10 events/s
        int exit = new CommandLine(new LocalPipeline(new PrintStream(screen, true, StandardCharsets.UTF_8), false))
                .execute("--data", data.toString(), "--duration", "3s", "--rate", "20", "--events-rate", "10",
                        "--malformed", "2", "--firehose-dir", firehose.toString());

        String out = screen.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        // the generated sessions are cycled sample sessions: their USA share depends on the seed, their sum not
        long usa = count(out, "Kafka user-activity.usa");
        long international = count(out, "Kafka user-activity.international");
        assertThat(usa + international).as(out).isEqualTo(446 + 60);
        assertThat(usa).as(out).isGreaterThanOrEqualTo(101);
        assertThat(count(out, "into Kinesis user-activity")).isEqualTo(446 + 2 + 60);
        assertThat(count(out, "into Kinesis events")).isEqualTo(2 + 30);
        assertThat(count(out, "Kafka user-activity.dlq")).isEqualTo(2);
        assertThat(count(out, "Kafka events.enriched")).isEqualTo(30);
        assertThat(count(out, "Kafka events.dlq")).isEqualTo(2);
        assertThat(out).contains("(balanced: every record accounted for)");
        assertThat(count(out, "Kinesis user-activity-usa")).isEqualTo(usa);
        assertThat(count(out, "Kinesis user-activity-international")).isEqualTo(international);
        assertThat(count(out, "Firehose user-activity-usa")).isEqualTo(usa);
        assertThat(count(out, "Firehose user-activity-international")).isEqualTo(international);
        assertThat(count(out, "Firehose events-lake")).isEqualTo(30);
        assertThat(out).containsPattern("end-to-end latency, Kinesis put to per-region Kinesis: p50 [\\d,]+ ms, "
                + "p99 [\\d,]+ ms, max [\\d,]+ ms \\(506 sessions\\)")
                .contains("A dead letter: MALFORMED_JSON at user-activity.raw-");
    }

    /** The number on the summary row that starts with {@code label}. */
    private static long count(String out, String label) {
        for (String line : out.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith(label + " ")) {
                String rest = trimmed.substring(label.length()).trim();
                return Long.parseLong(rest.split("\\s+")[0].replace(",", ""));
            }
        }
        throw new AssertionError("No summary row '" + label + "' in:\n" + out);
    }
}
