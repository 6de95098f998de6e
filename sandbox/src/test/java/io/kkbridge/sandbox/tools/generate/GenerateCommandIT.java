package io.kkbridge.sandbox.tools.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kkbridge.sandbox.tools.Kkb;
import io.kkbridge.streams.serde.Json;
import io.kkbridge.testsupport.kinesis.KinesisEmulator;
import software.amazon.awssdk.services.kinesis.model.Record;

/** {@code kkb generate} into kinesalite: the records --stdout prints for the seed, each key's changes in order. */
class GenerateCommandIT {

    private static KinesisEmulator kinesis;

    @BeforeAll
    static void start() {
        kinesis = KinesisEmulator.start(KinesisEmulator.Kind.KINESALITE);
    }

    @AfterAll
    static void stop() {
        kinesis.close();
    }

    @Test
    void shouldPutTheSeedsChangeRecordsWithEachSalesChangesInOrder() throws Exception {
        Kkb.Run printed = Kkb.run("generate", "sales-cdc", "--stdout", "--rate", "0", "--count", "2000",
                "--seed", "77", "--items", "100");
        Kkb.Run put = Kkb.run("generate", "sales-cdc", "--stream", "sales-cdc", "--create-stream", "--shards", "3",
                "--rate", "0", "--count", "2000", "--seed", "77", "--items", "100", "--progress", "none",
                "--endpoint", kinesis.endpoint().toString());

        assertThat(put.exit()).as(put.all()).isZero();
        assertThat(put.out()).startsWith("Generated sales-cdc records into stream 'sales-cdc'")
                .containsPattern("records sent +2,000  in \\d+ PutRecords requests\n")
                .containsPattern("repeat with +--seed 77 --start 2025-01-07T00:00:00Z\n");
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (String line : printed.lines()) {
            String key = Json.MAPPER.readTree(line).get("dynamodb").get("Keys").get("sale_id").get("S").asText();
            expected.computeIfAbsent(key, k -> new ArrayList<>()).add(line);
        }
        Map<String, List<String>> read = new LinkedHashMap<>();
        for (Record record : kinesis.readAll("sales-cdc")) {
            read.computeIfAbsent(record.partitionKey(), k -> new ArrayList<>()).add(record.data().asUtf8String());
        }
        assertThat(read).isEqualTo(expected);
    }

    @Test
    void shouldKeepToTheRate() {
        Kkb.Run run = Kkb.run("generate", "events", "--stream", "events", "--create-stream", "--rate", "400",
                "--count", "400", "--seed", "1", "--progress", "none", "--endpoint", kinesis.endpoint().toString());

        assertThat(run.exit()).as(run.all()).isZero();
        Matcher elapsed = Pattern.compile("elapsed +([\\d.]+) s").matcher(run.out());
        assertThat(elapsed.find()).isTrue();
        // record n is taken n / 400 s after the start: the last one at 0.9975 s
        assertThat(Double.parseDouble(elapsed.group(1))).isBetween(0.95, 3.0);
        assertThat(kinesis.readAll("events")).hasSize(400);
    }
}
