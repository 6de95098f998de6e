package io.kkbridge.sandbox.tools;

import java.net.URI;
import java.time.Duration;

import io.kkbridge.testsupport.kinesis.KinesisClients;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/**
 * Where Kinesis is and who we are there: shared by every command that talks to a stream. The client sends JSON,
 * not CBOR (kinesalite needs that; AWS and kinesis-mock accept both).
 */
public final class KinesisOptions {

    /** The region used with --endpoint when none is configured: emulators accept any. */
    static final String EMULATOR_REGION = "us-east-1";

    @Option(names = "--endpoint", paramLabel = "URL", defaultValue = "${env:KINESIS_ENDPOINT}",
            description = "Kinesis endpoint, e.g. http://127.0.0.1:4567 for a local emulator or "
                    + "http://localstack:4566 (default: env KINESIS_ENDPOINT, else the region's AWS endpoint).")
    URI endpoint;

    @Option(names = "--region", paramLabel = "REGION", defaultValue = "${env:AWS_REGION}",
            description = "AWS region (default: env AWS_REGION, else the SDK's region chain; "
                    + EMULATOR_REGION + " when --endpoint is set).")
    String region;

    @Option(names = "--access-key", paramLabel = "ID",
            description = "Access key id; with --secret-key. Without both, the SDK's default credentials chain "
                    + "(env AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profile, instance role) is used; when that "
                    + "holds no keys and --endpoint is on this machine (127.x, localhost), dummy keys that the "
                    + "emulators accept.")
    String accessKey;

    @Option(names = "--secret-key", paramLabel = "SECRET",
            description = "Secret access key; with --access-key. Never printed or logged.")
    String secretKey;

    /** A synchronous client for these settings; the caller closes it. */
    public KinesisClient client() {
        KinesisClients.disableCbor();
        KinesisClientBuilder builder = KinesisClient.builder()
                .region(resolveRegion())
                .credentialsProvider(credentials())
                .httpClient(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build());
        if (endpoint != null) {
            if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                throw new ToolException("--endpoint " + endpoint + " is not a URL like http://127.0.0.1:4567");
            }
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /** For messages: where the client goes. */
    public String describe() {
        return endpoint != null ? endpoint.toString() : "AWS " + resolveRegion().id();
    }

    /** The configured region (--region or AWS_REGION), else the fallback; asks nothing of the SDK. */
    public String regionIdOr(String fallback) {
        return region != null && !region.isBlank() ? region.trim() : fallback;
    }

    private Region resolveRegion() {
        if (region != null && !region.isBlank()) {
            return Region.of(region.trim());
        }
        if (endpoint != null) {
            return Region.of(EMULATOR_REGION);
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            throw new ToolException("No AWS region: pass --region or set AWS_REGION (" + e.getMessage() + ")", e);
        }
    }

    private AwsCredentialsProvider credentials() {
        boolean hasId = accessKey != null && !accessKey.isBlank();
        boolean hasSecret = secretKey != null && !secretKey.isBlank();
        if (hasId != hasSecret) {
            throw new ToolException(hasId ? "--access-key needs --secret-key too" : "--secret-key needs --access-key too");
        }
        if (hasId) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
        }
        if (endpoint != null && isLoopback(endpoint.getHost()) && !keysConfigured()) {
            return KinesisClients.credentials();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** Whether a failure means that no credentials were found, and what to do about it. */
    static String credentialsHint(Throwable e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith("Unable to load credentials")
                ? "No AWS credentials found: pass --access-key and --secret-key, or set AWS_ACCESS_KEY_ID and "
                        + "AWS_SECRET_ACCESS_KEY (or a profile, or an instance role)"
                : null;
    }

    private static boolean keysConfigured() {
        return notBlank(System.getenv("AWS_ACCESS_KEY_ID")) || notBlank(System.getProperty("aws.accessKeyId"))
                || notBlank(System.getenv("AWS_PROFILE")) || notBlank(System.getProperty("aws.profile"));
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.startsWith("127.") || host.equalsIgnoreCase("localhost") || host.equals("[::1]")
                || host.equals("::1"));
    }
}
