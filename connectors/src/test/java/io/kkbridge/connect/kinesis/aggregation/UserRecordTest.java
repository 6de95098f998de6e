package io.kkbridge.connect.kinesis.aggregation;

import static io.kkbridge.connect.kinesis.aggregation.HandBuiltAggregate.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserRecordTest {

    @Test
    void shouldCompareDataByContentNotByArrayIdentity() {
        UserRecord one = new UserRecord("k", "1", utf8("data"));
        UserRecord same = new UserRecord("k", "1", utf8("data"));

        assertThat(one).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(one).isNotEqualTo(new UserRecord("k", "1", utf8("other")));
        assertThat(one).isNotEqualTo(new UserRecord("k", null, utf8("data")));
    }

    @Test
    void shouldShowDataSizeButNotDataInToString() {
        assertThat(new UserRecord("k", null, utf8("secret-payload")))
                .hasToString("UserRecord{partitionKey=k, explicitHashKey=null, data=14 bytes}");
    }
}
