package io.kkbridge.sandbox.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiPredicate;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

class PutRecordsSenderTest {

    /** A stream that records what it accepted per key, refusing entries a script picks. */
    static final class ScriptedStream implements PutRecordsSender.PutRecordsCall {
        final List<List<PutRecordsRequestEntry>> requests = new ArrayList<>();
        final Map<String, List<String>> acceptedByKey = new LinkedHashMap<>();
        final List<String> accepted = new ArrayList<>();
        /** (request number from 1, entry) -> refuse with ProvisionedThroughputExceededException. */
        BiPredicate<Integer, PutRecordsRequestEntry> refuse = (n, e) -> false;
        String refusalCode = "ProvisionedThroughputExceededException";
        RuntimeException failRequest;
        int failRequestTimes;

        @Override
        public PutRecordsResponse putRecords(PutRecordsRequest request) {
            requests.add(request.records());
            if (failRequestTimes > 0) {
                failRequestTimes--;
                throw failRequest;
            }
            List<PutRecordsResultEntry> results = new ArrayList<>();
            int failed = 0;
            for (PutRecordsRequestEntry entry : request.records()) {
                if (refuse.test(requests.size(), entry)) {
                    results.add(PutRecordsResultEntry.builder().errorCode(refusalCode)
                            .errorMessage("Rate exceeded for shard shardId-000000000000").build());
                    failed++;
                } else {
                    String data = entry.data().asUtf8String();
                    acceptedByKey.computeIfAbsent(entry.partitionKey(), k -> new ArrayList<>()).add(data);
                    accepted.add(data);
                    results.add(PutRecordsResultEntry.builder().shardId("shardId-000000000000")
                            .sequenceNumber(String.valueOf(accepted.size())).build());
                }
            }
            return PutRecordsResponse.builder().failedRecordCount(failed).records(results).build();
        }
    }

    /** Time that moves only when the sender sleeps. */
    static final class FakeClock implements SendClock {
        long now = 1_000_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            now += Math.max(nanos, 1);
        }
    }

    /** Records with the given keys, data "<index>:<key>", positions from 1. */
    static RecordSource records(List<String> keys) {
        Iterator<String> it = keys.iterator();
        long[] position = {0};
        return () -> {
            if (!it.hasNext()) {
                return null;
            }
            String key = it.next();
            position[0]++;
            return new OutgoingRecord(position[0], key, (position[0] + ":" + key).getBytes(StandardCharsets.UTF_8),
                    position[0] * 10);
        };
    }

    static List<String> keys(int count, int distinct) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add("k" + (i % distinct));
        }
        return keys;
    }

    private final ScriptedStream stream = new ScriptedStream();
    private final FakeClock clock = new FakeClock();

    private PutRecordsSender sender(PutRecordsSender.Settings settings) {
        return new PutRecordsSender(settings, stream, clock, new Random(1), stats -> { });
    }

    @Test
    void shouldFillRequestsUpTo500RecordsWhenOrderIsNotKeptPerKey() throws Exception {
        SendStats stats = sender(PutRecordsSender.Settings.defaults("s").withOrdering(PutRecordsSender.Ordering.NONE))
                .run(records(keys(1_201, 3)));

        assertThat(stream.requests).extracting(List::size).containsExactly(500, 500, 201);
        assertThat(stream.accepted).hasSize(1_201);
        assertThat(stats.recordsSent()).isEqualTo(1_201);
        assertThat(stats.requests()).isEqualTo(3);
        assertThat(stats.recordsTaken()).isEqualTo(1_201);
        assertThat(stats.lastInputOffset()).isEqualTo(12_010);
    }

    @Test
    void shouldPutAtMostOneRecordPerKeyInARequestWhenOrderIsKeptPerKey() throws Exception {
        sender(PutRecordsSender.Settings.defaults("s")).run(records(keys(30, 4)));

        assertThat(stream.requests).allSatisfy(request -> {
            Set<String> keys = new HashSet<>();
            request.forEach(e -> assertThat(keys.add(e.partitionKey())).as("one entry per key").isTrue());
        });
        assertThat(stream.requests).extracting(List::size).containsExactly(4, 4, 4, 4, 4, 4, 4, 2);
        for (int k = 0; k < 4; k++) {
            List<String> expected = new ArrayList<>();
            for (int i = k; i < 30; i += 4) {
                expected.add((i + 1) + ":k" + k);
            }
            assertThat(stream.acceptedByKey.get("k" + k)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void shouldKeepManyDistinctKeysInFullRequestsWhenOrderIsKeptPerKey() throws Exception {
        sender(PutRecordsSender.Settings.defaults("s")).run(records(keys(1_000, 1_000)));

        assertThat(stream.requests).extracting(List::size).containsExactly(500, 500);
    }

    @Test
    void shouldRetryOnlyTheRefusedEntriesInOrderBeforeSendingMore() throws Exception {
        // the first request refuses records 2 and 4 (keys k1, k3); they go again, alone, before record 5
        stream.refuse = (n, e) -> n == 1 && (e.data().asUtf8String().startsWith("2:")
                || e.data().asUtf8String().startsWith("4:"));

        SendStats stats = sender(PutRecordsSender.Settings.defaults("s")).run(records(keys(8, 4)));

        assertThat(stream.requests).extracting(r -> r.stream().map(e -> e.data().asUtf8String()).toList())
                .containsExactly(List.of("1:k0", "2:k1", "3:k2", "4:k3"), List.of("2:k1", "4:k3"),
                        List.of("5:k0", "6:k1", "7:k2", "8:k3"));
        assertThat(stream.acceptedByKey.get("k1")).containsExactly("2:k1", "6:k1");
        assertThat(stats.retriedRecords()).isEqualTo(2);
        assertThat(stats.recordsSent()).isEqualTo(8);
        assertThat(stats.requests()).isEqualTo(3);
        assertThat(clock.sleeps).hasSize(1);
        assertThat(clock.sleeps.get(0)).isBetween(50_000_000L, 100_000_000L);
    }

    @Test
    void shouldKeepEachKeysOrderThroughRepeatedPartialFailures() throws Exception {
        Random chaos = new Random(7);
        stream.refuse = (n, e) -> chaos.nextInt(3) == 0;
        List<String> keys = keys(2_000, 7);

        SendStats stats = sender(PutRecordsSender.Settings.defaults("s").withMaxRetries(50)).run(records(keys));

        assertThat(stats.recordsSent()).isEqualTo(2_000);
        assertThat(stats.retriedRecords()).isPositive();
        for (int k = 0; k < 7; k++) {
            List<String> expected = new ArrayList<>();
            for (int i = k; i < 2_000; i += 7) {
                expected.add((i + 1) + ":k" + k);
            }
            assertThat(stream.acceptedByKey.get("k" + k)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void shouldGiveUpAfterMaxRetriesNamingTheLinesAndTheError() {
        stream.refuse = (n, e) -> e.partitionKey().equals("k1");
        PutRecordsSender sender = sender(PutRecordsSender.Settings.defaults("orders").withMaxRetries(3));

        assertThatThrownBy(() -> sender.run(records(keys(4, 4))))
                .isInstanceOf(ToolException.class)
                .hasMessage("1 records (line 2) were still not accepted by stream 'orders' after 4 attempts "
                        + "(--max-retries 3); last error ProvisionedThroughputExceededException: Rate exceeded for "
                        + "shard shardId-000000000000. 3 records had been sent before.");
        assertThat(stream.requests).hasSize(4);
        assertThat(clock.sleeps).hasSize(3);
    }

    @Test
    void shouldFailAtOnceOnAnEntryErrorThatRetryingCannotFix() {
        stream.refuse = (n, e) -> true;
        stream.refusalCode = "KMSAccessDeniedException";

        assertThatThrownBy(() -> sender(PutRecordsSender.Settings.defaults("s")).run(records(keys(2, 2))))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("were refused by stream 's' with an error that retrying does not fix; "
                        + "last error KMSAccessDeniedException");
        assertThat(stream.requests).hasSize(1);
    }

    @Test
    void shouldRetryAThrottledRequestAndFailOnAMissingStream() throws Exception {
        stream.failRequest = KinesisException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("LimitExceededException")
                        .errorMessage("slow down").build())
                .build();
        stream.failRequestTimes = 2;

        SendStats stats = sender(PutRecordsSender.Settings.defaults("s")).run(records(keys(3, 3)));

        assertThat(stats.recordsSent()).isEqualTo(3);
        assertThat(stats.retriedRecords()).isEqualTo(6);
        assertThat(stream.requests).hasSize(3);

        ScriptedStream missing = new ScriptedStream();
        missing.failRequest = ResourceNotFoundException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException")
                        .errorMessage("Stream gone under account 000000000000 not found.").build())
                .build();
        missing.failRequestTimes = 1;
        PutRecordsSender sender = new PutRecordsSender(PutRecordsSender.Settings.defaults("gone"), missing, clock,
                new Random(1), s -> { });
        assertThatThrownBy(() -> sender.run(records(keys(1, 1))))
                .isInstanceOf(ToolException.class)
                .hasMessage("Stream 'gone' does not exist (Stream gone under account 000000000000 not found.); "
                        + "create it first, or pass --create-stream");
    }

    @Test
    void shouldRespectTheLimitsOfARequestInBytes() throws Exception {
        // records of 1,000,000 bytes plus a 5-byte key: five fit in 5 MiB (5,242,880 bytes), a sixth does not
        byte[] big = new byte[1_000_000];
        List<OutgoingRecord> records = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            records.add(new OutgoingRecord(i + 1, "key-" + i, big, 0));
        }
        Iterator<OutgoingRecord> it = records.iterator();

        sender(PutRecordsSender.Settings.defaults("s")).run(() -> it.hasNext() ? it.next() : null);

        assertThat(stream.requests).extracting(List::size).containsExactly(5, 4);
        assertThat(stream.requests).allSatisfy(request -> assertThat(request.stream()
                .mapToLong(e -> e.data().asByteArrayUnsafe().length + e.partitionKey().length()).sum())
                .isLessThanOrEqualTo(KinesisLimits.MAX_BYTES_PER_REQUEST));
    }

    @Test
    void shouldNotTakeRecordsFasterThanTheRate() throws Exception {
        List<Long> takenAt = new ArrayList<>();
        RecordSource source = records(keys(50, 50));
        long start = clock.now;

        sender(PutRecordsSender.Settings.defaults("s").withRate(10)).run(() -> {
            takenAt.add(clock.now - start);
            return source.next();
        });

        assertThat(stream.accepted).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(takenAt.get(i)).as("record %d", i).isGreaterThanOrEqualTo(i * 100_000_000L);
        }
        assertThat(clock.now - start).isBetween(4_900_000_000L, 5_300_000_000L);
        // a request waits up to the 100 ms linger for more: the record due 100 ms later joins it
        assertThat(stream.requests).extracting(List::size).containsOnly(2).hasSize(25);
    }

    @Test
    void shouldSendTheRecordsReadBeforeABadRowThenFail() {
        RecordSource good = records(keys(3, 3));
        int[] calls = {0};
        RecordSource source = () -> {
            if (++calls[0] == 4) {
                throw new ToolException("line 5: 2 fields, but the header has 3 columns");
            }
            return good.next();
        };

        assertThatThrownBy(() -> sender(PutRecordsSender.Settings.defaults("s")).run(source))
                .isInstanceOf(ToolException.class)
                .hasMessage("line 5: 2 fields, but the header has 3 columns");
        assertThat(stream.accepted).containsExactly("1:k0", "2:k1", "3:k2");
    }

    @Test
    void shouldStopTakingRecordsWhenAskedAndSendWhatItHolds() throws Exception {
        PutRecordsSender sender = sender(PutRecordsSender.Settings.defaults("s")
                .withOrdering(PutRecordsSender.Ordering.NONE));
        long[] n = {0};
        RecordSource endless = () -> {
            n[0]++;
            if (n[0] == 700) {
                sender.requestStop();
            }
            return new OutgoingRecord(n[0], "k", new byte[] {1}, 0);
        };

        SendStats stats = sender.run(endless);

        assertThat(stats.recordsTaken()).isEqualTo(700);
        assertThat(stats.recordsSent()).isEqualTo(700);
        assertThat(stream.requests).extracting(List::size).containsExactly(500, 200);
    }
}
