package io.kkbridge.testsupport.firehose;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * PutRecord and PutRecordBatch: the service limits, injected faults, and handing accepted records to their
 * stream's buffer. Whole-call faults are drawn only after a request proved valid, so invalid requests fail the
 * same way whatever the fault plan, and the fault sequence depends only on the valid calls.
 */
final class RecordIngest {

    /** Firehose's limits, which cannot be raised: records per batch, bytes per record, bytes per batch. */
    static final int MAX_BATCH_RECORDS = 500;
    static final int MAX_RECORD_BYTES = 1_000 * 1024;
    static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;

    private final DeliveryStreamRegistry registry;
    private final FaultInjector faults;
    private final CallCounters counters;
    private final Clock clock;

    RecordIngest(DeliveryStreamRegistry registry, FaultInjector faults, CallCounters counters, Clock clock) {
        this.registry = registry;
        this.faults = faults;
        this.counters = counters;
        this.clock = clock;
    }

    ObjectNode putRecord(JsonNode request) {
        String name = AwsJson.requiredString(request, "DeliveryStreamName");
        byte[] data = recordData(request.get("Record"), "Record");
        DeliveryStream stream = registry.get(name);
        faults.failCallIfInjected(FirehoseOperation.PUT_RECORD);
        stream.put(List.of(data), clock.instant());
        counters.records(FirehoseOperation.PUT_RECORD, 1, 0);
        return AwsJson.object().put("RecordId", newRecordId()).put("Encrypted", false);
    }

    ObjectNode putRecordBatch(JsonNode request) {
        String name = AwsJson.requiredString(request, "DeliveryStreamName");
        List<byte[]> records = batchRecords(request.get("Records"));
        DeliveryStream stream = registry.get(name);
        faults.failCallIfInjected(FirehoseOperation.PUT_RECORD_BATCH);

        boolean[] failed = faults.nextFailedEntries(records.size());
        List<byte[]> accepted = new ArrayList<>(records.size());
        ObjectNode response = AwsJson.object();
        ArrayNode responses = AwsJson.MAPPER.createArrayNode();
        for (int i = 0; i < records.size(); i++) {
            if (failed[i]) {
                responses.addObject()
                        .put("ErrorCode", FirehoseError.SERVICE_UNAVAILABLE)
                        .put("ErrorMessage", FirehoseError.SLOW_DOWN);
            } else {
                accepted.add(records.get(i));
                responses.addObject().put("RecordId", newRecordId());
            }
        }
        stream.put(accepted, clock.instant());
        int failedCount = records.size() - accepted.size();
        counters.records(FirehoseOperation.PUT_RECORD_BATCH, accepted.size(), failedCount);
        response.put("FailedPutCount", failedCount).put("Encrypted", false).set("RequestResponses", responses);
        return response;
    }

    /** How many records a request carried, for counting them as rejected when the whole call fails. */
    static int recordsIn(FirehoseOperation operation, JsonNode request) {
        if (request == null) {
            return 0;
        }
        if (operation == FirehoseOperation.PUT_RECORD) {
            return request.hasNonNull("Record") ? 1 : 0;
        }
        if (operation == FirehoseOperation.PUT_RECORD_BATCH) {
            return request.path("Records").size();
        }
        return 0;
    }

    private static List<byte[]> batchRecords(JsonNode records) {
        if (records == null || !records.isArray() || records.isEmpty()) {
            throw FirehoseError.invalidArgument("Records is required and must hold at least one record");
        }
        if (records.size() > MAX_BATCH_RECORDS) {
            throw FirehoseError.invalidArgument("Records has " + records.size()
                    + " records; PutRecordBatch accepts at most " + MAX_BATCH_RECORDS);
        }
        List<byte[]> decoded = new ArrayList<>(records.size());
        long totalBytes = 0;
        for (int i = 0; i < records.size(); i++) {
            byte[] data = recordData(records.get(i), "Records[" + i + "]");
            totalBytes += data.length;
            decoded.add(data);
        }
        if (totalBytes > MAX_BATCH_BYTES) {
            throw FirehoseError.invalidArgument("Records hold " + totalBytes
                    + " bytes; PutRecordBatch accepts at most " + MAX_BATCH_BYTES + " bytes (4 MiB) per call");
        }
        return decoded;
    }

    private static byte[] recordData(JsonNode record, String where) {
        if (record == null || !record.isObject()) {
            throw FirehoseError.invalidArgument(where + " is required");
        }
        byte[] data = AwsJson.requiredBlob(record, "Data");
        if (data.length > MAX_RECORD_BYTES) {
            throw FirehoseError.invalidArgument(where + ".Data has " + data.length
                    + " bytes; a record may have at most " + MAX_RECORD_BYTES + " bytes (1,000 KiB)");
        }
        return data;
    }

    /** Real record IDs are opaque strings; uniqueness is all a client may rely on. */
    private static String newRecordId() {
        return UUID.randomUUID().toString();
    }
}
