package dev.dropscope.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bot component's health URL for probe tests: a real HTTP server on 127.0.0.1 and a free port
 * that answers {@code GET /health} with a settable status, or hangs until released or closed.
 */
public final class HealthEndpoint implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int status = 200;
  private volatile CountDownLatch hang;
  private volatile Headers lastHeaders;

  private HealthEndpoint() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(workers);
    server.createContext(
        "/health",
        exchange -> {
          try (exchange) {
            requests.incrementAndGet();
            lastHeaders = exchange.getRequestHeaders();
            CountDownLatch h = hang;
            if (h != null) {
              h.await();
            }
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.start();
  }

  /** Starts answering 200. */
  public static HealthEndpoint start() {
    return new HealthEndpoint();
  }

  /** Answers every later request with {@code code}. */
  public HealthEndpoint answer(int code) {
    status = code;
    return this;
  }

  /** Makes every later request wait, without a response, until {@link #release()}. */
  public HealthEndpoint hang() {
    hang = new CountDownLatch(1);
    return this;
  }

  /** Lets hung requests answer, and later ones answer at once. */
  public void release() {
    CountDownLatch h = hang;
    hang = null;
    if (h != null) {
      h.countDown();
    }
  }

  /** The health URL, {@code http://127.0.0.1:PORT/health}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
  }

  /** Requests received so far. */
  public int requests() {
    return requests.get();
  }

  /** The headers of the latest request; null before the first. */
  public Headers lastHeaders() {
    return lastHeaders;
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    workers.shutdownNow();
  }
}
