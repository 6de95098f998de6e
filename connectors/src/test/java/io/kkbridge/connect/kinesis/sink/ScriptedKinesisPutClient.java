package io.kkbridge.connect.kinesis.sink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * A {@link KinesisPutClient} that keeps every request and answers from a script, one step per call; once the
 * script is used up, every entry succeeds.
 */
public final class ScriptedKinesisPutClient implements KinesisPutClient {

    public static final String THROTTLED = "ProvisionedThroughputExceededException";

    private final List<PutRecordsRequest> requests = new ArrayList<>();
    private final Deque<Function<PutRecordsRequest, PutRecordsResponse>> script = new ArrayDeque<>();
    private long sequenceNumber;
    private boolean closed;

    /** The next call fails the entries at {@code failedIndexes} with {@code errorCode}. */
    public ScriptedKinesisPutClient thenFailEntries(String errorCode, Integer... failedIndexes) {
        Set<Integer> failed = Set.of(failedIndexes);
        script.add(request -> respond(request, failed, errorCode));
        return this;
    }

    /** The next call throws {@code error}. */
    public ScriptedKinesisPutClient thenThrow(RuntimeException error) {
        script.add(request -> {
            throw error;
        });
        return this;
    }

    public ScriptedKinesisPutClient thenSucceed() {
        script.add(request -> respond(request, Set.of(), null));
        return this;
    }

    /** The next call answers with {@code response} as it is. */
    public ScriptedKinesisPutClient thenAnswer(PutRecordsResponse response) {
        script.add(request -> response);
        return this;
    }

    @Override
    public PutRecordsResponse putRecords(PutRecordsRequest request) {
        requests.add(request);
        Function<PutRecordsRequest, PutRecordsResponse> step = script.poll();
        return step == null ? respond(request, Set.of(), null) : step.apply(request);
    }

    private PutRecordsResponse respond(PutRecordsRequest request, Set<Integer> failed, String errorCode) {
        List<PutRecordsResultEntry> results = new ArrayList<>();
        for (int i = 0; i < request.records().size(); i++) {
            results.add(failed.contains(i)
                    ? PutRecordsResultEntry.builder().errorCode(errorCode).errorMessage(messageFor(errorCode)).build()
                    : PutRecordsResultEntry.builder().shardId("shardId-000000000001")
                            .sequenceNumber(String.valueOf(++sequenceNumber)).build());
        }
        return PutRecordsResponse.builder().failedRecordCount(failed.size()).records(results).build();
    }

    private static String messageFor(String errorCode) {
        return errorCode.equals(THROTTLED)
                ? "Rate exceeded for shard shardId-000000000001 in stream out under account 123456789012."
                : "Internal service failure.";
    }

    public List<PutRecordsRequest> requests() {
        return requests;
    }

    /** Per request, the entries as {@code key=data} (data as UTF-8), to compare whole request sequences. */
    public List<List<String>> entriesPerRequest() {
        return requests.stream().map(request -> request.records().stream()
                .map(ScriptedKinesisPutClient::describe).toList()).toList();
    }

    private static String describe(PutRecordsRequestEntry entry) {
        return entry.partitionKey() + "=" + new String(entry.data().asByteArrayUnsafe(), StandardCharsets.UTF_8);
    }

    /** Per request, the bytes Kinesis counts: data plus partition key. */
    public List<Long> bytesPerRequest() {
        return requests.stream().map(request -> request.records().stream()
                .mapToLong(entry -> entry.data().asByteArrayUnsafe().length
                        + entry.partitionKey().getBytes(StandardCharsets.UTF_8).length)
                .sum()).toList();
    }

    public List<Integer> entryCounts() {
        return requests.stream().map(request -> request.records().size()).toList();
    }

    @Override
    public void close() {
        closed = true;
    }

    public boolean closed() {
        return closed;
    }

    public static AwsServiceException serviceError(AwsServiceException.Builder builder, String code, int status,
                                                   String message) {
        return builder.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .statusCode(status).message(message).build();
    }
}
