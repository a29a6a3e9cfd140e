package dev.dropscope.exporter.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts events to the exporter's {@code POST /api/v1/events} as NDJSON, at most {@code batchSize} a
 * request, with the bearer token when there is one.
 *
 * <ul>
 *   <li>Connection errors, 429, 502, 503 and 504 are retried with exponential backoff until they
 *       succeed or {@code stop} opens (then the batch is counted as dropped).
 *   <li>413 splits the batch in halves; a single event that is still too large is rejected.
 *   <li>401 and 403 end the run: a wrong token will not fix itself.
 *   <li>Any other answer is a rejection: the exporter does not run one of the packs, or the
 *       simulator broke the pack contract (a bug); the response body is logged and the events
 *       counted, not retried.
 * </ul>
 */
final class HttpEventSender implements EventSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpEventSender.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_LOGGED_BODY = 4000;

  /** What was sent so far. */
  record Stats(long requests, long accepted, long rejected, long dropped, long retries) {}

  /** Waits between retries: doubling from {@code initial} up to {@code max}. */
  record Backoff(Duration initial, Duration max) {
    static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(15));

    Duration after(int failures) {
      long ms = initial.toMillis() << Math.min(failures - 1, 20);
      return Duration.ofMillis(Math.min(ms, max.toMillis()));
    }
  }

  /** The target refused the credentials; retrying will not help. */
  static final class TargetRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TargetRefusedException(String message) {
      super(message);
    }
  }

  private final HttpClient client;
  private final URI endpoint;
  private final String token;
  private final int batchSize;
  private final Backoff backoff;
  private final CountDownLatch stop;
  private long requests;
  private long accepted;
  private long rejected;
  private long dropped;
  private long retries;

  /**
   * @param endpoint the full ingest URL, {@code <target>/api/v1/events}
   * @param token the bearer token, or null to send none
   * @param stop opens when the run should end; pending retries give up then
   */
  HttpEventSender(URI endpoint, String token, int batchSize, Backoff backoff, CountDownLatch stop) {
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    this.endpoint = endpoint;
    this.token = token;
    this.batchSize = batchSize;
    this.backoff = backoff;
    this.stop = stop;
  }

  Stats stats() {
    return new Stats(requests, accepted, rejected, dropped, retries);
  }

  @Override
  public void send(List<SimEvent> events) throws InterruptedException {
    for (int i = 0; i < events.size(); i += batchSize) {
      post(events.subList(i, Math.min(events.size(), i + batchSize)));
    }
  }

  private void post(List<SimEvent> batch) throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", Ndjson.CONTENT_TYPE)
            .header("User-Agent", "dropscope-simulator")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Ndjson.encode(batch)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    int failures = 0;
    while (true) {
      String problem;
      Duration wait = null;
      try {
        requests++;
        HttpResponse<String> response =
            client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status / 100 == 2) {
          accepted(batch.size(), response.body());
          return;
        }
        if (status == 413 && batch.size() > 1) {
          log.info("target says {} events are too large a request; splitting", batch.size());
          int half = batch.size() / 2;
          post(batch.subList(0, half));
          post(batch.subList(half, batch.size()));
          return;
        }
        if (status == 401 || status == 403) {
          throw new TargetRefusedException(
              endpoint
                  + " answered "
                  + status
                  + (token == null ? " (no token sent): pass --token-file" : ": check --token-file")
                  + " — "
                  + clip(response.body()));
        }
        if (status != 429 && status != 502 && status != 503 && status != 504) {
          rejected += batch.size();
          log.error(
              "target rejected {} events with {}: {} (does the exporter run every pack in --packs?"
                  + " If it does, this is a simulator bug: the events broke the pack contract)",
              batch.size(),
              status,
              clip(response.body()));
          return;
        }
        problem = "answered " + status + " " + clip(response.body());
        wait =
            response.headers().firstValue("Retry-After").map(HttpEventSender::seconds).orElse(null);
      } catch (IOException e) {
        problem = "unreachable: " + e;
      }
      failures++;
      retries++;
      Duration pause = backoff.after(failures);
      if (wait != null && wait.compareTo(pause) > 0) {
        pause = min(wait, backoff.max());
      }
      if (failures == 1 || failures % 10 == 0) {
        log.warn("{} {}; retry {} in {} ms", endpoint, problem, failures, pause.toMillis());
      }
      if (stop.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
        dropped += batch.size();
        log.warn("stopping: {} unsent events dropped", batch.size());
        return;
      }
    }
  }

  private void accepted(int sent, String body) {
    long n = sent;
    try {
      JsonNode json = MAPPER.readTree(body);
      if (json != null && json.path("accepted").canConvertToLong()) {
        n = json.path("accepted").asLong();
      }
    } catch (IOException e) {
      log.debug("unexpected success body {}", clip(body));
    }
    if (n != sent) {
      log.warn("target accepted {} of {} events (duplicates?): {}", n, sent, clip(body));
    }
    accepted += n;
  }

  private static Duration seconds(String retryAfter) {
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.trim())));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String clip(String body) {
    String b = body == null ? "" : body.strip();
    return b.length() <= MAX_LOGGED_BODY ? b : b.substring(0, MAX_LOGGED_BODY) + "…";
  }

  @Override
  public void close() {
    client.close();
  }
}
