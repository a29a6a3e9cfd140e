package dev.dropscope.etl.prometheus;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Recomputes the 5-minute and 1-hour rollups a loaded window touched, inside the window's
 * transaction, from the raw samples already in {@code dropscope.samples}.
 *
 * <p>The 5-minute buckets recomputed, for each series of the window: every bucket from the one
 * holding the window's start to the one holding its end, and the bucket of the series' first sample
 * after that, whose increase depends on the window's last sample (this matters when an earlier
 * range is loaded after a later one, as a backfill does). Per bucket: min, max, avg, last, count
 * and, for counter-like series, the reset-aware increase: the sum over the bucket's samples of
 * {@code v - previous} when {@code v >= previous}, else {@code v} (a reset), where the previous
 * sample may lie in an earlier bucket; a series' first sample ever adds 0. Buckets therefore add up
 * to the exact increase over any run of whole buckets. The 1-hour rows of the touched hours are
 * then recomputed from the 5-minute rows: min of mins, max of maxes, count-weighted avg, the last
 * bucket's last, summed counts and increases.
 */
final class Rollups {
  /** Counters, and the _bucket/_count/_sum series of histograms and summaries. */
  static final String COUNTER_LIKE =
      "(s.kind = 'counter' OR (s.kind IN ('histogram', 'summary')"
          + " AND s.metric ~ '_(bucket|count|sum)$'))";

  private static final String FIVE_MINUTES =
      """
      WITH ids AS (SELECT unnest(?::bigint[]) AS series_id),
      later AS ( -- the bucket of each series' first sample after the span
          SELECT ids.series_id, date_bin('5 minutes', n.ts, timestamptz '2000-01-01Z') AS bucket
          FROM ids
          CROSS JOIN LATERAL (
              SELECT x.ts FROM dropscope.samples x
              WHERE x.series_id = ids.series_id AND x.ts >= ?
              ORDER BY x.ts LIMIT 1) n),
      points AS (
          SELECT x.series_id, x.ts, x.value FROM dropscope.samples x
          WHERE x.series_id = ANY (?::bigint[]) AND x.ts >= ? AND x.ts < ?
          UNION ALL
          SELECT later.series_id, y.ts, y.value FROM later
          CROSS JOIN LATERAL (
              SELECT x.ts, x.value FROM dropscope.samples x
              WHERE x.series_id = later.series_id
                AND x.ts >= later.bucket AND x.ts < later.bucket + interval '5 minutes'
              OFFSET 0) y), -- OFFSET 0: an index range scan per series, not a join
      lagged AS (
          SELECT series_id, ts, value,
                 date_bin('5 minutes', ts, timestamptz '2000-01-01Z') AS bucket,
                 lag(value) OVER w AS previous,
                 lead(ts) OVER w AS next_ts
          FROM points WINDOW w AS (PARTITION BY series_id ORDER BY ts)),
      stepped AS (
          -- a series' points are contiguous (the span, then the first bucket after it, with
          -- nothing in between), so the lagged row is the true previous sample; the first point's
          -- is the series' last sample before it, looked up once
          SELECT series_id, ts, value, bucket, next_ts,
                 CASE WHEN previous IS NOT NULL THEN
                          CASE WHEN value < previous THEN value ELSE value - previous END
                      ELSE (SELECT CASE WHEN l.value < p.value THEN l.value
                                        ELSE l.value - p.value END
                            FROM dropscope.samples p
                            WHERE p.series_id = l.series_id AND p.ts < l.ts
                            ORDER BY p.ts DESC LIMIT 1) END AS step
          FROM lagged l),
      buckets AS (
          -- ORDER BY ts: sums add in time order, so a recomputed row is equal to the bit
          SELECT series_id, bucket, min(value) AS min, max(value) AS max,
                 avg(value ORDER BY ts) AS avg,
                 min(value) FILTER (WHERE next_ts IS NULL
                                    OR next_ts >= bucket + interval '5 minutes') AS last,
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
      FROM touched_hours h
      JOIN dropscope.rollup_5m f ON f.series_id = h.series_id
          AND f.bucket >= h.hour AND f.bucket < h.hour + interval '1 hour'
      GROUP BY f.series_id, h.hour
      ON CONFLICT (series_id, bucket) DO UPDATE SET
          min = EXCLUDED.min, max = EXCLUDED.max, avg = EXCLUDED.avg, last = EXCLUDED.last,
          count = EXCLUDED.count, increase = EXCLUDED.increase
      """;

  private static final long FIVE_MINUTES_MILLIS = 300_000;

  private Rollups() {}

  /** The start of the 5-minute bucket holding {@code millis}. */
  static long bucket(long millis) {
    return Math.floorDiv(millis, FIVE_MINUTES_MILLIS) * FIVE_MINUTES_MILLIS;
  }

  /** Recomputes the rollups of {@code seriesIds} for the window {@code (fromMillis, toMillis]}. */
  static void recompute(Connection c, long[] seriesIds, long fromMillis, long toMillis)
      throws SQLException {
    if (seriesIds.length == 0) {
      return;
    }
    long lo = Math.floorDiv(fromMillis + 1, FIVE_MINUTES_MILLIS) * FIVE_MINUTES_MILLIS;
    long hi =
        Math.floorDiv(toMillis, FIVE_MINUTES_MILLIS) * FIVE_MINUTES_MILLIS + FIVE_MINUTES_MILLIS;
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TEMP TABLE IF NOT EXISTS touched_hours (series_id bigint, hour timestamptz)"
              + " ON COMMIT DROP");
    }
    Long[] boxed = new Long[seriesIds.length];
    for (int i = 0; i < seriesIds.length; i++) {
      boxed[i] = seriesIds[i];
    }
    Array ids = c.createArrayOf("bigint", boxed);
    try (PreparedStatement five = c.prepareStatement(FIVE_MINUTES)) {
      five.setArray(1, ids);
      five.setObject(2, Times.timestamptz(hi));
      five.setArray(3, ids);
      five.setObject(4, Times.timestamptz(lo));
      five.setObject(5, Times.timestamptz(hi));
      five.executeUpdate();
    }
    try (PreparedStatement hour = c.prepareStatement(ONE_HOUR)) {
      hour.executeUpdate();
    }
  }
}
