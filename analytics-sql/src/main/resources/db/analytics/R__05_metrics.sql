-- Metric history for charts: any loaded Prometheus metric, one row per series and step, read from
-- the rollups whenever the step allows. Reference: docs/analytics.md#serving-a-time-range.

-- The series of `metric` whose labels contain `matching`, in buckets of `step` (aligned to the Unix
-- epoch, as Grafana's $__timeGroup aligns them) that overlap [from_ts, to_ts]. Per bucket: the
-- sample-weighted average, min, max, the last value, the number of samples and the reset-aware
-- increase. The source is the coarsest that divides the step: the 1-hour rollups for whole hours,
-- the 5-minute rollups for whole 5 minutes, else the raw samples. From the rollups the increase is
-- that of counters (NULL for gauges); from raw samples it is taken for every series, from the
-- first sample in the range on. Grafana: step = '$__interval'.
CREATE OR REPLACE FUNCTION analytics.metric_history(
    metric text, from_ts timestamptz, to_ts timestamptz, step interval,
    matching jsonb DEFAULT '{}')
    RETURNS TABLE ("time" timestamptz, labels jsonb, avg double precision, min double precision,
                   max double precision, last double precision, samples bigint,
                   increase double precision)
    LANGUAGE sql STABLE AS
$$
WITH rollups AS (
    SELECT r.labels, r.bucket, r.avg, r.min, r.max, r.last, r.count, r.increase
    FROM analytics.metric_rollups_1h r
    WHERE extract(epoch FROM step) >= 3600 AND extract(epoch FROM step) % 3600 = 0
      AND r.metric = metric_history.metric AND r.labels @> matching
      AND r.bucket >= to_timestamp(floor(extract(epoch FROM from_ts) / extract(epoch FROM step))
                                   * extract(epoch FROM step))
      AND r.bucket <= to_ts
    UNION ALL
    SELECT r.labels, r.bucket, r.avg, r.min, r.max, r.last, r.count, r.increase
    FROM analytics.metric_rollups_5m r
    WHERE NOT (extract(epoch FROM step) >= 3600 AND extract(epoch FROM step) % 3600 = 0)
      AND extract(epoch FROM step) >= 300 AND extract(epoch FROM step) % 300 = 0
      AND r.metric = metric_history.metric AND r.labels @> matching
      AND r.bucket >= to_timestamp(floor(extract(epoch FROM from_ts) / extract(epoch FROM step))
                                   * extract(epoch FROM step))
      AND r.bucket <= to_ts
    UNION ALL
    SELECT x.labels, x.ts, x.value, x.value, x.value, x.value, 1,
           CASE WHEN lag(x.value) OVER w IS NULL THEN 0
                WHEN x.value >= lag(x.value) OVER w THEN x.value - lag(x.value) OVER w
                ELSE x.value
           END
    FROM analytics.metric_samples x
    WHERE NOT (extract(epoch FROM step) >= 300 AND extract(epoch FROM step) % 300 = 0)
      AND x.metric = metric_history.metric AND x.labels @> matching
      AND x.ts >= to_timestamp(floor(extract(epoch FROM from_ts) / extract(epoch FROM step))
                               * extract(epoch FROM step))
      AND x.ts <= to_ts
    WINDOW w AS (PARTITION BY x.labels ORDER BY x.ts)
)
SELECT to_timestamp(floor(extract(epoch FROM bucket) / extract(epoch FROM step))
                    * extract(epoch FROM step)) AS "time",
       labels,
       sum(avg * count) / sum(count),
       min(min),
       max(max),
       (array_agg(last ORDER BY bucket DESC))[1],
       sum(count)::bigint,
       sum(increase)
FROM rollups
GROUP BY 1, labels;
$$;
