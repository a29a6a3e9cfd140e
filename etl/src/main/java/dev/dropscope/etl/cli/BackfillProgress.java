package dev.dropscope.etl.cli;

import dev.dropscope.etl.prometheus.PrometheusSource;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backfill's progress: on a terminal a bar redrawn after every window with the time loaded up to,
 * the samples, samples a second and the time left; otherwise a log line every few seconds.
 *
 * <pre>
 * [##########----------]  50%  up to 2026-01-01T03:00:00Z  432,000 samples  61,200/s  ETA 7s
 * </pre>
 */
final class BackfillProgress implements PrometheusSource.WindowListener {
  private static final Logger log = LoggerFactory.getLogger(BackfillProgress.class);
  private static final int WIDTH = 20;
  private static final long LOG_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

  private final PrintWriter terminal; // null: log lines instead
  private final long fromMillis;
  private final long toMillis;
  private final long startNanos = System.nanoTime();
  private long lastLogNanos = startNanos;
  private long fetched;
  private long inserted;
  private int windows;
  private long doneMillis;
  private long resumedAtMillis = -1;

  BackfillProgress(PrintWriter terminal, Instant from, Instant to) {
    this.terminal = terminal;
    this.fromMillis = from.toEpochMilli();
    this.toMillis = to.toEpochMilli();
  }

  @Override
  public void loaded(Instant from, Instant to, long fetched, long inserted) {
    if (resumedAtMillis < 0) {
      resumedAtMillis = from.toEpochMilli(); // a resumed backfill starts later than --from
    }
    this.fetched += fetched;
    this.inserted += inserted;
    this.windows++;
    this.doneMillis = to.toEpochMilli();
    long now = System.nanoTime();
    if (terminal != null) {
      terminal.print("\r" + line(now));
      if (doneMillis >= toMillis) {
        terminal.println();
      }
      terminal.flush();
    } else if (now - lastLogNanos >= LOG_EVERY_NANOS || doneMillis >= toMillis) {
      lastLogNanos = now;
      log.info("backfill {}", line(now));
    }
  }

  long fetched() {
    return fetched;
  }

  long inserted() {
    return inserted;
  }

  int windows() {
    return windows;
  }

  /** Seconds since the start. */
  double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Samples a second since the start. */
  double rate() {
    double seconds = seconds();
    return seconds > 0 ? fetched / seconds : 0;
  }

  String line(long nowNanos) {
    double fraction = (double) (doneMillis - fromMillis) / (toMillis - fromMillis);
    int filled = (int) Math.round(fraction * WIDTH);
    double elapsed = (nowNanos - startNanos) / 1e9;
    double rate = elapsed > 0 ? fetched / elapsed : 0;
    double doneHere = doneMillis - resumedAtMillis;
    String eta =
        doneHere > 0
            ? StatusCommand.human(
                Duration.ofMillis((long) (elapsed * 1000 * (toMillis - doneMillis) / doneHere)))
            : "?";
    return String.format(
        "[%s%s] %3d%%  up to %s  %,d samples (%,d new)  %,.0f/s  ETA %s",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        Math.round(fraction * 100),
        Instant.ofEpochMilli(doneMillis),
        fetched,
        inserted,
        rate,
        eta);
  }
}
