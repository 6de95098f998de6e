package io.kkbridge.sandbox.tools;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import io.kkbridge.sandbox.tools.generate.GenerateCommand;
import io.kkbridge.sandbox.tools.produce.ProduceCommand;
import io.kkbridge.sandbox.tools.tail.TailCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParseResult;

/**
 * {@code kkb}: the command-line tools around the pipeline's Kinesis streams ({@code bin/kkb}). Exit codes: 0 done,
 * 1 failed (the message says why), 2 bad command line.
 */
@Command(name = "kkb", mixinStandardHelpOptions = true, versionProvider = KkbTools.Version.class,
        description = "Command-line tools for the Kinesis-Kafka Bridge: put files or generated data into Kinesis "
                + "streams, and follow a stream. Exit codes: 0 done, 1 failed (the message says why), 2 bad "
                + "command line.",
        subcommands = {CommandLine.HelpCommand.class})
public final class KkbTools implements Runnable {

    private final PrintStream out;
    private final PrintStream err;

    public KkbTools(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // the Kafka test kit on the classpath ships a log4j2.yaml that would print broker logs on this screen
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2-sandbox.xml");
        }
        if (System.getProperty("kkbridge.log.file") == null) {
            System.setProperty("kkbridge.log.file", System.getProperty("java.io.tmpdir") + "/kkb.log");
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(commandLine(out, err).execute(args));
    }

    /** The command line with its subcommands, writing to these streams. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new KkbTools(out, err));
        cli.addSubcommand("produce", new ProduceCommand(out, err));
        cli.addSubcommand("generate", new GenerateCommand(out, err));
        cli.addSubcommand("tail", new TailCommand(out, err));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler(new ToolExceptionHandler(err));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    @Override
    public void run() {
        CommandLine.usage(this, out);
    }

    /** The version: the sandbox module's, when it runs from its jar; else a development build. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = KkbTools.class.getPackage().getImplementationVersion();
            return new String[] {"kkb " + (version != null ? version : "(development build)") + ", Java "
                    + System.getProperty("java.version")};
        }
    }

    /** A {@link ToolException} is a message for the user; anything else is a bug and shows its stack trace. */
    private static final class ToolExceptionHandler implements IExecutionExceptionHandler {
        private final PrintStream err;

        ToolExceptionHandler(PrintStream err) {
            this.err = err;
        }

        @Override
        public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
            if (e instanceof ToolException) {
                err.println("kkb " + cli.getCommandName() + ": " + e.getMessage());
                return 1;
            }
            err.println("kkb " + cli.getCommandName() + " failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }
}
