package dev.safeflow.http;

/**
 * Handles one request on a thread of its own (blocking reads and writes are fine). Throw
 * {@link HttpError} for an answer that is the client's fault; anything else is answered 500.
 */
@FunctionalInterface
public interface Route {
    void handle(Exchange exchange) throws Exception;
}
