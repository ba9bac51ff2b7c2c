package dev.safeflow.app;

import picocli.CommandLine;

/** The only {@code main}: builds the command tree and exits with the command's status. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI without exiting, for tests. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SafeflowCommand());
        cli.setExecutionExceptionHandler(new UserErrors());
        // Configuration key listings are wide tables; use the terminal's width rather than 80 columns.
        cli.setUsageHelpAutoWidth(true);
        return cli;
    }
}
