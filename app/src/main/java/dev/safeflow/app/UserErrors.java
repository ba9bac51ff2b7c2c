package dev.safeflow.app;

import dev.safeflow.model.ModelException;
import dev.safeflow.schemas.config.ConfigException;
import dev.safeflow.schemas.registry.SchemaRegistryException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Errors a user can cause (bad config, unreachable broker or registry, bad file) print one sentence
 * and exit 1; anything else is a bug and prints its stack trace (exit 70, EX_SOFTWARE).
 */
final class UserErrors implements IExecutionExceptionHandler {
    static final int USER_ERROR = 1;
    static final int BUG = 70;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        if (isUserError(e)) {
            cli.getErr().println(cli.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            return USER_ERROR;
        }
        cli.getErr().println(cli.getCommandSpec().qualifiedName() + " failed unexpectedly (a bug; please report it):");
        e.printStackTrace(cli.getErr());
        return BUG;
    }

    static boolean isUserError(Throwable e) {
        return e instanceof ConfigException
            || e instanceof SchemaRegistryException
            || e instanceof UncheckedIOException
            || e instanceof IllegalArgumentException
            || e instanceof IllegalStateException
            || e instanceof UserException
            || e instanceof ModelException;
    }

    /** Thrown by commands for a problem the user can fix; the message says how. */
    static final class UserException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UserException(String message) {
            super(message);
        }
    }
}
