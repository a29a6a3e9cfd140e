package dev.dropscope.exporter.simulate;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * A stand-in exporter on 127.0.0.1 (a real {@link HttpServer}): records every request to {@code
 * /api/v1/events} and answers from a script, then with {@code 202 {"accepted": n}}.
 */
final class RecordingTarget implements AutoCloseable {

  /** One request as received. */
  record Request(
      String method, String path, String contentType, String authorization, List<String> lines) {}

  /** A scripted answer. */
  record Answer(int status, String body) {}

  static {
    // without it the JDK server answers keep-alive clients ~40 ms late (Nagle + delayed ACK)
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final Deque<Function<Request, Answer>> script = new ArrayDeque<>();

  RecordingTarget() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          List<String> lines = Arrays.stream(body.split("\n")).filter(l -> !l.isEmpty()).toList();
          Request r =
              new Request(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  lines);
          Function<Request, Answer> next;
          synchronized (this) {
            requests.add(r);
            next = script.pollFirst();
          }
          Answer a =
              next != null
                  ? next.apply(r)
                  : new Answer(202, "{\"accepted\": " + lines.size() + "}");
          byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
          if (out.length > 0) {
            exchange.getResponseBody().write(out);
          }
          exchange.close();
        });
    server.start();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  URI endpoint() {
    return base().resolve("/api/v1/events");
  }

  /** The next requests get these answers, in order. */
  synchronized RecordingTarget thenAnswer(int status, String body) {
    script.addLast(r -> new Answer(status, body));
    return this;
  }

  /** The next request gets whatever {@code answer} makes of it. */
  synchronized RecordingTarget thenAnswer(Function<Request, Answer> answer) {
    script.addLast(answer);
    return this;
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Every event line received, in order. */
  synchronized List<String> lines() {
    return requests.stream().flatMap(r -> r.lines().stream()).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
