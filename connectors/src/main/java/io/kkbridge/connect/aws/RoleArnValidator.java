package io.kkbridge.connect.aws;

import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** An IAM role ARN (arn:aws:iam::123456789012:role/name, any partition, paths allowed); null (unset) passes. */
public final class RoleArnValidator implements ConfigDef.Validator {

    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            return;
        }
        if (!ROLE_ARN.matcher(value.toString()).matches()) {
            throw new ConfigException(name, value,
                    "not an IAM role ARN; expected arn:aws:iam::<12-digit account id>:role/<role name>");
        }
    }

    @Override
    public String toString() {
        return "an IAM role ARN, such as arn:aws:iam::123456789012:role/kinesis-bridge";
    }
}
