package io.kkbridge.testsupport.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ObjectKeyLayoutTest {

    private static final UUID UUID_1 = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");

    @Test
    void shouldUseFirehoseDefaultTimePrefixAndObjectNameInUtc() {
        String key = ObjectKeyLayout.objectKey("", "events", "1", Instant.parse("2024-03-07T05:09:02.999Z"), UUID_1);

        assertThat(key).isEqualTo("2024/03/07/05/events-1-2024-03-07-05-09-02-0f8fad5b-d9cb-469f-a165-70867728950e");
    }

    @Test
    void shouldAppendTimePrefixToCustomPrefixAsIs() {
        Instant arrival = Instant.parse("2023-12-31T23:59:59Z");

        assertThat(ObjectKeyLayout.objectKey("raw/usa/", "s", "1", arrival, UUID_1))
                .isEqualTo("raw/usa/2023/12/31/23/s-1-2023-12-31-23-59-59-" + UUID_1);
        assertThat(ObjectKeyLayout.objectKey("raw", "s", "1", arrival, UUID_1))
                .isEqualTo("raw2023/12/31/23/s-1-2023-12-31-23-59-59-" + UUID_1);
    }
}
