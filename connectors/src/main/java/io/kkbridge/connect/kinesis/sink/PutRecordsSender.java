package io.kkbridge.connect.kinesis.sink;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/** A batch as a PutRecords call, and its response as one outcome per entry. */
public final class PutRecordsSender implements PutDispatcher.RequestSender {

    public static final String OPERATION = "PutRecords";

    private final KinesisPutClient client;

    public PutRecordsSender(KinesisPutClient client) {
        this.client = client;
    }

    @Override
    public List<EntryOutcome> send(String stream, List<BatchEntry> entries) {
        List<PutRecordsRequestEntry> requestEntries = new ArrayList<>(entries.size());
        for (BatchEntry entry : entries) {
            requestEntries.add(PutRecordsRequestEntry.builder()
                    .partitionKey(entry.partitionKey())
                    .data(SdkBytes.fromByteArrayUnsafe(entry.data()))
                    .build());
        }
        PutRecordsResponse response = client.putRecords(PutRecordsRequest.builder()
                .streamName(stream)
                .records(requestEntries)
                .build());
        return outcomes(response, entries.size());
    }

    /** An entry succeeded only with a sequence number and no error code; FailedRecordCount is checked too. */
    static List<EntryOutcome> outcomes(PutRecordsResponse response, int requested) {
        List<EntryOutcome> outcomes = new ArrayList<>(response.records().size());
        for (PutRecordsResultEntry result : response.records()) {
            if (result.errorCode() != null) {
                outcomes.add(EntryOutcome.failure(result.errorCode(), result.errorMessage()));
            } else if (result.sequenceNumber() == null) {
                outcomes.add(EntryOutcome.failure(EntryOutcome.INTERNAL_FAILURE,
                        OPERATION + " returned neither a sequence number nor an error code for this record"));
            } else {
                outcomes.add(EntryOutcome.success());
            }
        }
        return EntryOutcome.reconcile(OPERATION, requested, response.failedRecordCount(), outcomes);
    }
}
