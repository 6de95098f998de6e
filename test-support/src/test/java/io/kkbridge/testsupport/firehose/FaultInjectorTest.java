package io.kkbridge.testsupport.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.kkbridge.testsupport.firehose.FaultInjector.CallFault;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {

    @Test
    void shouldRepeatTheSameDecisionsForTheSameSeed() {
        FaultPlan plan = FaultPlan.seeded(42).withThrottledCalls(0.2).withInternalFailures(0.1).withFailedEntries(0.3);

        assertThat(decisions(plan)).isEqualTo(decisions(plan));
        assertThat(decisions(plan)).isNotEqualTo(decisions(FaultPlan.seeded(43).withThrottledCalls(0.2)
                .withInternalFailures(0.1).withFailedEntries(0.3)));
    }

    @Test
    void shouldFailAboutTheConfiguredShareOfEntries() {
        FaultInjector injector = new FaultInjector();
        injector.apply(FaultPlan.seeded(7).withFailedEntries(0.25));

        int failed = 0;
        for (boolean entry : injector.nextFailedEntries(20_000)) {
            failed += entry ? 1 : 0;
        }

        assertThat(failed).isBetween(4_700, 5_300);
    }

    @Test
    void shouldAlwaysOrNeverFailAtTheExtremes() {
        FaultInjector injector = new FaultInjector();
        injector.apply(FaultPlan.seeded(1).withThrottledCalls(1.0).withFailedEntries(1.0));
        assertThat(injector.nextCallFault(FirehoseOperation.PUT_RECORD_BATCH)).isEqualTo(CallFault.THROTTLED);
        assertThat(injector.nextFailedEntries(3)).containsExactly(true, true, true);

        injector.apply(FaultPlan.seeded(1).withInternalFailures(1.0));
        assertThat(injector.nextCallFault(FirehoseOperation.PUT_RECORD)).isEqualTo(CallFault.INTERNAL_FAILURE);
        assertThat(injector.nextFailedEntries(3)).containsExactly(false, false, false);

        injector.apply(FaultPlan.none());
        assertThat(injector.nextCallFault(FirehoseOperation.PUT_RECORD)).isEqualTo(CallFault.NONE);
    }

    @Test
    void shouldSpareControlPlaneCallsUnlessThePlanNamesThem() {
        FaultInjector injector = new FaultInjector();
        FaultPlan throttleAll = FaultPlan.seeded(1).withThrottledCalls(1.0);

        injector.apply(throttleAll);
        assertThat(injector.nextCallFault(FirehoseOperation.DESCRIBE_DELIVERY_STREAM)).isEqualTo(CallFault.NONE);

        injector.apply(throttleAll.onOperations(Set.of(FirehoseOperation.DESCRIBE_DELIVERY_STREAM)));
        assertThat(injector.nextCallFault(FirehoseOperation.DESCRIBE_DELIVERY_STREAM)).isEqualTo(CallFault.THROTTLED);
        assertThat(injector.nextCallFault(FirehoseOperation.PUT_RECORD)).isEqualTo(CallFault.NONE);
    }

    @Test
    void shouldRejectSharesOutsideZeroToOne() {
        assertThatThrownBy(() -> FaultPlan.seeded(1).withFailedEntries(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failedEntryShare");
        assertThatThrownBy(() -> FaultPlan.seeded(1).withThrottledCalls(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultPlan.seeded(1).withThrottledCalls(0.7).withInternalFailures(0.4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not exceed 1");
    }

    private static List<Object> decisions(FaultPlan plan) {
        FaultInjector injector = new FaultInjector();
        injector.apply(plan);
        List<Object> decisions = new ArrayList<>();
        for (int call = 0; call < 50; call++) {
            decisions.add(injector.nextCallFault(FirehoseOperation.PUT_RECORD_BATCH));
            boolean[] entries = injector.nextFailedEntries(10);
            for (boolean entry : entries) {
                decisions.add(entry);
            }
        }
        return decisions;
    }
}
