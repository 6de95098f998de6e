package io.kkbridge.sandbox.tools.produce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kkbridge.sandbox.tools.Kkb;
import io.kkbridge.streams.serde.Json;
import io.kkbridge.testsupport.kinesis.KinesisEmulator;
import software.amazon.awssdk.services.kinesis.model.Record;

/** {@code kkb produce} against kinesalite, read back with GetRecords. */
class ProduceCommandIT {

    private static final Path DATA = Path.of(System.getProperty("kkbridge.data.dir", "../data"));
    private static KinesisEmulator kinesis;

    @BeforeAll
    static void start() {
        kinesis = KinesisEmulator.start(KinesisEmulator.Kind.KINESALITE);
    }

    @AfterAll
    static void stop() {
        kinesis.close();
    }

    private static String[] withEndpoint(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", kinesis.endpoint().toString(), "--progress", "none"));
        return all.toArray(String[]::new);
    }

    @Test
    void shouldPutAllSacramentoRowsWithTrimmedBeatsAndDuplicatesAsSeparateRecordsInOrderPerKey() throws Exception {
        Path file = DATA.resolve("SacramentocrimeJanuary2006.csv");

        Kkb.Run run = Kkb.run(withEndpoint("produce", file.toString(), "--stream", "sacramento", "--create-stream",
                "--shards", "4", "--trim", "--partition-key", "grid"));

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).containsPattern("rows read +7,584\n")
                .containsPattern("records sent +7,584  in \\d+ PutRecords requests\n")
                .containsPattern("retried records +0\n")
                .containsPattern("bad rows skipped +0\n")
                .containsPattern("blank lines skipped +0\n");
        assertThat(run.err()).contains("Created stream 'sacramento' with 4 shards");

        List<List<String>> expectedRows = CsvRowReaderTest.rows(CsvRowReaderTest.readAll(new CsvRowReader(
                new InputLines(new ByteArrayInputStream(Files.readAllBytes(file))), CsvSettings.withHeader(true))));
        List<Record> records = kinesis.readAll("sacramento");
        assertThat(records).hasSize(7_584);

        Map<String, List<String>> readByKey = new LinkedHashMap<>();
        Map<String, Integer> copies = new HashMap<>();
        List<JsonNode> byBeat = new ArrayList<>();
        for (Record record : records) {
            String data = record.data().asUtf8String();
            readByKey.computeIfAbsent(record.partitionKey(), k -> new ArrayList<>()).add(data);
            copies.merge(data, 1, Integer::sum);
            JsonNode crime = Json.MAPPER.readTree(data);
            assertThat(crime.fieldNames()).toIterable().containsExactly("cdatetime", "address", "district", "beat",
                    "grid", "crimedescr", "ucr_ncic_code", "latitude", "longitude");
            assertThat(record.partitionKey()).isEqualTo(crime.get("grid").asText());
            byBeat.add(crime);
        }
        // each file row is one record: a row that occurs n times in the file is n records
        Map<String, List<String>> expectedByKey = new LinkedHashMap<>();
        Map<String, Integer> expectedCopies = new HashMap<>();
        for (List<String> row : expectedRows) {
            String json = expectedJson(row);
            expectedByKey.computeIfAbsent(row.get(4), k -> new ArrayList<>()).add(json);
            expectedCopies.merge(json, 1, Integer::sum);
        }
        assertThat(copies).isEqualTo(expectedCopies);
        assertThat(copies.values().stream().mapToInt(n -> n - 1).sum()).isEqualTo(38);
        assertThat(readByKey).isEqualTo(expectedByKey);

        assertThat(copies).containsKey("{\"cdatetime\":\"1/1/06 0:00\",\"address\":\"3108 OCCIDENTAL DR\","
                + "\"district\":\"3\",\"beat\":\"3C\",\"grid\":\"1115\",\"crimedescr\":\"10851(A)VC TAKE VEH W/O "
                + "OWNER\",\"ucr_ncic_code\":\"2404\",\"latitude\":\"38.55042047\",\"longitude\":\"-121.3914158\"}");
        assertThat(copies).containsKey("{\"cdatetime\":\"1/31/06 23:50\",\"address\":\"COBBLE COVE LN / COBBLE "
                + "SHORES DR\",\"district\":\"4\",\"beat\":\"4C\",\"grid\":\"1294\",\"crimedescr\":"
                + "\"TRAFFIC-ACCIDENT-NON INJURY\",\"ucr_ncic_code\":\"5400\",\"latitude\":\"38.47962803\","
                + "\"longitude\":\"-121.5286345\"}");
        assertThat(byBeat).filteredOn(c -> c.get("beat").asText().isEmpty()).hasSize(42);
        assertThat(byBeat).allSatisfy(c -> assertThat(c.get("beat").asText()).doesNotStartWith(" ")
                .doesNotEndWith(" ").hasSizeLessThanOrEqualTo(2));
        assertThat(byBeat).filteredOn(c -> c.get("crimedescr").asText().equals("459 PC  BURGLARY RESIDENCE"))
                .isNotEmpty();

        Matcher rate = Pattern.compile("rate +([\\d,]+) records/s").matcher(run.out());
        assertThat(rate.find()).isTrue();
        System.out.println("kkb produce, Sacramento CSV into kinesalite (4 shards, --partition-key grid):\n"
                + run.out());
    }

    @Test
    void shouldPutJsonLinesUnchanged() throws Exception {
        Path file = DATA.resolve("user-activity.jsonl");

        Kkb.Run run = Kkb.run(withEndpoint("produce", file.toString(), "--stream", "sessions", "--create-stream",
                "--shards", "2", "--partition-key", "customer_number"));

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).containsPattern("records sent +446 ");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Record> records = kinesis.readAll("sessions");
        assertThat(records).extracting(r -> r.data().asUtf8String()).containsExactlyInAnyOrderElementsOf(lines);
        assertThat(records).allSatisfy(r -> assertThat(r.partitionKey()).isEqualTo(
                Json.MAPPER.readTree(r.data().asUtf8String()).get("customer_number").asText()));
    }

    @Test
    void shouldSkipOrStopAtBadRowsAsToldAndSayWhatWasSent() throws Exception {
        Path file = Files.createTempFile("pos-sales", ".csv");
        try (var in = getClass().getResourceAsStream("/produce/pos-sales.csv")) {
            Files.write(file, in.readAllBytes());
        }
        String[] purchases = {"--rename", "InvoiceNo=purchase_id", "--rename", "CustomerID=customer_id",
            "--rename", "Quantity=quantity", "--type", "quantity=integer", "--partition-key", "customer_id"};

        List<String> skip = new ArrayList<>(List.of("produce", file.toString(), "--stream", "pos-skip",
                "--create-stream", "--on-bad-row", "skip"));
        skip.addAll(List.of(purchases));
        Kkb.Run skipped = Kkb.run(withEndpoint(skip.toArray(String[]::new)));
        List<String> fail = new ArrayList<>(List.of("produce", file.toString(), "--stream", "pos-fail",
                "--create-stream"));
        fail.addAll(List.of(purchases));
        Kkb.Run failed = Kkb.run(withEndpoint(fail.toArray(String[]::new)));

        assertThat(skipped.exit()).as(skipped.all()).isZero();
        assertThat(skipped.out()).containsPattern("rows read +7\n").containsPattern("records sent +5  in")
                .contains("  bad rows skipped                2\n"
                        + "    line 7: field 'customer_id': the partition key is empty (Kinesis needs 1 to 256 "
                        + "characters)\n"
                        + "    line 8: field 'quantity' (integer): 'ten' is not an integer\n");
        assertThat(skipped.err()).contains("kkb produce: skipped line 7: ", "kkb produce: skipped line 8: ");
        assertThat(kinesis.readAll("pos-skip")).hasSize(5);

        assertThat(failed.exit()).as(failed.all()).isEqualTo(1);
        assertThat(failed.out()).startsWith("Stopped producing ").containsPattern("records sent +5  in");
        assertThat(failed.err()).contains("kkb produce: line 7: field 'customer_id': the partition key is empty "
                + "(Kinesis needs 1 to 256 characters) (stopped by --on-bad-row fail; --on-bad-row skip reports "
                + "such rows and goes on)");
        assertThat(kinesis.readAll("pos-fail")).extracting(r -> Json.MAPPER.readTree(r.data().asUtf8String())
                .get("purchase_id").asText()).containsExactlyInAnyOrder("536365", "536365", "536367", "536370",
                        "C536379");
        Files.delete(file);
    }

    @Test
    void shouldNameAMissingStreamAndTheWayToCreateIt() {
        Kkb.Run run = Kkb.run(withEndpoint("produce", DATA.resolve("user-activity.jsonl").toString(),
                "--stream", "nowhere"));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("kkb produce: Stream 'nowhere' does not exist at " + kinesis.endpoint()
                + "; create it, or pass --create-stream (with --shards N)\n");
        assertThat(run.out()).isEmpty();
    }

    /** The JSON produce makes of a trimmed Sacramento row: the header names, string values, in column order. */
    private static String expectedJson(List<String> row) throws Exception {
        String[] names = {"cdatetime", "address", "district", "beat", "grid", "crimedescr", "ucr_ncic_code",
            "latitude", "longitude"};
        var node = Json.MAPPER.createObjectNode();
        for (int i = 0; i < names.length; i++) {
            node.put(names[i], row.get(i));
        }
        return Json.MAPPER.writeValueAsString(node);
    }
}
