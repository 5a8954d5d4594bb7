package io.nightjar.api.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code nightjar} command. */
@Command(name = "nightjar", mixinStandardHelpOptions = true, version = "nightjar 0.1.0",
        description = "Open video recording and analytics engine.",
        subcommands = {DemoCommand.class, ClusterDemoCommand.class, ServeCommand.class, ProbeCommand.class, RecordCommand.class, VerifyCommand.class,
                CommandLine.HelpCommand.class})
public final class NightjarCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (for tests). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new NightjarCli());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl.execute(args);
    }
}
