package io.kkbridge.sandbox.tools.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kkbridge.sandbox.tools.Kkb;
import io.kkbridge.streams.serde.Json;
import io.kkbridge.testsupport.kinesis.KinesisEmulator;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** {@code kkb tail} against kinesalite: all shards, resharding children after their parent, LATEST, --limit. */
class TailCommandIT {

    private static KinesisEmulator kinesis;

    @BeforeAll
    static void start() {
        kinesis = KinesisEmulator.start(KinesisEmulator.Kind.KINESALITE);
    }

    @AfterAll
    static void stop() {
        kinesis.close();
    }

    private static Kkb.Run tail(String... args) {
        String[] all = new String[args.length + 3];
        System.arraycopy(args, 0, all, 1, args.length);
        all[0] = "tail";
        all[args.length + 1] = "--endpoint";
        all[args.length + 2] = kinesis.endpoint().toString();
        return Kkb.run(all);
    }

    private static void put(String stream, String key, String data, BigInteger hashKey) {
        kinesis.client().putRecord(b -> b.streamName(stream).partitionKey(key).data(SdkBytes.fromUtf8String(data))
                .explicitHashKey(hashKey.toString()));
    }

    @Test
    void shouldPrintEveryRecordOfAReshardedStreamWithTheParentsRecordsFirst() {
        kinesis.createStream("split", 1);
        BigInteger max = BigInteger.TWO.pow(128).subtract(BigInteger.ONE);
        BigInteger middle = BigInteger.TWO.pow(127);
        put("split", "a", "{\"n\":1}", BigInteger.ONE);
        put("split", "b", "{\"n\":2}", max);
        put("split", "a", "line\nbreak\ttab", BigInteger.ONE);
        kinesis.client().splitShard(b -> b.streamName("split").shardToSplit("shardId-000000000000")
                .newStartingHashKey(middle.toString()));
        kinesis.streams().awaitActive("split");
        put("split", "a", "{\"n\":4}", BigInteger.ONE);
        put("split", "b", "{\"n\":5}", max);

        Kkb.Run run = tail("--stream", "split", "--from", "TRIM_HORIZON", "--limit", "5");

        assertThat(run.exit()).as(run.all()).isZero();
        List<String> lines = run.lines();
        assertThat(lines).hasSize(5);
        List<Shard> shards = kinesis.listShards("split");
        assertThat(shards).hasSize(3);
        assertThat(lines.subList(0, 3)).extracting(l -> l.split("  ")[0]).containsOnly("shardId-000000000000");
        assertThat(lines.subList(0, 3)).extracting(l -> l.split("  ", 4)[2] + " " + l.split("  ", 4)[3])
                .containsExactly("a {\"n\":1}", "b {\"n\":2}", "a line\\nbreak\\ttab");
        assertThat(lines.subList(3, 5)).extracting(l -> l.split("  ", 4)[2] + " " + l.split("  ", 4)[3])
                .containsExactlyInAnyOrder("a {\"n\":4}", "b {\"n\":5}");
        assertThat(lines.subList(3, 5)).extracting(l -> l.split("  ")[0])
                .containsExactlyInAnyOrder("shardId-000000000001", "shardId-000000000002");
        assertThat(lines).allSatisfy(l -> assertThat(l.split("  ")[1]).matches("\\d{20,}"));
        assertThat(run.err()).contains("Following 'split' at " + kinesis.endpoint() + " from TRIM_HORIZON: 3 shards",
                "Printed 5 records from 'split'");
    }

    @Test
    void shouldPrintOnlyRecordsPutAfterItStartedFromLatest() throws Exception {
        kinesis.createStream("latest", 2);
        put("latest", "old", "before", BigInteger.ONE);

        // tail writes "Following ..." to stderr once it holds its iterators: records put after that are new
        Kkb.Running running = Kkb.start("tail", "--stream", "latest", "--from", "latest", "--limit", "2",
                "--format", "json", "--endpoint", kinesis.endpoint().toString());
        assertThat(running.awaitErr("Following 'latest'", Duration.ofSeconds(30))).isTrue();
        put("latest", "new-1", "{\"after\":1}", BigInteger.ONE);
        put("latest", "new-2", "{\"after\":2}", BigInteger.TWO.pow(128).subtract(BigInteger.ONE));

        Kkb.Run run = running.await(Duration.ofSeconds(30));

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.lines()).hasSize(2);
        JsonNode first = Json.MAPPER.readTree(run.lines().get(0));
        JsonNode second = Json.MAPPER.readTree(run.lines().get(1));
        JsonNode newOne = first.get("partitionKey").asText().equals("new-1") ? first : second;
        JsonNode newTwo = newOne == first ? second : first;
        assertThat(newOne.get("data").asText()).isEqualTo("{\"after\":1}");
        assertThat(newOne.get("shardId").asText()).isEqualTo("shardId-000000000000");
        assertThat(newOne.get("approximateArrivalTimestamp").asText()).endsWith("Z");
        assertThat(newTwo.get("partitionKey").asText()).isEqualTo("new-2");
        assertThat(newTwo.get("data").asText()).isEqualTo("{\"after\":2}");
        assertThat(newTwo.get("shardId").asText()).isEqualTo("shardId-000000000001");
        assertThat(run.out()).doesNotContain("before");
    }

    @Test
    void shouldShowDataThatIsNotUtf8AsBase64() {
        kinesis.createStream("binary", 1);
        kinesis.client().putRecord(b -> b.streamName("binary").partitionKey("k")
                .data(SdkBytes.fromByteArray(new byte[] {(byte) 0xC3, (byte) 0x28, 0})));

        Kkb.Run run = tail("--stream", "binary", "--from", "TRIM_HORIZON", "--limit", "1");

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.lines()).singleElement().satisfies(l -> assertThat(l).endsWith("  k  base64:wygA"));
    }

    @Test
    void shouldNameAStreamThatDoesNotExist() {
        Kkb.Run run = tail("--stream", "missing", "--limit", "1");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("kkb tail: Stream 'missing' does not exist at " + kinesis.endpoint()
                + "\n");
    }
}
