package dev.dropscope.exporter.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

/** Guards a handler with HTTP basic auth for one user; credentials compared in constant time. */
final class BasicAuthHandler implements HttpHandler {
  private final HttpHandler inner;
  private final byte[] expected;

  BasicAuthHandler(HttpHandler inner, String username, String password) {
    this.inner = inner;
    this.expected = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      byte[] given;
      try {
        given = Base64.getDecoder().decode(header.substring(6).strip());
      } catch (IllegalArgumentException e) {
        given = new byte[0];
      }
      if (MessageDigest.isEqual(expected, given)) {
        inner.handle(exchange);
        return;
      }
    }
    exchange
        .getResponseHeaders()
        .set("WWW-Authenticate", "Basic realm=\"dropscope\", charset=\"UTF-8\"");
    Handlers.json(exchange, 401, Map.of("error", "missing or wrong credentials"));
  }
}
