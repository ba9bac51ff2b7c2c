package dev.safeflow.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The slow-client drill every server's tests run: sockets that start a request and then stall, either
 * inside the headers (slowloris) or inside a declared body. Each socket remembers what the server sent
 * back and whether it closed the connection.
 *
 * <pre>{@code try (SlowClients stalled = SlowClients.headers(server.url(), 20)) {
 *     assertEquals(200, get(server.url() + "/health"));   // still answers
 * }}</pre>
 */
public final class SlowClients implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();
    private final List<ByteArrayOutputStream> received = new ArrayList<>();
    private final List<Boolean> closed = new ArrayList<>();

    private SlowClients() {
    }

    /** {@code n} connections that send a request line and one header, then nothing. */
    public static SlowClients headers(URI server, int n) {
        String start = "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ";
        return open(server, n, start);
    }

    /**
     * {@code n} connections that send complete headers for {@code method path} declaring a body of
     * {@code declaredBytes}, plus {@code headers}, then one byte of the body and nothing more.
     */
    public static SlowClients bodies(URI server, int n, String method, String path, Map<String, String> headers, int declaredBytes) {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        if (!headers.containsKey("Host")) {
            request.append("Host: localhost\r\n");
        }
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        request.append("Content-Length: ").append(declaredBytes).append("\r\n\r\n[");
        return open(server, n, request.toString());
    }

    private static SlowClients open(URI server, int n, String firstBytes) {
        SlowClients clients = new SlowClients();
        try {
            for (int i = 0; i < n; i++) {
                Socket s = new Socket();
                clients.sockets.add(s);
                clients.received.add(new ByteArrayOutputStream());
                clients.closed.add(false);
                s.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5_000);
                s.getOutputStream().write(firstBytes.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            }
        } catch (IOException e) {
            clients.close();
            throw new UncheckedIOException("could not open slow client connections to " + server + ": " + e.getMessage(), e);
        }
        return clients;
    }

    public int size() {
        return sockets.size();
    }

    /** Sends one more byte on every connection the server has not closed, so none of them is idle. */
    public void trickle() {
        for (int i = 0; i < sockets.size(); i++) {
            if (!closed.get(i)) {
                try {
                    sockets.get(i).getOutputStream().write('x');
                    sockets.get(i).getOutputStream().flush();
                } catch (IOException e) {
                    closed.set(i, true);
                }
            }
        }
    }

    /** How many connections the server has closed so far (reads what has arrived without waiting). */
    public int closedByServer() {
        poll();
        return (int) closed.stream().filter(c -> c).count();
    }

    /** How many connections received a response with {@code status}. */
    public int answeredWith(int status) {
        poll();
        String prefix = "HTTP/1.1 " + status + " ";
        return (int) received.stream().filter(r -> r.toString(StandardCharsets.ISO_8859_1).startsWith(prefix)).count();
    }

    private void poll() {
        byte[] buffer = new byte[4096];
        for (int i = 0; i < sockets.size(); i++) {
            if (closed.get(i)) {
                continue;
            }
            Socket s = sockets.get(i);
            try {
                s.setSoTimeout(1);
                InputStream in = s.getInputStream();
                while (true) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        closed.set(i, true);
                        break;
                    }
                    received.get(i).write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // Still open, nothing more to read now.
            } catch (IOException e) {
                closed.set(i, true);
            }
        }
    }

    @Override
    public void close() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Closing a drill socket; nothing to recover.
            }
        }
    }
}
