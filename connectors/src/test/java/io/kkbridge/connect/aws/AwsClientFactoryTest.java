package io.kkbridge.connect.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kkbridge.connect.aws.FakeAwsEndpoint.Request;
import io.kkbridge.connect.aws.FakeAwsEndpoint.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

class AwsClientFactoryTest {

    private static final String LIST_DELIVERY_STREAMS_OK =
            "{\"DeliveryStreamNames\":[\"lake\"],\"HasMoreDeliveryStreams\":false}";
    private static final String ASSUME_ROLE_OK = """
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <Credentials>
                  <AccessKeyId>ASIATEMPORARY</AccessKeyId>
                  <SecretAccessKey>temporary-secret</SecretAccessKey>
                  <SessionToken>temporary-session-token</SessionToken>
                  <Expiration>2099-01-01T00:00:00Z</Expiration>
                </Credentials>
                <AssumedRoleUser>
                  <AssumedRoleId>AROATEST:orders-source</AssumedRoleId>
                  <Arn>arn:aws:sts::123456789012:assumed-role/bridge/orders-source</Arn>
                </AssumedRoleUser>
              </AssumeRoleResult>
              <ResponseMetadata><RequestId>test-request</RequestId></ResponseMetadata>
            </AssumeRoleResponse>
            """;

    @Test
    void shouldSendKinesisCallsToTheEndpointOverrideSignedWithStaticKeysForTheRegion() throws Exception {
        try (FakeAwsEndpoint endpoint = new FakeAwsEndpoint(request -> new Response(500, "application/json", ""));
             AwsClientFactory factory = new AwsClientFactory(staticKeySettings(endpoint))) {
            KinesisClient kinesis = factory.kinesisClient();

            assertThatThrownBy(kinesis::listStreams).isInstanceOfSatisfying(KinesisException.class,
                    e -> assertThat(e.statusCode()).isEqualTo(500));

            assertThat(endpoint.requests()).hasSize(1);
            Request request = endpoint.requests().get(0);
            assertThat(request.target()).isEqualTo("Kinesis_20131202.ListStreams");
            assertThat(request.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDSTATIC/")
                    .contains("/eu-west-1/kinesis/aws4_request");
        }
    }

    @Test
    void shouldLeaveRetriesToOurOwnPolicyBySendingEachFirehoseCallOnce() throws Exception {
        try (FakeAwsEndpoint endpoint = new FakeAwsEndpoint(request -> new Response(503,
                "application/x-amz-json-1.1",
                "{\"__type\":\"ServiceUnavailableException\",\"message\":\"Slow down.\"}"));
             AwsClientFactory factory = new AwsClientFactory(staticKeySettings(endpoint))) {
            FirehoseClient firehose = factory.firehoseClient();

            assertThatThrownBy(firehose::listDeliveryStreams).isInstanceOfSatisfying(FirehoseException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(503);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailableException");
            });
            assertThat(endpoint.requests()).hasSize(1);
        }
    }

    @Test
    void shouldCallFirehoseThroughTheEndpointOverride() throws Exception {
        try (FakeAwsEndpoint endpoint = new FakeAwsEndpoint(request ->
                new Response(200, "application/x-amz-json-1.1", LIST_DELIVERY_STREAMS_OK));
             AwsClientFactory factory = new AwsClientFactory(staticKeySettings(endpoint))) {

            assertThat(factory.firehoseClient().listDeliveryStreams().deliveryStreamNames()).containsExactly("lake");

            Request request = endpoint.requests().get(0);
            assertThat(request.target()).isEqualTo("Firehose_20150804.ListDeliveryStreams");
            assertThat(request.authorization()).contains("Credential=AKIDSTATIC/")
                    .contains("/eu-west-1/firehose/aws4_request");
            assertThat(request.securityToken()).isNull();
        }
    }

    @Test
    void shouldAssumeTheRoleWithExternalIdAndSessionNameAndSignCallsWithItsTemporaryCredentials()
            throws Exception {
        try (FakeAwsEndpoint endpoint = new FakeAwsEndpoint(request -> request.target() == null
                ? new Response(200, "text/xml", ASSUME_ROLE_OK)
                : new Response(200, "application/x-amz-json-1.1", LIST_DELIVERY_STREAMS_OK))) {
            Map<String, String> props = new HashMap<>(staticKeyProps(endpoint));
            props.put("aws.sts.role.arn", "arn:aws:iam::123456789012:role/bridge");
            props.put("aws.sts.role.external.id", "ext-42");
            props.put("aws.sts.role.session.name", "orders-source");
            props.put("aws.sts.endpoint.override", endpoint.uri().toString());

            try (AwsClientFactory factory = new AwsClientFactory(AwsSettingsTest.settings(props))) {
                assertThat(factory.credentialsProvider()).isInstanceOf(StsAssumeRoleCredentialsProvider.class);
                assertThat(factory.firehoseClient().listDeliveryStreams().deliveryStreamNames())
                        .containsExactly("lake");
            }

            assertThat(endpoint.requests()).hasSize(2);
            Request assumeRole = endpoint.requests().get(0);
            assertThat(formFields(assumeRole.body())).containsAllEntriesOf(Map.of(
                    "Action", "AssumeRole",
                    "RoleArn", "arn:aws:iam::123456789012:role/bridge",
                    "ExternalId", "ext-42",
                    "RoleSessionName", "orders-source"));
            assertThat(assumeRole.authorization()).contains("Credential=AKIDSTATIC/")
                    .contains("/eu-west-1/sts/aws4_request");
            Request firehoseCall = endpoint.requests().get(1);
            assertThat(firehoseCall.authorization()).contains("Credential=ASIATEMPORARY/");
            assertThat(firehoseCall.securityToken()).isEqualTo("temporary-session-token");
        }
    }

    @Test
    void shouldUseStaticKeysWhenGiven() throws Exception {
        try (FakeAwsEndpoint endpoint = new FakeAwsEndpoint(request -> new Response(500, "application/json", ""));
             AwsClientFactory factory = new AwsClientFactory(staticKeySettings(endpoint))) {
            assertThat(factory.credentialsProvider()).isInstanceOf(StaticCredentialsProvider.class);
            assertThat(factory.credentialsProvider().resolveCredentials().accessKeyId()).isEqualTo("AKIDSTATIC");
            assertThat(factory.credentialsProvider().resolveCredentials().secretAccessKey())
                    .isEqualTo("static-secret-value");
        }
    }

    @Test
    void shouldFallBackToTheDefaultCredentialsChainWithoutKeysOrRole() {
        try (AwsClientFactory factory = new AwsClientFactory(AwsSettingsTest.settings(
                Map.of("aws.region", "eu-west-1")))) {
            assertThat(factory.credentialsProvider()).isInstanceOf(DefaultCredentialsProvider.class);
        }
    }

    @Test
    void shouldCloseTheClientsItBuilt() throws Exception {
        try (FakeAwsEndpoint endpoint = new FakeAwsEndpoint(request ->
                new Response(200, "application/x-amz-json-1.1", LIST_DELIVERY_STREAMS_OK))) {
            AwsClientFactory factory = new AwsClientFactory(staticKeySettings(endpoint));
            FirehoseClient firehose = factory.firehoseClient();
            assertThat(firehose.listDeliveryStreams().deliveryStreamNames()).containsExactly("lake");

            factory.close();

            assertThatThrownBy(firehose::listDeliveryStreams).isInstanceOf(IllegalStateException.class);
            assertThat(endpoint.requests()).hasSize(1);
        }
    }

    @Test
    void shouldDescribeItselfWithoutSecrets() throws Exception {
        try (FakeAwsEndpoint endpoint = new FakeAwsEndpoint(request -> new Response(500, "application/json", ""));
             AwsClientFactory factory = new AwsClientFactory(staticKeySettings(endpoint))) {
            assertThat(factory.toString())
                    .isEqualTo("AwsClientFactory{region=eu-west-1, endpoint=" + endpoint.uri()
                            + ", credentials=static access key, SDK retries off}")
                    .doesNotContain("AKIDSTATIC").doesNotContain("static-secret-value");
        }
    }

    @Test
    void shouldSendAsyncKinesisCallsOverHttp11ToAPlainEndpointSignedWithTheSameCredentials() throws Exception {
        try (FakeAwsEndpoint endpoint = new FakeAwsEndpoint(request -> new Response(500, "application/json", ""));
             AwsClientFactory factory = new AwsClientFactory(staticKeySettings(endpoint))) {
            KinesisAsyncClient kinesis = factory.kinesisAsyncClient(Optional.empty(), false);

            assertThatThrownBy(() -> kinesis.describeStreamSummary(request -> request.streamName("orders")).join())
                    .hasCauseInstanceOf(KinesisException.class);

            // the JDK's HttpServer speaks HTTP/1.1 only: an HTTP/2 client would not have got through
            assertThat(endpoint.requests()).hasSize(1);
            assertThat(endpoint.requests().get(0).target()).isEqualTo("Kinesis_20131202.DescribeStreamSummary");
            assertThat(endpoint.requests().get(0).authorization()).startsWith(
                    "AWS4-HMAC-SHA256 Credential=AKIDSTATIC/").contains("/eu-west-1/kinesis/aws4_request");
        }
    }

    @Test
    void shouldLetTheFanOutEndpointOverrideWinOverTheSharedOne() throws Exception {
        try (FakeAwsEndpoint endpoint = new FakeAwsEndpoint(request -> new Response(500, "application/json", ""));
             AwsClientFactory factory = new AwsClientFactory(AwsSettingsTest.settings(Map.of("aws.region",
                     "eu-west-1", "aws.endpoint.override", "http://127.0.0.1:9", "aws.access.key.id", "AKIDSTATIC",
                     "aws.secret.access.key", "static-secret-value")))) {
            KinesisAsyncClient kinesis = factory.kinesisAsyncClient(Optional.of(endpoint.uri()), false);

            assertThatThrownBy(() -> kinesis.describeStreamSummary(request -> request.streamName("orders")).join())
                    .hasCauseInstanceOf(KinesisException.class);
            assertThat(endpoint.requests()).hasSize(1);
        }
    }

    private static AwsSettings staticKeySettings(FakeAwsEndpoint endpoint) {
        return AwsSettingsTest.settings(staticKeyProps(endpoint));
    }

    private static Map<String, String> staticKeyProps(FakeAwsEndpoint endpoint) {
        return Map.of("aws.region", "eu-west-1",
                "aws.endpoint.override", endpoint.uri().toString(),
                "aws.access.key.id", "AKIDSTATIC",
                "aws.secret.access.key", "static-secret-value");
    }

    private static Map<String, String> formFields(String body) {
        return Arrays.stream(body.split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> decode(pair[0]), pair -> pair.length > 1 ? decode(pair[1]) : ""));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
