package io.kkbridge.connect.kinesis.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

class EntryOutcomeTest {

    private static final EntryOutcome OK = EntryOutcome.success();
    private static final EntryOutcome THROTTLED = EntryOutcome.failure("ProvisionedThroughputExceededException",
            "Rate exceeded");

    @Test
    void shouldKeepPerEntryOutcomesThatAgreeWithTheFailedCount() {
        assertThat(EntryOutcome.reconcile("PutRecords", 2, 1, List.of(OK, THROTTLED))).containsExactly(OK, THROTTLED);
        assertThat(EntryOutcome.reconcile("PutRecords", 2, null, List.of(OK, THROTTLED)))
                .containsExactly(OK, THROTTLED);
    }

    @Test
    void shouldNeverIgnoreAnErrorCodeEvenIfTheFailedCountIsLower() {
        assertThat(EntryOutcome.reconcile("PutRecords", 2, 0, List.of(THROTTLED, OK))).containsExactly(THROTTLED, OK);
    }

    @Test
    void shouldFailEveryEntryWhenTheFailedCountIsHigherThanTheErrorCodesShow() {
        EntryOutcome unknown = EntryOutcome.failure("InternalFailure", "PutRecordBatch reported 2 failed records "
                + "but only 1 carry an error code; sending all 3 again");

        assertThat(EntryOutcome.reconcile("PutRecordBatch", 3, 2, List.of(OK, THROTTLED, OK)))
                .containsExactly(unknown, THROTTLED, unknown);
    }

    @Test
    void shouldRejectAResponseWithADifferentNumberOfEntries() {
        assertThatThrownBy(() -> EntryOutcome.reconcile("PutRecords", 3, 0, List.of(OK, OK)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("PutRecords answered 2 results for 3 records");
    }

    @Test
    void shouldReadKinesisResultsRequiringASequenceNumberForSuccess() {
        PutRecordsResponse response = PutRecordsResponse.builder().failedRecordCount(2).records(
                PutRecordsResultEntry.builder().shardId("s").sequenceNumber("1").build(),
                PutRecordsResultEntry.builder().errorCode("InternalFailure").errorMessage("Internal").build(),
                PutRecordsResultEntry.builder().build()).build();

        assertThat(PutRecordsSender.outcomes(response, 3)).containsExactly(OK,
                EntryOutcome.failure("InternalFailure", "Internal"),
                EntryOutcome.failure("InternalFailure", "PutRecords returned neither a sequence number nor an error "
                        + "code for this record"));
    }

    @Test
    void shouldGiveAFailureWithoutCodeOrMessageRetriableDefaults() {
        assertThat(EntryOutcome.failure(null, null)).isEqualTo(new EntryOutcome("InternalFailure",
                "no error message"));
    }
}
