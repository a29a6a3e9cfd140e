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
