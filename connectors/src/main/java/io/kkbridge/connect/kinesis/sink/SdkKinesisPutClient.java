package io.kkbridge.connect.kinesis.sink;

import io.kkbridge.connect.aws.AwsClientFactory;
import io.kkbridge.connect.aws.AwsSettings;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/** {@link KinesisPutClient} on the AWS SDK, with a client from the shared {@link AwsClientFactory}. */
final class SdkKinesisPutClient implements KinesisPutClient {

    private final AwsClientFactory factory;
    private final KinesisClient kinesis;

    SdkKinesisPutClient(AwsSettings settings) {
        this.factory = new AwsClientFactory(settings);
        this.kinesis = factory.kinesisClient();
    }

    @Override
    public PutRecordsResponse putRecords(PutRecordsRequest request) {
        return kinesis.putRecords(request);
    }

    @Override
    public void close() {
        factory.close();
    }
}
