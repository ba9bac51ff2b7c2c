package dev.safeflow.http;

/**
 * An answer the client caused, with the sentence that tells it what to do; the layer sends it as
 * {@code {"error": message}} unless the route already started its response.
 */
public class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** A body over the route's byte limit: 413, and the connection is closed since the rest of the body was not read. */
    public static final class BodyTooLarge extends HttpError {
        private static final long serialVersionUID = 1L;

        public BodyTooLarge(String message) {
            super(413, message);
        }
    }
}
