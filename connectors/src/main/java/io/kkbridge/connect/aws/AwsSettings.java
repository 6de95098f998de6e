package io.kkbridge.connect.aws;

import static io.kkbridge.connect.aws.AwsConfigFragment.ACCESS_KEY_ID_CONFIG;
import static io.kkbridge.connect.aws.AwsConfigFragment.ENDPOINT_OVERRIDE_CONFIG;
import static io.kkbridge.connect.aws.AwsConfigFragment.REGION_CONFIG;
import static io.kkbridge.connect.aws.AwsConfigFragment.RETRY_BACKOFF_BASE_MS_CONFIG;
import static io.kkbridge.connect.aws.AwsConfigFragment.RETRY_BACKOFF_MAX_MS_CONFIG;
import static io.kkbridge.connect.aws.AwsConfigFragment.RETRY_MAX_ATTEMPTS_CONFIG;
import static io.kkbridge.connect.aws.AwsConfigFragment.SECRET_ACCESS_KEY_CONFIG;
import static io.kkbridge.connect.aws.AwsConfigFragment.STS_ENDPOINT_OVERRIDE_CONFIG;
import static io.kkbridge.connect.aws.AwsConfigFragment.STS_ROLE_ARN_CONFIG;
import static io.kkbridge.connect.aws.AwsConfigFragment.STS_ROLE_EXTERNAL_ID_CONFIG;
import static io.kkbridge.connect.aws.AwsConfigFragment.STS_ROLE_SESSION_NAME_CONFIG;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS keys of {@link AwsConfigFragment}, parsed and checked together. Safe to log: secrets stay
 * {@link Password}s, whose {@code toString} hides them.
 */
public record AwsSettings(Region region, Optional<URI> endpointOverride, Optional<StaticCredentials> staticCredentials,
                          Optional<AssumeRole> assumeRole, RetrySettings retry) {

    public AwsSettings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(endpointOverride, "endpointOverride");
        Objects.requireNonNull(staticCredentials, "staticCredentials");
        Objects.requireNonNull(assumeRole, "assumeRole");
        Objects.requireNonNull(retry, "retry");
    }

    /** Access key pair given in the connector config instead of the default credentials chain. */
    public record StaticCredentials(Password accessKeyId, Password secretAccessKey) {
    }

    /** An IAM role assumed through STS, on top of the static or default credentials. */
    public record AssumeRole(String roleArn, Optional<String> externalId, String sessionName,
                             Optional<URI> stsEndpointOverride) {
    }

    public record RetrySettings(int maxAttempts, Duration baseBackoff, Duration maxBackoff) {
    }

    /**
     * Reads the AWS keys from a config whose {@code ConfigDef} went through {@link AwsConfigFragment#addTo}.
     *
     * @throws ConfigException naming the keys, if they break a rule spanning several keys
     */
    public static AwsSettings from(AbstractConfig config) {
        Map<String, String> problems = AwsConfigFragment.invalidCombinations(name -> config.values().get(name));
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("; ", problems.values()));
        }
        Optional<StaticCredentials> staticCredentials = Optional.ofNullable(config.getPassword(ACCESS_KEY_ID_CONFIG))
                .map(accessKeyId -> new StaticCredentials(accessKeyId, config.getPassword(SECRET_ACCESS_KEY_CONFIG)));
        Optional<AssumeRole> assumeRole = Optional.ofNullable(config.getString(STS_ROLE_ARN_CONFIG))
                .map(roleArn -> new AssumeRole(roleArn,
                        Optional.ofNullable(config.getString(STS_ROLE_EXTERNAL_ID_CONFIG)),
                        config.getString(STS_ROLE_SESSION_NAME_CONFIG),
                        optionalUri(config.getString(STS_ENDPOINT_OVERRIDE_CONFIG))));
        RetrySettings retry = new RetrySettings(config.getInt(RETRY_MAX_ATTEMPTS_CONFIG),
                Duration.ofMillis(config.getLong(RETRY_BACKOFF_BASE_MS_CONFIG)),
                Duration.ofMillis(config.getLong(RETRY_BACKOFF_MAX_MS_CONFIG)));
        return new AwsSettings(Region.of(config.getString(REGION_CONFIG)),
                optionalUri(config.getString(ENDPOINT_OVERRIDE_CONFIG)), staticCredentials, assumeRole, retry);
    }

    private static Optional<URI> optionalUri(String value) {
        return Optional.ofNullable(value).map(URI::create);
    }
}
