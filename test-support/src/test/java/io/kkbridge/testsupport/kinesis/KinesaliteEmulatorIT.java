package io.kkbridge.testsupport.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kkbridge.testsupport.Loopback;
import io.kkbridge.testsupport.kinesis.KinesisStreams.PutEntry;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;

class KinesaliteEmulatorIT {

    private static KinesisEmulator kinesis;

    @BeforeAll
    static void start() {
        kinesis = KinesisEmulator.start(KinesisEmulator.Kind.KINESALITE);
    }

    @AfterAll
    static void stop() {
        ProcessHandle process = kinesis.process();
        kinesis.close();
        assertThat(process.isAlive()).isFalse();
    }

    @Test
    void shouldListenOnLoopbackOnly() throws Exception {
        assertThat(kinesis.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(kinesis.tlsEndpoint()).isEmpty();
        Loopback.assertNotReachableFromOtherInterfaces(kinesis.endpoint().getPort());
    }

    @Test
    void shouldReadBackEveryRecordOfAFourShardStreamWithExactContents() {
        kinesis.createStream("roundtrip", 4);
        List<PutEntry> entries = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            entries.add(PutEntry.of("customer-" + (i % 37), "{\"n\":" + i + "}"));
        }

        List<PutRecordsResultEntry> results = kinesis.putRecords("roundtrip", entries);
        List<Record> read = kinesis.readAll("roundtrip");

        assertThat(results).hasSize(1_000).allSatisfy(r -> assertThat(r.sequenceNumber()).isNotNull());
        assertThat(results.stream().map(PutRecordsResultEntry::shardId).distinct()).hasSize(4);
        assertThat(read).hasSize(1_000);
        assertThat(readByKey(read)).isEqualTo(writtenByKey(entries));
        assertThat(kinesis.listShards("roundtrip")).extracting(Shard::shardId).hasSize(4);
    }

    @Test
    void shouldPutThroughTheAsyncClientOverHttp11() throws Exception {
        kinesis.createStream("async", 1);
        List<PutRecordsRequestEntry> batch = List.of(
                PutRecordsRequestEntry.builder().partitionKey("a").data(SdkBytes.fromUtf8String("one")).build(),
                PutRecordsRequestEntry.builder().partitionKey("b").data(SdkBytes.fromUtf8String("two")).build());

        int failed = kinesis.asyncClient().putRecords(b -> b.streamName("async").records(batch))
                .get(30, TimeUnit.SECONDS).failedRecordCount();

        assertThat(failed).isZero();
        assertThat(kinesis.readAll("async")).extracting(r -> r.data().asUtf8String()).containsExactly("one", "two");
    }

    @Test
    void shouldKeepRunningWhenAClientAbortsARequestMidFlight() throws Exception {
        try (Socket socket = new Socket(kinesis.endpoint().getHost(), kinesis.endpoint().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\n"
                    + "X-Amz-Target: Kinesis_20131202.ListStreams\r\nContent-Length: 100\r\n\r\n{\"Lim")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        Thread.sleep(300);

        assertThat(kinesis.process().isAlive()).isTrue();
        assertThat(kinesis.client().listStreams().streamNames()).isNotNull();
    }

    @Test
    void shouldRefuseUpdateShardCount() {
        assertThatThrownBy(() -> kinesis.updateShardCount("roundtrip", 8))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("KINESIS_MOCK");
    }

    @Test
    void shouldStopTheNodeProcessOnClose() throws Exception {
        KinesisEmulator second = KinesisEmulator.start(KinesisEmulator.Kind.KINESALITE);
        ProcessHandle process = second.process();
        assertThat(process.isAlive()).isTrue();
        assertThat(second.logFile()).exists();

        second.close();

        assertThat(process.isAlive()).isFalse();
        assertThat(process.onExit().get(1, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    private static Map<String, List<String>> readByKey(List<Record> records) {
        return records.stream().collect(Collectors.groupingBy(Record::partitionKey, LinkedHashMap::new,
                Collectors.mapping(r -> r.data().asUtf8String(), Collectors.toList())));
    }

    private static Map<String, List<String>> writtenByKey(List<PutEntry> entries) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (PutEntry e : entries) {
            out.computeIfAbsent(e.partitionKey(), k -> new ArrayList<>())
                    .add(new String(e.data(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
