package dev.safeflow.app.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DashboardCommandTest {

    @Test
    void dashboardIsASubcommandWithItsOptionsInHelp() {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));

        assertEquals(0, cli.execute("dashboard", "--help"));
        for (String option : new String[] {"--port", "--host", "--bootstrap-servers", "--registry-url", "--config", "--set"}) {
            assertTrue(out.toString().contains(option), option + " in\n" + out);
        }
    }

    @Test
    void anOutOfRangePortExitsOneNamingTheKeyAndTheRule() {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));

        assertEquals(1, cli.execute("dashboard", "--port", "70000"));
        assertTrue(err.toString().contains("dashboard.port") && err.toString().contains("between 0 and 65535"), err.toString());
        assertTrue(err.toString().lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace:\n" + err);
    }

    @Test
    void aMalformedBootstrapAddressExitsOneNamingTheKeyInsteadOfAStackTrace() {
        Result r = run("dashboard", "--port", "0", "--bootstrap-servers", "no-port-here");

        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("kafka.bootstrap.servers") && r.err().contains("no-port-here"), r.err());
        assertTrue(r.err().lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace:\n" + r.err());
    }

    @Test
    void anUnknownHostExitsOneNamingTheKey() {
        Result r = run("dashboard", "--port", "0", "--host", "no-such-host.invalid");

        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("dashboard.host no-such-host.invalid"), r.err());
    }

    private record Result(int exit, String err) {
    }

    private static Result run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        return new Result(cli.execute(args), err.toString());
    }
}
