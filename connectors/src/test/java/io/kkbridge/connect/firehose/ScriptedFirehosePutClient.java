package io.kkbridge.connect.firehose;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchRequest;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;

/**
 * A {@link FirehosePutClient} that keeps every request and answers from a script, one step per call; once the
 * script is used up, every record succeeds.
 */
final class ScriptedFirehosePutClient implements FirehosePutClient {

    /** Firehose's throttling signal. */
    static final String SERVICE_UNAVAILABLE = "ServiceUnavailableException";
    static final String INTERNAL_FAILURE = "InternalFailure";

    private final List<PutRecordBatchRequest> requests = new ArrayList<>();
    private final Deque<Function<PutRecordBatchRequest, PutRecordBatchResponse>> script = new ArrayDeque<>();
    private long recordId;
    private boolean closed;

    ScriptedFirehosePutClient thenFailEntries(String errorCode, Integer... failedIndexes) {
        Set<Integer> failed = Set.of(failedIndexes);
        script.add(request -> respond(request, failed, errorCode));
        return this;
    }

    ScriptedFirehosePutClient thenThrow(RuntimeException error) {
        script.add(request -> {
            throw error;
        });
        return this;
    }

    ScriptedFirehosePutClient thenAnswer(PutRecordBatchResponse response) {
        script.add(request -> response);
        return this;
    }

    @Override
    public PutRecordBatchResponse putRecordBatch(PutRecordBatchRequest request) {
        requests.add(request);
        Function<PutRecordBatchRequest, PutRecordBatchResponse> step = script.poll();
        return step == null ? respond(request, Set.of(), null) : step.apply(request);
    }

    private PutRecordBatchResponse respond(PutRecordBatchRequest request, Set<Integer> failed, String errorCode) {
        List<PutRecordBatchResponseEntry> results = new ArrayList<>();
        for (int i = 0; i < request.records().size(); i++) {
            results.add(failed.contains(i)
                    ? PutRecordBatchResponseEntry.builder().errorCode(errorCode)
                            .errorMessage(SERVICE_UNAVAILABLE.equals(errorCode) ? "Slow down." : "Internal failure.")
                            .build()
                    : PutRecordBatchResponseEntry.builder().recordId("record-" + ++recordId).build());
        }
        return PutRecordBatchResponse.builder().failedPutCount(failed.size()).requestResponses(results).build();
    }

    List<PutRecordBatchRequest> requests() {
        return requests;
    }

    /** Per request, each record's data as UTF-8. */
    List<List<String>> recordsPerRequest() {
        return requests.stream().map(request -> request.records().stream()
                .map(record -> new String(record.data().asByteArrayUnsafe(), StandardCharsets.UTF_8))
                .toList()).toList();
    }

    List<Long> bytesPerRequest() {
        return requests.stream().map(request -> request.records().stream()
                .mapToLong(record -> record.data().asByteArrayUnsafe().length).sum()).toList();
    }

    List<Integer> recordCounts() {
        return requests.stream().map(request -> request.records().size()).toList();
    }

    @Override
    public void close() {
        closed = true;
    }

    boolean closed() {
        return closed;
    }
}
