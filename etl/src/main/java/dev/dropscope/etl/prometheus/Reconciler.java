package dev.dropscope.etl.prometheus;

import dev.dropscope.etl.config.PrometheusConfig;
import dev.dropscope.etl.run.SourceRejectedException;
import dev.dropscope.etl.run.SourceUnavailableException;
import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.DatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares Prometheus with PostgreSQL over {@code (from, to]}: for every series the selectors match
 * there and every window of {@code max_window} (the last one shorter), the count, sum, min and max
 * of its samples, from {@code count_over_time}, {@code sum_over_time}, {@code min_over_time} and
 * {@code max_over_time} on one side and SQL aggregates on the other.
 *
 * <p>Those functions drop the metric name, so each metric name is queried on its own (the selector
 * narrowed with {@code __name__="name"}), all windows of a chunk in one range query with the window
 * as step. Whether the server's range selectors are closed ({@code [t-r, t]}, Prometheus 2.x) or
 * left-open ({@code (t-r, t]}, 3.x) is probed once, and the range is shortened by a millisecond on
 * a closed one, so both count exactly {@code (t-r, t]}. Counts, mins and maxes must be equal (NaN
 * equals NaN; min and max ignore NaN, as Prometheus does); sums may differ by 1e-9 relative, as the
 * two sides add in different orders.
 */
final class Reconciler {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

  /** count, sum, min, max: the order of the arrays below. */
  static final List<String> STATS = List.of("count", "sum", "min", "max");

  private static final double SUM_TOLERANCE = 1e-9;
  private static final int MAX_CHUNK_WINDOWS = 240;

  private static final String AGGREGATES =
      """
      SELECT x.series_id,
             ((extract(epoch FROM x.ts) * 1000)::bigint - ? - 1) / ? AS k,
             count(*), sum(x.value),
             min(x.value) FILTER (WHERE x.value <> 'NaN'),
             max(x.value) FILTER (WHERE x.value <> 'NaN')
      FROM dropscope.samples x
      WHERE x.ts > ? AND x.ts <= ?
      GROUP BY 1, 2
      """;

  private final PrometheusClient client;
  private final PrometheusConfig config;

  Reconciler(PrometheusClient client, PrometheusConfig config) {
    this.client = client;
    this.config = config;
  }

  Reconciliation run(Database db, Instant fromInstant, Instant toInstant, Consumer<Difference> out)
      throws SourceUnavailableException, DatabaseException {
    long from = fromInstant.truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
    long to = toInstant.truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
    if (to <= from) {
      throw new IllegalArgumentException("--to must be after --from");
    }
    long width = Math.min(config.maxWindow().toMillis(), to - from);
    Map<String, Set<String>> namesBySelector = new LinkedHashMap<>();
    Set<SeriesKey> matched = matchedSeries(from, to, namesBySelector);
    Map<Long, SeriesKey> catalog = catalog(db);
    boolean closed = closedRanges(db, from, to);
    int windows = (int) ((to - from + width - 1) / width);
    int chunk =
        (int) Math.max(1, Math.min(MAX_CHUNK_WINDOWS, 2_000_000L / Math.max(1, matched.size())));
    long differences = 0;
    for (int first = 0; first < windows; first += chunk) {
      int count = Math.min(chunk, windows - first);
      Chunk c = new Chunk(from, to, width, first, count);
      Map<SeriesKey, double[][]> prometheus = prometheus(c, namesBySelector, closed);
      Map<SeriesKey, double[][]> postgres = postgres(db, c, catalog, matched, prometheus.keySet());
      differences += compare(c, prometheus, postgres, out);
    }
    return new Reconciliation(windows, matched.size(), differences);
  }

  /**
   * Windows {@code first .. first + count - 1} of the range, each {@code width} long but the last.
   */
  private record Chunk(long from, long to, long width, int first, int count) {
    long start(int k) {
      return from + (long) k * width;
    }

    long end(int k) {
      return Math.min(to, from + (long) (k + 1) * width);
    }

    /** The chunk's windows of full width: the tail of the range may be shorter. */
    int fullWindows() {
      return end(first + count - 1) - start(first + count - 1) == width ? count : count - 1;
    }
  }

  /** The series each selector matches in the range, and their metric names per selector. */
  private Set<SeriesKey> matchedSeries(long from, long to, Map<String, Set<String>> names)
      throws SourceUnavailableException {
    Set<SeriesKey> matched = new HashSet<>();
    for (String selector : config.selectors()) {
      Set<String> mine = names.computeIfAbsent(selector, s -> new LinkedHashSet<>());
      try {
        client.series(
            selector,
            from,
            to,
            new ResultParser.Handler() {
              @Override
              public void series(String metric, SortedMap<String, String> labels) {
                matched.add(new SeriesKey(metric, labels));
                mine.add(metric);
              }
            });
      } catch (TooManySamplesException e) {
        throw new SourceRejectedException(e.getMessage(), e);
      }
    }
    return matched;
  }

  /**
   * Whether a range selector includes a sample at exactly its start: asks for a stored sample's
   * series with a 1 ms range ending 1 ms after it. Without any sample in PostgreSQL to ask about,
   * assumes left-open ranges.
   */
  private boolean closedRanges(Database db, long from, long to)
      throws DatabaseException, SourceUnavailableException {
    SeriesKey series;
    long ts;
    try (Connection c = db.connection();
        PreparedStatement p =
            c.prepareStatement(
                "SELECT s.metric, s.labels::text, (extract(epoch FROM x.ts) * 1000)::bigint"
                    + " FROM dropscope.samples x JOIN dropscope.series s ON s.id = x.series_id"
                    + " WHERE x.ts > ? AND x.ts <= ? LIMIT 1")) {
      p.setObject(1, Times.timestamptz(from));
      p.setObject(2, Times.timestamptz(to));
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        series = new SeriesKey(rs.getString(1), labels(rs.getString(2)));
        ts = rs.getLong(3);
      }
    } catch (SQLException e) {
      throw Failures.database(e, "finding a sample to probe Prometheus' range selectors with");
    }
    long[] found = {0};
    try {
      client.query(
          "count_over_time(" + series.selector() + "[1ms])",
          ts + 1,
          new ResultParser.Handler() {
            @Override
            public void sample(long timestampMillis, double value) {
              found[0]++;
            }
          });
    } catch (TooManySamplesException e) {
      throw new SourceRejectedException(e.getMessage(), e);
    }
    log.info(
        "{} range selectors are {}",
        client.where(),
        found[0] > 0 ? "closed [t-r, t] (Prometheus 2.x)" : "left-open (t-r, t] (Prometheus 3.x)");
    return found[0] > 0;
  }

  /** Per series, [stat][window in chunk]; a series without samples in a window has count 0. */
  private Map<SeriesKey, double[][]> prometheus(
      Chunk c, Map<String, Set<String>> namesBySelector, boolean closed)
      throws SourceUnavailableException {
    Map<SeriesKey, double[][]> stats = new HashMap<>();
    for (Map.Entry<String, Set<String>> e : namesBySelector.entrySet()) {
      for (String name : e.getValue()) {
        String selector = PromQl.withName(e.getKey(), name);
        int full = c.fullWindows();
        try {
          if (full > 0) {
            long firstEnd = c.end(c.first());
            client.queryRange(
                expression(selector, c.width(), closed),
                firstEnd,
                c.end(c.first() + full - 1),
                c.width(),
                new Fill(stats, name, c, firstEnd));
          }
          if (full < c.count()) { // the range's shorter last window
            int k = c.first() + c.count() - 1;
            client.query(
                expression(selector, c.end(k) - c.start(k), closed),
                c.end(k),
                new Fill(stats, name, c, c.end(k) - (long) (c.count() - 1) * c.width()));
          }
        } catch (TooManySamplesException ex) {
          throw new SourceRejectedException(
              ex.getMessage() + "; lower prometheus.max_window for reconcile", ex);
        }
      }
    }
    return stats;
  }

  /** All four statistics in one query, told apart by a {@code __stat__} label. */
  static String expression(String selector, long rangeMillis, boolean closed) {
    String range = "[" + PromValues.duration(closed ? rangeMillis - 1 : rangeMillis) + "]";
    List<String> parts = new ArrayList<>();
    for (String stat : STATS) {
      parts.add(
          "label_replace("
              + stat
              + "_over_time("
              + selector
              + range
              + "), \"__stat__\", \""
              + stat
              + "\", \"\", \"\")");
    }
    return String.join(" or ", parts);
  }

  /** Puts each answer sample in its series' row: window from its timestamp, stat from its label. */
  private static final class Fill implements ResultParser.Handler {
    private final Map<SeriesKey, double[][]> stats;
    private final String metric;
    private final Chunk chunk;
    private final long firstEnd;
    private double[] row;

    Fill(Map<SeriesKey, double[][]> stats, String metric, Chunk chunk, long firstEnd) {
      this.stats = stats;
      this.metric = metric;
      this.chunk = chunk;
      this.firstEnd = firstEnd;
    }

    @Override
    public void series(String ignored, SortedMap<String, String> labels) {
      String stat = labels.remove("__stat__");
      double[][] all =
          stats.computeIfAbsent(new SeriesKey(metric, labels), k -> emptyRows(chunk.count()));
      row = all[STATS.indexOf(stat)];
    }

    @Override
    public void sample(long timestampMillis, double value) {
      int k = (int) ((timestampMillis - firstEnd) / chunk.width());
      if (k >= 0 && k < row.length) {
        row[k] = value;
      }
    }
  }

  private static double[][] emptyRows(int windows) {
    double[][] rows = new double[STATS.size()][windows];
    for (double[] r : rows) {
      java.util.Arrays.fill(r, Double.NaN);
    }
    java.util.Arrays.fill(rows[0], 0);
    return rows;
  }

  private Map<SeriesKey, double[][]> postgres(
      Database db,
      Chunk c,
      Map<Long, SeriesKey> catalog,
      Set<SeriesKey> matched,
      Set<SeriesKey> answered)
      throws DatabaseException {
    Map<SeriesKey, double[][]> stats = new HashMap<>();
    long start = c.start(c.first());
    try (Connection conn = db.connection()) {
      conn.setAutoCommit(false); // a cursor: rows stream in batches
      try (PreparedStatement p = conn.prepareStatement(AGGREGATES)) {
        p.setFetchSize(10_000);
        p.setLong(1, start);
        p.setLong(2, c.width());
        p.setObject(3, Times.timestamptz(start));
        p.setObject(4, Times.timestamptz(c.end(c.first() + c.count() - 1)));
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            SeriesKey key = catalog.get(rs.getLong(1));
            if (key == null || !matched.contains(key) && !answered.contains(key)) {
              continue; // not one of the selectors' series: not Prometheus' to vouch for
            }
            int k = (int) rs.getLong(2);
            double[][] rows = stats.computeIfAbsent(key, x -> emptyRows(c.count()));
            rows[0][k] = rs.getLong(3);
            rows[1][k] = rs.getDouble(4);
            rows[2][k] = nullAsNaN(rs, 5);
            rows[3][k] = nullAsNaN(rs, 6);
          }
        }
      }
      conn.rollback();
    } catch (SQLException e) {
      throw Failures.database(e, "aggregating the samples to reconcile");
    }
    return stats;
  }

  private static double nullAsNaN(ResultSet rs, int column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? Double.NaN : v;
  }

  private static long compare(
      Chunk c,
      Map<SeriesKey, double[][]> prometheus,
      Map<SeriesKey, double[][]> postgres,
      Consumer<Difference> out) {
    Set<SeriesKey> keys =
        new java.util.TreeSet<>(java.util.Comparator.comparing(SeriesKey::toString));
    keys.addAll(prometheus.keySet());
    keys.addAll(postgres.keySet());
    double[][] none = emptyRows(c.count());
    long differences = 0;
    for (SeriesKey key : keys) {
      double[][] p = prometheus.getOrDefault(key, none);
      double[][] g = postgres.getOrDefault(key, none);
      for (int k = 0; k < c.count(); k++) {
        if (p[0][k] == 0 && g[0][k] == 0) {
          continue;
        }
        for (int s = 0; s < STATS.size(); s++) {
          if (!same(s, p[s][k], g[s][k])) {
            differences++;
            out.accept(
                new Difference(
                    key.metric(),
                    key.labels(),
                    Instant.ofEpochMilli(c.start(c.first() + k)),
                    Instant.ofEpochMilli(c.end(c.first() + k)),
                    STATS.get(s),
                    p[s][k],
                    g[s][k]));
          }
        }
      }
    }
    return differences;
  }

  static boolean same(int stat, double a, double b) {
    if (Double.compare(a, b) == 0) {
      return true; // equal, both NaN, or the same infinity
    }
    if (stat == 1 && Double.isFinite(a) && Double.isFinite(b)) {
      return Math.abs(a - b) <= SUM_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
    }
    return a == b; // 0.0 and -0.0
  }

  private static Map<Long, SeriesKey> catalog(Database db) throws DatabaseException {
    Map<Long, SeriesKey> catalog = new HashMap<>();
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, metric, labels::text FROM dropscope.series")) {
      while (rs.next()) {
        catalog.put(rs.getLong(1), new SeriesKey(rs.getString(2), labels(rs.getString(3))));
      }
    } catch (SQLException e) {
      throw Failures.database(e, "reading the series catalog");
    }
    return catalog;
  }

  private static SortedMap<String, String> labels(String json) {
    return SeriesCatalog.labels(json);
  }
}
