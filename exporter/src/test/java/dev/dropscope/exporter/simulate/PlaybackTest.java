package dev.dropscope.exporter.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Playing a world against the real wall clock: history first, then live, nothing in the future. */
class PlaybackTest {
  private static final InstantSource WALL = InstantSource.system();

  /** Records what it is given, with the wall time it was given at. */
  private static final class Recorder implements EventSink {
    final List<SimEvent> events = new ArrayList<>();
    final List<Instant> handedAt = new ArrayList<>();
    final List<Integer> batches = new ArrayList<>();

    @Override
    public void send(List<SimEvent> batch) {
      Instant now = WALL.instant();
      for (SimEvent e : batch) {
        events.add(e);
        handedAt.add(now);
      }
      batches.add(batch.size());
    }
  }

  private record Run(Recorder sink, Playback.Result result, Instant wallStart, Instant wallEnd) {}

  private static Run play(Duration history, double speed, Duration duration, Duration fullTail)
      throws InterruptedException {
    Instant wallStart = WALL.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant start = wallStart.minus(history);
    Recorder sink = new Recorder();
    Playback.Plan plan =
        new Playback.Plan(
            new SimClock(start, wallStart, speed),
            wallStart.plus(duration),
            fullTail == null ? null : wallStart.minus(fullTail),
            500);
    Playback.Result result =
        new Playback(
                new Scenario(42, start, 5, Worlds.ALL), plan, WALL, sink, new CountDownLatch(1))
            .run();
    return new Run(sink, result, wallStart, WALL.instant());
  }

  /** A stream: one series of the same thing, e.g. one component's heartbeats. */
  private static String stream(SimEvent e) {
    StringBuilder key = new StringBuilder(e.type());
    for (String f :
        List.of("component", "service", "wallet", "exchange", "queue", "item", "token", "agent")) {
      if (e.fields().has(f)) {
        key.append(' ').append(e.fields().get(f).asText());
      }
    }
    return key.toString();
  }

  @Test
  void history_is_sent_with_past_timestamps_in_order_per_stream_and_never_after_now()
      throws InterruptedException {
    Run run = play(Duration.ofHours(3), Double.POSITIVE_INFINITY, Duration.ZERO, null);
    List<SimEvent> events = run.sink().events;
    assertThat(events).hasSizeGreaterThan(10_000);
    assertThat(events.getFirst().ts())
        .isBetween(
            run.wallStart().minus(Duration.ofHours(3)), run.wallStart().minus(Duration.ofHours(2)));
    assertThat(events.getLast().ts()).isBetween(run.wallStart().minusSeconds(60), run.wallStart());
    Map<String, Instant> last = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      SimEvent e = events.get(i);
      assertThat(e.ts()).as("%s", e).isBeforeOrEqualTo(run.sink().handedAt.get(i));
      Instant previous = last.put(stream(e), e.ts());
      if (previous != null) {
        assertThat(e.ts()).as("%s after %s", e, previous).isAfterOrEqualTo(previous);
      }
    }
    assertThat(run.result().reached()).isEqualTo(run.wallStart());
  }

  @Test
  void backlog_is_sent_in_full_batches_of_at_most_the_batch_size() throws InterruptedException {
    Run run = play(Duration.ofHours(2), Double.POSITIVE_INFINITY, Duration.ZERO, null);
    List<Integer> batches = run.sink().batches;
    assertThat(batches).hasSizeGreaterThan(10).allSatisfy(n -> assertThat(n).isBetween(1, 500));
    assertThat(batches.subList(0, batches.size() - 1))
        .allSatisfy(n -> assertThat(n).isEqualTo(500));
  }

  @Test
  void backlog_older_than_the_full_tail_carries_only_journaled_events()
      throws InterruptedException {
    Run run =
        play(Duration.ofHours(3), Double.POSITIVE_INFINITY, Duration.ZERO, Duration.ofMinutes(15));
    Instant tail = run.wallStart().minus(Duration.ofMinutes(15));
    List<SimEvent> old = run.sink().events.stream().filter(e -> e.ts().isBefore(tail)).toList();
    assertThat(old)
        .isNotEmpty()
        .allSatisfy(e -> assertThat(Pack.isJournaled(e.type())).as(e.type()).isTrue());
    assertThat(old)
        .extracting(SimEvent::type)
        .contains(
            "airdrops.interaction", "airdrops.portfolio", "trading.trade", "gateway.transaction");
    assertThat(run.sink().events.stream().filter(e -> !e.ts().isBefore(tail)).map(SimEvent::type))
        .contains("airdrops.heartbeat", "airdrops.risk", "gateway.queue");
    assertThat(run.result().skipped()).isGreaterThan(10 * old.size());
  }

  @Test
  void a_paced_replay_takes_history_over_speed_and_hands_nothing_over_early()
      throws InterruptedException {
    Run run = play(Duration.ofMinutes(20), 1200, Duration.ZERO, null); // 20 min at 1200x: 1 s
    assertThat(Duration.between(run.wallStart(), run.wallEnd()))
        .isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
    List<SimEvent> events = run.sink().events;
    assertThat(events).hasSizeGreaterThan(500);
    for (int i = 0; i < events.size(); i++) {
      Duration simulatedElapsed =
          Duration.between(run.wallStart().minus(Duration.ofMinutes(20)), events.get(i).ts());
      Instant due = run.wallStart().plusMillis(simulatedElapsed.toMillis() / 1200);
      assertThat(run.sink().handedAt.get(i)).as("%s", events.get(i)).isAfterOrEqualTo(due);
    }
  }

  @Test
  void live_events_go_out_as_they_happen() throws InterruptedException {
    Run run = play(Duration.ZERO, 1, Duration.ofMillis(1200), null);
    List<SimEvent> events = run.sink().events;
    assertThat(events).isNotEmpty();
    assertThat(run.sink().batches).hasSizeGreaterThan(1);
    for (int i = 0; i < events.size(); i++) {
      Instant ts = events.get(i).ts();
      assertThat(run.sink().handedAt.get(i))
          .as("%s", events.get(i))
          .isBetween(ts, ts.plusMillis(1500));
    }
    assertThat(run.result().reached()).isEqualTo(run.wallStart().plusMillis(1200));
  }

  @Test
  void the_stop_signal_ends_the_run_and_hands_over_what_is_pending() throws InterruptedException {
    Instant wallStart = WALL.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant start = wallStart.minus(Duration.ofMinutes(10)); // runs at real time, 10 minutes behind
    Recorder sink = new Recorder();
    CountDownLatch stop = new CountDownLatch(1);
    Playback.Plan plan = new Playback.Plan(new SimClock(start, wallStart, 1), null, null, 500);
    Thread stopper =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Thread.sleep(800);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  stop.countDown();
                });
    Playback.Result result =
        new Playback(new Scenario(42, start, 5, Worlds.ALL), plan, WALL, sink, stop).run();
    stopper.join();
    assertThat(Duration.between(wallStart, WALL.instant())).isLessThan(Duration.ofSeconds(3));
    // the airdrop scheduler reports its queue 0.5 s in
    assertThat(sink.events).extracting(SimEvent::type).contains("airdrops.scheduler");
    assertThat(result.events()).isEqualTo(sink.events.size());
    assertThat(result.reached()).isBetween(start.plusMillis(500), start.plusSeconds(3));
  }
}
