package dev.dropscope.exporter.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dropscope.exporter.simulate.HttpEventSender.Backoff;
import dev.dropscope.exporter.simulate.HttpEventSender.Stats;
import dev.dropscope.exporter.simulate.HttpEventSender.TargetRefusedException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Posting to a real local HTTP server: format, auth, batching, retries and rejections. */
class HttpEventSenderTest {
  private static final Backoff FAST = new Backoff(Duration.ofMillis(10), Duration.ofMillis(50));
  private static final List<SimEvent> EVENTS =
      Worlds.events(42, Duration.ofHours(2), Worlds.ALL).subList(0, 1234);

  private final RecordingTarget target = new RecordingTarget();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(HttpEventSender.class);

  @BeforeEach
  void captureLog() {
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void release() {
    logger.detachAppender(log);
    target.close();
  }

  private HttpEventSender sender(String token, int batchSize) {
    return new HttpEventSender(target.endpoint(), token, batchSize, FAST, stop);
  }

  private List<String> logged() {
    return log.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
  }

  @Test
  void posts_ndjson_with_the_bearer_token_to_the_events_endpoint() throws InterruptedException {
    try (HttpEventSender sender = sender("s3cret", 500)) {
      sender.send(EVENTS.subList(0, 3));
    }
    RecordingTarget.Request r = target.requests().getFirst();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/api/v1/events");
    assertThat(r.contentType()).isEqualTo("application/x-ndjson");
    assertThat(r.authorization()).isEqualTo("Bearer s3cret");
    assertThat(String.join("\n", r.lines()) + "\n")
        .isEqualTo(new String(Ndjson.encode(EVENTS.subList(0, 3)), StandardCharsets.UTF_8));
  }

  @Test
  void sends_no_authorization_header_without_a_token() throws InterruptedException {
    try (HttpEventSender sender = sender(null, 500)) {
      sender.send(EVENTS.subList(0, 1));
    }
    assertThat(target.requests().getFirst().authorization()).isNull();
  }

  @Test
  void splits_into_requests_of_at_most_the_batch_size_in_order() throws InterruptedException {
    try (HttpEventSender sender = sender(null, 500)) {
      sender.send(EVENTS);
      assertThat(sender.stats()).isEqualTo(new Stats(3, 1234, 0, 0, 0));
    }
    assertThat(target.requests()).extracting(r -> r.lines().size()).containsExactly(500, 500, 234);
    assertThat(target.lines()).hasSize(1234).first().asString().contains(EVENTS.getFirst().id());
  }

  @Test
  void retries_after_503_until_it_is_accepted() throws InterruptedException {
    target.thenAnswer(503, "{\"errors\":[\"journal unavailable\"]}").thenAnswer(503, "");
    try (HttpEventSender sender = sender(null, 500)) {
      sender.send(EVENTS.subList(0, 10));
      assertThat(sender.stats()).isEqualTo(new Stats(3, 10, 0, 0, 2));
    }
    assertThat(target.requests()).hasSize(3).allSatisfy(r -> assertThat(r.lines()).hasSize(10));
    assertThat(logged())
        .anyMatch(
            l ->
                l.startsWith("WARN")
                    && l.contains("answered 503")
                    && l.contains("journal unavailable"));
  }

  @Test
  void retries_while_the_target_is_unreachable_and_drops_the_batch_when_stopped() throws Exception {
    URI closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = URI.create("http://127.0.0.1:" + s.getLocalPort() + "/api/v1/events");
    }
    // the run is stopped while the sender waits to retry for the third time
    CountDownLatch stopAtThirdRetry =
        new CountDownLatch(1) {
          private int waits;

          @Override
          public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
            if (++waits == 3) {
              countDown();
            }
            return super.await(timeout, unit);
          }
        };
    try (HttpEventSender sender = new HttpEventSender(closed, null, 500, FAST, stopAtThirdRetry)) {
      sender.send(EVENTS.subList(0, 7));
      assertThat(sender.stats()).isEqualTo(new Stats(3, 0, 0, 7, 3));
    }
    assertThat(logged()).anyMatch(l -> l.startsWith("WARN") && l.contains("unreachable"));
  }

  @Test
  void a_400_is_counted_and_logged_with_the_body_and_not_retried() throws InterruptedException {
    String body =
        "{\"errors\":[{\"index\":0,\"field\":\"status\",\"message\":\"not an allowed value\"}]}";
    target.thenAnswer(400, body);
    try (HttpEventSender sender = sender(null, 5)) {
      sender.send(EVENTS.subList(0, 10));
      assertThat(sender.stats()).isEqualTo(new Stats(2, 5, 5, 0, 0));
    }
    assertThat(target.requests()).hasSize(2);
    assertThat(logged())
        .anyMatch(
            l ->
                l.startsWith("ERROR")
                    && l.contains("rejected 5 events with 400")
                    && l.contains(body));
  }

  @Test
  void a_413_splits_the_batch_until_the_target_takes_it() throws InterruptedException {
    for (int i = 0; i < 10; i++) {
      target.thenAnswer(
          r ->
              r.lines().size() > 100
                  ? new RecordingTarget.Answer(413, "{\"errors\":[\"body too large\"]}")
                  : new RecordingTarget.Answer(202, "{\"accepted\": " + r.lines().size() + "}"));
    }
    try (HttpEventSender sender = sender(null, 500)) {
      sender.send(EVENTS.subList(0, 300));
      assertThat(sender.stats().accepted()).isEqualTo(300);
      assertThat(sender.stats().rejected()).isZero();
    }
    assertThat(target.requests())
        .extracting(r -> r.lines().size())
        .containsExactly(300, 150, 75, 75, 150, 75, 75);
    List<String> delivered =
        target.requests().stream()
            .filter(r -> r.lines().size() <= 100)
            .flatMap(r -> r.lines().stream())
            .toList();
    assertThat(String.join("\n", delivered) + "\n")
        .isEqualTo(new String(Ndjson.encode(EVENTS.subList(0, 300)), StandardCharsets.UTF_8));
  }

  @Test
  void a_401_ends_the_run_with_a_message_that_names_the_fix() {
    target.thenAnswer(401, "{\"errors\":[\"missing or wrong bearer token\"]}");
    try (HttpEventSender sender = sender(null, 500)) {
      assertThatThrownBy(() -> sender.send(EVENTS.subList(0, 1)))
          .isInstanceOf(TargetRefusedException.class)
          .hasMessage(
              target.endpoint()
                  + " answered 401 (no token sent): pass --token-file"
                  + " — {\"errors\":[\"missing or wrong bearer token\"]}");
    }
  }

  @Test
  void counts_what_the_target_says_it_accepted() throws InterruptedException {
    target.thenAnswer(202, "{\"accepted\": 8}");
    try (HttpEventSender sender = sender(null, 500)) {
      sender.send(EVENTS.subList(0, 10));
      assertThat(sender.stats().accepted()).isEqualTo(8);
    }
    assertThat(logged()).anyMatch(l -> l.startsWith("WARN") && l.contains("accepted 8 of 10"));
  }
}
