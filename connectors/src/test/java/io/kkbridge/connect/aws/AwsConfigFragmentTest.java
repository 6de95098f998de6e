package io.kkbridge.connect.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class AwsConfigFragmentTest {

    private final ConfigDef configDef = AwsConfigFragment.addTo(new ConfigDef());

    @Test
    void shouldDefineEveryAwsKeyInTheAwsGroupInOrder() {
        assertThat(configDef.configKeys().values().stream().sorted((a, b) -> a.orderInGroup - b.orderInGroup)
                .map(key -> key.name)).containsExactly(
                        "aws.region", "aws.endpoint.override", "aws.access.key.id", "aws.secret.access.key",
                        "aws.sts.role.arn", "aws.sts.role.external.id", "aws.sts.role.session.name",
                        "aws.sts.endpoint.override", "aws.retry.max.attempts", "aws.retry.backoff.base.ms",
                        "aws.retry.backoff.max.ms");
        assertThat(configDef.configKeys().values()).allSatisfy(key -> {
            assertThat(key.group).isEqualTo("AWS");
            assertThat(key.documentation).isNotBlank();
            assertThat(key.displayName).isNotBlank();
        });
    }

    @Test
    void shouldTreatCredentialsAsPasswords() {
        assertThat(configDef.configKeys().get("aws.access.key.id").type).isEqualTo(Type.PASSWORD);
        assertThat(configDef.configKeys().get("aws.secret.access.key").type).isEqualTo(Type.PASSWORD);
    }

    @Test
    void shouldGiveEveryKeyANamedValidatorOrRange() {
        Map<String, String> validators = configDef.configKeys().values().stream()
                .collect(Collectors.toMap(key -> key.name, key -> key.validator.getClass().getSimpleName()));

        assertThat(validators).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("aws.region", "RegionValidator"),
                Map.entry("aws.endpoint.override", "UrlValidator"),
                Map.entry("aws.access.key.id", "NonEmptyStringValidator"),
                Map.entry("aws.secret.access.key", "NonEmptyStringValidator"),
                Map.entry("aws.sts.role.arn", "RoleArnValidator"),
                Map.entry("aws.sts.role.external.id", "NonEmptyStringValidator"),
                Map.entry("aws.sts.role.session.name", "RoleSessionNameValidator"),
                Map.entry("aws.sts.endpoint.override", "UrlValidator"),
                Map.entry("aws.retry.max.attempts", "Range"),
                Map.entry("aws.retry.backoff.base.ms", "Range"),
                Map.entry("aws.retry.backoff.max.ms", "Range")));
    }

    @Test
    void shouldRequireTheRegion() {
        assertThatThrownBy(() -> new AbstractConfig(configDef, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Missing required configuration \"aws.region\" which has no default value.");
    }

    @Test
    void shouldApplyDefaults() {
        AbstractConfig config = new AbstractConfig(configDef, Map.of("aws.region", "eu-west-1"));

        assertThat(config.getString("aws.endpoint.override")).isNull();
        assertThat(config.getPassword("aws.access.key.id")).isNull();
        assertThat(config.getString("aws.sts.role.session.name")).isEqualTo("kkbridge");
        assertThat(config.getInt("aws.retry.max.attempts")).isEqualTo(10);
        assertThat(config.getLong("aws.retry.backoff.base.ms")).isEqualTo(100L);
        assertThat(config.getLong("aws.retry.backoff.max.ms")).isEqualTo(10_000L);
    }

    @Test
    void shouldRejectZeroAttemptsNamingTheKey() {
        assertThatThrownBy(() -> new AbstractConfig(configDef,
                Map.of("aws.region", "eu-west-1", "aws.retry.max.attempts", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 0 for configuration aws.retry.max.attempts: Value must be at least 1");
    }

    @Test
    void shouldReportAccessKeyIdWithoutSecretOnTheSecretKey() {
        Map<String, List<String>> errors = validate(Map.of("aws.region", "eu-west-1", "aws.access.key.id", "AKID"));

        assertThat(errors).containsExactly(Map.entry("aws.secret.access.key", List.of("aws.secret.access.key must be "
                + "set when aws.access.key.id is set: give both, or neither to use the default credentials chain")));
    }

    @Test
    void shouldReportSecretWithoutAccessKeyIdOnTheAccessKeyId() {
        Map<String, List<String>> errors = validate(Map.of("aws.region", "eu-west-1",
                "aws.secret.access.key", "s3cret"));

        assertThat(errors).containsExactly(Map.entry("aws.access.key.id", List.of("aws.access.key.id must be set "
                + "when aws.secret.access.key is set: give both, or neither to use the default credentials chain")));
    }

    @Test
    void shouldReportRoleOnlySettingsWithoutARole() {
        Map<String, List<String>> errors = validate(Map.of("aws.region", "eu-west-1",
                "aws.sts.role.external.id", "ext", "aws.sts.endpoint.override", "https://sts.eu-west-1.amazonaws.com"));

        assertThat(errors).containsOnly(
                Map.entry("aws.sts.role.external.id", List.of("aws.sts.role.external.id only applies when "
                        + "aws.sts.role.arn is set; set the role or remove aws.sts.role.external.id")),
                Map.entry("aws.sts.endpoint.override", List.of("aws.sts.endpoint.override only applies when "
                        + "aws.sts.role.arn is set; set the role or remove aws.sts.endpoint.override")));
    }

    @Test
    void shouldReportMaxBackoffBelowBaseBackoff() {
        Map<String, List<String>> errors = validate(Map.of("aws.region", "eu-west-1",
                "aws.retry.backoff.base.ms", "500", "aws.retry.backoff.max.ms", "200"));

        assertThat(errors).containsExactly(Map.entry("aws.retry.backoff.max.ms",
                List.of("aws.retry.backoff.max.ms (200) must not be smaller than aws.retry.backoff.base.ms (500)")));
    }

    @Test
    void shouldReportNothingForACompleteValidConfig() {
        assertThat(validate(Map.of("aws.region", "eu-west-1", "aws.access.key.id", "AKID",
                "aws.secret.access.key", "s3cret", "aws.sts.role.arn", "arn:aws:iam::123456789012:role/r",
                "aws.sts.role.external.id", "ext"))).isEmpty();
    }

    @Test
    void shouldKeepPerKeyErrorsAlongsideCombinationErrors() {
        Map<String, List<String>> errors = validate(Map.of("aws.region", "nowhere", "aws.access.key.id", "AKID"));

        assertThat(errors.keySet()).containsExactlyInAnyOrder("aws.region", "aws.secret.access.key");
    }

    /** What a connector's validate() would return: key → error messages, only keys with errors. */
    private Map<String, List<String>> validate(Map<String, String> props) {
        List<ConfigValue> values = configDef.validate(props);
        AwsConfigFragment.reportInvalidCombinations(values);
        return values.stream().filter(value -> !value.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }
}
