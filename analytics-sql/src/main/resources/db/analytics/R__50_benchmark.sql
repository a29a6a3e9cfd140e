-- The portfolio against ETH and BTC. Prices are the Prometheus metric airdrops_token_price_usd,
-- loaded by the ETL. Reference: docs/analytics.md#benchmark.

-- Each token's last price of each UTC day. Samples of several series at the same last instant
-- (e.g. two exporters) are averaged; NaN samples are ignored. It looks up each series' last sample
-- of each day instead of ranking every sample: from the raw samples for the days the ETL still
-- holds them, else from the 1-hour rollups (retention.raw is shorter than retention.rollups): the
-- `last` of the day's last hour with a number, ties between series at the same hour averaged.
CREATE OR REPLACE VIEW analytics.token_price_daily AS
WITH prices AS (
    SELECT id, labels ->> 'token' AS token
    FROM dropscope.series
    WHERE metric = 'airdrops_token_price_usd' AND labels ->> 'token' IS NOT NULL
),
days AS ( -- per series, every UTC day from its first to its last raw sample or hourly rollup
    SELECT p.id, p.token, d.day
    FROM prices p
    CROSS JOIN LATERAL (
        SELECT least((SELECT min(ts) FROM dropscope.samples WHERE series_id = p.id),
                     (SELECT min(bucket) FROM dropscope.rollup_1h WHERE series_id = p.id))
                   AS first_at,
               greatest((SELECT max(ts) FROM dropscope.samples WHERE series_id = p.id),
                        (SELECT max(bucket) FROM dropscope.rollup_1h WHERE series_id = p.id))
                   AS last_at) s
    CROSS JOIN LATERAL generate_series(date_trunc('day', s.first_at, 'UTC'), s.last_at,
                                       interval '24 hours') AS d(day)
),
closes AS ( -- per series and day: its last raw number (source 1), else its last hourly one (2)
    SELECT d.token, d.day, c.source, c.at, c.value
    FROM days d
    CROSS JOIN LATERAL (
        (SELECT 1 AS source, ts AS at, value FROM dropscope.samples
         WHERE series_id = d.id AND ts >= d.day AND ts < d.day + interval '24 hours'
           AND value <> 'NaN'::double precision
         ORDER BY ts DESC LIMIT 1)
        UNION ALL
        (SELECT 2, bucket, last FROM dropscope.rollup_1h
         WHERE series_id = d.id AND bucket >= d.day AND bucket < d.day + interval '24 hours'
           AND last <> 'NaN'::double precision
         ORDER BY bucket DESC LIMIT 1)
        ORDER BY 1 LIMIT 1) c
),
ranked AS ( -- raw before rollups, then the latest instant; ties share rank 1
    SELECT token, day, value, rank() OVER (PARTITION BY token, day ORDER BY source, at DESC) AS r
    FROM closes
)
SELECT day, token, avg(value) AS price_usd
FROM ranked
WHERE r = 1
GROUP BY day, token;

COMMENT ON VIEW analytics.token_price_daily IS
    'Last price of each token on each UTC day, from airdrops_token_price_usd.';

-- Day by day, over the days where both the portfolio and the benchmark have a return (each
-- against its previous consecutive day): the two returns and both growth indexes, 100 before the
-- first such day.
CREATE OR REPLACE VIEW analytics.benchmark_daily AS
WITH benchmark AS (
    SELECT day,
           token AS benchmark,
           CASE WHEN lag(day) OVER w = day - interval '24 hours'
                THEN price_usd / nullif(lag(price_usd) OVER w, 0) - 1
           END AS r
    FROM analytics.token_price_daily
    WHERE token IN ('ETH', 'BTC')
    WINDOW w AS (PARTITION BY token ORDER BY day)
),
pairs AS (
    SELECT b.day, b.benchmark, p.daily_return AS rp, b.r AS rb
    FROM benchmark b
    JOIN analytics.portfolio_daily p USING (day)
    WHERE p.daily_return IS NOT NULL AND b.r IS NOT NULL
)
SELECT day,
       benchmark,
       rp AS portfolio_return,
       rb AS benchmark_return,
       -- a running product of (1 + r) as a sum of logarithms; a return of -100 % (1 + r = 0)
       -- is floored at 1e-300 so that the index falls to (practically) zero
       100 * exp(sum(ln(greatest(1 + rp, 1e-300))) OVER w) AS portfolio_index,
       100 * exp(sum(ln(greatest(1 + rb, 1e-300))) OVER w) AS benchmark_index
FROM pairs
WINDOW w AS (PARTITION BY benchmark ORDER BY day);

COMMENT ON VIEW analytics.benchmark_daily IS
    'Daily returns of the portfolio and of ETH and BTC on common days, with growth indexes from 100.';

-- One row per benchmark (ETH, BTC), always; NULL figures while there are too few common days.
CREATE OR REPLACE VIEW analytics.benchmark_comparison AS
WITH stats AS (
    SELECT b.benchmark,
           count(d.day) AS days,
           exp(sum(ln(greatest(1 + d.portfolio_return, 1e-300)))) - 1 AS portfolio_return,
           exp(sum(ln(greatest(1 + d.benchmark_return, 1e-300)))) - 1 AS benchmark_return,
           avg(d.portfolio_return) AS mean_rp,
           avg(d.benchmark_return) AS mean_rb,
           covar_samp(d.portfolio_return, d.benchmark_return)
               / nullif(var_samp(d.benchmark_return), 0) AS beta,
           corr(d.portfolio_return, d.benchmark_return) AS correlation
    FROM (VALUES ('ETH'), ('BTC')) AS b(benchmark)
    LEFT JOIN analytics.benchmark_daily d USING (benchmark)
    GROUP BY b.benchmark
)
SELECT benchmark,
       portfolio_return,
       benchmark_return,
       mean_rp - beta * mean_rb AS alpha,
       beta,
       days,
       correlation,
       (mean_rp - beta * mean_rb) * 365 AS alpha_annualized
FROM stats;

COMMENT ON VIEW analytics.benchmark_comparison IS
    'Portfolio against ETH and BTC over their common days: compounded returns, beta = '
    'covar_samp(rp, rb) / var_samp(rb), alpha = mean(rp) - beta * mean(rb) (daily).';
