#!/usr/bin/env bash
# Creates the pipeline's Kafka topics (3 partitions, 1 replica: one broker) unless they exist. Run by the kafka-init
# service of docker-compose.yml. The Streams app needs its input topics before it starts; the rest are created here
# too so that nothing depends on the broker creating topics on first use.
set -euo pipefail
bootstrap="${BOOTSTRAP_SERVERS:-kafka:19092}"
topics=(
  user-activity.raw user-activity.usa user-activity.international user-activity.dlq
  events.raw events.enriched events.dlq
)
for topic in "${topics[@]}"; do
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$topic" --partitions 3 --replication-factor 1
done
/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --list
