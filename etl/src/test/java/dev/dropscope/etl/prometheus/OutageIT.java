package dev.dropscope.etl.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.etl.cli.SyncCommand;
import dev.dropscope.etl.config.DatabaseConfig;
import dev.dropscope.etl.config.EtlConfig;
import dev.dropscope.etl.config.ReaderConfig;
import dev.dropscope.etl.prometheus.RollupReference.Sample;
import dev.dropscope.etl.run.Retry;
import dev.dropscope.etl.run.Source;
import dev.dropscope.etl.store.Database;
import dev.dropscope.testing.FreePort;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync that loses Prometheus, or PostgreSQL, in the middle and gets it back: the retries with
 * backoff resume from the watermark, each window reconnects, and nothing is missing afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutageIT {
  /** Quick retries for a test: 40 attempts, at most a second apart. */
  static final Retry QUICK = new Retry(40, Duration.ofMillis(200), Duration.ofSeconds(1));

  Path dir;
  KnownHistory history;
  TsdbPrometheus prometheus;
  EtlConfig config;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    dir = tmp;
    Instant start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES);
    history = new KnownHistory(start, Duration.ofMinutes(110), 10, 11);
    prometheus = TsdbPrometheus.serve(dir, history);
    Path file =
        prometheus.etlConfig(
            dir.resolve("etl.yml"),
            """
            lag: 0s
            initial_lookback: 3h   # before the history starts: all of it is due
            max_window: 1m         # many windows: an outage lands in the middle
            selectors: ['{__name__=~"dropscope_test_.*"}']
            """);
    config = EtlConfig.load(file);
  }

  @AfterAll
  void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  @Test
  void prometheus_stopped_mid_sync_and_restarted_leaves_no_gap() throws Exception {
    try (Database db =
        Database.open(
            new DatabaseConfig(null, null, null, dir.resolve("pg")),
            ReaderConfig.defaults(),
            Map.of())) {
      CompletableFuture<Source.Progress> sync = syncInBackground(db);
      long reached = awaitSomeWindows(db, sync);
      prometheus.stop();
      Thread.sleep(2_000);
      prometheus.start();
      Source.Progress progress = sync.get(3, TimeUnit.MINUTES);
      assertThat(reached).as("the outage came before the end").isLessThan(history.end());
      assertThat(progress.windows()).isPositive();
      assertNoGap(db);
    }
  }

  @Test
  void postgresql_restarted_mid_sync_leaves_no_gap() throws Exception {
    int port = FreePort.pick();
    Path data = dir.resolve("external-pg");
    EmbeddedPostgres pg = startPostgres(port, data);
    try (Database db =
        Database.open(
            new DatabaseConfig(
                "jdbc:postgresql://localhost:" + port + "/postgres", "postgres", null, null),
            ReaderConfig.defaults(),
            Map.of())) {
      CompletableFuture<Source.Progress> sync = syncInBackground(db);
      long reached = awaitSomeWindows(db, sync);
      pg.close(); // a fast shutdown: the window in flight rolls back
      Thread.sleep(1_000);
      pg = startPostgres(port, data);
      sync.get(3, TimeUnit.MINUTES);
      assertThat(reached).as("the outage came before the end").isLessThan(history.end());
      assertNoGap(db);
    } finally {
      pg.close();
    }
  }

  private CompletableFuture<Source.Progress> syncInBackground(Database db) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return SyncCommand.syncOnce(db, config, QUICK);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** Waits until the sync has committed a few windows; returns how far it got. */
  private long awaitSomeWindows(Database db, CompletableFuture<?> sync) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (true) {
      assertThat(sync).as("the sync finished before the outage").isNotDone();
      Long mark = Stored.watermarks(db).get(PrometheusSource.NAME);
      if (mark != null && mark > history.start() + 5 * 60_000) {
        return mark;
      }
      assertThat(System.nanoTime()).as("no window committed within a minute").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** Everything of the history up to the watermark is in, each sample once. */
  private void assertNoGap(Database db) throws Exception {
    long mark = Stored.watermarks(db).get(PrometheusSource.NAME);
    assertThat(mark).isGreaterThanOrEqualTo(history.end());
    Map<SeriesKey, List<Sample>> stored = Stored.samples(db);
    Map<SeriesKey, List<Sample>> written = history.between(Long.MIN_VALUE, mark);
    assertThat(stored.keySet()).isEqualTo(written.keySet());
    for (SeriesKey key : written.keySet()) {
      assertThat(stored.get(key)).as("%s", key).containsExactlyElementsOf(written.get(key));
    }
  }

  private static EmbeddedPostgres startPostgres(int port, Path data) throws Exception {
    return EmbeddedPostgres.builder()
        .setPort(port)
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setServerConfig("synchronous_commit", "on")
        .setPGStartupWait(Duration.ofSeconds(60))
        .start();
  }
}
