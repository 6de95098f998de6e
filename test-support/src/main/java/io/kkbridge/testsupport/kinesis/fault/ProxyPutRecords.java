package io.kkbridge.testsupport.kinesis.fault;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kkbridge.testsupport.kinesis.fault.ProxyFaultInjector.EntryFault;

/**
 * A PutRecords call with some entries failed on purpose. Only the surviving entries go to the emulator, so the
 * failed ones are really not written; the emulator's per-entry results are then merged with the synthesized
 * failures back into the order of the original request, as the real service answers a partial failure.
 */
final class ProxyPutRecords {

    static final String INTERNAL_FAILURE_ENTRY_MESSAGE = "Internal service failure.";

    private final ObjectNode request;
    private final ArrayNode records;
    private final List<EntryFault> faults;
    private final String stream;

    /**
     * @param request a PutRecords request with a {@code Records} array (see {@link #records})
     * @param faults  one per entry, in request order
     */
    ProxyPutRecords(ObjectNode request, List<EntryFault> faults) {
        this.request = request;
        this.records = records(request).orElseThrow(
                () -> new IllegalArgumentException("The PutRecords request has no Records array"));
        if (faults.size() != records.size()) {
            throw new IllegalArgumentException(faults.size() + " entry faults for " + records.size() + " entries");
        }
        this.faults = List.copyOf(faults);
        this.stream = ProxyRequest.streamNameOf(request).orElse("unknown");
    }

    /** The entries of a PutRecords request; empty when there is no array, which the emulator then rejects. */
    static Optional<ArrayNode> records(ObjectNode request) {
        JsonNode records = request.get("Records");
        return records instanceof ArrayNode array ? Optional.of(array) : Optional.empty();
    }

    int failedCount() {
        return (int) faults.stream().filter(fault -> fault != EntryFault.NONE).count();
    }

    boolean anyFailed() {
        return failedCount() > 0;
    }

    boolean allFailed() {
        return failedCount() == faults.size();
    }

    /** The request with the failed entries left out, every other field as sent. */
    ObjectNode survivingRequest() {
        ArrayNode surviving = ProxyJson.MAPPER.createArrayNode();
        for (int i = 0; i < records.size(); i++) {
            if (faults.get(i) == EntryFault.NONE) {
                surviving.add(records.get(i));
            }
        }
        ObjectNode copy = request.deepCopy();
        copy.set("Records", surviving);
        return copy;
    }

    /**
     * The emulator's response to {@link #survivingRequest()} with the synthesized failures put back in place and
     * {@code FailedRecordCount} counting all failed entries, the emulator's own included.
     */
    ObjectNode merge(ObjectNode upstreamResponse) {
        JsonNode upstreamRecords = upstreamResponse.get("Records");
        int surviving = faults.size() - failedCount();
        if (!(upstreamRecords instanceof ArrayNode) || upstreamRecords.size() != surviving) {
            throw new IllegalStateException("The emulator answered " + surviving + " PutRecords entries with "
                    + (upstreamRecords == null ? "no Records" : upstreamRecords.size() + " results"));
        }
        ArrayNode merged = ProxyJson.MAPPER.createArrayNode();
        int failed = 0;
        int next = 0;
        for (EntryFault fault : faults) {
            JsonNode result = fault == EntryFault.NONE ? upstreamRecords.get(next++) : failure(fault);
            if (result.hasNonNull("ErrorCode")) {
                failed++;
            }
            merged.add(result);
        }
        ObjectNode response = upstreamResponse.deepCopy();
        response.put("FailedRecordCount", failed);
        response.set("Records", merged);
        return response;
    }

    /** The response when no entry survives; nothing is sent to the emulator. */
    ObjectNode allFailedResponse() {
        if (!allFailed()) {
            throw new IllegalStateException("Only " + failedCount() + " of " + faults.size() + " entries failed");
        }
        ObjectNode empty = ProxyJson.object();
        empty.putArray("Records");
        return merge(empty);
    }

    private ObjectNode failure(EntryFault fault) {
        ObjectNode failure = ProxyJson.object();
        if (fault == EntryFault.THROTTLED) {
            failure.put("ErrorCode", ProxyError.PROVISIONED_THROUGHPUT_EXCEEDED)
                    .put("ErrorMessage", ProxyError.shardRateExceeded(stream));
        } else {
            failure.put("ErrorCode", ProxyError.INTERNAL_FAILURE).put("ErrorMessage", INTERNAL_FAILURE_ENTRY_MESSAGE);
        }
        return failure;
    }
}
