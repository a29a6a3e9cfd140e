package dev.dropscope.etl.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.etl.Main;
import dev.dropscope.etl.cli.ExitCodes;
import dev.dropscope.etl.config.DatabaseConfig;
import dev.dropscope.etl.config.ReaderConfig;
import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.RunningServer;
import dev.dropscope.testing.ManagedProcess;
import dev.dropscope.testing.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill killed with SIGKILL at several moments (while the JVM starts, once its embedded
 * PostgreSQL has started, after its first window, halfway), then run to completion: the rows equal
 * those of an uninterrupted load, and running it once more adds nothing. The killed JVM leaves its
 * embedded PostgreSQL running; the next run stops that orphan and starts afresh.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashSafetyIT {
  static final Instant START = Instant.parse("2026-02-01T00:00:00Z");

  Path dir;
  KnownHistory history;
  TsdbPrometheus prometheus;
  Path config;
  String from;
  String to;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    dir = tmp;
    history = new KnownHistory(START, Duration.ofHours(2), 40, 7);
    prometheus = TsdbPrometheus.serve(dir, history);
    config =
        prometheus.etlConfig(
            dir.resolve("etl.yml"),
            """
            max_window: 1m   # many small windows: many moments to be killed in
            selectors: ['{__name__=~"dropscope_test_.*"}']
            """);
    from = history.fromArgument();
    to = history.toArgument();
  }

  @AfterAll
  void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  @Test
  void killed_backfills_resume_to_the_rows_of_an_uninterrupted_load_and_a_rerun_adds_nothing()
      throws Exception {
    Path reference = dir.resolve("reference");
    assertThat(
            Main.run(
                "backfill",
                "--config",
                config.toString(),
                "--data-dir",
                reference.toString(),
                "--from",
                from,
                "--to",
                to))
        .isEqualTo(ExitCodes.OK);

    Path crashed = dir.resolve("crashed");
    long half = history.start() + (history.end() - history.start()) / 2;
    List<ManagedProcess> runs = new ArrayList<>();
    killWhen(crashed, runs, "the JVM starts", p -> sinceStart(p) >= 1_000);
    killWhen(
        crashed, runs, "PostgreSQL has started", p -> p.logText().contains("started the embedded"));
    killWhen(crashed, runs, "a first window is in", p -> committed(crashed) > 0);
    killWhen(crashed, runs, "half the range is in", p -> committed(crashed) >= half);
    ManagedProcess finish = backfill(crashed);
    runs.add(finish);
    assertThat(awaitExit(finish, Duration.ofMinutes(2))).as(finish.describe("failed")).isZero();

    String logs = String.join("\n", runs.stream().map(ManagedProcess::logText).toList());
    assertThat(logs)
        .as("a later run found the orphaned PostgreSQL of a killed one")
        .contains("outlived the command that started it; stopping it");
    assertThat(logs)
        .as("a kill landed while windows were loading")
        .contains("resuming the backfill");

    ManagedProcess again = backfill(crashed);
    assertThat(awaitExit(again, Duration.ofMinutes(2))).as(again.describe("failed")).isZero();
    assertThat(again.logText()).contains(history.samples() + " samples fetched, 0 new");

    try (Database want = open(reference);
        Database got = open(crashed)) {
      assertThat(Stored.count(got, "SELECT count(*) FROM dropscope.samples"))
          .isEqualTo(history.samples());
      assertThat(Stored.samples(got)).isEqualTo(Stored.samples(want));
      assertThat(Stored.kinds(got)).isEqualTo(Stored.kinds(want));
      assertThat(Stored.rollups(got, "rollup_5m")).isEqualTo(Stored.rollups(want, "rollup_5m"));
      assertThat(Stored.rollups(got, "rollup_1h")).isEqualTo(Stored.rollups(want, "rollup_1h"));
      assertThat(Stored.watermarks(got)).isEmpty();
    }
  }

  private final java.util.Map<ManagedProcess, Long> startedAt = new java.util.HashMap<>();

  private long sinceStart(ManagedProcess p) {
    return (System.nanoTime() - startedAt.get(p)) / 1_000_000;
  }

  /** Starts a backfill and SIGKILLs it as soon as {@code moment} holds, before it finishes. */
  private void killWhen(
      Path dataDir,
      List<ManagedProcess> runs,
      String what,
      java.util.function.Predicate<ManagedProcess> moment)
      throws InterruptedException {
    ManagedProcess run = backfill(dataDir);
    runs.add(run);
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!moment.test(run)) {
      assertThat(run.isAlive()).as(run.describe("ended before the kill when " + what)).isTrue();
      assertThat(System.nanoTime()).as(run.describe("never reached: " + what)).isLessThan(deadline);
      Thread.sleep(20);
    }
    ProcessHandle.of(run.pid()).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
    awaitExit(run, Duration.ofSeconds(10));
  }

  /**
   * How far the running backfill has committed (its own watermark, in milliseconds), read from the
   * embedded PostgreSQL it started; 0 before the first window or while it is not reachable.
   */
  private static long committed(Path dataDir) {
    return RunningServer.queryLong(
        dataDir,
        "SELECT coalesce(max((extract(epoch FROM loaded_to) * 1000)::bigint), 0)"
            + " FROM dropscope.watermarks WHERE source LIKE 'prometheus backfill %'");
  }

  private ManagedProcess backfill(Path dataDir) {
    ManagedProcess p =
        Processes.start(
            "etl-backfill",
            List.of(
                Processes.java().toString(),
                "-jar",
                System.getProperty("dropscope.etl.jar"),
                "backfill",
                "--config",
                config.toString(),
                "--data-dir",
                dataDir.toString(),
                "--from",
                from,
                "--to",
                to),
            dir);
    startedAt.put(p, System.nanoTime());
    return p;
  }

  private static int awaitExit(ManagedProcess p, Duration deadline) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (p.isAlive()) {
      if (System.nanoTime() > end) {
        throw new AssertionError(p.describe("still running after " + deadline));
      }
      Thread.sleep(50);
    }
    return p.stop(); // already exited: its exit code
  }

  private static Database open(Path dataDir) throws Exception {
    return Database.open(
        new DatabaseConfig(null, null, null, dataDir), ReaderConfig.defaults(), Map.of());
  }
}
