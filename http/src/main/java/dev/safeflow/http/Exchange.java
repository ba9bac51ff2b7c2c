package dev.safeflow.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

/**
 * One request and its response, with blocking helpers: the request body is bounded in bytes and in
 * time; a response is either written whole ({@link #json}, {@link #text}, {@link #bytes}) or streamed
 * ({@link #stream}). A route that writes nothing gets an empty 204.
 */
public final class Exchange {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Request request;
    private final Response response;
    private final HttpLimits limits;
    private final ScheduledExecutorService timer;
    private OutputStream out;
    private boolean answered;

    Exchange(Request request, Response response, HttpLimits limits, ScheduledExecutorService timer) {
        this.request = request;
        this.response = response;
        this.limits = limits;
        this.timer = timer;
    }

    public String method() {
        return request.getMethod();
    }

    /** The decoded path, e.g. {@code /promoted/run 1}. */
    public String path() {
        return request.getHttpURI().getDecodedPath();
    }

    /** The path as sent, percent-encoding intact, for routes that split it into segments before decoding. */
    public String rawPath() {
        return request.getHttpURI().getPath();
    }

    /** A query parameter, decoded, or null; the first one when it is repeated. */
    public String query(String name) {
        return queryParameters().get(name);
    }

    public Map<String, String> queryParameters() {
        Fields fields;
        try {
            fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw new HttpError(400, "the query string is not valid percent-encoded UTF-8: " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Fields.Field f : fields) {
            out.put(f.getName(), f.getValue());
        }
        return out;
    }

    public String header(String name) {
        return request.getHeaders().get(name);
    }

    /** Content-Length, or -1 for a chunked body. */
    public long contentLength() {
        return request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    }

    /** The client's address, for logs. */
    public String remoteAddress() {
        return Request.getRemoteAddr(request);
    }

    /** The body, at most the server's {@link HttpLimits#maxBodyBytes()}. */
    public InputStream body() {
        return body(limits.maxBodyBytes(), "max body bytes");
    }

    /**
     * The body, at most {@code maxBytes}: a declared length over it fails now, a chunked body once it
     * passes it, both with {@link HttpError.BodyTooLarge} naming {@code limitName} (the setting to change).
     * The body must have arrived within the body timeout of this call.
     */
    public InputStream body(long maxBytes, String limitName) {
        long declared = contentLength();
        if (declared > maxBytes) {
            throw new HttpError.BodyTooLarge("body of " + declared + " bytes is over " + limitName + " = " + maxBytes);
        }
        return new BoundedBody(Request.asInputStream(request), maxBytes, limitName, limits.bodyTimeout(), timer,
            () -> request.getConnectionMetaData().getConnection().getEndPoint().close());
    }

    /** The whole body in memory, at most {@code maxBytes}. */
    public byte[] bodyBytes(long maxBytes, String limitName) throws IOException {
        try (InputStream in = body(maxBytes, limitName)) {
            return in.readAllBytes();
        }
    }

    public Exchange header(String name, String value) {
        response.getHeaders().put(name, value);
        return this;
    }

    /** {@code body} as JSON (a Map, a record, a JsonNode...). */
    public void json(int status, Object body) throws IOException {
        bytes(status, "application/json", JSON.writeValueAsBytes(body));
    }

    /** {@code {"error": message}}. */
    public void error(int status, String message) throws IOException {
        json(status, Map.of("error", message));
    }

    public void text(int status, String contentType, String body) throws IOException {
        bytes(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A complete response; for HEAD the same headers without the body. */
    public void bytes(int status, String contentType, byte[] body) throws IOException {
        start(status, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        try (OutputStream o = Content.Sink.asOutputStream(response)) {
            if (!method().equals("HEAD")) {
                o.write(body);
            }
        }
    }

    /**
     * A response whose length is not known yet (chunked): write and flush as results arrive. The layer
     * closes it when the route returns.
     */
    public OutputStream stream(int status, String contentType) {
        start(status, contentType);
        out = Content.Sink.asOutputStream(response);
        return out;
    }

    /** Whether a response was started: after that, only the connection can be closed to signal failure. */
    public boolean answered() {
        return answered;
    }

    private void start(int status, String contentType) {
        if (answered) {
            throw new IllegalStateException("the response to " + method() + " " + path() + " was already started");
        }
        answered = true;
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    }

    /** Called by the layer when the route returned normally. */
    void finish() throws IOException {
        if (out != null) {
            out.close();
        } else if (!answered) {
            answered = true;
            response.setStatus(204);
        }
    }

    Request request() {
        return request;
    }

    Response response() {
        return response;
    }
}
