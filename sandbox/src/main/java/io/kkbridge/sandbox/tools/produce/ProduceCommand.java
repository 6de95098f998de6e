package io.kkbridge.sandbox.tools.produce;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.kkbridge.sandbox.tools.KinesisOptions;
import io.kkbridge.sandbox.tools.KkbTools;
import io.kkbridge.sandbox.tools.LowerCaseEnumConverter;
import io.kkbridge.sandbox.tools.PutRecordsSender;
import io.kkbridge.sandbox.tools.SendOptions;
import io.kkbridge.sandbox.tools.SendRun;
import io.kkbridge.sandbox.tools.SendStats;
import io.kkbridge.sandbox.tools.ToolException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** {@code kkb produce}: a CSV or JSON-lines file into a Kinesis stream. */
@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = KkbTools.Version.class,
        description = {
            "Put a CSV or JSON-lines file into a Kinesis stream, one record per row.",
            "",
            "Records go in PutRecords batches (at most 500 records and 5 MiB; a record at most 1 MiB, a partition "
                    + "key 1 to 256 characters). A CSV row becomes a JSON object, header name -> value, values "
                    + "strings unless --type says otherwise. A JSON-lines line must hold one JSON object and is sent "
                    + "unchanged. Progress goes to stderr, bad rows are reported there with their line numbers, and "
                    + "a summary is printed at the end.",
            ""
        },
        footer = {
            "",
            "Example: point-of-sale CSV with the columns InvoiceNo, StockCode, Description,",
            "Quantity, InvoiceDate, UnitPrice, CustomerID and Country into the purchases",
            "the Streams app expects:",
            "",
            "  kkb produce sales.csv --stream purchases --partition-key customer_id \\",
            "    --rename InvoiceNo=purchase_id --rename StockCode=product_id \\",
            "    --rename Description=description --rename Quantity=quantity \\",
            "    --rename InvoiceDate=timestamp --rename UnitPrice=price \\",
            "    --rename CustomerID=customer_id --rename Country=country \\",
            "    --type quantity=integer --type price=decimal \\",
            "    --type 'timestamp=timestamp:M/d/yyyy H:mm'",
            "",
            "makes {\"purchase_id\":\"536365\",\"customer_id\":\"17850\",\"product_id\":\"85123A\",",
            "\"description\":\"WHITE HANGING HEART T-LIGHT HOLDER\",\"quantity\":6,\"price\":2.55,",
            "\"timestamp\":\"2010-12-01T08:26:00Z\",\"country\":\"United Kingdom\"}."
        })
public final class ProduceCommand implements Callable<Integer> {

    /** Input formats. */
    public enum Format { CSV, JSONL }

    @Parameters(index = "0", paramLabel = "FILE", description = "The input file, or - for stdin.")
    String file;

    @Option(names = "--stream", required = true, paramLabel = "NAME", description = "The Kinesis stream to put into.")
    String stream;

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "csv or jsonl (default: from the file name: .csv is csv; .jsonl, .ndjson, .json are jsonl).")
    Format format;

    @ArgGroup(exclusive = true)
    KeyOptions key = new KeyOptions();

    /** One way to choose partition keys. */
    static final class KeyOptions {
        @Option(names = "--partition-key", paramLabel = "FIELD",
                description = "Take each record's partition key from this field (a CSV column after --rename, or a "
                        + "top-level JSON field). A row where it is missing, empty or longer than 256 characters is "
                        + "a bad row. Default: a random UUID per record.")
        String field;

        @Option(names = "--partition-key-value", paramLabel = "KEY",
                description = "Use this partition key for every record (all go to one shard).")
        String fixed;
    }

    @Option(names = "--on-bad-row", paramLabel = "ACTION", defaultValue = "fail", converter = PolicyConverter.class,
            description = "fail: stop at the first bad row (wrong field count, broken quoting, not UTF-8, a bad "
                    + "--type value, no partition key, too large), after sending the rows before it; skip: report it "
                    + "with its line number and go on (default: ${DEFAULT-VALUE}).")
    ProduceSource.BadRowPolicy onBadRow;

    @Option(names = "--no-header", description = "CSV: the first line is data; name the columns with --columns.")
    boolean noHeader;

    @Option(names = "--columns", split = ",", paramLabel = "NAME",
            description = "CSV with --no-header: the column names, comma-separated.")
    List<String> columns;

    @Option(names = "--delimiter", paramLabel = "CHAR", defaultValue = ",",
            description = "CSV field separator: one character, or 'tab' (default: ${DEFAULT-VALUE}).")
    String delimiter;

    @Option(names = "--quote", paramLabel = "CHAR", defaultValue = "\"",
            description = "CSV quote character; inside a quoted field it is doubled (default: ${DEFAULT-VALUE}).")
    char quote;

    @Option(names = "--trim",
            description = "CSV: trim leading and trailing blanks of every field (quoted or not) and header name, "
                    + "e.g. the space-padded beat column of the Sacramento crime data.")
    boolean trim;

    @Option(names = "--rename", paramLabel = "COLUMN=FIELD",
            description = "CSV: name the JSON field of a column differently; repeatable.")
    Map<String, String> renames = new LinkedHashMap<>();

    @Option(names = "--type", paramLabel = "FIELD=TYPE",
            description = "CSV: the JSON type of a field (its name after --rename); repeatable. TYPE is string "
                    + "(default), integer, decimal (exact), boolean, timestamp (ISO-8601 in, ISO-8601 UTC out) or "
                    + "timestamp:PATTERN (a java.time pattern such as M/d/yyyy H:mm). Empty values of typed "
                    + "fields become null; values that do not parse make the row bad.")
    Map<String, String> types = new LinkedHashMap<>();

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "Time zone of timestamps without an offset, e.g. Europe/London (default: ${DEFAULT-VALUE}).")
    String zone;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
            description = "Records per second at most; 0 for as fast as the stream takes them "
                    + "(default: ${DEFAULT-VALUE}).")
    double rate;

    @Mixin
    SendOptions send;

    @Mixin
    KinesisOptions kinesis;

    private final PrintStream out;
    private final PrintStream err;

    public ProduceCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        Format inputFormat = resolveFormat();
        if (inputFormat == Format.JSONL && (!renames.isEmpty() || !types.isEmpty() || noHeader || columns != null)) {
            throw new ToolException("--rename, --type, --no-header and --columns apply to CSV input only");
        }
        PutRecordsSender.Settings settings = send.settings(stream, "line", rate);
        long size = "-".equals(file) ? -1 : fileSize();
        try (InputStream in = open(); InputLines lines = new InputLines(in)) {
            RowReader reader;
            CsvToJson csv = null;
            if (inputFormat == Format.CSV) {
                CsvRowReader csvReader = new CsvRowReader(lines, csvSettings());
                csv = CsvToJson.create(csvReader.columns(), renames, types, zoneId());
                reader = csvReader;
            } else {
                reader = new JsonLinesReader(lines);
            }
            ProduceSource source = new ProduceSource(reader, csv, keyChoice(), onBadRow, err);
            try (KinesisClient client = kinesis.client()) {
                SendRun run = new SendRun(client, kinesis, send, settings, err,
                        stats -> size > 0 ? (double) stats.lastInputOffset() / size : Double.NaN);
                SendRun.Outcome outcome = run.run(source, o -> printSummary(source, o.stats(), o.failure()));
                if (outcome.failure() != null) {
                    throw outcome.failure();
                }
                return 0;
            }
        }
    }

    private void printSummary(ProduceSource source, SendStats stats, ToolException failure) {
        String name = "-".equals(file) ? "stdin" : file;
        out.printf("%s %s into stream '%s' (%s)%n", failure == null ? "Produced" : "Stopped producing", name, stream,
                kinesis.describe());
        out.printf("  %-22s %,10d%n", "rows read", source.rowsRead());
        out.printf("  %-22s %,10d  in %,d PutRecords requests%n", "records sent", stats.recordsSent(),
                stats.requests());
        out.printf("  %-22s %,10d%n", "retried records", stats.retriedRecords());
        List<InputItem.BadRow> skipped = source.skipped();
        out.printf("  %-22s %,10d%n", "bad rows skipped", skipped.size());
        for (int i = 0; i < Math.min(20, skipped.size()); i++) {
            out.printf("    %s: %s%n", skipped.get(i).lines(), skipped.get(i).reason());
        }
        if (skipped.size() > 20) {
            out.printf("    ... and %,d more (all were reported on stderr)%n", skipped.size() - 20);
        }
        out.printf("  %-22s %,10d%n", "blank lines skipped", source.blankLines());
        out.printf("  %-22s %,10d  (data and partition keys)%n", "bytes sent", stats.bytesSent());
        out.printf("  %-22s %10.1f s%n", "elapsed", stats.elapsedNanos() / 1e9);
        out.printf("  %-22s %,10.0f records/s%n", "rate", stats.recordsPerSecond());
        long unsent = stats.recordsTaken() - stats.recordsSent();
        if (failure != null && unsent > 0) {
            out.printf("  %-22s %,10d  (read but not sent)%n", "not sent", unsent);
        }
        out.flush();
    }

    private Format resolveFormat() {
        if (format != null) {
            return format;
        }
        String lower = file.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
            return Format.CSV;
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")) {
            return Format.JSONL;
        }
        throw new ToolException("Cannot tell the format of '" + file + "' from its name: pass --format csv or "
                + "--format jsonl");
    }

    private CsvSettings csvSettings() {
        char d;
        if ("tab".equalsIgnoreCase(delimiter) || "\\t".equals(delimiter)) {
            d = '\t';
        } else if (delimiter.length() == 1) {
            d = delimiter.charAt(0);
        } else {
            throw new ToolException("--delimiter must be one character or 'tab', not '" + delimiter + "'");
        }
        if (noHeader && (columns == null || columns.isEmpty())) {
            throw new ToolException("--no-header needs --columns to name the columns");
        }
        if (!noHeader && columns != null) {
            throw new ToolException("--columns names the columns of a file without a header: add --no-header");
        }
        try {
            return new CsvSettings(d, quote, trim, !noHeader, noHeader ? columns.stream().map(String::trim).toList()
                    : List.of());
        } catch (IllegalArgumentException e) {
            throw new ToolException("--delimiter / --quote: " + e.getMessage());
        }
    }

    private ZoneId zoneId() {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new ToolException("--zone " + zone + " is not a time zone: " + e.getMessage());
        }
    }

    private ProduceSource.KeyChoice keyChoice() {
        if (key != null && key.field != null) {
            return new ProduceSource.KeyChoice.FromField(key.field);
        }
        if (key != null && key.fixed != null) {
            return new ProduceSource.KeyChoice.Fixed(key.fixed);
        }
        return new ProduceSource.KeyChoice.Random();
    }

    private long fileSize() {
        try {
            return Files.size(Path.of(file));
        } catch (IOException e) {
            return -1;
        }
    }

    private InputStream open() throws IOException {
        if ("-".equals(file)) {
            return System.in;
        }
        try {
            return Files.newInputStream(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new ToolException("No such file: " + file);
        }
    }

    /** {@code csv} / {@code jsonl}. */
    static final class FormatConverter extends LowerCaseEnumConverter<Format> {
        FormatConverter() {
            super(Format.class);
        }
    }

    /** {@code skip} / {@code fail}. */
    static final class PolicyConverter extends LowerCaseEnumConverter<ProduceSource.BadRowPolicy> {
        PolicyConverter() {
            super(ProduceSource.BadRowPolicy.class);
        }
    }
}
