package io.kkbridge.testsupport.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kkbridge.testsupport.Loopback;
import io.kkbridge.testsupport.kinesis.KinesisStreams.PutEntry;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

class KinesisMockEmulatorIT {

    private static KinesisEmulator kinesis;

    @BeforeAll
    static void start() {
        kinesis = KinesisEmulator.start(KinesisEmulator.Kind.KINESIS_MOCK);
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
        assertThat(kinesis.tlsEndpoint()).get().satisfies(uri -> assertThat(uri.getHost()).isEqualTo("127.0.0.1"));
        Loopback.assertNotReachableFromOtherInterfaces(kinesis.endpoint().getPort());
        Loopback.assertNotReachableFromOtherInterfaces(kinesis.tlsEndpoint().orElseThrow().getPort());
    }

    @Test
    void shouldCloseParentsAndOpenChildrenWhenTheShardCountDoubles() {
        kinesis.createStream("reshard", 2);
        List<PutEntry> before = entries("before", 40);
        kinesis.putRecords("reshard", before);

        kinesis.updateShardCount("reshard", 4);
        List<PutEntry> after = entries("after", 40);
        kinesis.putRecords("reshard", after);

        List<Shard> shards = kinesis.listShards("reshard");
        List<Shard> closed = shards.stream()
                .filter(s -> s.sequenceNumberRange().endingSequenceNumber() != null).collect(Collectors.toList());
        List<Shard> open = shards.stream()
                .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null).collect(Collectors.toList());
        Set<String> parentIds = closed.stream().map(Shard::shardId).collect(Collectors.toSet());
        assertThat(closed).hasSize(2).allSatisfy(s -> assertThat(s.parentShardId()).isNull());
        assertThat(open).hasSize(4).allSatisfy(s -> assertThat(s.parentShardId()).isIn(parentIds));
        assertThat(open.stream().map(Shard::parentShardId).collect(Collectors.toSet())).isEqualTo(parentIds);

        List<String> read = kinesis.readAll("reshard").stream().map(r -> r.data().asUtf8String())
                .collect(Collectors.toList());
        assertThat(read).hasSize(80)
                .containsExactlyInAnyOrderElementsOf(utf8(before, after));
        assertThat(read.subList(0, 40)).allMatch(s -> s.startsWith("before-"));
    }

    @Test
    void shouldPushRecordsToAnEnhancedFanOutSubscriberOverHttp2() throws Exception {
        kinesis.createStream("fan-out", 1);
        KinesisAsyncClient client = kinesis.http2AsyncClient();
        String streamArn = client.describeStreamSummary(b -> b.streamName("fan-out")).get(30, TimeUnit.SECONDS)
                .streamDescriptionSummary().streamARN();
        String consumerArn = client.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("it"))
                .get(30, TimeUnit.SECONDS).consumer().consumerARN();
        awaitConsumerActive(client, consumerArn);
        String shardId = kinesis.listShards("fan-out").get(0).shardId();
        kinesis.putRecords("fan-out", entries("pushed", 5));

        List<Record> received = new CopyOnWriteArrayList<>();
        SubscribeToShardResponseHandler handler = SubscribeToShardResponseHandler.builder()
                .subscriber(SubscribeToShardResponseHandler.Visitor.builder()
                        .onSubscribeToShardEvent(event -> received.addAll(event.records()))
                        .build())
                .build();
        CompletableFuture<Void> subscription = client.subscribeToShard(b -> b.consumerARN(consumerArn)
                .shardId(shardId).startingPosition(p -> p.type(ShardIteratorType.TRIM_HORIZON)), handler);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.size() < 5 && System.nanoTime() < deadline && !subscription.isCompletedExceptionally()) {
                Thread.sleep(50);
            }
        } finally {
            subscription.cancel(true);
        }

        assertThat(received).extracting(r -> r.data().asUtf8String())
                .containsExactly("pushed-0", "pushed-1", "pushed-2", "pushed-3", "pushed-4");
    }

    private static void awaitConsumerActive(KinesisAsyncClient client, String consumerArn) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (client.describeStreamConsumer(b -> b.consumerARN(consumerArn)).get(30, TimeUnit.SECONDS)
                .consumerDescription().consumerStatus() != ConsumerStatus.ACTIVE) {
            assertThat(System.nanoTime()).as("consumer ACTIVE within 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static List<PutEntry> entries(String prefix, int count) {
        List<PutEntry> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(PutEntry.of("key-" + i, prefix + "-" + i));
        }
        return out;
    }

    private static List<String> utf8(List<PutEntry> first, List<PutEntry> second) {
        List<String> out = new ArrayList<>();
        first.forEach(e -> out.add(new String(e.data(), java.nio.charset.StandardCharsets.UTF_8)));
        second.forEach(e -> out.add(new String(e.data(), java.nio.charset.StandardCharsets.UTF_8)));
        return out;
    }
}
