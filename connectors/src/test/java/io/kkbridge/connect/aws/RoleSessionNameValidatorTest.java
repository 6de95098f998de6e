package io.kkbridge.connect.aws;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoleSessionNameValidatorTest {

    private final RoleSessionNameValidator validator = new RoleSessionNameValidator();

    @ParameterizedTest
    @ValueSource(strings = {"kkbridge", "ab", "orders-source_task.1@eu,x=y+z"})
    void shouldAcceptValidSessionNames(String name) {
        assertThatCode(() -> validator.ensureValid("aws.sts.role.session.name", name)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"a", "has space", "slash/not-allowed",
        "x12345678901234567890123456789012345678901234567890123456789012345"})
    void shouldRejectInvalidSessionNames(String name) {
        assertThatThrownBy(() -> validator.ensureValid("aws.sts.role.session.name", name))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value " + name + " for configuration aws.sts.role.session.name: a role session "
                        + "name has 2 to 64 characters: letters, digits and + = , . @ _ -");
    }
}
