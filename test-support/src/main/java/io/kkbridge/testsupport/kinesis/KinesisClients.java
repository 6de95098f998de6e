package io.kkbridge.testsupport.kinesis;

import java.net.URI;
import java.time.Duration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * SDK v2 Kinesis clients for a local emulator: region {@value #REGION}, dummy static credentials, and the wire
 * settings the emulators need. The caller closes what it gets.
 */
public final class KinesisClients {

    public static final String REGION = "us-east-1";

    /** kinesis-mock's default account is 000000000000; any 12-digit key id selects that account. */
    public static final String ACCESS_KEY_ID = "000000000000";
    public static final String SECRET_ACCESS_KEY = "emulator-secret";

    static final String CBOR_PROPERTY = "aws.cborEnabled";

    private KinesisClients() {
    }

    /** A synchronous client (Apache HTTP client). */
    public static KinesisClient sync(URI endpoint) {
        disableCbor();
        return KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .httpClient(syncHttpClient(endpoint))
                .build();
    }

    /**
     * An asynchronous client (Netty). Over {@code http://} it speaks HTTP/1.1, because neither emulator's plain port
     * answers the HTTP/2 the SDK picks for Kinesis by default; over {@code https://} (kinesis-mock's TLS port, whose
     * certificate is self-signed and trusted here) it negotiates HTTP/2 with ALPN, which SubscribeToShard needs.
     */
    public static KinesisAsyncClient async(URI endpoint) {
        disableCbor();
        return KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .httpClient(asyncHttpClient(endpoint))
                .build();
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }

    /**
     * Makes every Kinesis client built after this call in this JVM send JSON instead of CBOR, which kinesalite
     * needs. The SDK offers no per-client switch: {@code AwsCborProtocolFactory} reads the system property
     * {@code aws.cborEnabled} (or the environment variable {@code CBOR_ENABLED}, which a running JVM cannot set)
     * each time a client is built. JSON works against both emulators and against AWS, so leaving it off for the rest
     * of a test JVM is harmless, and Connect workers running in the same JVM need it too.
     */
    public static void disableCbor() {
        System.setProperty(CBOR_PROPERTY, "false");
    }

    private static SdkHttpClient syncHttpClient(URI endpoint) {
        return ApacheHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .buildWithDefaults(tlsSettings(endpoint));
    }

    private static SdkAsyncHttpClient asyncHttpClient(URI endpoint) {
        NettyNioAsyncHttpClient.Builder builder = NettyNioAsyncHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5));
        if (isHttps(endpoint)) {
            builder.protocol(Protocol.HTTP2).protocolNegotiation(ProtocolNegotiation.ALPN);
        } else {
            builder.protocol(Protocol.HTTP1_1);
        }
        return builder.buildWithDefaults(tlsSettings(endpoint));
    }

    /** The emulators' TLS certificates are self-signed; they are only ever reached on 127.0.0.1. */
    private static AttributeMap tlsSettings(URI endpoint) {
        return isHttps(endpoint)
                ? AttributeMap.builder().put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true).build()
                : AttributeMap.empty();
    }

    private static boolean isHttps(URI endpoint) {
        return "https".equalsIgnoreCase(endpoint.getScheme());
    }
}
