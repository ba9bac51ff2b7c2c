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
}
