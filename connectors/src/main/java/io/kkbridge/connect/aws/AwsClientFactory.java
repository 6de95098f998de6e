package io.kkbridge.connect.aws;

import io.kkbridge.connect.aws.AwsSettings.AssumeRole;
import io.kkbridge.connect.aws.AwsSettings.StaticCredentials;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.utils.AttributeMap;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The one place that turns {@link AwsSettings} into AWS SDK clients: region, endpoint override, credentials (static,
 * default chain, or an STS role on top of either) and an Apache HTTP client; for enhanced fan-out, an asynchronous
 * Kinesis client on Netty.
 *
 * <p>SDK retries are off on the Kinesis and Firehose clients: {@link RetryPolicy} decides what is retried and how
 * long to wait, and SDK retries underneath would multiply its attempts and hide throttling from it.
 *
 * <p>Owns what it builds: {@link #close()} closes every client it handed out and the credentials provider.
 */
public final class AwsClientFactory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AwsClientFactory.class);

    /** Connections are opened rarely (a subscription lives up to 5 minutes) and must fail fast when refused. */
    private static final Duration ASYNC_CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    /** Longer than the 5 s between SubscribeToShard events (heartbeats included) on an idle shard. */
    private static final Duration ASYNC_READ_TIMEOUT = Duration.ofSeconds(60);

    private final AwsSettings settings;
    private final List<SdkAutoCloseable> ownedResources = new ArrayList<>();
    private final AwsCredentialsProvider credentialsProvider;

    public AwsClientFactory(AwsSettings settings) {
        this.settings = settings;
        this.credentialsProvider = buildCredentialsProvider();
    }

    /**
     * A synchronous Kinesis client.
     *
     * <p>Against the kinesalite emulator the SDK must send JSON, not CBOR: run that JVM with
     * {@code -Daws.cborEnabled=false} (or env {@code CBOR_ENABLED=false}). It is deliberately not set here: it is a
     * JVM-wide switch that would also change the traffic of every other Kinesis client in the Connect worker.
     */
    public synchronized KinesisClient kinesisClient() {
        KinesisClient client = configure(KinesisClient.builder()).build();
        log.info("Built Kinesis client: {}", describe());
        return own(client);
    }

    /**
     * An asynchronous Kinesis client on Netty, for enhanced fan-out. SubscribeToShard needs HTTP/2, which AWS
     * negotiates with ALPN over TLS: an {@code https} endpoint (the regional one included) gets HTTP/2 with ALPN; a
     * plain {@code http} endpoint gets HTTP/1.1, because a plain port speaks nothing else (the emulators' do not),
     * and serves only the other EFO calls.
     *
     * @param endpointOverride      replaces {@code aws.endpoint.override} for this client; empty: that setting
     * @param trustAllCertificates  skip certificate and host name checks: only for a local emulator's self-signed
     *                              certificate
     */
    public synchronized KinesisAsyncClient kinesisAsyncClient(Optional<URI> endpointOverride,
                                                              boolean trustAllCertificates) {
        Optional<URI> endpoint = endpointOverride.or(settings::endpointOverride);
        boolean http2 = endpoint.map(uri -> "https".equalsIgnoreCase(uri.getScheme())).orElse(true);
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
                .connectionTimeout(ASYNC_CONNECTION_TIMEOUT)
                .readTimeout(ASYNC_READ_TIMEOUT);
        if (http2) {
            http.protocol(Protocol.HTTP2).protocolNegotiation(ProtocolNegotiation.ALPN);
        } else {
            http.protocol(Protocol.HTTP1_1);
        }
        AttributeMap tls = trustAllCertificates
                ? AttributeMap.builder().put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true).build()
                : AttributeMap.empty();
        SdkAsyncHttpClient httpClient = http.buildWithDefaults(tls);
        KinesisAsyncClientBuilder builder = KinesisAsyncClient.builder()
                .region(settings.region())
                .credentialsProvider(credentialsProvider)
                .httpClient(httpClient)
                .overrideConfiguration(override -> override.retryStrategy(AwsRetryStrategy.doNotRetry()));
        endpoint.ifPresent(builder::endpointOverride);
        KinesisAsyncClient client;
        try {
            client = builder.build();
        } catch (RuntimeException e) {
            httpClient.close();
            throw e;
        }
        log.info("Built asynchronous Kinesis client: {}, endpoint for it {}, {}{}", describe(),
                endpoint.map(Object::toString).orElse("regional AWS endpoint"), http2 ? "HTTP/2 (ALPN)" : "HTTP/1.1",
                trustAllCertificates ? ", TLS certificates NOT verified" : "");
        own(httpClient); // an SDK client does not close an HTTP client it was handed; closed after the client
        return own(client);
    }

    public synchronized FirehoseClient firehoseClient() {
        FirehoseClient client = configure(FirehoseClient.builder()).build();
        log.info("Built Firehose client: {}", describe());
        return own(client);
    }

    /** The provider every client of this factory signs with; for SDK clients built elsewhere (async, later). */
    public AwsCredentialsProvider credentialsProvider() {
        return credentialsProvider;
    }

    // The HTTP client is named, not discovered: the SDK's ServiceLoader lookup is fragile inside Connect's
    // plugin class loaders, and the client then comes with (and is closed by) each SDK client.
    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
        builder.region(settings.region())
                .credentialsProvider(credentialsProvider)
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(override -> override.retryStrategy(AwsRetryStrategy.doNotRetry()));
        settings.endpointOverride().ifPresent(builder::endpointOverride);
        return builder;
    }

    private AwsCredentialsProvider buildCredentialsProvider() {
        AwsCredentialsProvider base = settings.staticCredentials()
                .map(AwsClientFactory::staticProvider)
                .orElseGet(() -> own(DefaultCredentialsProvider.builder().build()));
        return settings.assumeRole().map(role -> assumeRoleProvider(role, base)).orElse(base);
    }

    private static AwsCredentialsProvider staticProvider(StaticCredentials credentials) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                credentials.accessKeyId().value(), credentials.secretAccessKey().value()));
    }

    private AwsCredentialsProvider assumeRoleProvider(AssumeRole role, AwsCredentialsProvider base) {
        // The STS client keeps the SDK's standard retries: credential refreshes happen inside other calls, where
        // RetryPolicy sees only the outer call, and a refresh is rare enough not to need our own pacing.
        StsClient sts = own(configureSts(StsClient.builder(), role, base).build());
        AssumeRoleRequest.Builder refreshRequest = AssumeRoleRequest.builder()
                .roleArn(role.roleArn())
                .roleSessionName(role.sessionName());
        role.externalId().ifPresent(refreshRequest::externalId);
        return own(StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(refreshRequest.build())
                .build());
    }

    private StsClientBuilder configureSts(StsClientBuilder builder, AssumeRole role, AwsCredentialsProvider base) {
        builder.region(settings.region())
                .credentialsProvider(base)
                .httpClientBuilder(ApacheHttpClient.builder());
        role.stsEndpointOverride().ifPresent(builder::endpointOverride);
        return builder;
    }

    private synchronized <T extends SdkAutoCloseable> T own(T resource) {
        ownedResources.add(resource);
        return resource;
    }

    /** Closes the clients first, then what they depend on (the credentials provider, then its STS client). */
    @Override
    public synchronized void close() {
        for (int i = ownedResources.size() - 1; i >= 0; i--) {
            try {
                ownedResources.get(i).close();
            } catch (RuntimeException e) {
                log.warn("Failed to close {}", ownedResources.get(i).getClass().getSimpleName(), e);
            }
        }
        ownedResources.clear();
    }

    private String describe() {
        return "region=" + settings.region()
                + ", endpoint=" + settings.endpointOverride().map(Object::toString).orElse("regional AWS endpoint")
                + ", credentials=" + credentialsSource()
                + ", SDK retries off";
    }

    private String credentialsSource() {
        String base = settings.staticCredentials().isPresent() ? "static access key" : "default credentials chain";
        return settings.assumeRole()
                .map(role -> "role " + role.roleArn() + " (session " + role.sessionName() + ") assumed with " + base)
                .orElse(base);
    }

    // Never includes a secret: settings are described, not printed.
    @Override
    public String toString() {
        return "AwsClientFactory{" + describe() + "}";
    }
}
