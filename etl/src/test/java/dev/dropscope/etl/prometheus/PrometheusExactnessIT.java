package dev.dropscope.etl.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.etl.Main;
import dev.dropscope.etl.cli.ExitCodes;
import dev.dropscope.etl.config.DatabaseConfig;
import dev.dropscope.etl.config.ReaderConfig;
import dev.dropscope.etl.prometheus.RollupReference.Row;
import dev.dropscope.etl.prometheus.RollupReference.Sample;
import dev.dropscope.etl.store.Database;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A known history served by a real Prometheus 2.42, backfilled into the embedded PostgreSQL: every
 * sample arrives exactly (timestamps to the millisecond, NaN and ±Inf, odd labels), once; the
 * rollups' increases equal the exact reset-aware increase; reconcile agrees, and notices rows
 * deleted behind its back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusExactnessIT {
  static final Instant START = Instant.parse("2026-01-10T00:00:00Z");

  Path dir;
  KnownHistory history;
  TsdbPrometheus prometheus;
  Database db;
  Path config;
  String from;
  String to;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    dir = tmp;
    history = new KnownHistory(START, Duration.ofHours(4), 0, 42);
    prometheus = TsdbPrometheus.serve(dir, history);
    config =
        prometheus.etlConfig(
            dir.resolve("etl.yml"),
            """
            max_window: 20m
            selectors:
              - '{__name__=~"dropscope_test_.*"}'
              - dropscope_test_temperature  # matched twice: loaded once
            """);
    // held open by the test: the commands attach to this server instead of starting their own
    db =
        Database.open(
            new DatabaseConfig(null, null, null, dir.resolve("pg")),
            ReaderConfig.defaults(),
            Map.of());
    from = history.fromArgument();
    to = history.toArgument();
  }

  @AfterAll
  void stop() {
    if (db != null) {
      db.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
  }

  @Test
  @Order(1)
  void backfill_stores_every_sample_exactly_once() throws Exception {
    assertThat(etl("backfill", "--from", from, "--to", to).exit()).isEqualTo(ExitCodes.OK);
    Map<SeriesKey, List<Sample>> stored = Stored.samples(db);
    Map<SeriesKey, List<Sample>> written = history.between(Long.MIN_VALUE, Long.MAX_VALUE);
    assertThat(stored.keySet()).isEqualTo(written.keySet());
    for (SeriesKey key : written.keySet()) {
      assertThat(stored.get(key)).as("%s", key).containsExactlyElementsOf(written.get(key));
    }
    assertThat(Stored.count(db, "SELECT count(*) FROM dropscope.samples"))
        .isEqualTo(history.samples());
  }

  @Test
  @Order(2)
  void count_sum_min_and_max_per_series_equal_what_was_written() throws Exception {
    String sql =
        "SELECT count(*), sum(value), min(value), max(value) FROM dropscope.samples x"
            + " JOIN dropscope.series s ON s.id = x.series_id WHERE s.metric = '%s' AND s.labels = '%s'::jsonb";
    for (KnownHistory.Series s : history.series()) {
      List<Sample> xs = s.samples();
      double sum = 0;
      double min = xs.getFirst().value();
      double max = min;
      for (Sample x : xs) {
        sum += x.value();
        min = Double.compare(x.value(), min) < 0 ? x.value() : min; // NaN is largest, as in SQL
        max = Double.compare(x.value(), max) > 0 ? x.value() : max;
      }
      String labels = SeriesCatalog.json(s.labels()).replace("'", "''");
      double[] got = stats(sql.formatted(s.metric(), labels));
      assertThat(got)
          .as("%s count, sum, min, max", s.key())
          .containsExactly((double) xs.size(), sum, min, max);
    }
  }

  @Test
  @Order(3)
  void series_kinds_come_from_the_names_when_blocks_carry_no_metadata() throws Exception {
    Map<SeriesKey, String> kinds = Stored.kinds(db);
    for (KnownHistory.Series s : history.series()) {
      assertThat(kinds.get(s.key())).as("%s", s.key()).isEqualTo(s.kind());
    }
  }

  @Test
  @Order(4)
  void rollup_increases_equal_the_exact_reset_aware_increase() throws Exception {
    for (KnownHistory.Series s : history.series()) {
      for (long bucket : new long[] {300_000, 3_600_000}) {
        String table = bucket == 300_000 ? "rollup_5m" : "rollup_1h";
        Map<Long, Double> got = Stored.increases(db, table, s.key());
        Map<Long, Row> want = RollupReference.rows(s.samples(), bucket, s.counterLike());
        assertThat(got.keySet()).as("%s %s buckets", s.key(), table).isEqualTo(want.keySet());
        for (Row row : want.values()) {
          assertThat(got.get(row.bucket()))
              .as("%s %s %d", s.key(), table, row.bucket())
              .isEqualTo(row.increase());
        }
      }
      if (s.counterLike()) {
        double total =
            Stored.increases(db, "rollup_1h", s.key()).values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
        assertThat(total)
            .as("%s whole-range increase", s.key())
            .isEqualTo(RollupReference.increase(s.samples()));
      }
    }
  }

  @Test
  @Order(5)
  void backfilling_again_adds_nothing_and_changes_no_rollup() throws Exception {
    List<String> rollups = Stored.rollups(db, "rollup_5m");
    assertThat(etl("backfill", "--from", from, "--to", to).exit()).isEqualTo(ExitCodes.OK);
    assertThat(Stored.count(db, "SELECT count(*) FROM dropscope.samples"))
        .isEqualTo(history.samples());
    assertThat(Stored.rollups(db, "rollup_5m")).isEqualTo(rollups);
    assertThat(Stored.watermarks(db)).isEmpty(); // no sync watermark to move; its own is gone
  }

  @Test
  @Order(6)
  void reconcile_finds_no_difference() {
    Result r = etl("reconcile", "--from", from, "--to", to);
    assertThat(r.exit()).as(r.out()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains(history.series().size() + " series").contains(" 0 differences");
  }

  @Test
  @Order(7)
  void reconcile_reports_deleted_rows_and_exits_1() throws Exception {
    Stored.execute(
        db,
        "DELETE FROM dropscope.samples WHERE (series_id, ts) IN (SELECT x.series_id, x.ts"
            + " FROM dropscope.samples x JOIN dropscope.series s ON s.id = x.series_id"
            + " WHERE s.metric = 'dropscope_test_errors_total' ORDER BY x.ts OFFSET 100 LIMIT 3)");
    Result r = etl("reconcile", "--from", from, "--to", to);
    assertThat(r.exit()).as(r.out()).isEqualTo(ExitCodes.DIFFERENCES);
    assertThat(r.out())
        .contains("dropscope_test_errors_total{kind=\"rpc\"}")
        .contains("count: ")
        .contains(" in Prometheus, ")
        .doesNotContain("dropscope_test_temperature");
  }

  @Test
  @Order(8)
  void a_selector_prometheus_refuses_exits_2_naming_the_fix() throws Exception {
    Path bad = prometheus.etlConfig(dir.resolve("bad.yml"), "selectors: ['{__name__=~\"(\"}']");
    Result r = etl("backfill", bad, "--from", from, "--to", to);
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  @Order(9)
  void a_backfill_moves_the_sync_watermark_forward_where_it_continues_it_and_never_back()
      throws Exception {
    long syncedTo = history.start() + 3_600_000;
    Stored.execute(
        db,
        "INSERT INTO dropscope.watermarks (source, loaded_to) VALUES ('prometheus',"
            + " timestamptz 'epoch' + "
            + syncedTo
            + " * interval '1 millisecond')");
    long earlier = history.start() / 1000 + 1800;
    assertThat(etl("backfill", "--from", from, "--to", Long.toString(earlier)).exit()).isZero();
    assertThat(Stored.watermarks(db)).containsEntry(PrometheusSource.NAME, syncedTo);
    assertThat(etl("backfill", "--from", from, "--to", to).exit()).isZero();
    assertThat(Stored.watermarks(db))
        .containsExactly(Map.entry(PrometheusSource.NAME, Long.parseLong(to) * 1000));
    assertThat(Stored.count(db, "SELECT count(*) FROM dropscope.samples"))
        .isEqualTo(history.samples());
  }

  record Result(int exit, String out) {}

  /** Runs an ETL command in this JVM against the test's database and Prometheus. */
  Result etl(String command, String... args) {
    return etl(command, config, args);
  }

  Result etl(String command, Path configFile, String... args) {
    List<String> all = new ArrayList<>(List.of(command, "--config", configFile.toString()));
    all.addAll(List.of("--data-dir", dir.resolve("pg").toString()));
    all.addAll(List.of(args));
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int exit = Main.run(all.toArray(String[]::new));
      return new Result(exit, out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }

  double[] stats(String sql) throws Exception {
    try (var c = db.connection();
        var s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      rs.next();
      return new double[] {rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)};
    }
  }
}
