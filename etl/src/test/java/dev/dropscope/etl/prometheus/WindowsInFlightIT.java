package dev.dropscope.etl.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dropscope.etl.Main;
import dev.dropscope.etl.cli.ExitCodes;
import dev.dropscope.etl.config.DatabaseConfig;
import dev.dropscope.etl.config.ReaderConfig;
import dev.dropscope.etl.prometheus.RollupReference.Sample;
import dev.dropscope.etl.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Backfills with {@link WindowLoader#LANES} windows in flight against a real Prometheus: every
 * sample is stored exactly once whatever the windows meet on the way. A run that hangs fails by its
 * timeout instead of holding the build.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WindowsInFlightIT {
  @TempDir Path dir;
  final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeEach
  void listen() {
    log.start();
    ((Logger) LoggerFactory.getLogger(WindowLoader.class)).addAppender(log);
  }

  @AfterEach
  void stopListening() {
    ((Logger) LoggerFactory.getLogger(WindowLoader.class)).detachAppender(log);
  }

  /**
   * Windows after midnight need the next day's partition while the windows before it are still in
   * flight: creating it must not wait on them.
   */
  @Test
  void a_backfill_across_utc_midnight_creates_the_next_days_partition_without_waiting_on_itself()
      throws Exception {
    KnownHistory history =
        new KnownHistory(Instant.parse("2026-01-31T22:00:00Z"), Duration.ofHours(4), 20, 11);
    assertThat(backfill(history, List.of(), "max_window: 20m")).isEqualTo(ExitCodes.OK);
    assertEverySampleStoredOnce(history);
  }

  /**
   * A Prometheus whose {@code --query.max-samples} is far below what the ETL plans a window for:
   * the windows in flight are refused, halved and planned again until they fit. The limit it met
   * holds for the rest of the run: the windows after are planned below it, not refused again one by
   * one.
   */
  @Test
  void windows_the_server_refuses_are_halved_until_they_fit_and_nothing_is_lost() throws Exception {
    // 120 series at 15 s: 28,800 samples an hour; the ETL plans up to 50,000 a window
    KnownHistory history =
        new KnownHistory(Instant.parse("2026-02-01T00:00:00Z"), Duration.ofHours(3), 113, 7);
    assertThat(backfill(history, List.of("--query.max-samples=6000"), "max_samples: 100000"))
        .isEqualTo(ExitCodes.OK);
    List<String> halved =
        log.list.stream()
            .map(ILoggingEvent::getFormattedMessage)
            .filter(m -> m.endsWith("has too many samples for one query; halving it"))
            .toList();
    // 1 h, then 30 min, then 15 min refused; planned at 7.5 min from then on
    assertThat(halved).hasSizeBetween(1, 3 + WindowLoader.LANES);
    assertEverySampleStoredOnce(history);
  }

  /** Serves {@code history} with {@code prometheusFlags} and backfills all of it; the exit code. */
  int backfill(KnownHistory history, List<String> prometheusFlags, String etlKeys) {
    try (TsdbPrometheus prometheus = TsdbPrometheus.serve(dir, history, prometheusFlags)) {
      Path config =
          prometheus.etlConfig(
              dir.resolve("etl.yml"),
              etlKeys
                  + """

                  selectors:
                    - '{__name__=~"dropscope_test_.*"}'
                  """);
      return Main.run(
          new String[] {
            "backfill",
            "--config",
            config.toString(),
            "--data-dir",
            dir.resolve("pg").toString(),
            "--from",
            history.fromArgument(),
            "--to",
            history.toArgument()
          });
    }
  }

  void assertEverySampleStoredOnce(KnownHistory history) throws Exception {
    try (Database db =
        Database.open(
            new DatabaseConfig(null, null, null, dir.resolve("pg")),
            ReaderConfig.defaults(),
            Map.of())) {
      Map<SeriesKey, List<Sample>> stored = Stored.samples(db);
      Map<SeriesKey, List<Sample>> written = history.between(Long.MIN_VALUE, Long.MAX_VALUE);
      assertThat(stored.keySet()).isEqualTo(written.keySet());
      for (SeriesKey key : written.keySet()) {
        assertThat(stored.get(key)).as("%s", key).containsExactlyElementsOf(written.get(key));
      }
    }
  }
}
