package dev.dropscope.exporter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.dropscope.exporter.health.ComponentHealth;
import dev.dropscope.exporter.health.ComponentStatus;
import dev.dropscope.exporter.health.HealthService;
import dev.dropscope.exporter.health.Part;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The small handlers: plain text, JSON health documents, the landing page. */
final class Handlers {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");

  private Handlers() {}

  static HttpHandler text(String body) {
    return exchange -> {
      if (allowRead(exchange)) {
        send(exchange, 200, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
      }
    };
  }

  static HttpHandler health(HealthService health) {
    return exchange -> {
      if (allowRead(exchange)) {
        HealthService.Report report = health.all();
        json(exchange, report.status().httpCode(), report);
      }
    };
  }

  /** {@code /health/{part}}: one part by name. */
  static HttpHandler healthPart(HealthService health) {
    return exchange -> {
      if (!allowRead(exchange)) {
        return;
      }
      String name = exchange.getRequestURI().getPath().substring("/health/".length());
      var part = health.one(name);
      if (part.isEmpty()) {
        json(exchange, 404, Map.of("error", "no health part named '" + name + "'"));
      } else {
        json(exchange, part.get().status().httpCode(), part.get());
      }
    };
  }

  /**
   * {@code /health/components} (every component) and {@code /health/components/{name}} (one): 200
   * when up, 503 when degraded or down, 404 for a name neither heartbeats nor probes know.
   */
  static HttpHandler components(ComponentHealth components) {
    String prefix = "/health/components/";
    return exchange -> {
      if (!allowRead(exchange)) {
        return;
      }
      String path = exchange.getRequestURI().getPath();
      String name = path.startsWith(prefix) ? path.substring(prefix.length()) : "";
      if (name.isEmpty()) {
        Part all = components.check();
        json(exchange, all.status().httpCode(), all);
        return;
      }
      Optional<ComponentStatus> one = components.one(name);
      if (one.isEmpty()) {
        json(
            exchange,
            404,
            Map.of(
                "error",
                "no component named '"
                    + name
                    + "': it has sent no heartbeat and has no probe configured"));
      } else {
        json(exchange, one.get().status().httpCode(), one.get());
      }
    };
  }

  static HttpHandler index() {
    String page =
        """
        <!doctype html>
        <html><head><title>dropscope exporter</title></head>
        <body><h1>dropscope exporter</h1>
        <ul>
        <li><a href="/metrics">/metrics</a>: Prometheus exposition</li>
        <li><a href="/health">/health</a>: health of every part (JSON)</li>
        <li><a href="/health/system">/health/system</a>: CPU, memory and disk against thresholds</li>
        <li><a href="/health/components">/health/components</a>: bot components from heartbeats
        and probes; /health/components/{name} for one</li>
        <li><a href="/-/healthy">/-/healthy</a>: liveness</li>
        <li>POST /api/v1/events: component events (JSON, JSON array or NDJSON)</li>
        </ul></body></html>
        """;
    byte[] body = page.getBytes(StandardCharsets.UTF_8);
    return exchange -> {
      if (allowRead(exchange)) {
        send(exchange, 200, "text/html; charset=utf-8", body);
      }
    };
  }

  static void json(HttpExchange exchange, int code, Object body) throws IOException {
    send(exchange, code, "application/json", JSON.writeValueAsBytes(body));
  }

  private static boolean allowRead(HttpExchange exchange) throws IOException {
    if (READ_METHODS.contains(exchange.getRequestMethod())) {
      return true;
    }
    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
    json(
        exchange,
        405,
        Map.of("error", "method " + exchange.getRequestMethod() + " not allowed; use GET"));
    return false;
  }

  private static void send(HttpExchange exchange, int code, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(code, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
