package io.kkbridge.benchmarks;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

import io.kkbridge.streams.dlq.InvalidRecordException;
import io.kkbridge.streams.pipeline.useractivity.CountryMatcher;
import io.kkbridge.streams.pipeline.useractivity.UserActivityEnricher;
import io.kkbridge.streams.serde.Utf8Check;
import io.kkbridge.testsupport.data.UserActivityGenerator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The user-activity enricher alone on one thread, no Kafka: the ceiling the JSON work puts on the app. */
@Command(name = "enricher", mixinStandardHelpOptions = true, description = "User-activity enricher alone, one thread.")
public final class EnricherBenchmark implements Callable<Integer> {

    @Option(names = "--records", description = "Distinct records (default: ${DEFAULT-VALUE}).")
    int records = 100_000;

    @Option(names = "--passes", description = "Passes over the records (default: ${DEFAULT-VALUE}).")
    int passes = 10;

    @Option(names = "--data", description = "Sample sessions (default: ${DEFAULT-VALUE}).")
    Path data = Path.of("data/user-activity.jsonl");

    public static void main(String[] args) {
        System.exit(new CommandLine(new EnricherBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws InvalidRecordException {
        UserActivityGenerator generator = UserActivityGenerator.fromSample(data, 3);
        byte[][] input = new byte[records][];
        for (int i = 0; i < records; i++) {
            input[i] = generator.next().json();
        }
        UserActivityEnricher enricher = new UserActivityEnricher(CountryMatcher.exact(), Clock.systemUTC());
        Utf8Check utf8 = new Utf8Check();
        long sink = 0;
        for (int pass = 1; pass <= passes; pass++) {
            long started = System.nanoTime();
            for (byte[] value : input) {
                if (utf8.problem(value) != null) {
                    throw new IllegalStateException("sample is UTF-8");
                }
                sink += enricher.enrich(value).routed().value().length;
            }
            long nanos = System.nanoTime() - started;
            System.out.printf("pass %2d: %,.0f records/s (%.2f µs/record)%n", pass, records * 1e9 / nanos,
                    nanos / 1e3 / records);
        }
        System.out.println("(checksum " + sink + ")");
        return 0;
    }
}
