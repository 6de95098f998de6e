package io.kkbridge.connect.kinesis.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.SequenceNumberRange;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

class SdkKinesisProxyTest {

    private final ScriptedClient client = new ScriptedClient();
    private final SdkKinesisProxy proxy = new SdkKinesisProxy(client, client);

    @Test
    void shouldListEveryPageNamingTheStreamOnlyOnTheFirst() {
        client.pages.add(ListShardsResponse.builder().shards(
                shard("shardId-000000000000", null, null, "49000", "49999"),
                shard("shardId-000000000001", null, null, "49000", null)).nextToken("page-2").build());
        client.pages.add(ListShardsResponse.builder().shards(
                shard("shardId-000000000002", "shardId-000000000000", null, "50000", null),
                shard("shardId-000000000003", "shardId-000000000000", "shardId-000000000001", "50001", null))
                .build());

        List<ShardDescription> shards = proxy.listShards("orders");

        assertThat(shards).containsExactly(
                new ShardDescription("orders", "shardId-000000000000", List.of(), true),
                new ShardDescription("orders", "shardId-000000000001", List.of(), false),
                new ShardDescription("orders", "shardId-000000000002", List.of("shardId-000000000000"), false),
                new ShardDescription("orders", "shardId-000000000003",
                        List.of("shardId-000000000000", "shardId-000000000001"), false));
        assertThat(client.listRequests).extracting(ListShardsRequest::streamName).containsExactly("orders", null);
        assertThat(client.listRequests).extracting(ListShardsRequest::nextToken).containsExactly(null, "page-2");
    }

    @Test
    void shouldAskForTheIteratorAtThePosition() {
        assertThat(proxy.getShardIterator("orders", "shardId-000000000001", IteratorPosition.afterSequence("4912")))
                .isEqualTo("iterator-1");
        proxy.getShardIterator("orders", "shardId-000000000001",
                IteratorPosition.atTimestamp(Instant.parse("2024-05-01T00:00:00Z")));

        GetShardIteratorRequest bySequence = client.iteratorRequests.get(0);
        assertThat(bySequence.streamName()).isEqualTo("orders");
        assertThat(bySequence.shardId()).isEqualTo("shardId-000000000001");
        assertThat(bySequence.shardIteratorType()).isEqualTo(ShardIteratorType.AFTER_SEQUENCE_NUMBER);
        assertThat(bySequence.startingSequenceNumber()).isEqualTo("4912");
        assertThat(bySequence.timestamp()).isNull();
        assertThat(client.iteratorRequests.get(1).timestamp()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
    }

    @Test
    void shouldReturnRecordsNextIteratorLagAndChildShards() {
        Record record = Record.builder().sequenceNumber("4912").partitionKey("k")
                .data(SdkBytes.fromUtf8String("hello")).build();
        client.records = GetRecordsResponse.builder().records(record).nextShardIterator(null)
                .childShards(ChildShard.builder().shardId("shardId-000000000002").build()).build();

        ShardRecords result = proxy.getRecords("orders", "iterator-1", 500);

        assertThat(result.records()).containsExactly(record);
        assertThat(result.shardEnded()).isTrue();
        assertThat(result.millisBehindLatest()).isZero();
        assertThat(result.childShardIds()).containsExactly("shardId-000000000002");
        assertThat(result.dataBytes()).isEqualTo(5);
        assertThat(client.recordsRequests.get(0).shardIterator()).isEqualTo("iterator-1");
        assertThat(client.recordsRequests.get(0).limit()).isEqualTo(500);
    }

    @Test
    void shouldCloseWhatOwnsTheClient() {
        proxy.close();

        assertThat(client.closed).isTrue();
    }

    private static Shard shard(String id, String parent, String adjacentParent, String start, String end) {
        return Shard.builder().shardId(id).parentShardId(parent).adjacentParentShardId(adjacentParent)
                .sequenceNumberRange(SequenceNumberRange.builder().startingSequenceNumber(start)
                        .endingSequenceNumber(end).build()).build();
    }

    /** A KinesisClient answering from a script; only the calls the proxy makes. */
    private static final class ScriptedClient implements KinesisClient {
        final List<ListShardsResponse> pages = new ArrayList<>();
        final List<ListShardsRequest> listRequests = new ArrayList<>();
        final List<GetShardIteratorRequest> iteratorRequests = new ArrayList<>();
        final List<GetRecordsRequest> recordsRequests = new ArrayList<>();
        GetRecordsResponse records;
        boolean closed;

        @Override
        public ListShardsResponse listShards(ListShardsRequest request) {
            listRequests.add(request);
            return pages.remove(0);
        }

        @Override
        public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
            iteratorRequests.add(request);
            return GetShardIteratorResponse.builder().shardIterator("iterator-" + iteratorRequests.size()).build();
        }

        @Override
        public GetRecordsResponse getRecords(GetRecordsRequest request) {
            recordsRequests.add(request);
            return records;
        }

        @Override
        public String serviceName() {
            return "kinesis";
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
