package io.kkbridge.connect.firehose;

import io.kkbridge.connect.aws.AwsClientFactory;
import io.kkbridge.connect.aws.AwsSettings;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchRequest;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;

/** {@link FirehosePutClient} on the AWS SDK, with a client from the shared {@link AwsClientFactory}. */
final class SdkFirehosePutClient implements FirehosePutClient {

    private final AwsClientFactory factory;
    private final FirehoseClient firehose;

    SdkFirehosePutClient(AwsSettings settings) {
        this.factory = new AwsClientFactory(settings);
        this.firehose = factory.firehoseClient();
    }

    @Override
    public PutRecordBatchResponse putRecordBatch(PutRecordBatchRequest request) {
        return firehose.putRecordBatch(request);
    }

    @Override
    public void close() {
        factory.close();
    }
}
