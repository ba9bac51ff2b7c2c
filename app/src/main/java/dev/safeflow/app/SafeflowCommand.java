package dev.safeflow.app;

import picocli.CommandLine.Command;

@Command(name = "safeflow",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Streaming safety audit and safety-aware fine-tuning of LLMs on Apache Kafka.",
    subcommands = {
        LocalCommand.class,
        TopicsCommand.class,
        IngestCommand.class,
        AuditorCommand.class,
        GenerateCommand.class,
        ModelCommand.class,
        BenchCommand.class,
        DemoCommand.class,
        DashboardCommand.class,
        EvalCommand.class,
        EvaluatorCommand.class,
        TestbedCommand.class,
        TrainCommand.class,
        TrainerCommand.class,
        picocli.CommandLine.HelpCommand.class
    })
final class SafeflowCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
