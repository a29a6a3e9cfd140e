package dev.dropscope.rules.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A test HTTP server standing in for a webhook receiver: keeps every notification Alertmanager
 * POSTs (its JSON body) and lets a test wait for one that matches.
 */
final class WebhookReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();

  private WebhookReceiver(HttpServer server) {
    this.server = server;
  }

  static WebhookReceiver start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      WebhookReceiver receiver = new WebhookReceiver(server);
      server.createContext(
          "/alerts",
          exchange -> {
            try (exchange) {
              byte[] body = exchange.getRequestBody().readAllBytes();
              receiver.received.add(JSON.readTree(body));
              exchange.sendResponseHeaders(200, -1);
            }
          });
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the webhook receiver", e);
    }
  }

  /** The URL to configure as the webhook. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
  }

  List<JsonNode> received() {
    return new ArrayList<>(received);
  }

  /**
   * Waits for a notification with an alert matching {@code alert} and returns that alert; on
   * timeout fails listing every notification received (and {@code context}, e.g. Prometheus's
   * alerts).
   */
  JsonNode await(
      String what,
      Predicate<JsonNode> alert,
      Duration deadline,
      java.util.function.Supplier<String> context) {
    long end = System.nanoTime() + deadline.toNanos();
    while (System.nanoTime() < end) {
      for (JsonNode notification : received) {
        for (JsonNode a : notification.path("alerts")) {
          if (alert.test(a)) {
            return a;
          }
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    StringBuilder seen = new StringBuilder();
    received.forEach(n -> seen.append("  ").append(n).append('\n'));
    throw new AssertionError(
        "no notification with "
            + what
            + " within "
            + deadline
            + "; received "
            + received.size()
            + ":\n"
            + seen
            + context.get());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
