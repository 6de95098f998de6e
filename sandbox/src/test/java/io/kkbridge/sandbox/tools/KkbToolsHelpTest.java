package io.kkbridge.sandbox.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** Every command and every option documents itself in --help. */
class KkbToolsHelpTest {

    private static CommandLine cli() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return KkbTools.commandLine(sink, sink);
    }

    @Test
    void shouldDescribeEveryOptionAndParameterOfEveryCommand() {
        List<String> undocumented = new ArrayList<>();
        List<CommandSpec> specs = new ArrayList<>();
        specs.add(cli().getCommandSpec());
        cli().getSubcommands().values().forEach(sub -> specs.add(sub.getCommandSpec()));
        for (CommandSpec spec : specs) {
            assertThat(spec.usageMessage().description()).as(spec.qualifiedName()).isNotEmpty();
            List<ArgSpec> args = new ArrayList<>(spec.options());
            args.addAll(spec.positionalParameters());
            for (ArgSpec arg : args) {
                String text = String.join(" ", arg.description()).trim();
                if (text.isEmpty()) {
                    undocumented.add(spec.qualifiedName() + " " + arg.paramLabel());
                }
            }
        }
        assertThat(specs).extracting(CommandSpec::name).contains("kkb", "produce", "generate", "tail");
        assertThat(undocumented).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"produce", "generate", "tail"})
    void shouldPrintHelpWithEveryOptionAndExitZero(String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);

        int exit = KkbTools.commandLine(print, print).execute(command, "--help");

        String help = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        for (var option : cli().getSubcommands().get(command).getCommandSpec().options()) {
            assertThat(help).contains(option.longestName());
        }
        assertThat(help).contains("--endpoint=URL", "--region=REGION");
    }

    @Test
    void shouldExplainABadOptionValueWithExitCodeTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(err, true, StandardCharsets.UTF_8);

        int exit = KkbTools.commandLine(print, print).execute("produce", "x.csv", "--stream", "s",
                "--ordering", "sometimes");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Invalid value for option '--ordering': 'sometimes' is not one of per-key, none");
    }
}
