package io.kkbridge.connect.aws;

import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Checks the shape of an AWS region code (us-east-1, eu-central-2, us-gov-west-1, cn-north-1). The shape, not the
 * SDK's list of regions, so a region newer than the bundled SDK still works.
 */
public final class RegionValidator implements ConfigDef.Validator {

    private static final Pattern REGION_CODE = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null || value.toString().isBlank()) {
            throw new ConfigException(name, value, "an AWS region is required, such as us-east-1");
        }
        if (!REGION_CODE.matcher(value.toString()).matches()) {
            throw new ConfigException(name, value, "not an AWS region code; expected something like us-east-1");
        }
    }

    @Override
    public String toString() {
        return "an AWS region code, such as us-east-1";
    }
}
