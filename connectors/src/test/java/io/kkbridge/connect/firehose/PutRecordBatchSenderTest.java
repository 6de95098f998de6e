package io.kkbridge.connect.firehose;

import static io.kkbridge.connect.kinesis.sink.SinkRecords.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kkbridge.connect.kinesis.sink.BatchEntry;
import io.kkbridge.connect.kinesis.sink.EntryOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;

class PutRecordBatchSenderTest {

    @Test
    void shouldRequireARecordIdForSuccessAndKeepEveryErrorCode() {
        PutRecordBatchResponse response = PutRecordBatchResponse.builder().failedPutCount(2).requestResponses(
                PutRecordBatchResponseEntry.builder().recordId("r1").build(),
                PutRecordBatchResponseEntry.builder().errorCode("ServiceUnavailableException")
                        .errorMessage("Slow down.").build(),
                PutRecordBatchResponseEntry.builder().build()).build();

        assertThat(PutRecordBatchSender.outcomes(response, 3)).containsExactly(EntryOutcome.success(),
                EntryOutcome.failure("ServiceUnavailableException", "Slow down."),
                EntryOutcome.failure("InternalFailure", "PutRecordBatch returned neither a record id nor an error "
                        + "code for this record"));
    }

    @Test
    void shouldSendTheEntriesToTheDeliveryStreamInOrder() {
        ScriptedFirehosePutClient client = new ScriptedFirehosePutClient();

        List<EntryOutcome> outcomes = new PutRecordBatchSender(client).send("lake", List.of(
                new BatchEntry(null, utf8("a\n"), List.of()), new BatchEntry(null, utf8("b\n"), List.of())));

        assertThat(outcomes).containsExactly(EntryOutcome.success(), EntryOutcome.success());
        assertThat(client.requests().get(0).deliveryStreamName()).isEqualTo("lake");
        assertThat(client.recordsPerRequest()).containsExactly(List.of("a\n", "b\n"));
    }

    @Test
    void shouldRejectAResponseThatDoesNotMatchTheRequest() {
        PutRecordBatchResponse response = PutRecordBatchResponse.builder().failedPutCount(0).requestResponses(
                PutRecordBatchResponseEntry.builder().recordId("r1").build()).build();

        assertThatThrownBy(() -> PutRecordBatchSender.outcomes(response, 2)).isInstanceOf(IllegalStateException.class)
                .hasMessage("PutRecordBatch answered 1 results for 2 records");
    }
}
