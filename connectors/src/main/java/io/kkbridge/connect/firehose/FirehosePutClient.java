package io.kkbridge.connect.firehose;

import io.kkbridge.connect.aws.AwsSettings;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchRequest;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;

/** The one Firehose call the sink makes; tests script it, production uses {@link SdkFirehosePutClient}. */
public interface FirehosePutClient extends AutoCloseable {

    /** @throws RuntimeException as the SDK throws it, for {@link io.kkbridge.connect.aws.AwsErrorClassifier} */
    PutRecordBatchResponse putRecordBatch(PutRecordBatchRequest request);

    @Override
    void close();

    static FirehosePutClient create(AwsSettings settings) {
        return new SdkFirehosePutClient(settings);
    }
}
