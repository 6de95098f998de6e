package io.kkbridge.testsupport.firehose;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What {@link LocalFirehose} needs to know of a DirectPut delivery stream with an S3 destination: where objects
 * go ({@code bucket}, {@code prefix}) and when ({@code bufferingHints}). {@code roleArn} is only echoed back by
 * DescribeDeliveryStream.
 *
 * @param prefix the custom S3 prefix, or "" for none; Firehose appends {@code YYYY/MM/dd/HH/} to it either way
 *               (custom-prefix expressions such as {@code !{timestamp:yyyy}} are not supported by this double)
 */
public record DeliveryStreamConfig(String name, String bucket, String prefix, BufferingHints bufferingHints,
                                   String roleArn) {

    /** The API's constraint on delivery stream names. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");
    /** S3's bucket naming rules (lower case, digits, dots and hyphens; 3–63 characters). */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final String DEFAULT_ROLE_ARN = "arn:aws:iam::" + LocalFirehose.ACCOUNT_ID + ":role/firehose";

    public DeliveryStreamConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bucket, "bucket");
        prefix = prefix == null ? "" : prefix;
        bufferingHints = bufferingHints == null ? BufferingHints.DEFAULT : bufferingHints;
        roleArn = roleArn == null ? DEFAULT_ROLE_ARN : roleArn;
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "DeliveryStreamName must be 1..64 characters of [a-zA-Z0-9_.-], was '" + name + "'");
        }
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("Not a valid S3 bucket name: '" + bucket + "'");
        }
        requireFileSafePrefix(prefix);
    }

    /** A stream with no custom prefix and Firehose's default buffering (5 MiB / 300 s). */
    public static DeliveryStreamConfig of(String name, String bucket) {
        return new DeliveryStreamConfig(name, bucket, "", BufferingHints.DEFAULT, null);
    }

    public DeliveryStreamConfig withPrefix(String newPrefix) {
        return new DeliveryStreamConfig(name, bucket, newPrefix, bufferingHints, roleArn);
    }

    public DeliveryStreamConfig withBufferingHints(BufferingHints hints) {
        return new DeliveryStreamConfig(name, bucket, prefix, hints, roleArn);
    }

    public DeliveryStreamConfig withRoleArn(String arn) {
        return new DeliveryStreamConfig(name, bucket, prefix, bufferingHints, arn);
    }

    public String bucketArn() {
        return "arn:aws:s3:::" + bucket;
    }

    /** Keys become files under the delivery folder, so a prefix must not climb out of its bucket's folder. */
    private static void requireFileSafePrefix(String prefix) {
        if (prefix.length() > 1024) {
            throw new IllegalArgumentException("Prefix is longer than 1024 characters");
        }
        if (prefix.contains("!{")) {
            throw new IllegalArgumentException(
                    "Prefix expressions (!{...}) are not supported by this Firehose test double: '" + prefix + "'");
        }
        if (prefix.startsWith("/") || prefix.contains("\\") || prefix.contains("//")) {
            throw new IllegalArgumentException(
                    "Prefix must be a relative key prefix without '\\' or empty segments: '" + prefix + "'");
        }
        for (String segment : prefix.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("Prefix must not contain '.' or '..' segments: '" + prefix + "'");
            }
        }
    }
}
