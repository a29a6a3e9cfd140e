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
-- pnl_usd is its gross result. net = pnl_usd - fee_usd over all trades. From the daily aggregates
-- of dropscope.trades_daily (migration V011): counts and sums add up over days; the drawdown of
-- the cumulative net P&L is, on each day, the larger of the day's own (its fall below its own
-- running peak) and the fall of the day's lowest point below the peak of all days before (at
-- least 0, where the curve starts).
CREATE OR REPLACE VIEW analytics.trading_performance AS
WITH totals AS (
    SELECT scope, name,
           sum(trades)::bigint AS trades,
           sum(closed_trades)::bigint AS closed_trades,
           sum(wins)::bigint AS wins,
           sum(losses)::bigint AS losses,
           sum(gross_profit_usd) AS gross_profit_usd,
           sum(gross_loss_usd) AS gross_loss_usd,
           sum(pnl_usd) / nullif(sum(closed_trades), 0) AS expectancy_usd,
           sum(net_usd) AS net_pnl_usd,
           sum(fees_usd) AS fees_usd
    FROM dropscope.trades_daily
    GROUP BY scope, name
),
every_day AS (
    SELECT r.scope, r.name, coalesce(d.net_usd, 0) AS net_usd
    FROM (SELECT scope, name, min(day) AS first_day, max(day) AS last_day
          FROM dropscope.trades_daily GROUP BY scope, name) r
    CROSS JOIN LATERAL generate_series(r.first_day, r.last_day, interval '24 hours') AS g(day)
    LEFT JOIN dropscope.trades_daily d ON d.scope = r.scope AND d.name = r.name AND d.day = g.day
),
sharpe AS (
    SELECT scope, name,
           (avg(net_usd) / nullif(stddev_samp(net_usd), 0))::double precision * sqrt(365) AS sharpe
    FROM every_day
    GROUP BY scope, name
),
started AS ( -- the cumulative net P&L before each day
    SELECT *, coalesce(sum(net_usd) OVER before, 0) AS start_usd
    FROM dropscope.trades_daily
    WINDOW before AS (PARTITION BY scope, name ORDER BY day
                      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
peaked AS ( -- and its running peak before each day, at least 0
    SELECT *, greatest(max(start_usd + high_usd) OVER before, 0) AS peak_usd
    FROM started
    WINDOW before AS (PARTITION BY scope, name ORDER BY day
                      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
drawdown AS (
    SELECT scope, name,
           max(greatest(peak_usd - start_usd - low_usd, drawdown_usd)) AS max_drawdown_usd
    FROM peaked
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
SELECT day,
       name AS exchange,
       trades,
       closed_trades,
       wins,
       pnl_usd,
       fees_usd,
       pnl_usd - fees_usd AS net_pnl_usd
FROM dropscope.trades_daily
WHERE scope = 'exchange';

COMMENT ON VIEW analytics.trading_daily IS
    'Trades, gross P&L, fees and net P&L per exchange and UTC day.';
