package dev.dropscope.exporter.probe;

import dev.dropscope.exporter.config.ComponentConfig;
import dev.dropscope.exporter.config.Durations;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * One probe: GET the component's URL and judge the response by its status. The whole exchange, body
 * included, must finish within the component's timeout; past it the request is cancelled and the
 * probe fails. Never throws.
 */
final class Prober {
  static final String USER_AGENT = "dropscope-exporter";

  private final HttpClient client;
  private final Clock clock;

  Prober(HttpClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** A client for probes: HTTP/1.1, no redirects followed, so a 3xx is seen as it is. */
  static HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  ProbeResult probe(ComponentConfig component) {
    Instant at = clock.instant();
    long t0 = System.nanoTime();
    try {
      return exchange(component, at, t0);
    } catch (RuntimeException e) {
      // Not expected; a probe loop must survive it all the same, and say why it failed.
      return new ProbeResult(at, seconds(t0), 0, describe(e));
    }
  }

  private ProbeResult exchange(ComponentConfig component, Instant at, long t0) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(component.uri())
            .timeout(component.timeout())
            .header("User-Agent", USER_AGENT)
            .GET();
    component.headers().forEach(request::header);
    CompletableFuture<HttpResponse<Void>> response;
    try {
      response = client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (RuntimeException e) {
      return new ProbeResult(at, seconds(t0), 0, "cannot send the request (" + e + ")");
    }
    try {
      HttpResponse<Void> r = response.get(component.timeout().toNanos(), TimeUnit.NANOSECONDS);
      int code = r.statusCode();
      String error =
          component.expects(code)
              ? null
              : "status " + code + ", expected " + String.join("|", component.expectStatus());
      return new ProbeResult(at, seconds(t0), code, error);
    } catch (TimeoutException e) {
      response.cancel(true);
      return timedOut(component, at, t0);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof HttpTimeoutException) {
        return timedOut(component, at, t0);
      }
      return new ProbeResult(at, seconds(t0), 0, describe(e.getCause()));
    } catch (InterruptedException e) {
      response.cancel(true);
      Thread.currentThread().interrupt();
      return new ProbeResult(at, seconds(t0), 0, "interrupted");
    }
  }

  private static ProbeResult timedOut(ComponentConfig component, Instant at, long t0) {
    return new ProbeResult(
        at, seconds(t0), 0, "no response within " + Durations.format(component.timeout()));
  }

  /**
   * The failure in a few words. The JDK client's exceptions often carry no message (a refused
   * connection is a bare {@code ConnectException} caused by a bare {@code ClosedChannelException}),
   * so the common cases are named from the exception types.
   */
  static String describe(Throwable failure) {
    if (find(failure, UnresolvedAddressException.class) != null
        || find(failure, UnknownHostException.class) != null) {
      return "cannot resolve the host name";
    }
    String message = firstMessage(failure);
    if (find(failure, ConnectException.class) != null) {
      if (find(failure, ClosedChannelException.class) != null) {
        return "cannot connect (refused or reset)";
      }
      return message != null ? "cannot connect (" + message + ")" : "cannot connect";
    }
    if (find(failure, SSLException.class) != null) {
      return "TLS failed (" + (message != null ? message : "no reason given") + ")";
    }
    String type = failure.getClass().getSimpleName();
    return message != null ? type + " (" + message + ")" : type;
  }

  private static Throwable find(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
  }

  private static String firstMessage(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return null;
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
