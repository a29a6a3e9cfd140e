package dev.dropscope.etl.analytics;

import static dev.dropscope.etl.analytics.ViewRows.EXACT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.etl.analytics.Dataset.Sample;
import dev.dropscope.etl.analytics.Rows.AlertHistory;
import dev.dropscope.etl.analytics.Rows.PortfolioValue;
import dev.dropscope.etl.analytics.ViewRows.Expectation;
import dev.dropscope.etl.store.Database;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The functions the dashboards call with Grafana's time range and interval give what the views and
 * the reference give for that range, on the synthetic dataset (with rollups written next to it
 * where a function reads them); and token_price_daily takes a day's price from the hourly rollups
 * once the day's raw samples are gone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsFunctionsTest {
  private static final Instant FROM =
      SyntheticDataset.START.plus(Duration.ofDays(25).plusMinutes(37));
  private static final Instant TO = FROM.plus(Duration.ofDays(9));

  /** A day after the synthetic history, for the rows this test writes itself. */
  private static final Instant JUNE = Instant.parse("2026-06-01T00:00:00Z");

  /** One bucket of analytics.portfolio_value_history. */
  record ValuePoint(Instant time, BigDecimal valueUsd) {}

  /** One row of analytics.metric_history. */
  record MetricPoint(
      Instant time,
      Map<String, String> labels,
      Double avg,
      Double min,
      Double max,
      Double last,
      long samples,
      Double increase) {}

  /** A rollup row as the ETL writes it. */
  record Rollup(
      Map<String, String> labels,
      Instant bucket,
      double min,
      double max,
      double avg,
      double last,
      int count,
      Double increase) {}

  Database db;
  Dataset stored;
  List<Rollup> fiveMinutes;
  List<Rollup> hours;

  @BeforeAll
  void load(@TempDir Path dir) throws Exception {
    db = AnalyticsDatabase.open(dir);
    try (Connection c = db.connection()) {
      DatasetTables.insert(c, SyntheticDataset.generate(AnalyticsDatabase.SEED));
      stored = DatasetTables.read(c);
      fiveMinutes = fiveMinuteRollups();
      hours = hourlyRollups(fiveMinutes);
      insertRollups(c, "rollup_5m", fiveMinutes);
      insertRollups(c, "rollup_1h", hours);
    }
  }

  @AfterAll
  void close() {
    db.close();
  }

  @Test
  void portfolio_value_between_gives_the_rows_of_portfolio_value_in_the_range()
      throws SQLException {
    assertFunction(
        call("portfolio_value_between", FROM, TO),
        PortfolioValue.class,
        PortfolioReference.value(stored).stream().filter(v -> within(v.ts(), FROM, TO)).toList(),
        List.of("ts"));
    assertFunction(
        "portfolio_value_between('-infinity', 'infinity')",
        PortfolioValue.class,
        PortfolioReference.value(stored),
        List.of("ts"));
  }

  /** Steps of whole hours read the hourly aggregate, others the snapshots: the same values. */
  @ParameterizedTest
  @ValueSource(longs = {420, 1_800, 3_600, 21_600, 86_400})
  void portfolio_value_history_gives_the_value_after_each_buckets_last_snapshot(long step)
      throws SQLException {
    Map<Instant, BigDecimal> last = new TreeMap<>();
    for (PortfolioValue v : PortfolioReference.value(stored)) {
      Instant bucket = bucket(v.ts(), step);
      if (!bucket.isBefore(bucket(FROM, step)) && !bucket.isAfter(bucket(TO, step))) {
        last.put(bucket, v.valueUsd()); // in ts order: the last one stays
      }
    }
    assertFunction(
        call("portfolio_value_history", FROM, TO, "'" + step + " seconds'"),
        ValuePoint.class,
        last.entrySet().stream().map(e -> new ValuePoint(e.getKey(), e.getValue())).toList(),
        List.of("time"));
  }

  /** The claims alert fires before the range and goes on inside it: it is not counted. */
  @Test
  void alert_history_between_counts_the_episodes_that_fired_in_the_range() throws SQLException {
    Instant from = SyntheticDataset.START.plus(Duration.ofDays(10).plusHours(10).plusMinutes(20));
    Instant to = SyntheticDataset.START.plus(Duration.ofDays(35));
    assertFunction(
        call("alert_history_between", from, to),
        AlertHistory.class,
        AlertsReference.history(stored, from, to),
        List.of("alertname", "severity"));
    assertFunction(
        "alert_history_between('-infinity', 'infinity')",
        AlertHistory.class,
        AlertsReference.history(stored),
        List.of("alertname", "severity"));
  }

  @Test
  void metric_history_reads_the_raw_samples_for_steps_finer_than_five_minutes()
      throws SQLException {
    long step = 420;
    Instant from = SyntheticDataset.START.plus(Duration.ofDays(15));
    Instant to = from.plus(Duration.ofDays(1));
    Map<Map<String, String>, List<Sample>> series =
        stored.samples().stream()
            .filter(
                s ->
                    s.metric().equals("airdrops_token_price_usd")
                        && "ETH".equals(s.labels().get("token"))
                        && within(s.ts(), bucket(from, step), to))
            .sorted(Comparator.comparing(Sample::ts))
            .collect(
                Collectors.groupingBy(Sample::labels, LinkedHashMap::new, Collectors.toList()));
    List<MetricPoint> expected = new ArrayList<>();
    series.forEach(
        (labels, samples) -> {
          List<Rollup> points = new ArrayList<>();
          for (int i = 0; i < samples.size(); i++) {
            double v = samples.get(i).value();
            double previous = i == 0 ? Double.NaN : samples.get(i - 1).value();
            double increase = i == 0 ? 0 : v >= previous ? v - previous : v;
            points.add(new Rollup(labels, samples.get(i).ts(), v, v, v, v, 1, increase));
          }
          expected.addAll(buckets(points, step));
        });
    assertThat(series).hasSize(2); // two exporters that day
    assertFunction(
        "metric_history('airdrops_token_price_usd', '%s', '%s', '7 minutes', '{\"token\": \"ETH\"}')"
            .formatted(from, to),
        MetricPoint.class,
        expected,
        List.of("time", "labels"));
  }

  /** 10 and 30 minutes from the 5-minute rollups, 1 and 3 hours from the hourly ones. */
  @ParameterizedTest
  @ValueSource(longs = {600, 1_800, 3_600, 10_800})
  void metric_history_aggregates_the_coarsest_rollups_the_step_allows(long step)
      throws SQLException {
    Instant from = JUNE.plus(Duration.ofMinutes(17));
    Instant to = JUNE.plus(Duration.ofHours(23));
    List<Rollup> source = step % 3_600 == 0 ? hours : fiveMinutes;
    List<MetricPoint> expected = new ArrayList<>();
    source.stream()
        .filter(r -> within(r.bucket(), bucket(from, step), to))
        .collect(Collectors.groupingBy(Rollup::labels, LinkedHashMap::new, Collectors.toList()))
        .values()
        .forEach(rows -> expected.addAll(buckets(rows, step)));
    for (String metric : List.of("test_balance_usd", "test_requests_total")) {
      assertFunction(
          "metric_history('%s', '%s', '%s', '%d seconds')".formatted(metric, from, to, step),
          MetricPoint.class,
          expected.stream().filter(p -> p.labels().get("m").equals(metric)).toList(),
          List.of("time", "labels"));
    }
  }

  /**
   * Day 1: two series at the same last hour, averaged. Day 2: the last hour's last is NaN, so an
   * earlier hour's; the other series stopped earlier. Day 3: a raw sample outranks the rollups.
   */
  @Test
  void token_price_daily_falls_back_to_the_hourly_rollups_where_raw_samples_are_gone()
      throws SQLException {
    Instant d1 = JUNE.plus(Duration.ofDays(10));
    Instant d2 = d1.plus(Duration.ofDays(1));
    Instant d3 = d2.plus(Duration.ofDays(1));
    List<Rollup> rows = new ArrayList<>();
    Map<String, String> r1 = Map.of("token", "ROLL", "instance", "r1");
    Map<String, String> r2 = Map.of("token", "ROLL", "instance", "r2");
    for (int h = 0; h < 24; h++) {
      rows.add(price(r1, d1, h, 10 + h));
      rows.add(price(r2, d1, h, 20 + h));
      rows.add(price(r1, d2, h, h == 23 ? Double.NaN : h == 22 ? 5 : 50));
      if (h < 22) {
        rows.add(price(r2, d2, h, 60));
      }
      rows.add(price(r1, d3, h, 100));
    }
    try (Connection c = db.connection();
        Statement s = c.createStatement()) {
      insertSeries(c, "airdrops_token_price_usd", "gauge", List.of(r1, r2));
      insertRollups(c, "rollup_1h", rows);
      s.execute(
          "SELECT dropscope.ensure_sample_partitions('"
              + d3
              + "', '"
              + d3.plus(Duration.ofDays(1))
              + "')");
      s.execute(
          "INSERT INTO dropscope.samples (series_id, ts, value) SELECT id, '"
              + d3.plus(Duration.ofHours(12))
              + "', 7 FROM dropscope.series WHERE labels = '{\"token\": \"ROLL\", \"instance\":"
              + " \"r1\"}'");
      s.execute("SET TIME ZONE 'America/St_Johns'");
      List<Object[]> prices =
          Jdbc.query(
              c,
              "SELECT day, price_usd FROM analytics.token_price_daily WHERE token = 'ROLL'"
                  + " ORDER BY day",
              rs -> new Object[] {Jdbc.instant(rs, 1), rs.getDouble(2)});
      assertThat(prices)
          .containsExactly(
              new Object[] {d1, (33.0 + 43.0) / 2}, new Object[] {d2, 5.0}, new Object[] {d3, 7.0});
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  private void assertFunction(
      String call, Class<? extends Record> type, List<? extends Record> rows, List<String> key)
      throws SQLException {
    try (Connection c = db.connection();
        Statement s = c.createStatement()) {
      s.execute("SET TIME ZONE 'America/St_Johns'"); // buckets and days are UTC all the same
      ViewRows.assertMatches(c, new Expectation(call, type, rows, key, EXACT));
    }
    assertThat(rows).as("the reference gives rows for %s", call).isNotEmpty();
  }

  /** {@code name('from', 'to'[, more...])}. */
  private static String call(String name, Instant from, Instant to, String... more) {
    StringBuilder call = new StringBuilder(name).append("('" + from + "', '" + to + "'");
    for (String argument : more) {
      call.append(", ").append(argument);
    }
    return call.append(')').toString();
  }

  private static boolean within(Instant t, Instant from, Instant to) {
    return !t.isBefore(from) && !t.isAfter(to);
  }

  /** The start of the {@code step}-second bucket holding {@code t}, aligned to the epoch. */
  private static Instant bucket(Instant t, long step) {
    return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), step) * step);
  }

  /** One series' rows (in time order) in buckets of {@code step} seconds, as the function sums. */
  private static List<MetricPoint> buckets(List<Rollup> rows, long step) {
    Map<Instant, List<Rollup>> byBucket =
        rows.stream()
            .collect(
                Collectors.groupingBy(
                    r -> bucket(r.bucket(), step), TreeMap::new, Collectors.toList()));
    List<MetricPoint> points = new ArrayList<>();
    byBucket.forEach(
        (time, in) -> {
          long samples = in.stream().mapToLong(Rollup::count).sum();
          boolean counter = in.getFirst().increase() != null;
          points.add(
              new MetricPoint(
                  time,
                  in.getFirst().labels(),
                  in.stream().mapToDouble(r -> r.avg() * r.count()).sum() / samples,
                  in.stream().mapToDouble(Rollup::min).min().orElseThrow(),
                  in.stream().mapToDouble(Rollup::max).max().orElseThrow(),
                  in.getLast().last(),
                  samples,
                  counter ? in.stream().mapToDouble(Rollup::increase).sum() : null));
        });
    return points;
  }

  /** A day of 5-minute rollups of a gauge and a counter, with uneven sample counts. */
  private static List<Rollup> fiveMinuteRollups() {
    List<Rollup> rows = new ArrayList<>();
    Map<String, String> gauge = Map.of("m", "test_balance_usd", "instance", "a");
    Map<String, String> counter = Map.of("m", "test_requests_total", "instance", "a");
    for (int k = 0; k < 288; k++) {
      Instant bucket = JUNE.plus(Duration.ofMinutes(5L * k));
      double avg = 100 + 10 * Math.sin(k / 7.0);
      int count = 15 + k % 6;
      rows.add(new Rollup(gauge, bucket, avg - 1 - k % 3, avg + 2, avg, avg + 0.5, count, null));
      rows.add(
          new Rollup(
              counter,
              bucket,
              50.0 * k,
              50.0 * k + 9,
              50.0 * k + 4,
              50.0 * k + 9,
              count,
              k % 7 + 0.5));
    }
    return rows;
  }

  /** The hourly rows the ETL derives from 5-minute ones. */
  private static List<Rollup> hourlyRollups(List<Rollup> fiveMinutes) {
    List<Rollup> rows = new ArrayList<>();
    fiveMinutes.stream()
        .collect(Collectors.groupingBy(Rollup::labels, LinkedHashMap::new, Collectors.toList()))
        .values()
        .forEach(
            series ->
                buckets(series, 3_600)
                    .forEach(
                        p ->
                            rows.add(
                                new Rollup(
                                    p.labels(),
                                    p.time(),
                                    p.min(),
                                    p.max(),
                                    p.avg(),
                                    p.last(),
                                    (int) p.samples(),
                                    p.increase()))));
    return rows;
  }

  private static Rollup price(Map<String, String> labels, Instant day, int hour, double last) {
    return new Rollup(labels, day.plus(Duration.ofHours(hour)), last, last, last, last, 240, null);
  }

  /**
   * The series (of the metric its label {@code m} names, else the price metric), then every row.
   */
  private static void insertRollups(Connection c, String table, List<Rollup> rows)
      throws SQLException {
    Map<Map<String, String>, List<Rollup>> bySeries =
        rows.stream().collect(Collectors.groupingBy(Rollup::labels));
    for (Map<String, String> labels : bySeries.keySet()) {
      String metric = labels.getOrDefault("m", "airdrops_token_price_usd");
      String kind = metric.endsWith("_total") ? "counter" : "gauge";
      insertSeries(c, metric, kind, List.of(labels));
    }
    Map<String, Long> ids = // by labels, written the same way on both sides
        Jdbc.query(
                c,
                "SELECT id, labels::text FROM dropscope.series",
                rs ->
                    Map.entry(
                        DatasetTables.json(DatasetTables.labels(rs.getString(2))), rs.getLong(1)))
            .stream()
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    Function<Rollup, Long> id = r -> ids.get(DatasetTables.json(r.labels()));
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO dropscope."
                + table
                + " (series_id, bucket, min, max, avg, last, count, increase)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Rollup r : rows) {
        Jdbc.bind(
            ps,
            id.apply(r),
            r.bucket(),
            r.min(),
            r.max(),
            r.avg(),
            r.last(),
            r.count(),
            r.increase());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void insertSeries(
      Connection c, String metric, String kind, List<Map<String, String>> labels)
      throws SQLException {
    Jdbc.batch(
        c,
        "INSERT INTO dropscope.series (metric, labels, kind) VALUES (?, ?::jsonb, ?)"
            + " ON CONFLICT ON CONSTRAINT series_hash_unique DO NOTHING",
        labels,
        l -> new Object[] {metric, DatasetTables.json(l), kind});
  }
}
