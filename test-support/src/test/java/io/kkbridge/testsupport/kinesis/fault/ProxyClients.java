package io.kkbridge.testsupport.kinesis.fault;

import java.net.URI;
import java.time.Duration;

import io.kkbridge.testsupport.kinesis.KinesisClients;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** SDK clients for the proxy's tests: set up like {@link KinesisClients#sync}, but without retries. */
final class ProxyClients {

    private ProxyClients() {
    }

    /** Signs with the emulators' usual access key id. */
    static KinesisClient withoutRetries(URI endpoint) {
        return withoutRetries(endpoint, KinesisClients.ACCESS_KEY_ID);
    }

    /** Every call is sent once, so the proxy's counters and injected faults match the calls made exactly. */
    static KinesisClient withoutRetries(URI endpoint, String accessKeyId) {
        KinesisClients.disableCbor();
        return KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(KinesisClients.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKeyId, KinesisClients.SECRET_ACCESS_KEY)))
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
