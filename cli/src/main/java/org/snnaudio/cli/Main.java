package org.snnaudio.cli;

import org.snnaudio.core.SnnaudioException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/**
 * The {@code snnaudio} command. Sub-commands are registered here, in one place; each turns
 * {@link SnnaudioException}s into a one-line message and exit code 1 (the stack trace only with
 * {@code --debug}).
 */
@Command(name = "snnaudio", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Audio to spikes, spiking neural network training and neuromorphic deployment.",
        subcommands = {CommandLine.HelpCommand.class,
                org.snnaudio.cli.commands.TrainCommand.class,
                org.snnaudio.cli.commands.EvaluateCommand.class,
                org.snnaudio.cli.commands.PredictCommand.class,
                org.snnaudio.cli.commands.ListenCommand.class,
                org.snnaudio.cli.commands.InspectCommand.class,
                org.snnaudio.cli.bench.BenchCommand.class,
                org.snnaudio.cli.tune.TuneCommand.class,
                org.snnaudio.cli.audio.FeaturesCommand.class, org.snnaudio.cli.audio.DataCommand.class,
                org.snnaudio.cli.hardware.DeployCommand.class, org.snnaudio.cli.hardware.ExportCommand.class,
                org.snnaudio.cli.hardware.ImportCommand.class})
public final class Main implements Runnable {

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Show stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with all sub-commands and the error handling. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean debug = parseResult.originalArgs().contains("--debug");
            PrintWriter err = commandLine.getErr();
            if (debug) {
                ex.printStackTrace(err);
            }
            String msg = ex instanceof SnnaudioException || ex instanceof IllegalArgumentException
                    ? ex.getMessage() : ex.getClass().getSimpleName() + ": " + ex.getMessage();
            err.println("snnaudio: error: " + msg);
            if (!debug) {
                err.println("(run with --debug for the stack trace)");
            }
            err.flush();
            return 1;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Reports the library version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"snnaudio " + (v == null ? "dev" : v) + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
