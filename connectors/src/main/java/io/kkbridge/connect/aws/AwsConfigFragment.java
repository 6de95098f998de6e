package io.kkbridge.connect.aws;

import io.kkbridge.connect.config.NonEmptyStringValidator;
import io.kkbridge.connect.config.UrlValidator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

/**
 * The AWS settings every connector shares: region, endpoint, credentials, STS assume-role and retry. Each connector's
 * config class adds them to its own {@link ConfigDef} and reads them back with {@link AwsSettings#from}.
 */
public final class AwsConfigFragment {

    public static final String GROUP = "AWS";

    public static final String REGION_CONFIG = "aws.region";
    public static final String ENDPOINT_OVERRIDE_CONFIG = "aws.endpoint.override";
    public static final String ACCESS_KEY_ID_CONFIG = "aws.access.key.id";
    public static final String SECRET_ACCESS_KEY_CONFIG = "aws.secret.access.key";
    public static final String STS_ROLE_ARN_CONFIG = "aws.sts.role.arn";
    public static final String STS_ROLE_EXTERNAL_ID_CONFIG = "aws.sts.role.external.id";
    public static final String STS_ROLE_SESSION_NAME_CONFIG = "aws.sts.role.session.name";
    public static final String STS_ENDPOINT_OVERRIDE_CONFIG = "aws.sts.endpoint.override";
    public static final String RETRY_MAX_ATTEMPTS_CONFIG = "aws.retry.max.attempts";
    public static final String RETRY_BACKOFF_BASE_MS_CONFIG = "aws.retry.backoff.base.ms";
    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "aws.retry.backoff.max.ms";

    public static final String REGION_DOC = "AWS region of the streams, such as us-east-1. Also signs the requests "
            + "and picks the regional endpoints of Kinesis, Firehose and STS.";
    public static final String ENDPOINT_OVERRIDE_DOC = "URL that replaces the regional Kinesis and Firehose "
            + "endpoint, such as a VPC endpoint or a local emulator (http://127.0.0.1:4567). Unset: the regional "
            + "AWS endpoint.";
    public static final String ACCESS_KEY_ID_DOC = "Access key id of static AWS credentials. Set together with "
            + SECRET_ACCESS_KEY_CONFIG + ", or leave both unset to use the default credentials chain (environment, "
            + "system properties, profile, container or instance role).";
    public static final String SECRET_ACCESS_KEY_DOC = "Secret access key of static AWS credentials; set together "
            + "with " + ACCESS_KEY_ID_CONFIG + ". Never logged.";
    public static final String STS_ROLE_ARN_DOC = "IAM role to assume through STS. The static or default "
            + "credentials are used to assume it and the role's temporary credentials, refreshed before they "
            + "expire, make the calls. Unset: no role is assumed.";
    public static final String STS_ROLE_EXTERNAL_ID_DOC = "External id the role's trust policy requires, if any. "
            + "Only with " + STS_ROLE_ARN_CONFIG + ".";
    public static final String STS_ROLE_SESSION_NAME_DOC = "Session name of the assumed role; it shows in "
            + "CloudTrail, so it tells this connector's calls apart.";
    public static final String STS_ROLE_SESSION_NAME_DEFAULT = "kkbridge";
    public static final String STS_ENDPOINT_OVERRIDE_DOC = "URL that replaces the regional STS endpoint, such as "
            + "an STS VPC endpoint. Only with " + STS_ROLE_ARN_CONFIG + ". Unset: the regional STS endpoint.";
    public static final String RETRY_MAX_ATTEMPTS_DOC = "How many times one AWS call is tried, the first try "
            + "included, when it fails with a server error or a network error (or throttling, for calls other than "
            + "GetRecords, PutRecords and PutRecordBatch). Throttling of those data calls is back-pressure from a "
            + "shard or delivery stream at its limit and is retried without limit, the backoff growing up to "
            + RETRY_BACKOFF_MAX_MS_CONFIG + ". Other errors are not retried.";
    public static final int RETRY_MAX_ATTEMPTS_DEFAULT = 10;
    public static final String RETRY_BACKOFF_BASE_MS_DOC = "Backoff ceiling before the first retry. The ceiling "
            + "doubles with each retry up to " + RETRY_BACKOFF_MAX_MS_CONFIG + "; the actual wait is random "
            + "between half the ceiling and the ceiling.";
    public static final long RETRY_BACKOFF_BASE_MS_DEFAULT = 100;
    public static final String RETRY_BACKOFF_MAX_MS_DOC = "Largest backoff ceiling between two tries; at least "
            + RETRY_BACKOFF_BASE_MS_CONFIG + ".";
    public static final long RETRY_BACKOFF_MAX_MS_DEFAULT = 10_000;

    private AwsConfigFragment() {
    }

    /** Adds the AWS keys to {@code configDef} and returns it, for chaining. */
    public static ConfigDef addTo(ConfigDef configDef) {
        int order = 0;
        configDef.define(REGION_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new RegionValidator(),
                Importance.HIGH, REGION_DOC, GROUP, ++order, Width.SHORT, "AWS region");
        configDef.define(ENDPOINT_OVERRIDE_CONFIG, Type.STRING, null, new UrlValidator(),
                Importance.LOW, ENDPOINT_OVERRIDE_DOC, GROUP, ++order, Width.LONG, "Endpoint override");
        configDef.define(ACCESS_KEY_ID_CONFIG, Type.PASSWORD, null, new NonEmptyStringValidator(),
                Importance.MEDIUM, ACCESS_KEY_ID_DOC, GROUP, ++order, Width.MEDIUM, "Access key id");
        configDef.define(SECRET_ACCESS_KEY_CONFIG, Type.PASSWORD, null, new NonEmptyStringValidator(),
                Importance.MEDIUM, SECRET_ACCESS_KEY_DOC, GROUP, ++order, Width.MEDIUM, "Secret access key");
        configDef.define(STS_ROLE_ARN_CONFIG, Type.STRING, null, new RoleArnValidator(),
                Importance.MEDIUM, STS_ROLE_ARN_DOC, GROUP, ++order, Width.LONG, "Role ARN to assume");
        configDef.define(STS_ROLE_EXTERNAL_ID_CONFIG, Type.STRING, null, new NonEmptyStringValidator(),
                Importance.LOW, STS_ROLE_EXTERNAL_ID_DOC, GROUP, ++order, Width.MEDIUM, "Role external id");
        configDef.define(STS_ROLE_SESSION_NAME_CONFIG, Type.STRING, STS_ROLE_SESSION_NAME_DEFAULT,
                new RoleSessionNameValidator(), Importance.LOW, STS_ROLE_SESSION_NAME_DOC, GROUP, ++order,
                Width.MEDIUM, "Role session name");
        configDef.define(STS_ENDPOINT_OVERRIDE_CONFIG, Type.STRING, null, new UrlValidator(),
                Importance.LOW, STS_ENDPOINT_OVERRIDE_DOC, GROUP, ++order, Width.LONG, "STS endpoint override");
        configDef.define(RETRY_MAX_ATTEMPTS_CONFIG, Type.INT, RETRY_MAX_ATTEMPTS_DEFAULT, Range.atLeast(1),
                Importance.LOW, RETRY_MAX_ATTEMPTS_DOC, GROUP, ++order, Width.SHORT, "Retry: max attempts");
        configDef.define(RETRY_BACKOFF_BASE_MS_CONFIG, Type.LONG, RETRY_BACKOFF_BASE_MS_DEFAULT, Range.atLeast(1),
                Importance.LOW, RETRY_BACKOFF_BASE_MS_DOC, GROUP, ++order, Width.SHORT, "Retry: base backoff (ms)");
        configDef.define(RETRY_BACKOFF_MAX_MS_CONFIG, Type.LONG, RETRY_BACKOFF_MAX_MS_DEFAULT, Range.atLeast(1),
                Importance.LOW, RETRY_BACKOFF_MAX_MS_DOC, GROUP, ++order, Width.SHORT, "Retry: max backoff (ms)");
        return configDef;
    }

    /**
     * Adds an error message to each value in {@code values} that breaks a rule spanning several keys (which a
     * per-key validator cannot see). For a connector's {@code validate()}, so the REST API reports them.
     */
    public static void reportInvalidCombinations(List<ConfigValue> values) {
        Map<String, ConfigValue> byName = new LinkedHashMap<>();
        values.forEach(value -> byName.put(value.name(), value));
        invalidCombinations(name -> byName.containsKey(name) ? byName.get(name).value() : null)
                .forEach((name, message) -> {
                    ConfigValue value = byName.get(name);
                    if (value != null) {
                        value.addErrorMessage(message);
                    }
                });
    }

    /** Key in error → message, for every broken cross-key rule. */
    static Map<String, String> invalidCombinations(Function<String, Object> valueOf) {
        Map<String, String> problems = new LinkedHashMap<>();
        boolean accessKeyIdSet = isSet(valueOf.apply(ACCESS_KEY_ID_CONFIG));
        boolean secretSet = isSet(valueOf.apply(SECRET_ACCESS_KEY_CONFIG));
        if (accessKeyIdSet && !secretSet) {
            problems.put(SECRET_ACCESS_KEY_CONFIG, SECRET_ACCESS_KEY_CONFIG + " must be set when "
                    + ACCESS_KEY_ID_CONFIG + " is set: give both, or neither to use the default credentials chain");
        }
        if (secretSet && !accessKeyIdSet) {
            problems.put(ACCESS_KEY_ID_CONFIG, ACCESS_KEY_ID_CONFIG + " must be set when "
                    + SECRET_ACCESS_KEY_CONFIG + " is set: give both, or neither to use the default credentials chain");
        }
        boolean roleSet = isSet(valueOf.apply(STS_ROLE_ARN_CONFIG));
        for (String roleOnlyKey : List.of(STS_ROLE_EXTERNAL_ID_CONFIG, STS_ENDPOINT_OVERRIDE_CONFIG)) {
            if (isSet(valueOf.apply(roleOnlyKey)) && !roleSet) {
                problems.put(roleOnlyKey, roleOnlyKey + " only applies when " + STS_ROLE_ARN_CONFIG
                        + " is set; set the role or remove " + roleOnlyKey);
            }
        }
        Object base = valueOf.apply(RETRY_BACKOFF_BASE_MS_CONFIG);
        Object max = valueOf.apply(RETRY_BACKOFF_MAX_MS_CONFIG);
        if (base instanceof Long baseMs && max instanceof Long maxMs && maxMs < baseMs) {
            problems.put(RETRY_BACKOFF_MAX_MS_CONFIG, RETRY_BACKOFF_MAX_MS_CONFIG + " (" + maxMs
                    + ") must not be smaller than " + RETRY_BACKOFF_BASE_MS_CONFIG + " (" + baseMs + ")");
        }
        return problems;
    }

    private static boolean isSet(Object value) {
        if (value instanceof Password password) {
            return !password.value().isBlank();
        }
        return value != null && !value.toString().isBlank();
    }
}
