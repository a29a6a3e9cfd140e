package dev.dropscope.exporter.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.dropscope.exporter.ingest.IngestService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * {@code POST /api/v1/events}: checks method, token, content type and size before the body is
 * parsed, then hands it to the {@link IngestService}.
 */
final class IngestHandler implements HttpHandler {
  /** Bodies larger than this are not kept for reuse. */
  static final int MAX_POOLED_BUFFER = 1 << 20;

  private final IngestService service;
  private final byte[] token; // null: no auth

  /**
   * Body arrays of finished requests, for the next ones: a batch of 1,000 events is ~0.4 MB, which
   * would otherwise be allocated (and collected) per request.
   */
  private final ArrayBlockingQueue<byte[]> buffers = new ArrayBlockingQueue<>(4);

  IngestHandler(IngestService service, String token) {
    this.service = service;
    this.token = token != null ? token.getBytes(StandardCharsets.UTF_8) : null;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    int status = 500;
    try {
      status = answer(exchange);
    } finally {
      service.observe(status, (System.nanoTime() - start) / 1e9);
    }
  }

  /** Answers the request and returns the status sent. */
  private int answer(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestMethod().equals("POST")) {
      exchange.getResponseHeaders().set("Allow", "POST");
      Handlers.json(
          exchange,
          405,
          Map.of(
              "error", "method " + exchange.getRequestMethod() + " not allowed; POST events here"));
      return 405;
    }
    if (token != null && !authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
      service.refused("unauthorized");
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"dropscope\"");
      Handlers.json(exchange, 401, Map.of("error", "missing or wrong bearer token"));
      return 401;
    }
    String contentType =
        String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))
            .toLowerCase(Locale.ROOT);
    boolean ndjson = contentType.startsWith("application/x-ndjson");
    if (!ndjson && !contentType.startsWith("application/json")) {
      service.refused("unsupported_media_type");
      Handlers.json(
          exchange,
          415,
          Map.of(
              "error",
              "content type must be application/json or application/x-ndjson, found "
                  + contentType));
      return 415;
    }
    Body body = readBounded(exchange, service.maxBodyBytes());
    if (body == null) {
      service.refused("too_large");
      Handlers.json(
          exchange,
          413,
          Map.of(
              "error",
              "body larger than " + service.maxBodyBytes() + " bytes; send smaller batches"));
      return 413;
    }
    IngestService.Response r;
    try {
      r = service.ingest(body.bytes(), body.length(), ndjson);
    } finally {
      recycle(body.bytes()); // the service keeps nothing of it
    }
    Handlers.json(exchange, r.status(), r.body());
    return r.status();
  }

  /** A request body: the first {@code length} bytes of {@code bytes}. */
  private record Body(byte[] bytes, int length) {}

  /** An array of at least {@code size} bytes, from the pool when one there is large enough. */
  private byte[] buffer(int size) {
    byte[] b = buffers.poll();
    return b != null && b.length >= size ? b : new byte[size];
  }

  private void recycle(byte[] b) {
    if (b.length <= MAX_POOLED_BUFFER) {
      buffers.offer(b);
    }
  }

  private boolean authorized(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(
        token, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The body, or null when it exceeds {@code limit} (checked before and while reading). A body with
   * a Content-Length is read straight into a pooled array, without copies.
   */
  private Body readBounded(HttpExchange exchange, int limit) throws IOException {
    long declared = -1;
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        declared = Long.parseLong(length.strip());
        if (declared > limit) {
          return null;
        }
      } catch (NumberFormatException ignored) {
        // the server rejects malformed lengths itself; read and bound below
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      if (declared >= 0) {
        byte[] body = buffer((int) declared);
        // the server ends the stream at Content-Length; a client that hangs up sends less
        return new Body(body, in.readNBytes(body, 0, (int) declared));
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[16 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        if (out.size() + n > limit) {
          return null;
        }
        out.write(buf, 0, n);
      }
      return new Body(out.toByteArray(), out.size());
    }
  }
}
