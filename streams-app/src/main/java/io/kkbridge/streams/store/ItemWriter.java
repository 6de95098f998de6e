package io.kkbridge.streams.store;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Puts each record's value into an item store under its key (an encoded {@link ItemKey}): the item is replaced. */
public final class ItemWriter implements Processor<byte[], byte[], Void, Void> {

    private final String storeName;
    private KeyValueStore<Bytes, byte[]> store;

    public ItemWriter(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        store.put(Bytes.wrap(record.key()), record.value());
    }
}
