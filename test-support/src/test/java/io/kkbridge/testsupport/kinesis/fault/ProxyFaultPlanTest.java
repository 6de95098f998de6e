package io.kkbridge.testsupport.kinesis.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

class ProxyFaultPlanTest {

    @Test
    void shouldInjectNothingByDefaultAndAimCallFaultsAtTheBatchCalls() {
        ProxyFaultPlan plan = ProxyFaultPlan.none();

        assertThat(plan.operations()).containsExactlyInAnyOrder("GetRecords", "PutRecords");
        assertThat(plan.throttledCallShare() + plan.limitExceededCallShare() + plan.internalFailureCallShare()
                + plan.serviceUnavailableCallShare() + plan.throttledEntryShare() + plan.internalFailureEntryShare()
                + plan.expiredIteratorShare()).isZero();
        assertThat(plan.rejectedAccessKeyIds()).isEmpty();
        assertThat(plan.accessDeniedAccessKeyIds()).isEmpty();
    }

    @Test
    void shouldChangeOnlyTheNamedSettingInEachWithMethod() {
        ProxyFaultPlan plan = ProxyFaultPlan.seeded(9)
                .withThrottledCalls(0.1)
                .withLimitExceededCalls(0.2)
                .withInternalFailureCalls(0.3)
                .withServiceUnavailableCalls(0.4)
                .withThrottledEntries(0.5)
                .withInternalFailureEntries(0.25)
                .withExpiredIterators(0.7)
                .onOperations(Set.of("ListShards"))
                .withRejectedAccessKeyIds("AKIDREJECTED")
                .withAccessDeniedAccessKeyIds("AKIDDENIED", "AKIDDENIED2");

        assertThat(plan).isEqualTo(new ProxyFaultPlan(9, Set.of("ListShards"), 0.1, 0.2, 0.3, 0.4, 0.5, 0.25, 0.7,
                Set.of("AKIDREJECTED"), Set.of("AKIDDENIED", "AKIDDENIED2")));
    }

    @Test
    void shouldRejectSharesOutsideZeroToOne() {
        assertThatThrownBy(() -> ProxyFaultPlan.seeded(1).withThrottledEntries(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("throttledEntryShare");
        assertThatThrownBy(() -> ProxyFaultPlan.seeded(1).withExpiredIterators(-0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiredIteratorShare");
        assertThatThrownBy(() -> ProxyFaultPlan.seeded(1).withServiceUnavailableCalls(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serviceUnavailableCallShare");
    }

    @Test
    void shouldRejectSharesAddingUpToMoreThanOne() {
        assertThatThrownBy(() -> ProxyFaultPlan.seeded(1).withThrottledCalls(0.5).withLimitExceededCalls(0.3)
                .withServiceUnavailableCalls(0.3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole-call");
        assertThatThrownBy(() -> ProxyFaultPlan.seeded(1).withThrottledEntries(0.6).withInternalFailureEntries(0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entry");
    }
}
