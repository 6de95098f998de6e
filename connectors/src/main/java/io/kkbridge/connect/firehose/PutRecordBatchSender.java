package io.kkbridge.connect.firehose;

import io.kkbridge.connect.kinesis.sink.BatchEntry;
import io.kkbridge.connect.kinesis.sink.EntryOutcome;
import io.kkbridge.connect.kinesis.sink.PutDispatcher;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchRequest;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;

/** A batch as a PutRecordBatch call, and its response as one outcome per entry. */
public final class PutRecordBatchSender implements PutDispatcher.RequestSender {

    public static final String OPERATION = "PutRecordBatch";

    private final FirehosePutClient client;

    public PutRecordBatchSender(FirehosePutClient client) {
        this.client = client;
    }

    @Override
    public List<EntryOutcome> send(String deliveryStream, List<BatchEntry> entries) {
        List<Record> records = new ArrayList<>(entries.size());
        for (BatchEntry entry : entries) {
            records.add(Record.builder().data(SdkBytes.fromByteArrayUnsafe(entry.data())).build());
        }
        PutRecordBatchResponse response = client.putRecordBatch(PutRecordBatchRequest.builder()
                .deliveryStreamName(deliveryStream)
                .records(records)
                .build());
        return outcomes(response, entries.size());
    }

    /** An entry succeeded only with a record id and no error code; FailedPutCount is checked too. */
    static List<EntryOutcome> outcomes(PutRecordBatchResponse response, int requested) {
        List<EntryOutcome> outcomes = new ArrayList<>(response.requestResponses().size());
        for (PutRecordBatchResponseEntry result : response.requestResponses()) {
            if (result.errorCode() != null) {
                outcomes.add(EntryOutcome.failure(result.errorCode(), result.errorMessage()));
            } else if (result.recordId() == null) {
                outcomes.add(EntryOutcome.failure(EntryOutcome.INTERNAL_FAILURE,
                        OPERATION + " returned neither a record id nor an error code for this record"));
            } else {
                outcomes.add(EntryOutcome.success());
            }
        }
        return EntryOutcome.reconcile(OPERATION, requested, response.failedPutCount(), outcomes);
    }
}
