package io.kkbridge.testsupport.kinesis.fault;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kkbridge.testsupport.kinesis.KinesisEmulator;
import io.kkbridge.testsupport.kinesis.KinesisStreams;
import io.kkbridge.testsupport.kinesis.KinesisStreams.PutEntry;
import io.kkbridge.testsupport.kinesis.fault.ProxyFaultInjector.CallFault;
import io.kkbridge.testsupport.kinesis.fault.ProxyFaultInjector.EntryFault;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.AccessDeniedException;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** The proxy in front of a real kinesalite, driven by real SDK clients without retries. */
class KinesisFaultProxyIT {

    private static final String SHARD = "shardId-000000000000";

    private static KinesisEmulator kinesis;

    private KinesisFaultProxy proxy;
    private KinesisClient client;

    @BeforeAll
    static void startEmulator() {
        kinesis = KinesisEmulator.start(KinesisEmulator.Kind.KINESALITE);
    }

    @AfterAll
    static void stopEmulator() {
        ProcessHandle process = kinesis.process();
        kinesis.close();
        assertThat(process.isAlive()).isFalse();
    }

    @BeforeEach
    void startProxy() {
        proxy = KinesisFaultProxy.start(kinesis.endpoint());
        client = ProxyClients.withoutRetries(proxy.endpoint());
    }

    @AfterEach
    void stopProxy() {
        client.close();
        proxy.close();
    }

    @Test
    void shouldPassCallsThroughWithExactContents() {
        KinesisStreams throughProxy = new KinesisStreams(client);
        throughProxy.createStream("passthrough", 2);
        List<PutEntry> entries = IntStream.range(0, 50)
                .mapToObj(i -> PutEntry.of("key-" + (i % 7), "{\"n\":" + i + "}")).toList();

        List<PutRecordsResultEntry> results = throughProxy.putRecords("passthrough", entries);
        String single = client.putRecord(b -> b.streamName("passthrough").partitionKey("solo")
                .data(SdkBytes.fromUtf8String("single"))).sequenceNumber();
        List<Record> readThroughProxy = throughProxy.readAll("passthrough");

        assertThat(proxy.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(results).hasSize(50).allSatisfy(r -> assertThat(r.errorCode()).isNull());
        assertThat(readThroughProxy).isEqualTo(kinesis.readAll("passthrough"));
        assertThat(readThroughProxy).hasSize(51);
        assertThat(readThroughProxy.stream().filter(r -> r.sequenceNumber().equals(single)))
                .extracting(r -> r.data().asUtf8String(), Record::partitionKey)
                .containsExactly(tuple("single", "solo"));
        assertThat(readThroughProxy.stream().filter(r -> !r.partitionKey().equals("solo"))
                .map(r -> r.partitionKey() + "=" + r.data().asUtf8String()).sorted())
                .containsExactlyElementsOf(entries.stream()
                        .map(e -> e.partitionKey() + "=" + new String(e.data(), UTF_8)).sorted().toList());
        ProxyCounters counters = proxy.counters();
        assertThat(counters.calls()).isEqualTo(counters.forwarded()).isGreaterThanOrEqualTo(6);
        assertThat(counters.faults()).isZero();
        assertThat(counters.entriesFailed()).isZero();
        assertThat(counters.of("PutRecords")).isEqualTo(new ProxyCounters.OperationCounts(1, 1, Map.of(), 0));
    }

    @Test
    void shouldWriteExactlyTheEntriesThatDidNotFail() {
        kinesis.createStream("partial", 1);
        ProxyFaultPlan plan = ProxyFaultPlan.seeded(7).withThrottledEntries(0.2).withInternalFailureEntries(0.1);
        List<EntryFault> expected = predictedEntryFaults(plan, 100);
        List<String> sent = IntStream.range(0, 100).mapToObj(i -> "record-" + i).toList();
        proxy.inject(plan);

        PutRecordsResponse response = putRecords("partial", sent);

        List<String> surviving = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            PutRecordsResultEntry entry = response.records().get(i);
            switch (expected.get(i)) {
                case NONE -> {
                    assertThat(entry.errorCode()).isNull();
                    assertThat(entry.sequenceNumber()).isNotBlank();
                    assertThat(entry.shardId()).isEqualTo(SHARD);
                    surviving.add(sent.get(i));
                }
                case THROTTLED -> {
                    assertThat(entry.errorCode()).isEqualTo("ProvisionedThroughputExceededException");
                    assertThat(entry.errorMessage()).isEqualTo("Rate exceeded for shard shardId-000000000000 in "
                            + "stream partial under account 000000000000.");
                    assertThat(entry.sequenceNumber()).isNull();
                }
                case INTERNAL_FAILURE -> {
                    assertThat(entry.errorCode()).isEqualTo("InternalFailure");
                    assertThat(entry.errorMessage()).isEqualTo("Internal service failure.");
                }
                default -> throw new IllegalStateException();
            }
        }
        int failed = sent.size() - surviving.size();
        assertThat(expected).contains(EntryFault.values());
        assertThat(response.failedRecordCount()).isEqualTo(failed);
        assertThat(kinesis.readAll("partial")).extracting(r -> r.data().asUtf8String())
                .containsExactlyElementsOf(surviving);
        assertThat(proxy.counters().of("PutRecords"))
                .isEqualTo(new ProxyCounters.OperationCounts(1, 1, Map.of(), failed));
    }

    @Test
    void shouldForwardNothingWhenEveryEntryFails() {
        kinesis.createStream("allfailed", 1);
        proxy.inject(ProxyFaultPlan.seeded(1).withThrottledEntries(1.0));

        PutRecordsResponse response = putRecords("allfailed", List.of("a", "b", "c"));

        assertThat(response.failedRecordCount()).isEqualTo(3);
        assertThat(response.records()).extracting(PutRecordsResultEntry::errorCode)
                .containsOnly("ProvisionedThroughputExceededException");
        assertThat(kinesis.readAll("allfailed")).isEmpty();
        assertThat(proxy.counters().of("PutRecords"))
                .isEqualTo(new ProxyCounters.OperationCounts(1, 0, Map.of(), 3));
    }

    @Test
    void shouldThrottleWholeCallsWithoutWritingAnything() {
        kinesis.createStream("throttled", 1);
        proxy.inject(ProxyFaultPlan.seeded(1).withThrottledCalls(1.0));

        assertThatThrownBy(() -> putRecords("throttled", List.of("lost-1", "lost-2")))
                .isInstanceOfSatisfying(ProvisionedThroughputExceededException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ProvisionedThroughputExceededException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded for shard "
                            + "shardId-000000000000 in stream throttled under account 000000000000.");
                });
        String iterator = client.getShardIterator(b -> b.streamName("throttled").shardId(SHARD)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        assertThatThrownBy(() -> client.getRecords(b -> b.shardIterator(iterator)))
                .isInstanceOf(ProvisionedThroughputExceededException.class);
        // PutRecord is not among the default operations.
        client.putRecord(b -> b.streamName("throttled").partitionKey("k").data(SdkBytes.fromUtf8String("kept")));

        assertThat(kinesis.readAll("throttled")).extracting(r -> r.data().asUtf8String()).containsExactly("kept");
        ProxyCounters counters = proxy.counters();
        assertThat(counters.of("PutRecords")).isEqualTo(new ProxyCounters.OperationCounts(1, 0,
                Map.of("ProvisionedThroughputExceededException", 1L), 0));
        assertThat(counters.of("GetRecords").faults("ProvisionedThroughputExceededException")).isEqualTo(1);
        assertThat(counters.of("PutRecord")).isEqualTo(new ProxyCounters.OperationCounts(1, 1, Map.of(), 0));
    }

    @Test
    void shouldSurfaceEachWholeCallFaultAsTheSdkDoes() {
        kinesis.createStream("callfaults", 1);
        ProxyFaultPlan plan = ProxyFaultPlan.seeded(99).withThrottledCalls(0.2).withLimitExceededCalls(0.2)
                .withInternalFailureCalls(0.2).withServiceUnavailableCalls(0.2);
        ProxyFaultInjector predictor = new ProxyFaultInjector();
        predictor.apply(plan);
        proxy.inject(plan);

        List<CallFault> expected = new ArrayList<>();
        List<CallFault> observed = new ArrayList<>();
        List<String> written = new ArrayList<>();
        for (int call = 0; call < 40; call++) {
            expected.add(predictor.nextCallFault("PutRecords"));
            CallFault fault = putAndClassify("callfaults", "call-" + call);
            observed.add(fault);
            if (fault == CallFault.NONE) {
                written.add("call-" + call);
            }
        }

        assertThat(observed).isEqualTo(expected).contains(CallFault.values());
        assertThat(kinesis.readAll("callfaults")).extracting(r -> r.data().asUtf8String())
                .containsExactlyElementsOf(written);
        ProxyCounters.OperationCounts counts = proxy.counters().of("PutRecords");
        assertThat(counts.calls()).isEqualTo(40);
        assertThat(counts.forwarded()).isEqualTo(written.size());
        assertThat(counts.faults("ProvisionedThroughputExceededException")).isEqualTo(count(observed,
                CallFault.THROTTLED));
        assertThat(counts.faults("LimitExceededException")).isEqualTo(count(observed, CallFault.LIMIT_EXCEEDED));
        assertThat(counts.faults("InternalFailure")).isEqualTo(count(observed, CallFault.INTERNAL_FAILURE));
        assertThat(counts.faults("ServiceUnavailable")).isEqualTo(count(observed, CallFault.SERVICE_UNAVAILABLE));
    }

    @Test
    void shouldRejectUnrecognizedAccessKeysLikeKinesis() {
        proxy.inject(ProxyFaultPlan.none().withRejectedAccessKeyIds("AKIDREJECTED"));

        try (KinesisClient rejected = ProxyClients.withoutRetries(proxy.endpoint(), "AKIDREJECTED")) {
            assertThatThrownBy(rejected::listStreams).isInstanceOfSatisfying(KinesisException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("The security token included in the request is invalid.");
            });
        }
        assertThat(client.listStreams().streamNames()).isNotNull();

        assertThat(proxy.counters().of("ListStreams")).isEqualTo(new ProxyCounters.OperationCounts(2, 1,
                Map.of("UnrecognizedClientException", 1L), 0));
    }

    @Test
    void shouldDenyAccessToTheChosenKeyWithoutWriting() {
        kinesis.createStream("denied", 1);
        proxy.inject(ProxyFaultPlan.none().withAccessDeniedAccessKeyIds("AKIDDENIED"));

        try (KinesisClient denied = ProxyClients.withoutRetries(proxy.endpoint(), "AKIDDENIED")) {
            assertThatThrownBy(() -> denied.putRecord(b -> b.streamName("denied").partitionKey("k")
                    .data(SdkBytes.fromUtf8String("lost"))))
                    .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorMessage()).contains("kinesis:PutRecord ");
                    });
        }

        assertThat(kinesis.readAll("denied")).isEmpty();
        assertThat(proxy.counters().of("PutRecord").faults("AccessDeniedException")).isEqualTo(1);
    }

    @Test
    void shouldExpireIteratorsSoThatReadersRenewThem() {
        kinesis.createStream("expiring", 1);
        List<String> sent = IntStream.range(0, 20).mapToObj(i -> "r" + i).toList();
        kinesis.putRecords("expiring", sent.stream().map(s -> PutEntry.of("k", s)).toList());

        proxy.inject(ProxyFaultPlan.seeded(3).withExpiredIterators(1.0));
        String iterator = trimHorizon("expiring");
        assertThatThrownBy(() -> client.getRecords(b -> b.shardIterator(iterator)))
                .isInstanceOfSatisfying(ExpiredIteratorException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).startsWith("Iterator expired.");
                });

        proxy.inject(ProxyFaultPlan.seeded(3).withExpiredIterators(0.4));
        proxy.resetCounters();
        ReadResult read = readRenewingExpiredIterators("expiring", 3);

        assertThat(read.records()).containsExactlyElementsOf(sent);
        assertThat(read.renewals()).isPositive();
        ProxyCounters.OperationCounts getRecords = proxy.counters().of("GetRecords");
        assertThat(getRecords.faults()).isEqualTo(getRecords.faults("ExpiredIteratorException"))
                .isEqualTo(read.renewals());
        assertThat(getRecords.forwarded()).isEqualTo(getRecords.calls() - read.renewals());
    }

    @Test
    void shouldFailTheSameEntriesForTheSameSeed() {
        kinesis.createStream("seeded", 1);
        List<String> sent = IntStream.range(0, 40).mapToObj(i -> "s" + i).toList();
        ProxyFaultPlan plan = ProxyFaultPlan.seeded(2024).withThrottledEntries(0.5);

        proxy.inject(plan);
        List<Integer> first = failedIndexes(putRecords("seeded", sent));
        proxy.inject(plan);
        List<Integer> second = failedIndexes(putRecords("seeded", sent));
        proxy.inject(ProxyFaultPlan.seeded(2025).withThrottledEntries(0.5));
        List<Integer> otherSeed = failedIndexes(putRecords("seeded", sent));

        List<EntryFault> predicted = predictedEntryFaults(plan, 40);
        assertThat(first).isNotEmpty().isEqualTo(second)
                .isEqualTo(IntStream.range(0, 40).filter(i -> predicted.get(i) != EntryFault.NONE).boxed().toList());
        assertThat(otherSeed).isNotEqualTo(first);
        assertThat(kinesis.readAll("seeded")).hasSize(3 * 40 - 2 * first.size() - otherSeed.size());
    }

    @Test
    void shouldStopServingWhenClosedAndLeaveTheEmulatorRunning() {
        proxy.close();

        assertThatThrownBy(client::listStreams).isInstanceOf(SdkClientException.class);
        assertThat(kinesis.process().isAlive()).isTrue();
        assertThat(kinesis.client().listStreams().streamNames()).isNotNull();
    }

    private PutRecordsResponse putRecords(String stream, List<String> data) {
        List<PutRecordsRequestEntry> entries = data.stream().map(d -> PutRecordsRequestEntry.builder()
                .partitionKey("k").data(SdkBytes.fromUtf8String(d)).build()).toList();
        return client.putRecords(b -> b.streamName(stream).records(entries));
    }

    private CallFault putAndClassify(String stream, String data) {
        try {
            putRecords(stream, List.of(data));
            return CallFault.NONE;
        } catch (ProvisionedThroughputExceededException e) {
            return CallFault.THROTTLED;
        } catch (LimitExceededException e) {
            return CallFault.LIMIT_EXCEEDED;
        } catch (KinesisException e) {
            String code = e.awsErrorDetails().errorCode();
            if (e.statusCode() == 500 && code.equals("InternalFailure")) {
                return CallFault.INTERNAL_FAILURE;
            }
            if (e.statusCode() == 503 && code.equals("ServiceUnavailable")) {
                return CallFault.SERVICE_UNAVAILABLE;
            }
            throw e;
        }
    }

    private record ReadResult(List<String> records, int renewals) {
    }

    /** Reads the shard to its tip, renewing an expired iterator after the last record read, as a reader would. */
    private ReadResult readRenewingExpiredIterators(String stream, int limit) {
        List<String> records = new ArrayList<>();
        String lastSequence = null;
        int renewals = 0;
        String iterator = trimHorizon(stream);
        for (int call = 0; call < 200; call++) {
            String current = iterator;
            GetRecordsResponse response;
            try {
                response = client.getRecords(b -> b.shardIterator(current).limit(limit));
            } catch (ExpiredIteratorException e) {
                renewals++;
                String after = lastSequence;
                iterator = after == null ? trimHorizon(stream) : client.getShardIterator(b -> b.streamName(stream)
                        .shardId(SHARD).shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                        .startingSequenceNumber(after)).shardIterator();
                continue;
            }
            for (Record record : response.records()) {
                records.add(record.data().asUtf8String());
                lastSequence = record.sequenceNumber();
            }
            if (response.records().isEmpty() && Long.valueOf(0L).equals(response.millisBehindLatest())) {
                return new ReadResult(records, renewals);
            }
            iterator = response.nextShardIterator();
        }
        throw new AssertionError("Did not reach the tip of " + stream + " in 200 calls; read " + records);
    }

    private String trimHorizon(String stream) {
        return client.getShardIterator(b -> b.streamName(stream).shardId(SHARD)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
    }

    private static List<Integer> failedIndexes(PutRecordsResponse response) {
        return IntStream.range(0, response.records().size())
                .filter(i -> response.records().get(i).errorCode() != null).boxed().toList();
    }

    private static List<EntryFault> predictedEntryFaults(ProxyFaultPlan plan, int entries) {
        ProxyFaultInjector predictor = new ProxyFaultInjector();
        predictor.apply(plan);
        return predictor.nextEntryFaults(entries);
    }

    private static long count(List<CallFault> faults, CallFault fault) {
        return faults.stream().filter(f -> f == fault).count();
    }
}
