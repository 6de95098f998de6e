package io.kkbridge.connect.aws;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegionValidatorTest {

    private final RegionValidator validator = new RegionValidator();

    @ParameterizedTest
    @ValueSource(strings = {"us-east-1", "eu-central-2", "ap-southeast-4", "us-gov-west-1", "cn-north-1",
        "us-isob-east-1", "mx-central-1"})
    void shouldAcceptRegionCodes(String region) {
        assertThatCode(() -> validator.ensureValid("aws.region", region)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"US-EAST-1", "us-east", "useast1", "us_east_1", "eu-west-1a", "global"})
    void shouldRejectWhatIsNotARegionCode(String value) {
        assertThatThrownBy(() -> validator.ensureValid("aws.region", value))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value " + value + " for configuration aws.region: not an AWS region code; "
                        + "expected something like us-east-1");
    }

    @Test
    void shouldRejectMissingOrBlankRegion() {
        assertThatThrownBy(() -> validator.ensureValid("aws.region", null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value null for configuration aws.region: an AWS region is required, such as "
                        + "us-east-1");
        assertThatThrownBy(() -> validator.ensureValid("aws.region", " "))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("an AWS region is required");
    }
}
