package io.kkbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** README's main job, run as a user runs it (in-process), with its printed summary checked. */
class LocalPipelineIT {

    @Test
    void shouldRouteEverySampleSessionAndBalanceTheCounts() {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Path data = Path.of(System.getProperty("kkbridge.data.dir", "../data")).resolve("user-activity.jsonl");

        int exit = new CommandLine(new LocalPipeline(new PrintStream(screen, true, StandardCharsets.UTF_8)))
                .execute("--data", data.toString(), "--events", "1000", "--malformed", "2");

        String out = screen.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out).containsPattern("records in +1,450\\n")
                .containsPattern("user-activity\\.usa +101\\n")
                .containsPattern("user-activity\\.international +345\\n")
                .containsPattern("user-activity\\.dlq +2\\n")
                .containsPattern("events\\.enriched +1,000\\n")
                .containsPattern("events\\.dlq +2\\n")
                .contains("records out + dead letters        1,450  (balanced: every record accounted for)")
                .contains("A dead letter: MALFORMED_JSON at user-activity.raw-");
    }
}
