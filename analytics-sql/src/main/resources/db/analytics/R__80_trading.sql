-- Trading: performance of the trades (from the journal) and latency (exchange API calls from the
-- trading_exchange_latency_seconds histogram; order fills from trades.execution_seconds).
-- Reference: docs/analytics.md#trading.

-- The q-quantile of a Prometheus histogram, as PromQL's histogram_quantile computes it: upper
-- bounds ascending with +Infinity last, counts cumulative (made non-decreasing here), linear
-- interpolation inside the bucket, the highest finite bound when the quantile falls in +Inf.
-- NULL without observations, without a +Inf bucket or for q outside 0..1.
CREATE OR REPLACE FUNCTION analytics.histogram_quantile(
    q double precision, upper_bounds double precision[], counts double precision[])
    RETURNS double precision
    LANGUAGE plpgsql IMMUTABLE AS
$$
DECLARE
    n      integer := coalesce(array_length(upper_bounds, 1), 0);
    c      double precision[] := counts;
    rank   double precision;
    lower  double precision;
    below  double precision;
BEGIN
    IF q IS NULL OR q < 0 OR q > 1 OR n < 2 OR coalesce(array_length(counts, 1), 0) <> n
       OR upper_bounds[n] <> 'Infinity'::double precision THEN
        RETURN NULL;
    END IF;
    FOR i IN 2 .. n LOOP
        c[i] := greatest(c[i], c[i - 1]);
    END LOOP;
    IF c[n] IS NULL OR c[n] <= 0 THEN
        RETURN NULL;
    END IF;
    rank := q * c[n];
    FOR i IN 1 .. n - 1 LOOP
        IF c[i] >= rank THEN
            IF i = 1 THEN
                IF upper_bounds[1] <= 0 THEN
                    RETURN upper_bounds[1];
                END IF;
                lower := 0;
                below := 0;
            ELSE
                lower := upper_bounds[i - 1];
                below := c[i - 1];
            END IF;
            IF c[i] = below THEN
                RETURN upper_bounds[i];
            END IF;
            RETURN lower + (upper_bounds[i] - lower) * (rank - below) / (c[i] - below);
        END IF;
    END LOOP;
    RETURN upper_bounds[n - 1];
END
$$;

-- Observations per exchange, bucket and UTC day: the reset-aware increase of each bucket series
-- (value - previous value, or value after a counter reset; a series' first sample counts 0, as
-- in PromQL's increase), summed over endpoints and series.
CREATE OR REPLACE VIEW analytics.exchange_latency_buckets AS
WITH buckets AS (
    SELECT id,
           labels ->> 'exchange' AS exchange,
           CASE WHEN lower(labels ->> 'le') IN ('+inf', 'inf') THEN 'Infinity'::double precision
                ELSE (labels ->> 'le')::double precision
           END AS le
    FROM dropscope.series
    WHERE metric = 'trading_exchange_latency_seconds_bucket' AND labels ->> 'le' IS NOT NULL
),
increases AS (
    SELECT b.exchange,
           b.le,
           x.ts,
           CASE WHEN lag(x.value) OVER w IS NULL THEN 0
                WHEN x.value >= lag(x.value) OVER w THEN x.value - lag(x.value) OVER w
                ELSE x.value
           END AS increase
    FROM buckets b
    JOIN dropscope.samples x ON x.series_id = b.id
    WINDOW w AS (PARTITION BY b.id ORDER BY x.ts)
)
SELECT date_trunc('day', ts, 'UTC') AS day, exchange, le, sum(increase) AS count
FROM increases
GROUP BY 1, exchange, le;

COMMENT ON VIEW analytics.exchange_latency_buckets IS
    'Exchange API calls per exchange, latency bucket (le, cumulative) and UTC day.';

-- Requests (the +Inf bucket's count) and the median, p95 and p99 of one histogram.
CREATE OR REPLACE FUNCTION analytics.latency_summary(
    upper_bounds double precision[], counts double precision[],
    OUT requests double precision, OUT p50_seconds double precision,
    OUT p95_seconds double precision, OUT p99_seconds double precision)
    LANGUAGE sql IMMUTABLE AS
$$
SELECT CASE WHEN upper_bounds[cardinality(upper_bounds)] = 'Infinity'::double precision
            THEN counts[cardinality(counts)] END,
       analytics.histogram_quantile(0.50, upper_bounds, counts),
       analytics.histogram_quantile(0.95, upper_bounds, counts),
       analytics.histogram_quantile(0.99, upper_bounds, counts)
$$;

CREATE OR REPLACE VIEW analytics.exchange_latency_daily AS
SELECT h.day, h.exchange, s.requests, s.p50_seconds, s.p95_seconds, s.p99_seconds
FROM (SELECT day, exchange,
             array_agg(le ORDER BY le) AS upper_bounds, array_agg(count ORDER BY le) AS counts
      FROM analytics.exchange_latency_buckets
      GROUP BY day, exchange) h
CROSS JOIN LATERAL analytics.latency_summary(h.upper_bounds, h.counts) s;

COMMENT ON VIEW analytics.exchange_latency_daily IS
    'Exchange API latency percentiles per exchange and UTC day, from the latency histogram.';

CREATE OR REPLACE VIEW analytics.exchange_latency AS
WITH totals AS (
    SELECT exchange, le, sum(count) AS count
    FROM analytics.exchange_latency_buckets
    GROUP BY exchange, le
)
SELECT h.exchange, s.requests, s.p50_seconds, s.p95_seconds, s.p99_seconds
FROM (SELECT exchange,
             array_agg(le ORDER BY le) AS upper_bounds, array_agg(count ORDER BY le) AS counts
      FROM totals
      GROUP BY exchange) h
CROSS JOIN LATERAL analytics.latency_summary(h.upper_bounds, h.counts) s;

COMMENT ON VIEW analytics.exchange_latency IS
    'Exchange API latency percentiles per exchange over all stored samples.';

CREATE OR REPLACE VIEW analytics.trade_execution_latency AS
SELECT exchange,
       count(*) AS trades,
       percentile_cont(0.50) WITHIN GROUP (ORDER BY execution_seconds) AS p50_seconds,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY execution_seconds) AS p95_seconds,
       percentile_cont(0.99) WITHIN GROUP (ORDER BY execution_seconds) AS p99_seconds,
       max(execution_seconds) AS max_seconds
FROM dropscope.trades
WHERE execution_seconds IS NOT NULL
GROUP BY exchange;

COMMENT ON VIEW analytics.trade_execution_latency IS
    'Order submission to fill, per exchange: exact percentiles of trades.execution_seconds.';

-- Each trade counts in three scopes: overall (name 'all'), its exchange, and its agent (trades
-- without an agent only in the first two). A closing trade is one with pnl_usd (a sell); its
-- pnl_usd is its gross result. net = pnl_usd - fee_usd over all trades.
CREATE OR REPLACE VIEW analytics.trading_performance AS
WITH scoped AS (
    SELECT g.scope, g.name, t.id, t.ts, t.pnl_usd,
           coalesce(t.fee_usd, 0) AS fee_usd,
           coalesce(t.pnl_usd, 0) - coalesce(t.fee_usd, 0) AS net_usd
    FROM dropscope.trades t
    CROSS JOIN LATERAL (VALUES ('overall', 'all'), ('exchange', t.exchange), ('agent', t.agent))
        AS g(scope, name)
    WHERE g.name IS NOT NULL
),
totals AS (
    SELECT scope, name,
           count(*) AS trades,
           count(pnl_usd) AS closed_trades,
           count(*) FILTER (WHERE pnl_usd > 0) AS wins,
           count(*) FILTER (WHERE pnl_usd < 0) AS losses,
           coalesce(sum(pnl_usd) FILTER (WHERE pnl_usd > 0), 0) AS gross_profit_usd,
           coalesce(-sum(pnl_usd) FILTER (WHERE pnl_usd < 0), 0) AS gross_loss_usd,
           avg(pnl_usd) AS expectancy_usd,
           sum(net_usd) AS net_pnl_usd,
           sum(fee_usd) AS fees_usd
    FROM scoped
    GROUP BY scope, name
),
daily AS (
    SELECT scope, name, date_trunc('day', ts, 'UTC') AS day, sum(net_usd) AS net_usd
    FROM scoped
    GROUP BY scope, name, 3
),
every_day AS (
    SELECT r.scope, r.name, coalesce(d.net_usd, 0) AS net_usd
    FROM (SELECT scope, name, min(day) AS first_day, max(day) AS last_day
          FROM daily GROUP BY scope, name) r
    CROSS JOIN LATERAL generate_series(r.first_day, r.last_day, interval '24 hours') AS g(day)
    LEFT JOIN daily d ON d.scope = r.scope AND d.name = r.name AND d.day = g.day
),
sharpe AS (
    SELECT scope, name,
           (avg(net_usd) / nullif(stddev_samp(net_usd), 0))::double precision * sqrt(365) AS sharpe
    FROM every_day
    GROUP BY scope, name
),
curve AS (
    SELECT scope, name, ts, id,
           sum(net_usd) OVER (PARTITION BY scope, name ORDER BY ts, id) AS cumulative
    FROM scoped
),
peaks AS (
    SELECT scope, name, cumulative,
           greatest(max(cumulative) OVER (PARTITION BY scope, name ORDER BY ts, id), 0) AS peak
    FROM curve
),
drawdown AS (
    SELECT scope, name, max(peak - cumulative) AS max_drawdown_usd
    FROM peaks
    GROUP BY scope, name
)
SELECT t.scope,
       t.name,
       t.trades,
       t.closed_trades,
       t.wins,
       t.losses,
       t.wins::double precision / nullif(t.closed_trades, 0) AS win_rate,
       t.gross_profit_usd,
       t.gross_loss_usd,
       (t.gross_profit_usd / nullif(t.gross_loss_usd, 0))::double precision AS profit_factor,
       t.expectancy_usd,
       t.net_pnl_usd,
       t.fees_usd,
       s.sharpe,
       d.max_drawdown_usd
FROM totals t
JOIN sharpe s USING (scope, name)
JOIN drawdown d USING (scope, name);

COMMENT ON VIEW analytics.trading_performance IS
    'Win rate, profit factor, expectancy, Sharpe of daily net P&L and maximum drawdown of the '
    'cumulative net P&L, overall and per exchange and agent.';

CREATE OR REPLACE VIEW analytics.trading_daily AS
SELECT date_trunc('day', ts, 'UTC') AS day,
       exchange,
       count(*) AS trades,
       count(pnl_usd) AS closed_trades,
       count(*) FILTER (WHERE pnl_usd > 0) AS wins,
       coalesce(sum(pnl_usd), 0) AS pnl_usd,
       coalesce(sum(fee_usd), 0) AS fees_usd,
       coalesce(sum(pnl_usd), 0) - coalesce(sum(fee_usd), 0) AS net_pnl_usd
FROM dropscope.trades
GROUP BY 1, exchange;

COMMENT ON VIEW analytics.trading_daily IS
    'Trades, gross P&L, fees and net P&L per exchange and UTC day.';
