package dev.dropscope.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain HTTP GETs and POSTs for integration tests: one shared client, bounded timeouts, string
 * bodies.
 */
public final class Http {
  private static final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private Http() {}

  /** What came back: status, {@code Content-Type} (empty when absent) and the body as text. */
  public record Response(int status, String contentType, String body) {}

  /**
   * GETs {@code uri} with optional header name/value pairs. Throws {@link UncheckedIOException}
   * when no response arrives within 10 s (connection refused, timeout).
   */
  public static Response get(URI uri, String... headerPairs) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    if (headerPairs.length > 0) {
      request.headers(headerPairs);
    }
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + uri + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during GET " + uri, e);
    }
  }

  /**
   * POSTs {@code body} as {@code contentType} to {@code uri} with optional header name/value pairs.
   * Throws {@link UncheckedIOException} when no response arrives within 10 s.
   */
  public static Response post(URI uri, String contentType, String body, String... headerPairs) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headerPairs.length > 0) {
      request.headers(headerPairs);
    }
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + uri + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during POST " + uri, e);
    }
  }
}
