package dev.dropscope.exporter.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exact and prefix routes. The JDK server matches contexts by prefix only, so {@code /metricsX}
 * would reach {@code /metrics}; this router answers 404 instead. An exact route wins over a prefix,
 * and the longest matching prefix wins over shorter ones ({@code /health/components/} over {@code
 * /health/}).
 */
final class Router implements HttpHandler {
  private final Map<String, HttpHandler> exact = new LinkedHashMap<>();
  private final Map<String, HttpHandler> prefixes = new LinkedHashMap<>();

  void exact(String path, HttpHandler handler) {
    exact.put(path, handler);
  }

  void prefix(String prefix, HttpHandler handler) {
    prefixes.put(prefix, handler);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      HttpHandler handler = exact.get(path);
      if (handler == null) {
        handler =
            prefixes.entrySet().stream()
                .filter(e -> path.startsWith(e.getKey()))
                .max(Comparator.comparingInt(e -> e.getKey().length()))
                .map(Map.Entry::getValue)
                .orElse(null);
      }
      if (handler == null) {
        Handlers.json(exchange, 404, Map.of("error", "no such endpoint: " + path));
        return;
      }
      handler.handle(exchange);
    } catch (RuntimeException e) {
      // A bug must not take the connection down silently; the client gets a 500 with the reason.
      Handlers.json(exchange, 500, Map.of("error", e.toString()));
    }
  }
}
