package io.kkbridge.connect.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class NonEmptyStringValidatorTest {

    private final NonEmptyStringValidator validator = new NonEmptyStringValidator();

    @Test
    void shouldAcceptUnsetAndNonEmptyValues() {
        assertThatCode(() -> validator.ensureValid("some.key", null)).doesNotThrowAnyException();
        assertThatCode(() -> validator.ensureValid("some.key", "value")).doesNotThrowAnyException();
        assertThatCode(() -> validator.ensureValid("some.key", new Password("s3cret"))).doesNotThrowAnyException();
    }

    @Test
    void shouldRejectEmptyOrBlankStringNamingTheKey() {
        assertThatThrownBy(() -> validator.ensureValid("aws.sts.role.external.id", ""))
                .isInstanceOf(ConfigException.class)
                .hasMessage("aws.sts.role.external.id must not be empty; remove the setting to leave it unset");
        assertThatThrownBy(() -> validator.ensureValid("aws.sts.role.external.id", "  "))
                .isInstanceOf(ConfigException.class)
                .hasMessage("aws.sts.role.external.id must not be empty; remove the setting to leave it unset");
    }

    @Test
    void shouldRejectBlankPasswordWithoutShowingItsValue() {
        assertThatThrownBy(() -> validator.ensureValid("aws.secret.access.key", new Password(" \t")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("aws.secret.access.key must not be empty; remove the setting to leave it unset");
    }
}
