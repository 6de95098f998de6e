package io.kkbridge.streams.pipeline;

import io.kkbridge.streams.dlq.DeadLetterHeaders;
import io.kkbridge.streams.dlq.InvalidRecordException;
import io.kkbridge.streams.dlq.RejectReason;
import io.kkbridge.streams.serde.Utf8Check;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a pipeline's {@link RecordEnricher} to each record. Every input record produces exactly one output:
 * the enriched record on its route, or the original key, value and headers plus the dead-letter headers on the
 * dead-letter route. The application never stops on bad input.
 */
public final class EnrichingProcessor implements Processor<byte[], byte[], byte[], Routed> {

    private static final Logger LOG = LoggerFactory.getLogger(EnrichingProcessor.class);

    private final String pipeline;
    private final RecordEnricher enricher;
    private final Utf8Check utf8 = new Utf8Check();
    private ProcessorContext<byte[], Routed> context;

    public EnrichingProcessor(String pipeline, RecordEnricher enricher) {
        this.pipeline = pipeline;
        this.enricher = enricher;
    }

    @Override
    public void init(ProcessorContext<byte[], Routed> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordEnricher.Result result;
        try {
            result = enricher.enrich(checked(record.value()));
        } catch (InvalidRecordException e) {
            deadLetter(record, e);
            return;
        }
        // one new record rather than withKey().withValue(): each Record copies its headers
        context.forward(new Record<>(result.key(), result.routed(), record.timestamp(), record.headers()));
    }

    private byte[] checked(byte[] value) throws InvalidRecordException {
        if (value == null) {
            throw new InvalidRecordException(RejectReason.NULL_VALUE, "value is null");
        }
        String problem = utf8.problem(value);
        if (problem != null) {
            throw new InvalidRecordException(RejectReason.INVALID_UTF8, problem);
        }
        return value;
    }

    private void deadLetter(Record<byte[], byte[]> record, InvalidRecordException e) {
        var source = context.recordMetadata().orElse(null);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: record {} to the dead-letter topic: {} {}", pipeline,
                    source == null ? "?" : source.topic() + "-" + source.partition() + "@" + source.offset(),
                    e.reason(), e.getMessage());
        }
        var headers = DeadLetterHeaders.add(new RecordHeaders(record.headers().toArray()), pipeline,
                e.reason(), e.getMessage(), source);
        context.forward(record.withValue(new Routed(Routed.DEAD_LETTER, record.value())).withHeaders(headers));
    }
}
