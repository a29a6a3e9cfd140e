package dev.dropscope.etl.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.dropscope.etl.config.DatabaseConfig;
import dev.dropscope.etl.config.ReaderConfig;
import dev.dropscope.etl.prometheus.RollupReference.Row;
import dev.dropscope.etl.prometheus.RollupReference.Sample;
import dev.dropscope.etl.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollup SQL against a plain Java reference, on a real PostgreSQL: samples go in window by
 * window as the loader puts them, in order, in reverse order and on odd boundaries, and the 5m and
 * 1h rows must equal the reference computed over everything loaded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollupsTest {
  static final long MINUTE = 60_000;
  static final long HOUR = 60 * MINUTE;
  static final long T0 = 1767225600000L; // 2026-01-01T00:00:00Z

  Database db;
  long counter;
  long gauge;
  long bucketSeries;
  long quantile;
  final Map<Long, List<Sample>> history = new TreeMap<>();

  @BeforeAll
  void open(@TempDir Path dir) throws Exception {
    db =
        Database.open(new DatabaseConfig(null, null, null, dir), ReaderConfig.defaults(), Map.of());
  }

  @AfterAll
  void close() {
    db.close();
  }

  @BeforeEach
  void fresh() throws SQLException {
    try (Connection c = db.connection();
        Statement s = c.createStatement()) {
      s.execute(
          "TRUNCATE dropscope.samples, dropscope.rollup_5m, dropscope.rollup_1h, dropscope.series");
    }
    counter = series("t_requests_total", "counter");
    gauge = series("t_temperature", "gauge");
    bucketSeries = series("t_latency_seconds_bucket", "histogram");
    quantile = series("t_gc_seconds", "summary");
    history.clear();
    Random random = new Random(7);
    history.put(counter, counterWithResets(random));
    history.put(bucketSeries, counterWithResets(random));
    history.put(gauge, gauge(random));
    history.put(quantile, gauge(random));
  }

  /** 3 hours at 15 s with jitter, a 20-minute gap, and resets: at a bucket's first sample too. */
  static List<Sample> counterWithResets(Random random) {
    List<Sample> samples = new ArrayList<>();
    double v = 100;
    for (long t = T0 + 7; t < T0 + 3 * HOUR; t += 15_000) {
      if (t > T0 + 70 * MINUTE && t < T0 + 90 * MINUTE) {
        continue; // scrape gap
      }
      boolean reset =
          Math.floorMod(t - 7, 5 * MINUTE) == 0 && random.nextInt(4) == 0 // a bucket's first sample
              || random.nextInt(60) == 0;
      v = reset ? random.nextInt(5) : v + random.nextInt(10);
      samples.add(new Sample(t, v));
    }
    return samples;
  }

  static List<Sample> gauge(Random random) {
    List<Sample> samples = new ArrayList<>();
    for (long t = T0 + 999; t < T0 + 3 * HOUR; t += 15_000) {
      samples.add(new Sample(t, Math.round(random.nextGaussian() * 1e6) / 1e3));
    }
    return samples;
  }

  @Test
  void windows_loaded_in_order_give_the_reference_rows() throws SQLException {
    for (long from = T0; from < T0 + 3 * HOUR; from += 20 * MINUTE) {
      load(from, from + 20 * MINUTE);
    }
    assertMatchesReference();
  }

  @Test
  void windows_loaded_in_reverse_order_give_the_same_rows() throws SQLException {
    for (long to = T0 + 3 * HOUR; to > T0; to -= HOUR) {
      load(to - HOUR, to);
    }
    assertMatchesReference();
  }

  @Test
  void windows_on_odd_boundaries_and_out_of_order_give_the_same_rows() throws SQLException {
    long[] cuts = {
      T0,
      T0 + 3 * MINUTE + 27_001,
      T0 + 4 * MINUTE + 59_999,
      T0 + 47 * MINUTE + 1,
      T0 + 71 * MINUTE,
      T0 + 2 * HOUR + 15_000 + 7,
      T0 + 3 * HOUR
    };
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i + 1 < cuts.length; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(3));
    for (int i : order) {
      load(cuts[i], cuts[i + 1]);
    }
    assertMatchesReference();
  }

  @Test
  void the_buckets_add_up_to_the_exact_increase_and_only_counter_like_series_have_one()
      throws SQLException {
    for (long to = T0 + 3 * HOUR; to > T0; to -= 30 * MINUTE) {
      load(to - 30 * MINUTE, to);
    }
    for (String table : List.of("rollup_5m", "rollup_1h")) {
      assertThat(sumOfIncrease(table, counter))
          .isEqualTo(RollupReference.increase(history.get(counter)));
      assertThat(sumOfIncrease(table, bucketSeries))
          .isEqualTo(RollupReference.increase(history.get(bucketSeries)));
      assertThat(sumOfIncrease(table, gauge)).isNull();
      assertThat(sumOfIncrease(table, quantile)).isNull();
    }
  }

  @Test
  void windows_written_in_sql_only_give_the_reference_rows() throws SQLException {
    for (long from = T0; from < T0 + 3 * HOUR; from += 25 * MINUTE) {
      load(from, Math.min(from + 25 * MINUTE, T0 + 3 * HOUR), Mode.SQL_ONLY);
    }
    assertMatchesReference();
  }

  @Test
  void rows_recomputed_in_sql_equal_the_rows_computed_from_the_stream_to_the_bit()
      throws SQLException {
    int computed = 0;
    for (long from = T0; from < T0 + 3 * HOUR; from += 20 * MINUTE) {
      computed += load(from, from + 20 * MINUTE);
    }
    assertThat(computed).as("rows computed from the stream").isGreaterThan(50);
    List<String> fromStream = dump("rollup_5m");
    List<String> hours = dump("rollup_1h");
    for (long from = T0; from < T0 + 3 * HOUR; from += 20 * MINUTE) {
      load(from, from + 20 * MINUTE, Mode.SQL_ONLY);
    }
    assertThat(dump("rollup_5m")).containsExactlyElementsOf(fromStream);
    assertThat(dump("rollup_1h")).containsExactlyElementsOf(hours);
  }

  @Test
  void the_java_and_sql_rules_for_counter_like_series_agree() throws SQLException {
    String[][] cases = {
      {"a_total", "counter"}, {"a", "counter"}, {"a_bucket", "histogram"}, {"a_count", "summary"},
      {"a_sum", "histogram"}, {"a", "histogram"}, {"a", "summary"}, {"a_total", "gauge"},
      {"a_count", "unknown"}, {"a_bucket", "gauge"}
    };
    for (String[] c : cases) {
      try (Connection conn = db.connection();
          PreparedStatement p =
              conn.prepareStatement(
                  "SELECT " + Rollups.COUNTER_LIKE + " FROM (SELECT ? AS kind, ? AS metric) s")) {
        p.setString(1, c[1]);
        p.setString(2, c[0]);
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
          assertThat(Rollups.counterLike(c[1], c[0]))
              .as("%s %s", c[0], c[1])
              .isEqualTo(rs.getBoolean(1));
        }
      }
    }
  }

  /** How a test window's rollups are written. */
  enum Mode {
    /** As the loader: computed from the stream where nothing was loaded yet, else in SQL. */
    AS_LOADED,
    /** Every touched bucket in SQL, as for a reload; the samples are in already. */
    SQL_ONLY
  }

  int load(long from, long to) throws SQLException {
    return load(from, to, Mode.AS_LOADED);
  }

  /**
   * Inserts the samples of (from, to] and writes the rollups the way the loader's transaction does:
   * the stream's buckets through {@link WindowRollups}, the rest through {@link Rollups}.
   */
  int load(long from, long to, Mode mode) throws SQLException {
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try (PreparedStatement p =
          c.prepareStatement("SELECT dropscope.ensure_sample_partitions(?, ?)")) {
        p.setObject(1, Times.timestamptz(from));
        p.setObject(2, Times.timestamptz(to + 1));
        p.execute();
      }
      boolean direct = mode == Mode.AS_LOADED && Lane.nothingLoaded(c, from, to);
      WindowRollups rollups = new WindowRollups(from, direct);
      List<Long> ids = new ArrayList<>();
      int inserted = 0;
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO dropscope.samples VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
        for (Map.Entry<Long, List<Sample>> e : history.entrySet()) {
          boolean any = false;
          for (Sample s : e.getValue()) {
            if (s.ts() > from && s.ts() <= to) {
              if (!any) {
                rollups.startSeries(e.getKey(), counterLike(e.getKey()));
                any = true;
              }
              rollups.sample(s.ts(), s.value());
              p.setLong(1, e.getKey());
              p.setObject(2, Times.timestamptz(s.ts()));
              p.setDouble(3, s.value());
              p.addBatch();
            }
          }
          if (any) {
            ids.add(e.getKey());
          }
        }
        for (int n : p.executeBatch()) {
          inserted += n;
        }
      }
      rollups.finish();
      if (inserted > 0 || mode == Mode.SQL_ONLY) {
        Rollups.write(c, rollups, ids.stream().mapToLong(Long::longValue).toArray(), to);
      }
      c.commit();
      return rollups.rows.size;
    }
  }

  boolean counterLike(long series) {
    return series == counter || series == bucketSeries;
  }

  void assertMatchesReference() throws SQLException {
    for (long bucket : new long[] {5 * MINUTE, HOUR}) {
      String table = bucket == HOUR ? "rollup_1h" : "rollup_5m";
      for (Map.Entry<Long, List<Sample>> e : history.entrySet()) {
        boolean counterLike = counterLike(e.getKey());
        Map<Long, Row> expected = RollupReference.rows(e.getValue(), bucket, counterLike);
        Map<Long, Row> actual = read(table, e.getKey());
        assertThat(actual.keySet())
            .as("%s buckets of series %d", table, e.getKey())
            .isEqualTo(expected.keySet());
        for (Row want : expected.values()) {
          Row got = actual.get(want.bucket());
          String what = table + " series " + e.getKey() + " bucket " + want.bucket();
          assertThat(got.count()).as(what).isEqualTo(want.count());
          assertThat(got.min()).as(what).isEqualTo(want.min());
          assertThat(got.max()).as(what).isEqualTo(want.max());
          assertThat(got.last()).as(what).isEqualTo(want.last());
          assertThat(got.avg())
              .as(what)
              .isCloseTo(want.avg(), within(1e-9 * Math.max(1, Math.abs(want.avg()))));
          assertThat(got.increase()).as(what + " increase").isEqualTo(want.increase());
        }
      }
    }
  }

  Map<Long, Row> read(String table, long series) throws SQLException {
    Map<Long, Row> rows = new TreeMap<>();
    try (Connection c = db.connection();
        PreparedStatement p =
            c.prepareStatement(
                "SELECT bucket, min, max, avg, last, count, increase FROM dropscope."
                    + table
                    + " WHERE series_id = ?")) {
      p.setLong(1, series);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          long bucket = rs.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli();
          double inc = rs.getDouble(7);
          Double increase = rs.wasNull() ? null : inc;
          rows.put(
              bucket,
              new Row(
                  bucket,
                  rs.getDouble(2),
                  rs.getDouble(3),
                  rs.getDouble(4),
                  rs.getDouble(5),
                  rs.getLong(6),
                  increase));
        }
      }
    }
    return rows;
  }

  Double sumOfIncrease(String table, long series) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement p =
            c.prepareStatement(
                "SELECT sum(increase) FROM dropscope." + table + " WHERE series_id = ?")) {
      p.setLong(1, series);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        double v = rs.getDouble(1);
        return rs.wasNull() ? null : v;
      }
    }
  }

  List<String> dump(String table) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT r::text FROM dropscope." + table + " r ORDER BY series_id, bucket")) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }

  long series(String metric, String kind) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO dropscope.series (metric, labels, kind) VALUES (?, '{}', ?) RETURNING id")) {
      p.setString(1, metric);
      p.setString(2, kind);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
