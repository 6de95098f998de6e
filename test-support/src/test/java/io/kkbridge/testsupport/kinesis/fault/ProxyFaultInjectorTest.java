package io.kkbridge.testsupport.kinesis.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.kkbridge.testsupport.kinesis.fault.ProxyFaultInjector.CallFault;
import io.kkbridge.testsupport.kinesis.fault.ProxyFaultInjector.EntryFault;

class ProxyFaultInjectorTest {

    private static final ProxyFaultPlan MIXED = ProxyFaultPlan.seeded(42)
            .withThrottledCalls(0.1).withLimitExceededCalls(0.1).withInternalFailureCalls(0.1)
            .withServiceUnavailableCalls(0.1).withThrottledEntries(0.2).withInternalFailureEntries(0.1)
            .withExpiredIterators(0.3);

    @Test
    void shouldRepeatTheSameDecisionsForTheSameSeed() {
        assertThat(decisions(MIXED)).isEqualTo(decisions(MIXED));
        assertThat(decisions(MIXED)).isNotEqualTo(decisions(new ProxyFaultPlan(43, MIXED.operations(),
                0.1, 0.1, 0.1, 0.1, 0.2, 0.1, 0.3, Set.of(), Set.of())));
    }

    @Test
    void shouldRestartTheSequenceWhenAPlanIsApplied() {
        ProxyFaultInjector injector = new ProxyFaultInjector();
        injector.apply(MIXED);
        List<EntryFault> first = injector.nextEntryFaults(30);
        injector.apply(MIXED);

        assertThat(injector.nextEntryFaults(30)).isEqualTo(first);
    }

    @Test
    void shouldKeepEntryFaultsIndependentOfCallAndIteratorDraws() {
        ProxyFaultInjector quiet = new ProxyFaultInjector();
        quiet.apply(MIXED);
        ProxyFaultInjector busy = new ProxyFaultInjector();
        busy.apply(MIXED);
        for (int i = 0; i < 17; i++) {
            busy.nextCallFault("GetRecords");
            busy.nextIteratorExpired();
        }

        assertThat(busy.nextEntryFaults(50)).isEqualTo(quiet.nextEntryFaults(50));
    }

    @Test
    void shouldDrawAboutTheConfiguredShareOfEachFault() {
        ProxyFaultInjector injector = new ProxyFaultInjector();
        injector.apply(MIXED);
        Map<CallFault, Integer> calls = new EnumMap<>(CallFault.class);
        Map<EntryFault, Integer> entries = new EnumMap<>(EntryFault.class);
        int expired = 0;
        for (int i = 0; i < 20_000; i++) {
            calls.merge(injector.nextCallFault("PutRecords"), 1, Integer::sum);
            expired += injector.nextIteratorExpired() ? 1 : 0;
        }
        injector.nextEntryFaults(20_000).forEach(fault -> entries.merge(fault, 1, Integer::sum));

        assertThat(calls.get(CallFault.THROTTLED)).isBetween(1_800, 2_200);
        assertThat(calls.get(CallFault.LIMIT_EXCEEDED)).isBetween(1_800, 2_200);
        assertThat(calls.get(CallFault.INTERNAL_FAILURE)).isBetween(1_800, 2_200);
        assertThat(calls.get(CallFault.SERVICE_UNAVAILABLE)).isBetween(1_800, 2_200);
        assertThat(entries.get(EntryFault.THROTTLED)).isBetween(3_700, 4_300);
        assertThat(entries.get(EntryFault.INTERNAL_FAILURE)).isBetween(1_800, 2_200);
        assertThat(expired).isBetween(5_700, 6_300);
    }

    @Test
    void shouldAlwaysOrNeverFailAtTheExtremes() {
        ProxyFaultInjector injector = new ProxyFaultInjector();
        injector.apply(ProxyFaultPlan.seeded(1).withServiceUnavailableCalls(1.0).withInternalFailureEntries(1.0)
                .withExpiredIterators(1.0));
        assertThat(injector.nextCallFault("GetRecords")).isEqualTo(CallFault.SERVICE_UNAVAILABLE);
        assertThat(injector.nextEntryFaults(3)).containsOnly(EntryFault.INTERNAL_FAILURE);
        assertThat(injector.nextIteratorExpired()).isTrue();

        injector.apply(ProxyFaultPlan.none());
        assertThat(injector.nextCallFault("PutRecords")).isEqualTo(CallFault.NONE);
        assertThat(injector.nextEntryFaults(3)).containsOnly(EntryFault.NONE);
        assertThat(injector.nextIteratorExpired()).isFalse();
    }

    @Test
    void shouldSpareOperationsThePlanDoesNotName() {
        ProxyFaultInjector injector = new ProxyFaultInjector();
        ProxyFaultPlan throttleAll = ProxyFaultPlan.seeded(1).withThrottledCalls(1.0);

        injector.apply(throttleAll);
        assertThat(injector.nextCallFault("PutRecord")).isEqualTo(CallFault.NONE);
        assertThat(injector.nextCallFault("PutRecords")).isEqualTo(CallFault.THROTTLED);

        injector.apply(throttleAll.onOperations(Set.of("ListShards")));
        assertThat(injector.nextCallFault("ListShards")).isEqualTo(CallFault.THROTTLED);
        assertThat(injector.nextCallFault("GetRecords")).isEqualTo(CallFault.NONE);
    }

    private static List<Object> decisions(ProxyFaultPlan plan) {
        ProxyFaultInjector injector = new ProxyFaultInjector();
        injector.apply(plan);
        List<Object> decisions = new ArrayList<>();
        for (int call = 0; call < 50; call++) {
            decisions.add(injector.nextCallFault("PutRecords"));
            decisions.addAll(injector.nextEntryFaults(10));
            decisions.add(injector.nextIteratorExpired());
        }
        return decisions;
    }
}
