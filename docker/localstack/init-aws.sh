#!/usr/bin/env bash
# LocalStack ready hook (mounted into /etc/localstack/init/ready.d by docker-compose.yml): creates the Kinesis
# streams, the S3 bucket of the data lake and the Firehose delivery streams the connectors use. LocalStack reports
# the hook SUCCESSFUL at /_localstack/init/ready only when every command here succeeded (the health check waits
# for that).
set -euo pipefail
region="${AWS_DEFAULT_REGION:-us-east-1}"
bucket=kkbridge-lake

# input streams (kinesis-source reads them) and per-region outputs (kinesis-sink writes them)
for stream in user-activity events user-activity-usa user-activity-international; do
  awslocal kinesis create-stream --stream-name "$stream" --shard-count 2 --region "$region"
done
for stream in user-activity events user-activity-usa user-activity-international; do
  awslocal kinesis wait stream-exists --stream-name "$stream" --region "$region"
done

awslocal s3 mb "s3://$bucket" --region "$region"

# firehose-sink writes these; each delivers to the bucket under its own prefix
for delivery in user-activity-usa:user-activity/usa/ user-activity-international:user-activity/international/ \
                events-lake:events/; do
  name="${delivery%%:*}"
  prefix="${delivery#*:}"
  awslocal firehose create-delivery-stream --region "$region" --delivery-stream-name "$name" \
    --delivery-stream-type DirectPut \
    --extended-s3-destination-configuration "{\"RoleARN\": \"arn:aws:iam::000000000000:role/kkbridge-firehose\",
      \"BucketARN\": \"arn:aws:s3:::$bucket\", \"Prefix\": \"$prefix\", \"ErrorOutputPrefix\": \"errors/$name/\",
      \"BufferingHints\": {\"SizeInMBs\": 1, \"IntervalInSeconds\": 60}}"
done
echo "kkbridge: Kinesis streams, s3://$bucket and the delivery streams are ready"
