-- When a protocol is likely to pay again, from the cadence of its past distribution seasons.
-- Reference: docs/analytics.md#forecast.

-- A season is a run of a protocol's successful claims with no gap longer than 14 days between
-- one claim and the next; a longer gap starts a new season.
CREATE OR REPLACE VIEW analytics.claim_seasons AS
WITH gaps AS (
    SELECT protocol, ts, value_usd,
           ts - lag(ts) OVER (PARTITION BY protocol ORDER BY ts) AS gap
    FROM dropscope.airdrop_claims
    WHERE status = 'success'
),
numbered AS (
    SELECT *,
           count(*) FILTER (WHERE gap IS NULL OR gap > interval '14 days')
               OVER (PARTITION BY protocol ORDER BY ts) AS season
    FROM gaps
)
SELECT protocol,
       season,
       min(ts) AS started_at,
       max(ts) AS ended_at,
       count(*) AS claims,
       coalesce(sum(value_usd), 0) AS value_usd
FROM numbered
GROUP BY protocol, season;

COMMENT ON VIEW analytics.claim_seasons IS
    'Distribution seasons per protocol: runs of successful claims with no gap over 14 days.';

-- next window = last season start + mean interval -/+ spread (never before the last start);
-- spread = stddev_samp of the intervals, or half the interval when there is only one.
-- confidence: HIGH with >= 4 intervals and CV <= 0.25, MEDIUM with >= 2 intervals and
-- CV <= 0.5, LOW otherwise (CV = stddev / mean).
CREATE OR REPLACE VIEW analytics.airdrop_timing_forecast AS
WITH intervals AS (
    SELECT protocol,
           started_at,
           ended_at,
           extract(epoch FROM started_at - lag(started_at) OVER (PARTITION BY protocol ORDER BY season))
               ::double precision AS seconds
    FROM analytics.claim_seasons
),
stats AS (
    SELECT protocol,
           count(*) AS seasons,
           count(seconds) AS intervals,
           max(started_at) AS last_event,
           max(ended_at) AS last_claim_at,
           avg(seconds) AS mean_s,
           stddev_samp(seconds) AS sd_s
    FROM intervals
    GROUP BY protocol
),
spread AS (
    SELECT *, coalesce(sd_s, mean_s / 2) AS spread_s FROM stats
)
SELECT protocol,
       last_event,
       make_interval(secs => mean_s) AS mean_interval,
       -- greatest() skips NULLs: without an interval there is no window at all
       CASE WHEN mean_s IS NOT NULL
            THEN greatest(last_event + make_interval(secs => mean_s - spread_s), last_event)
       END AS next_window_start,
       last_event + make_interval(secs => mean_s + spread_s) AS next_window_end,
       CASE
           WHEN intervals >= 4 AND sd_s / nullif(mean_s, 0) <= 0.25 THEN 'HIGH'
           WHEN intervals >= 2 AND sd_s / nullif(mean_s, 0) <= 0.5 THEN 'MEDIUM'
           ELSE 'LOW'
       END AS confidence,
       seasons,
       mean_s / 86400 AS mean_interval_days,
       sd_s / 86400 AS stddev_interval_days,
       last_claim_at
FROM spread;

COMMENT ON VIEW analytics.airdrop_timing_forecast IS
    'Next likely distribution window per protocol from the intervals between its season starts.';
