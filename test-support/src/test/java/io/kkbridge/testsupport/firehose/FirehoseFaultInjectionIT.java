package io.kkbridge.testsupport.firehose;

import static io.kkbridge.testsupport.firehose.FirehosePutRecordsIT.record;
import static io.kkbridge.testsupport.firehose.FirehoseTestSupport.createRequest;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import io.kkbridge.testsupport.firehose.FaultInjector.CallFault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ServiceUnavailableException;

class FirehoseFaultInjectionIT {

    private static final String STREAM = "faulty";

    @TempDir
    Path deliveryRoot;

    private LocalFirehose firehose;
    private FirehoseClient client;

    @BeforeEach
    void start() {
        firehose = LocalFirehose.start(deliveryRoot);
        client = FirehoseTestSupport.sdkClient(firehose);
        client.createDeliveryStream(createRequest(STREAM, "lake", null, 5, 300));
        firehose.resetCounters();
    }

    @AfterEach
    void stop() {
        client.close();
        firehose.close();
    }

    @Test
    void shouldFailTheSeededEntriesAndDeliverExactlyTheOthers() {
        FaultPlan plan = FaultPlan.seeded(7).withFailedEntries(0.3);
        boolean[] expectedFailures = predictedEntryFailures(plan, 100);
        int expectedFailedCount = count(expectedFailures);
        List<String> sent = IntStream.range(0, 100).mapToObj(i -> "record-" + i + "\n").toList();
        firehose.injectFaults(plan);

        PutRecordBatchResponse response = putBatch(sent);
        firehose.flush();

        assertThat(expectedFailedCount).as("the seed gives a partial failure").isBetween(1, 99);
        assertThat(response.failedPutCount()).isEqualTo(expectedFailedCount);
        List<String> delivered = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            PutRecordBatchResponseEntry entry = response.requestResponses().get(i);
            if (expectedFailures[i]) {
                assertThat(entry.errorCode()).isEqualTo("ServiceUnavailableException");
                assertThat(entry.errorMessage()).isEqualTo("Slow down.");
                assertThat(entry.recordId()).isNull();
            } else {
                assertThat(entry.errorCode()).isNull();
                assertThat(entry.recordId()).isNotBlank();
                delivered.add(sent.get(i));
            }
        }
        assertThat(new String(firehose.deliveredBytes(STREAM), UTF_8)).isEqualTo(String.join("", delivered));
        OperationCounts counts = firehose.counters().of(FirehoseOperation.PUT_RECORD_BATCH);
        assertThat(counts.calls()).isEqualTo(1);
        assertThat(counts.errorResponses()).isZero();
        assertThat(counts.recordsAccepted()).isEqualTo(100 - expectedFailedCount);
        assertThat(counts.recordsRejected()).isEqualTo(expectedFailedCount);
    }

    @Test
    void shouldRepeatTheSameFailuresWhenTheSamePlanIsAppliedAgain() {
        FaultPlan plan = FaultPlan.seeded(2024).withFailedEntries(0.5);
        List<String> sent = IntStream.range(0, 50).mapToObj(i -> "r" + i).toList();

        firehose.injectFaults(plan);
        List<String> firstRun = errorCodes(putBatch(sent));
        firehose.injectFaults(plan);
        List<String> secondRun = errorCodes(putBatch(sent));

        assertThat(secondRun).isEqualTo(firstRun).contains("ServiceUnavailableException").contains((String) null);
    }

    @Test
    void shouldSurfaceInjectedThrottlingAsTheSdksServiceUnavailableException() {
        firehose.injectFaults(FaultPlan.seeded(1).withThrottledCalls(1.0));

        assertThatThrownBy(() -> client.putRecord(r -> r.deliveryStreamName(STREAM).record(record(new byte[] {1}))))
                .isInstanceOfSatisfying(ServiceUnavailableException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailableException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Slow down.");
                });
        assertThatThrownBy(() -> putBatch(List.of("a", "b", "c"))).isInstanceOf(ServiceUnavailableException.class);
        // Control-plane calls are spared by default.
        assertThat(client.describeDeliveryStream(r -> r.deliveryStreamName(STREAM)).deliveryStreamDescription()
                .deliveryStreamName()).isEqualTo(STREAM);
        firehose.flush();

        assertThat(firehose.deliveredObjects(STREAM)).isEmpty();
        FirehoseCounters counters = firehose.counters();
        assertThat(counters.of(FirehoseOperation.PUT_RECORD).errors("ServiceUnavailableException")).isEqualTo(1);
        assertThat(counters.of(FirehoseOperation.PUT_RECORD_BATCH).errors("ServiceUnavailableException"))
                .isEqualTo(1);
        assertThat(counters.recordsRejected()).isEqualTo(4);
        assertThat(counters.recordsAccepted()).isZero();
        assertThat(counters.calls()).isEqualTo(3);
    }

    @Test
    void shouldSurfaceInjectedInternalFailureAsHttp500() {
        firehose.injectFaults(FaultPlan.seeded(1).withInternalFailures(1.0));

        assertThatThrownBy(() -> putBatch(List.of("a")))
                .isInstanceOfSatisfying(FirehoseException.class, e -> {
                    assertThat(e).isNotInstanceOf(ServiceUnavailableException.class);
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
                });
    }

    @Test
    void shouldThrottleExactlyTheSeededShareOfCalls() {
        FaultPlan plan = FaultPlan.seeded(99).withThrottledCalls(0.25).withInternalFailures(0.25);
        FaultInjector predictor = new FaultInjector();
        predictor.apply(plan);
        firehose.injectFaults(plan);

        List<CallFault> expected = new ArrayList<>();
        List<CallFault> observed = new ArrayList<>();
        for (int call = 0; call < 40; call++) {
            expected.add(predictor.nextCallFault(FirehoseOperation.PUT_RECORD));
            observed.add(putOne("call-" + call));
        }
        firehose.flush();

        assertThat(observed).isEqualTo(expected).contains(CallFault.values());
        long succeeded = observed.stream().filter(fault -> fault == CallFault.NONE).count();
        assertThat(firehose.deliveredRecords(STREAM)).hasSize((int) succeeded);
        OperationCounts counts = firehose.counters().of(FirehoseOperation.PUT_RECORD);
        assertThat(counts.errors("ServiceUnavailableException"))
                .isEqualTo(observed.stream().filter(fault -> fault == CallFault.THROTTLED).count());
        assertThat(counts.errors("InternalFailure"))
                .isEqualTo(observed.stream().filter(fault -> fault == CallFault.INTERNAL_FAILURE).count());
        assertThat(counts.recordsAccepted()).isEqualTo(succeeded);
    }

    @Test
    void shouldThrottleControlPlaneCallsWhenThePlanNamesThem() {
        firehose.injectFaults(FaultPlan.seeded(1).withThrottledCalls(1.0)
                .onOperations(Set.of(FirehoseOperation.DESCRIBE_DELIVERY_STREAM)));

        assertThatThrownBy(() -> client.describeDeliveryStream(r -> r.deliveryStreamName(STREAM)))
                .isInstanceOf(ServiceUnavailableException.class);
        client.putRecord(r -> r.deliveryStreamName(STREAM).record(record(new byte[] {1})));
    }

    private CallFault putOne(String data) {
        try {
            client.putRecord(r -> r.deliveryStreamName(STREAM).record(record(data.getBytes(UTF_8))));
            return CallFault.NONE;
        } catch (ServiceUnavailableException e) {
            return CallFault.THROTTLED;
        } catch (FirehoseException e) {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
            return CallFault.INTERNAL_FAILURE;
        }
    }

    private PutRecordBatchResponse putBatch(List<String> records) {
        List<Record> batch = records.stream().map(data -> record(data.getBytes(UTF_8))).toList();
        return client.putRecordBatch(r -> r.deliveryStreamName(STREAM).records(batch));
    }

    /** The double draws one decision per call, then one per entry: replay that with the same plan. */
    private static boolean[] predictedEntryFailures(FaultPlan plan, int entries) {
        FaultInjector predictor = new FaultInjector();
        predictor.apply(plan);
        predictor.nextCallFault(FirehoseOperation.PUT_RECORD_BATCH);
        return predictor.nextFailedEntries(entries);
    }

    private static int count(boolean[] flags) {
        int count = 0;
        for (boolean flag : flags) {
            count += flag ? 1 : 0;
        }
        return count;
    }

    private static List<String> errorCodes(PutRecordBatchResponse response) {
        return response.requestResponses().stream().map(PutRecordBatchResponseEntry::errorCode).toList();
    }
}
