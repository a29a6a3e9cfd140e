-- Portfolio: its value over time and how concentrated it is now, from the wallets' snapshots.
-- Reference: docs/analytics.md#portfolio.
--
-- A wallet's snapshot stands until the wallet's next one. Two snapshots of one wallet at the same
-- instant: the one written last (the higher id; journal ids are UUIDv7, increasing in write
-- order) stands.

-- At each snapshot time, the sum over wallets of each wallet's latest snapshot at or before it.
-- Computed as a running sum of each snapshot's change to its wallet's previous one.
CREATE OR REPLACE VIEW analytics.portfolio_value AS
WITH changes AS (
    SELECT ts,
           total_value_usd
               - coalesce(lag(total_value_usd) OVER (PARTITION BY wallet ORDER BY ts, id), 0)
               AS change_usd
    FROM dropscope.portfolio_snapshots
)
SELECT ts,
       sum(sum(change_usd)) OVER (ORDER BY ts) AS value_usd
FROM changes
GROUP BY ts;

COMMENT ON VIEW analytics.portfolio_value IS
    'Portfolio value at each snapshot time: the sum of every wallet''s latest snapshot at or before ts.';

-- dropscope.portfolio_latest holds each wallet's latest snapshot (migration V011).
CREATE OR REPLACE VIEW analytics.portfolio_positions_latest AS
SELECT l.wallet,
       p.token,
       p.amount,
       p.value_usd,
       l.ts AS snapshot_ts
FROM dropscope.portfolio_latest l
JOIN dropscope.portfolio_positions p ON p.snapshot_id = l.snapshot_id;

COMMENT ON VIEW analytics.portfolio_positions_latest IS
    'The positions of each wallet''s latest snapshot.';

CREATE OR REPLACE VIEW analytics.portfolio_allocation AS
WITH tokens AS (
    SELECT token, sum(value_usd) AS value_usd
    FROM analytics.portfolio_positions_latest
    GROUP BY token
)
SELECT token,
       value_usd,
       (value_usd / nullif(sum(value_usd) OVER (), 0))::double precision AS share
FROM tokens;

COMMENT ON VIEW analytics.portfolio_allocation IS
    'Value and share of each token over all wallets'' latest snapshots.';

-- Always exactly one row; on an empty portfolio total_value_usd is 0 and the ratios are NULL.
CREATE OR REPLACE VIEW analytics.portfolio_metrics AS
SELECT coalesce(sum(a.value_usd), 0) AS total_value_usd,
       sum(a.share * a.share) AS hhi,
       1 / nullif(sum(a.share * a.share), 0) AS effective_n,
       max(a.share) AS largest_position_ratio,
       count(*) FILTER (WHERE a.value_usd > 0) AS positions,
       (SELECT count(*) FROM dropscope.portfolio_latest) AS wallets
FROM analytics.portfolio_allocation a;

COMMENT ON VIEW analytics.portfolio_metrics IS
    'Concentration of the current portfolio: HHI = sum of squared token shares, effective_n = '
    '1 / HHI, largest_position_ratio = the largest share.';

-- The rows of portfolio_value with from_ts <= ts <= to_ts, without computing the others: the value
-- before the range's first hour comes from dropscope.portfolio_hourly (migration V011), the
-- changes from that hour on from the snapshots, each against its wallet's previous one.
-- SECURITY DEFINER: it reads the snapshots, which the read-only role cannot.
CREATE OR REPLACE FUNCTION analytics.portfolio_value_between(from_ts timestamptz, to_ts timestamptz)
    RETURNS TABLE (ts timestamptz, value_usd numeric)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
WITH before AS (
    SELECT coalesce(sum(change_usd), 0) AS value_usd
    FROM dropscope.portfolio_hourly
    WHERE hour < date_trunc('hour', from_ts, 'UTC')
),
snapshots AS (
    SELECT s.ts, s.id, s.wallet, s.total_value_usd,
           lag(s.total_value_usd) OVER (PARTITION BY s.wallet ORDER BY s.ts, s.id) AS previous_usd
    FROM dropscope.portfolio_snapshots s
    WHERE s.ts >= date_trunc('hour', from_ts, 'UTC') AND s.ts <= to_ts
),
changes AS (
    SELECT s.ts,
           s.total_value_usd - coalesce(
               s.previous_usd,
               (SELECT p.total_value_usd FROM dropscope.portfolio_snapshots p
                WHERE p.wallet = s.wallet AND (p.ts, p.id) < (s.ts, s.id)
                ORDER BY p.ts DESC, p.id DESC LIMIT 1),
               0) AS change_usd
    FROM snapshots s
),
valued AS (
    SELECT ts, (SELECT value_usd FROM before) + sum(sum(change_usd)) OVER (ORDER BY ts) AS value_usd
    FROM changes
    GROUP BY ts
)
SELECT ts, value_usd FROM valued WHERE ts >= from_ts;
$$;

-- The portfolio's value over time for a chart: for each bucket of `step` (aligned to the Unix
-- epoch, as Grafana's $__timeGroup aligns them) that overlaps [from_ts, to_ts] and holds a
-- snapshot, the value after the bucket's last snapshot. Steps of whole hours read only
-- dropscope.portfolio_hourly (a year is 8,760 rows, whatever the number of wallets); shorter ones
-- portfolio_value_between. Grafana: step = '$__interval'.
CREATE OR REPLACE FUNCTION analytics.portfolio_value_history(
    from_ts timestamptz, to_ts timestamptz, step interval)
    RETURNS TABLE ("time" timestamptz, value_usd numeric)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
WITH bounds AS (
    SELECT extract(epoch FROM step) AS seconds,
           to_timestamp(floor(extract(epoch FROM from_ts) / extract(epoch FROM step))
                        * extract(epoch FROM step)) AS first_bucket,
           to_timestamp(floor(extract(epoch FROM to_ts) / extract(epoch FROM step))
                        * extract(epoch FROM step)) + step AS end_bucket
),
hourly AS ( -- whole-hour steps: the running value at the end of each hour with snapshots
    SELECT h.hour AS ts,
           e.value_usd + sum(h.change_usd) OVER (ORDER BY h.hour) AS value_usd
    FROM bounds b
    CROSS JOIN LATERAL (SELECT coalesce(sum(change_usd), 0) AS value_usd
                        FROM dropscope.portfolio_hourly WHERE hour < b.first_bucket) e
    JOIN dropscope.portfolio_hourly h ON h.hour >= b.first_bucket AND h.hour < b.end_bucket
    WHERE b.seconds >= 3600 AND b.seconds % 3600 = 0
),
points AS (
    SELECT ts, value_usd FROM hourly
    UNION ALL
    SELECT v.ts, v.value_usd
    FROM bounds b
    CROSS JOIN LATERAL analytics.portfolio_value_between(
        b.first_bucket, b.end_bucket - interval '1 microsecond') v
    WHERE NOT (b.seconds >= 3600 AND b.seconds % 3600 = 0)
)
SELECT DISTINCT ON (1)
       to_timestamp(floor(extract(epoch FROM p.ts) / b.seconds) * b.seconds) AS "time",
       p.value_usd
FROM points p
CROSS JOIN bounds b
ORDER BY 1, p.ts DESC;
$$;
