package io.kkbridge.connect.kinesis.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class BadRecordHandlerTest {

    private static final SinkRecord RECORD = SinkRecords.record("orders", 2, 17, "k", new byte[0]);
    private static final UnsendableRecordException TOO_BIG =
            new UnsendableRecordException("Kinesis stream 'out'", "too big");

    private final FakeErrantRecordReporter reporter = new FakeErrantRecordReporter();

    @Test
    void shouldReportToTheErrantRecordReporterWhenAllErrorsAreTolerated() {
        BadRecordHandler handler = BadRecordHandler.create(Map.of("errors.tolerance", " ALL "),
                new FakeSinkTaskContext(reporter));

        handler.handle(RECORD, TOO_BIG);

        assertThat(reporter.reports()).containsExactly(new FakeErrantRecordReporter.Report(RECORD,
                "Cannot send the record at topic 'orders', partition 2, offset 17 to Kinesis stream 'out': too big"));
        assertThat(handler.reportedCount()).isEqualTo(1);
    }

    @Test
    void shouldFailByDefaultAndWithToleranceNone() {
        for (Map<String, String> props : List.of(Map.<String, String>of(),
                Map.of("errors.tolerance", "none"))) {
            BadRecordHandler handler = BadRecordHandler.create(props, new FakeSinkTaskContext(reporter));

            assertThatThrownBy(() -> handler.handle(RECORD, TOO_BIG)).isInstanceOf(ConnectException.class)
                    .hasMessage("Cannot send the record at topic 'orders', partition 2, offset 17 to Kinesis stream "
                            + "'out': too big. Set errors.tolerance=all to send such records to the errant record "
                            + "reporter (dead letter queue) instead");
        }
        assertThat(reporter.reports()).isEmpty();
    }

    @Test
    void shouldPassADataExceptionToTheReporter() {
        Throwable[] reported = new Throwable[1];
        ErrantRecordReporter capturing = (record, error) -> {
            reported[0] = error;
            return null;
        };

        new BadRecordHandler(true, capturing).handle(RECORD, TOO_BIG);

        assertThat(reported[0]).isInstanceOf(DataException.class);
    }
}
