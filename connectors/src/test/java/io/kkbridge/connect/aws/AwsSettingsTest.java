package io.kkbridge.connect.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class AwsSettingsTest {

    static AwsSettings settings(Map<String, String> props) {
        return AwsSettings.from(new AbstractConfig(AwsConfigFragment.addTo(new ConfigDef()), props));
    }

    @Test
    void shouldReadMinimalConfigAsDefaultCredentialsWithoutRole() {
        AwsSettings settings = settings(Map.of("aws.region", "eu-west-1"));

        assertThat(settings.region()).isEqualTo(Region.EU_WEST_1);
        assertThat(settings.endpointOverride()).isEmpty();
        assertThat(settings.staticCredentials()).isEmpty();
        assertThat(settings.assumeRole()).isEmpty();
        assertThat(settings.retry()).isEqualTo(
                new AwsSettings.RetrySettings(10, Duration.ofMillis(100), Duration.ofSeconds(10)));
    }

    @Test
    void shouldReadEveryKey() {
        Map<String, String> props = new HashMap<>();
        props.put("aws.region", "us-east-2");
        props.put("aws.endpoint.override", "http://127.0.0.1:4567");
        props.put("aws.access.key.id", "AKIDEXAMPLE");
        props.put("aws.secret.access.key", "wJalrXUtnFEMI");
        props.put("aws.sts.role.arn", "arn:aws:iam::123456789012:role/bridge");
        props.put("aws.sts.role.external.id", "ext-1");
        props.put("aws.sts.role.session.name", "orders-source");
        props.put("aws.sts.endpoint.override", "https://sts.us-east-2.amazonaws.com");
        props.put("aws.retry.max.attempts", "4");
        props.put("aws.retry.backoff.base.ms", "50");
        props.put("aws.retry.backoff.max.ms", "800");

        AwsSettings settings = settings(props);

        assertThat(settings.region()).isEqualTo(Region.US_EAST_2);
        assertThat(settings.endpointOverride()).contains(URI.create("http://127.0.0.1:4567"));
        assertThat(settings.staticCredentials()).hasValueSatisfying(credentials -> {
            assertThat(credentials.accessKeyId().value()).isEqualTo("AKIDEXAMPLE");
            assertThat(credentials.secretAccessKey().value()).isEqualTo("wJalrXUtnFEMI");
        });
        assertThat(settings.assumeRole()).contains(new AwsSettings.AssumeRole(
                "arn:aws:iam::123456789012:role/bridge", Optional.of("ext-1"), "orders-source",
                Optional.of(URI.create("https://sts.us-east-2.amazonaws.com"))));
        assertThat(settings.retry()).isEqualTo(
                new AwsSettings.RetrySettings(4, Duration.ofMillis(50), Duration.ofMillis(800)));
    }

    @Test
    void shouldRefuseHalfAStaticKeyPairNamingBothKeys() {
        assertThatThrownBy(() -> settings(Map.of("aws.region", "eu-west-1", "aws.access.key.id", "AKID")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("aws.secret.access.key must be set when aws.access.key.id is set: give both, or neither "
                        + "to use the default credentials chain");
    }

    @Test
    void shouldJoinSeveralCombinationProblemsIntoOneMessage() {
        assertThatThrownBy(() -> settings(Map.of("aws.region", "eu-west-1", "aws.secret.access.key", "s",
                "aws.sts.role.external.id", "ext")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("aws.access.key.id must be set when aws.secret.access.key is set: give both, or neither "
                        + "to use the default credentials chain; aws.sts.role.external.id only applies when "
                        + "aws.sts.role.arn is set; set the role or remove aws.sts.role.external.id");
    }

    @Test
    void shouldNeverShowSecretsInToString() {
        AwsSettings settings = settings(Map.of("aws.region", "eu-west-1", "aws.access.key.id", "AKIDEXAMPLE",
                "aws.secret.access.key", "wJalrXUtnFEMI"));

        assertThat(settings.toString()).doesNotContain("AKIDEXAMPLE").doesNotContain("wJalrXUtnFEMI")
                .contains("[hidden]");
    }
}
