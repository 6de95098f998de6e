package io.kkbridge.connect.kinesis.sink;

import io.kkbridge.connect.aws.AwsSettings;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/** The one Kinesis call the sink makes; tests script it, production uses {@link SdkKinesisPutClient}. */
public interface KinesisPutClient extends AutoCloseable {

    /** @throws RuntimeException as the SDK throws it, for {@link io.kkbridge.connect.aws.AwsErrorClassifier} */
    PutRecordsResponse putRecords(PutRecordsRequest request);

    @Override
    void close();

    static KinesisPutClient create(AwsSettings settings) {
        return new SdkKinesisPutClient(settings);
    }
}
