package dev.dropscope.exporter.simulate;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a {@link Scenario} against the wall clock: a backlog (from {@code --history}) goes out in
 * full batches as fast as the sink takes it or as {@link SimClock} paces it; once caught up, events
 * go out as they happen. Stops at the plan's {@code stopAt} (simulated time) or when {@code stop}
 * opens.
 */
final class Playback {
  private static final Logger log = LoggerFactory.getLogger(Playback.class);
  private static final Duration CHUNK = Duration.ofMinutes(10);
  private static final Duration MIN_SLEEP = Duration.ofMillis(50); // at most 20 requests a second
  private static final Duration MAX_SLEEP = Duration.ofSeconds(1);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
  private static final Duration CAUGHT_UP = Duration.ofSeconds(2);

  /**
   * How to play.
   *
   * @param stopAt simulated time to stop at, or null to run until stopped
   * @param fullFrom before this simulated time only journaled events are sent (claims, portfolio
   *     snapshots, trades, ...): older gauges and heartbeats would only be overwritten, and they
   *     are most of the volume; null sends everything
   * @param batchSize how many events to collect while replaying before handing them over
   */
  record Plan(SimClock clock, Instant stopAt, Instant fullFrom, int batchSize) {}

  /**
   * What a playback did: events handed to the sink, events left out of the backlog, and the
   * simulated time reached.
   */
  record Result(long events, long skipped, Instant reached) {}

  private final Scenario world;
  private final SimClock clock;
  private final Instant stopAt;
  private final Instant fullFrom;
  private final int batchSize;
  private final InstantSource wall;
  private final EventSink sink;
  private final CountDownLatch stop;
  private final List<SimEvent> pending = new ArrayList<>();
  private long handedOver;
  private long skipped;

  Playback(Scenario world, Plan plan, InstantSource wall, EventSink sink, CountDownLatch stop) {
    this.world = world;
    this.clock = plan.clock();
    this.stopAt = plan.stopAt();
    this.fullFrom = plan.fullFrom();
    this.batchSize = plan.batchSize();
    this.wall = wall;
    this.sink = sink;
    this.stop = stop;
  }

  Result run() throws InterruptedException {
    boolean behind = false;
    Instant nextProgress = wall.instant();
    while (stop.getCount() > 0) {
      Instant now = wall.instant().truncatedTo(ChronoUnit.MILLIS);
      Instant target = max(clock.at(now), world.now());
      boolean chunked = target.isAfter(world.now().plus(CHUNK));
      if (chunked) {
        target = world.now().plus(CHUNK);
      }
      boolean finished = stopAt != null && !target.isBefore(stopAt);
      if (finished) {
        target = max(stopAt, world.now());
      }
      collect(world.advanceTo(target));
      if (finished) {
        break;
      }
      handOver(!chunked);
      Duration lag = Duration.between(target, now);
      if (lag.compareTo(CAUGHT_UP) > 0) {
        behind = true;
        if (!now.isBefore(nextProgress)) {
          log.info(
              "replayed up to {}: {} events sent, {} behind the wall clock",
              target,
              handedOver,
              lag.truncatedTo(ChronoUnit.SECONDS).toString().substring(2).toLowerCase(Locale.ROOT));
          nextProgress = now.plus(PROGRESS_EVERY);
        }
      } else if (behind) {
        behind = false;
        log.info("caught up with the wall clock at {} after {} events", target, handedOver);
      }
      if (chunked) {
        continue;
      }
      Instant wake = clock.wallTimeOf(world.nextEventAt());
      long sleep =
          Math.clamp(
              Duration.between(wall.instant(), wake).toMillis(),
              MIN_SLEEP.toMillis(),
              MAX_SLEEP.toMillis());
      if (stop.await(sleep, TimeUnit.MILLISECONDS)) {
        break;
      }
    }
    handOver(true);
    return new Result(handedOver, skipped, world.now());
  }

  private void collect(List<SimEvent> events) {
    for (SimEvent e : events) {
      if (fullFrom == null || !e.ts().isBefore(fullFrom) || Pack.isJournaled(e.type())) {
        pending.add(e);
      } else {
        skipped++;
      }
    }
  }

  /** Hands over full batches, or everything when {@code all}. */
  private void handOver(boolean all) throws InterruptedException {
    while (pending.size() >= batchSize || (all && !pending.isEmpty())) {
      int n = Math.min(batchSize, pending.size());
      List<SimEvent> batch = List.copyOf(pending.subList(0, n));
      pending.subList(0, n).clear();
      sink.send(batch);
      handedOver += batch.size();
    }
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
