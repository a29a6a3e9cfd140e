package dev.dropscope.etl.prometheus;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes the 5-minute and 1-hour rollups a loaded window touched, inside the window's transaction.
 *
 * <p>Per 5-minute bucket and series: min, max, avg, last, count and, for counter-like series, the
 * reset-aware increase: the sum over the bucket's samples of {@code v - previous} when {@code v >=
 * previous}, else {@code v} (a reset), where the previous sample may lie in an earlier bucket; a
 * series' first sample ever adds 0. Buckets therefore add up to the exact increase over any run of
 * whole buckets.
 *
 * <p>The rows {@link WindowRollups} computed from the stream are written as they are. Every other
 * touched bucket (an <em>edge</em>) is recomputed here from {@code dropscope.samples}, and so is,
 * for each series of the window, the bucket of its first sample after the window, whose increase
 * depends on the window's last sample (an earlier range loaded after a later one, as a backfill
 * does). Then the 1-hour rows of every touched hour are recomputed from the 5-minute rows: min of
 * mins, max of maxes, count-weighted avg, the last bucket's last, summed counts and increases.
 */
final class Rollups {
  /** Counters, and the _bucket/_count/_sum series of histograms and summaries. */
  static final String COUNTER_LIKE =
      "(s.kind = 'counter' OR (s.kind IN ('histogram', 'summary')"
          + " AND s.metric ~ '_(bucket|count|sum)$'))";

  static final long FIVE_MINUTES_MILLIS = WindowRollups.BUCKET_MILLIS;

  private static final String TOUCHED_HOURS =
      "CREATE TEMP TABLE IF NOT EXISTS touched_hours (series_id bigint, hour timestamptz)"
          + " ON COMMIT DROP";

  /**
   * The rows computed from the stream go in by COPY: they exist only where nothing was loaded (else
   * the window is not computed from the stream), so there is nothing to conflict with.
   */
  private static final String COPY_COMPUTED =
      "COPY dropscope.rollup_5m (series_id, bucket, min, max, avg, last, count, increase)"
          + " FROM STDIN (FORMAT binary)";

  private static final String HOURS_OF_COMPUTED =
      "INSERT INTO touched_hours SELECT series_id,"
          + " timestamptz '1970-01-01Z' + ms * interval '1 millisecond'"
          + " FROM unnest(?::bigint[], ?::bigint[]) AS h(series_id, ms)";

  /** The edge buckets and the buckets after the window, from the stored samples. */
  private static final String EDGES =
      """
      WITH ids AS (SELECT unnest(?::bigint[]) AS series_id),
      later AS ( -- the bucket of each series' first sample after the window
          SELECT ids.series_id, date_bin('5 minutes', n.ts, timestamptz '2000-01-01Z') AS bucket
          FROM ids
          CROSS JOIN LATERAL (
              SELECT x.ts FROM dropscope.samples x
              WHERE x.series_id = ids.series_id AND x.ts > ?
              ORDER BY x.ts LIMIT 1) n),
      pairs AS (
          SELECT p.series_id, timestamptz '1970-01-01Z' + p.ms * interval '1 millisecond' AS bucket
          FROM unnest(?::bigint[], ?::bigint[]) AS p(series_id, ms)
          UNION
          SELECT series_id, bucket FROM later),
      points AS (
          SELECT pairs.series_id, pairs.bucket, y.ts, y.value FROM pairs
          CROSS JOIN LATERAL (
              SELECT x.ts, x.value FROM dropscope.samples x
              WHERE x.series_id = pairs.series_id
                AND x.ts >= pairs.bucket AND x.ts < pairs.bucket + interval '5 minutes'
              OFFSET 0) y), -- OFFSET 0: an index range scan per pair, not a join
      lagged AS (
          SELECT series_id, bucket, ts, value,
                 lag(value) OVER w AS previous,
                 lead(ts) OVER w AS next_ts
          FROM points WINDOW w AS (PARTITION BY series_id, bucket ORDER BY ts)),
      stepped AS (
          -- a bucket's first sample's previous one is looked up: it may lie buckets back
          SELECT series_id, bucket, ts, value, next_ts,
                 CASE WHEN previous IS NOT NULL THEN
                          CASE WHEN value < previous THEN value ELSE value - previous END
                      ELSE (SELECT CASE WHEN l.value < p.value THEN l.value
                                        ELSE l.value - p.value END
                            FROM dropscope.samples p
                            WHERE p.series_id = l.series_id AND p.ts < l.ts
                            ORDER BY p.ts DESC LIMIT 1) END AS step
          FROM lagged l),
      buckets AS (
          -- ORDER BY ts: sums add in time order, as WindowRollups adds them
          SELECT series_id, bucket, min(value) AS min, max(value) AS max,
                 avg(value ORDER BY ts) AS avg,
                 min(value) FILTER (WHERE next_ts IS NULL) AS last,
                 count(*) AS count,
                 COALESCE(sum(step ORDER BY ts), 0) AS increase
          FROM stepped GROUP BY series_id, bucket),
      written AS (
          INSERT INTO dropscope.rollup_5m AS r
              (series_id, bucket, min, max, avg, last, count, increase)
          SELECT b.series_id, b.bucket, b.min, b.max, b.avg, b.last, b.count,
                 CASE WHEN %s THEN b.increase END
          FROM buckets b JOIN dropscope.series s ON s.id = b.series_id
          ON CONFLICT (series_id, bucket) DO UPDATE SET
              min = EXCLUDED.min, max = EXCLUDED.max, avg = EXCLUDED.avg, last = EXCLUDED.last,
              count = EXCLUDED.count, increase = EXCLUDED.increase
          RETURNING r.series_id, r.bucket)
      INSERT INTO touched_hours
      SELECT DISTINCT series_id, date_bin('1 hour', bucket, timestamptz '2000-01-01Z') FROM written
      """
          .formatted(COUNTER_LIKE);

  private static final String ONE_HOUR =
      """
      INSERT INTO dropscope.rollup_1h AS r
          (series_id, bucket, min, max, avg, last, count, increase)
      SELECT f.series_id, h.hour, min(f.min), max(f.max),
             sum(f.avg * f.count ORDER BY f.bucket) / sum(f.count),
             (array_agg(f.last ORDER BY f.bucket DESC))[1], sum(f.count),
             sum(f.increase ORDER BY f.bucket)
      FROM (SELECT DISTINCT series_id, hour FROM touched_hours) h
      JOIN dropscope.rollup_5m f ON f.series_id = h.series_id
          AND f.bucket >= h.hour AND f.bucket < h.hour + interval '1 hour'
      GROUP BY f.series_id, h.hour
      ON CONFLICT (series_id, bucket) DO UPDATE SET
          min = EXCLUDED.min, max = EXCLUDED.max, avg = EXCLUDED.avg, last = EXCLUDED.last,
          count = EXCLUDED.count, increase = EXCLUDED.increase
      """;

  private Rollups() {}

  /** The start of the 5-minute bucket holding {@code millis}. */
  static long bucket(long millis) {
    return Math.floorDiv(millis, FIVE_MINUTES_MILLIS) * FIVE_MINUTES_MILLIS;
  }

  /** Whether a series gets an increase: the Java side of {@link #COUNTER_LIKE}. */
  static boolean counterLike(String kind, String metric) {
    return kind.equals("counter")
        || (kind.equals("histogram") || kind.equals("summary"))
            && (metric.endsWith("_bucket") || metric.endsWith("_count") || metric.endsWith("_sum"));
  }

  /**
   * Writes the window's rollups.
   *
   * @param rollups what the stream gave: computed rows and edge buckets
   * @param seriesIds every series with a sample in the window
   * @param toMillis the window's end
   */
  static void write(Connection c, WindowRollups rollups, long[] seriesIds, long toMillis)
      throws SQLException {
    if (seriesIds.length == 0) {
      return;
    }
    try (Statement s = c.createStatement()) {
      s.execute(TOUCHED_HOURS);
    }
    PGConnection pg = c.unwrap(PGConnection.class);
    WindowRollups.Rows rows = rollups.rows;
    if (rows.size > 0) {
      copyComputed(c, rows);
      WindowRollups.Pairs hours = hoursOf(rows);
      try (PreparedStatement p = c.prepareStatement(HOURS_OF_COMPUTED)) {
        p.setArray(1, array(pg, "int8", Arrays.copyOf(hours.series, hours.size)));
        p.setArray(2, array(pg, "int8", Arrays.copyOf(hours.bucket, hours.size)));
        p.executeUpdate();
      }
    }
    WindowRollups.Pairs edges = rollups.edges;
    try (PreparedStatement p = c.prepareStatement(EDGES)) {
      p.setArray(1, array(pg, "int8", seriesIds));
      p.setObject(2, Times.timestamptz(toMillis));
      p.setArray(3, array(pg, "int8", Arrays.copyOf(edges.series, edges.size)));
      p.setArray(4, array(pg, "int8", Arrays.copyOf(edges.bucket, edges.size)));
      p.executeUpdate();
    }
    try (PreparedStatement p = c.prepareStatement(ONE_HOUR)) {
      p.executeUpdate();
    }
  }

  private static void copyComputed(Connection c, WindowRollups.Rows rows) throws SQLException {
    CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_COMPUTED);
    try {
      BinaryCopy copy = new BinaryCopy(in, 64 * 1024);
      for (int i = 0; i < rows.size; i++) {
        copy.startRow(8)
            .int8(rows.series[i])
            .timestamptz(rows.bucket[i])
            .float8(rows.min[i])
            .float8(rows.max[i])
            .float8(rows.avg[i])
            .float8(rows.last[i])
            .int4(rows.count[i]);
        if (rows.counterLike[i]) {
          copy.float8(rows.increase[i]);
        } else {
          copy.nullValue();
        }
      }
      copy.finish();
    } finally {
      if (in.isActive()) {
        in.cancelCopy();
      }
    }
  }

  /** The distinct (series, hour) of the rows, which come series by series in time order. */
  private static WindowRollups.Pairs hoursOf(WindowRollups.Rows rows) {
    WindowRollups.Pairs hours = new WindowRollups.Pairs();
    for (int i = 0; i < rows.size; i++) {
      long hour = Math.floorDiv(rows.bucket[i], 3_600_000L) * 3_600_000L;
      int last = hours.size - 1;
      if (last < 0 || hours.series[last] != rows.series[i] || hours.bucket[last] != hour) {
        hours.add(rows.series[i], hour);
      }
    }
    return hours;
  }

  /** A primitive array as an SQL array, sent in binary. */
  private static Array array(PGConnection pg, String type, Object primitives) throws SQLException {
    return pg.createArrayOf(type, primitives);
  }
}
