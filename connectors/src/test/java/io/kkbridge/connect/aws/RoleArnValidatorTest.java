package io.kkbridge.connect.aws;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoleArnValidatorTest {

    private final RoleArnValidator validator = new RoleArnValidator();

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:iam::123456789012:role/kinesis-bridge",
        "arn:aws-cn:iam::123456789012:role/service/path/role_name.v2",
        "arn:aws-us-gov:iam::123456789012:role/a+b=c,d@e"})
    void shouldAcceptRoleArns(String arn) {
        assertThatCode(() -> validator.ensureValid("aws.sts.role.arn", arn)).doesNotThrowAnyException();
    }

    @Test
    void shouldAcceptUnsetValue() {
        assertThatCode(() -> validator.ensureValid("aws.sts.role.arn", null)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:iam::123456789012:user/alice", "arn:aws:iam::12345:role/short-account",
        "kinesis-bridge", "arn:aws:sts::123456789012:assumed-role/r/s", ""})
    void shouldRejectWhatIsNotARoleArn(String value) {
        assertThatThrownBy(() -> validator.ensureValid("aws.sts.role.arn", value))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value " + value + " for configuration aws.sts.role.arn: not an IAM role ARN; "
                        + "expected arn:aws:iam::<12-digit account id>:role/<role name>");
    }
}
