package dev.safeflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        PrintStream oldOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured));
        try {
            int exit = cli.execute(args);
            return new Run(exit, out + captured.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
        }
    }

    @Test
    void everyCommandHasHelp() {
        CommandLine root = Main.commandLine();
        assertHelp(root, "safeflow");
    }

    /** picocli formats descriptions with String.format: a lone '%' garbles the help with a warning. */
    @Test
    void noHelpTextHasAnUnescapedPercentSign() {
        java.util.List<String> bad = new java.util.ArrayList<>();
        collectPercents(Main.commandLine(), "safeflow", bad);
        assertTrue(bad.isEmpty(), "write %% for a percent sign in: " + bad);
    }

    private static void collectPercents(CommandLine command, String path, java.util.List<String> bad) {
        java.util.function.Predicate<String> lone = line -> line.replace("%%", "").replace("%n", "").contains("%");
        for (String line : command.getCommandSpec().usageMessage().description()) {
            if (lone.test(line)) {
                bad.add(path + ": " + line);
            }
        }
        command.getCommandSpec().options().forEach(o -> {
            for (String line : o.description()) {
                if (lone.test(line)) {
                    bad.add(path + " " + o.longestName() + ": " + line);
                }
            }
        });
        command.getSubcommands().forEach((name, sub) -> collectPercents(sub, path + " " + name, bad));
    }

    private static void assertHelp(CommandLine command, String path) {
        assertTrue(command.getCommandSpec().mixinStandardHelpOptions() || command.getCommandName().equals("help"),
            path + " has no --help");
        command.getSubcommands().forEach((name, sub) -> assertHelp(sub, path + " " + name));
    }

    @Test
    void badConfigurationExitsOneListingEveryProblem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "topics:\n  partitions: zero\nkafka.bootstrap.server: x:1\n");
        Run r = run("topics", "create", "--config", file.toString(), "--set", "registry.url=nowhere");
        assertEquals(UserErrors.USER_ERROR, r.exit(), r.err());
        assertTrue(r.err().contains("3 problems"), r.err());
        assertTrue(r.err().contains("did you mean kafka.bootstrap.servers?"), r.err());
    }

    @Test
    void unreachableBrokerFailsInSecondsWithTheFix() {
        Run r = run("topics", "list", "--bootstrap-servers", "localhost:1");
        assertEquals(UserErrors.USER_ERROR, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("kafka.bootstrap.servers"), r.err());
    }

    @Test
    void demoWithoutTheModelOrganismFailsInOneSentence(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        Run r = run("demo", "--quick", "--model", tmp.resolve("no-model").toString(), "--work-dir", tmp.resolve("demo").toString());
        assertEquals(UserErrors.USER_ERROR, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("the model organism is missing") && r.err().contains("--model DIR"), r.err());
    }
}
