package io.kkbridge.testsupport.kinesis.fault;

import static io.kkbridge.testsupport.kinesis.fault.ProxyFaultInjector.EntryFault.INTERNAL_FAILURE;
import static io.kkbridge.testsupport.kinesis.fault.ProxyFaultInjector.EntryFault.NONE;
import static io.kkbridge.testsupport.kinesis.fault.ProxyFaultInjector.EntryFault.THROTTLED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ProxyPutRecordsTest {

    private static final String THROTTLED_MESSAGE =
            "Rate exceeded for shard shardId-000000000000 in stream orders under account 000000000000.";

    @Test
    void shouldForwardOnlyTheSurvivingEntriesAndKeepEveryOtherField() {
        ProxyPutRecords put = new ProxyPutRecords(request(4), List.of(NONE, THROTTLED, NONE, INTERNAL_FAILURE));

        ObjectNode surviving = put.survivingRequest();

        assertThat(surviving.get("StreamName").textValue()).isEqualTo("orders");
        assertThat(surviving.get("Records")).extracting(r -> r.get("PartitionKey").textValue())
                .containsExactly("key-0", "key-2");
        assertThat(surviving.get("Records").get(1).get("ExplicitHashKey").textValue()).isEqualTo("2");
        assertThat(put.failedCount()).isEqualTo(2);
        assertThat(put.anyFailed()).isTrue();
        assertThat(put.allFailed()).isFalse();
    }

    @Test
    void shouldMergeTheEmulatorsResultsWithTheFailuresInRequestOrder() {
        ProxyPutRecords put = new ProxyPutRecords(request(5),
                List.of(THROTTLED, NONE, INTERNAL_FAILURE, NONE, NONE));
        ObjectNode upstream = json("{\"FailedRecordCount\":0,\"Records\":["
                + "{\"SequenceNumber\":\"101\",\"ShardId\":\"shardId-000000000001\"},"
                + "{\"SequenceNumber\":\"102\",\"ShardId\":\"shardId-000000000000\"},"
                + "{\"SequenceNumber\":\"103\",\"ShardId\":\"shardId-000000000001\"}],"
                + "\"EncryptionType\":\"NONE\"}");

        ObjectNode merged = put.merge(upstream);

        assertThat(merged.get("FailedRecordCount").intValue()).isEqualTo(2);
        assertThat(merged.get("EncryptionType").textValue()).isEqualTo("NONE");
        JsonNode records = merged.get("Records");
        assertThat(records).hasSize(5);
        assertThat(records.get(0)).isEqualTo(json("{\"ErrorCode\":\"ProvisionedThroughputExceededException\","
                + "\"ErrorMessage\":\"" + THROTTLED_MESSAGE + "\"}"));
        assertThat(records.get(1).get("SequenceNumber").textValue()).isEqualTo("101");
        assertThat(records.get(2)).isEqualTo(json("{\"ErrorCode\":\"InternalFailure\","
                + "\"ErrorMessage\":\"Internal service failure.\"}"));
        assertThat(records.get(3).get("SequenceNumber").textValue()).isEqualTo("102");
        assertThat(records.get(4).get("SequenceNumber").textValue()).isEqualTo("103");
    }

    @Test
    void shouldCountTheEmulatorsOwnEntryFailuresToo() {
        ProxyPutRecords put = new ProxyPutRecords(request(3), List.of(NONE, THROTTLED, NONE));
        ObjectNode upstream = json("{\"FailedRecordCount\":1,\"Records\":["
                + "{\"ErrorCode\":\"InternalFailure\",\"ErrorMessage\":\"Internal service failure.\"},"
                + "{\"SequenceNumber\":\"7\",\"ShardId\":\"shardId-000000000000\"}]}");

        ObjectNode merged = put.merge(upstream);

        assertThat(merged.get("FailedRecordCount").intValue()).isEqualTo(2);
        assertThat(merged.get("Records")).extracting(r -> r.path("ErrorCode").asText(null))
                .containsExactly("InternalFailure", "ProvisionedThroughputExceededException", null);
    }

    @Test
    void shouldAnswerEveryEntryFailedWithoutTheEmulator() {
        ProxyPutRecords put = new ProxyPutRecords(request(2), List.of(THROTTLED, THROTTLED));

        ObjectNode response = put.allFailedResponse();

        assertThat(put.allFailed()).isTrue();
        assertThat(response.get("FailedRecordCount").intValue()).isEqualTo(2);
        assertThat(response.get("Records")).extracting(r -> r.get("ErrorMessage").textValue())
                .containsExactly(THROTTLED_MESSAGE, THROTTLED_MESSAGE);
    }

    @Test
    void shouldNameTheStreamOfAStreamArnInMessages() {
        ObjectNode request = json("{\"StreamARN\":\"arn:aws:kinesis:us-east-1:000000000000:stream/orders\","
                + "\"Records\":[{\"Data\":\"AA==\",\"PartitionKey\":\"k\"}]}");

        ObjectNode response = new ProxyPutRecords(request, List.of(THROTTLED)).allFailedResponse();

        assertThat(response.get("Records").get(0).get("ErrorMessage").textValue()).isEqualTo(THROTTLED_MESSAGE);
    }

    @Test
    void shouldRefuseAnEmulatorAnswerWithTheWrongNumberOfResults() {
        ProxyPutRecords put = new ProxyPutRecords(request(3), List.of(NONE, THROTTLED, NONE));

        assertThatThrownBy(() -> put.merge(json("{\"FailedRecordCount\":0,\"Records\":[{\"SequenceNumber\":\"1\"}]}")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("2 PutRecords entries with 1");
        assertThatThrownBy(() -> new ProxyPutRecords(request(3), List.of(NONE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ProxyPutRecords.records(json("{\"StreamName\":\"orders\"}"))).isEmpty();
    }

    private static ObjectNode request(int entries) {
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < entries; i++) {
            records.append(i == 0 ? "" : ",").append("{\"Data\":\"ZGF0YS0").append(i)
                    .append("\",\"PartitionKey\":\"key-").append(i).append("\",\"ExplicitHashKey\":\"").append(i)
                    .append("\"}");
        }
        return json("{\"Records\":[" + records + "],\"StreamName\":\"orders\"}");
    }

    private static ObjectNode json(String text) {
        return ProxyJson.parseObject(text.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }
}
