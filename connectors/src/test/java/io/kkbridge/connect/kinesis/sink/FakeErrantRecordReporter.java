package io.kkbridge.connect.kinesis.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;

/** Keeps every reported record with the message of its error. */
public final class FakeErrantRecordReporter implements ErrantRecordReporter {

    public record Report(SinkRecord record, String message) {
    }

    private final List<Report> reports = new ArrayList<>();

    @Override
    public Future<Void> report(SinkRecord record, Throwable error) {
        reports.add(new Report(record, error.getMessage()));
        return CompletableFuture.completedFuture(null);
    }

    public List<Report> reports() {
        return reports;
    }

    public List<String> messages() {
        return reports.stream().map(Report::message).toList();
    }
}
