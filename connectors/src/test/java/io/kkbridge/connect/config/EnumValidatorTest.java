package io.kkbridge.connect.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class EnumValidatorTest {

    private final EnumValidator<TimeUnit> validator = EnumValidator.of(TimeUnit.class);

    @Test
    void shouldAcceptConstantNamesIgnoringCaseAndSpaces() {
        validator.ensureValid("unit", "seconds");
        validator.ensureValid("unit", " MINUTES ");

        assertThat(validator.parse("Seconds")).isEqualTo(TimeUnit.SECONDS);
    }

    @Test
    void shouldRejectOtherValuesListingTheAllowedOnes() {
        assertThatThrownBy(() -> validator.ensureValid("unit", "weeks"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value weeks for configuration unit: must be one of NANOSECONDS, MICROSECONDS, "
                        + "MILLISECONDS, SECONDS, MINUTES, HOURS, DAYS");
        assertThatThrownBy(() -> validator.ensureValid("unit", null)).isInstanceOf(ConfigException.class);
    }
}
