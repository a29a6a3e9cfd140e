-- Portfolio risk from daily returns. Reference: docs/analytics.md#risk.

-- The portfolio's value at the end of each UTC day that has a snapshot (its last portfolio_value
-- of the day), and the return over the previous day. daily_return is NULL on the first day and
-- after a day without snapshots: returns are only taken between consecutive days. The closes are
-- the running sum of dropscope.portfolio_hourly (migration V011) at each day's last hour with
-- snapshots: the same sums as portfolio_value's, a few thousand rows a year.
CREATE OR REPLACE VIEW analytics.portfolio_daily AS
WITH closes AS (
    SELECT DISTINCT ON (date_trunc('day', hour, 'UTC'))
           date_trunc('day', hour, 'UTC') AS day,
           value_usd
    FROM (SELECT hour, sum(change_usd) OVER (ORDER BY hour) AS value_usd
          FROM dropscope.portfolio_hourly) h
    ORDER BY date_trunc('day', hour, 'UTC'), hour DESC
)
SELECT day,
       value_usd,
       CASE WHEN lag(day) OVER w = day - interval '24 hours'
            THEN (value_usd / nullif(lag(value_usd) OVER w, 0) - 1)::double precision
       END AS daily_return
FROM closes
WINDOW w AS (ORDER BY day);

COMMENT ON VIEW analytics.portfolio_daily IS
    'Portfolio value at the end of each UTC day and its return over the previous day.';

-- Always exactly one row; figures are NULL while there are too few returns for them.
CREATE OR REPLACE VIEW analytics.portfolio_risk AS
WITH r AS (
    SELECT daily_return AS r FROM analytics.portfolio_daily WHERE daily_return IS NOT NULL
),
stats AS (
    SELECT percentile_cont(0.05) WITHIN GROUP (ORDER BY r) AS p05,
           percentile_cont(0.01) WITHIN GROUP (ORDER BY r) AS p01,
           avg(r) AS mean,
           stddev_samp(r) AS sd,
           sqrt(avg(least(r, 0) ^ 2)) AS downside,
           count(*) AS returns
    FROM r
),
peaks AS (
    SELECT value_usd, max(value_usd) OVER (ORDER BY day) AS peak
    FROM analytics.portfolio_daily
)
SELECT -s.p05 AS var_95,
       -s.p01 AS var_99,
       -(SELECT avg(r.r) FROM r WHERE r.r <= s.p05) AS cvar_95,
       (SELECT max(1 - value_usd / nullif(peak, 0)) FROM peaks)::double precision AS max_drawdown,
       s.mean / nullif(s.sd, 0) * sqrt(365) AS sharpe,
       s.mean / nullif(s.downside, 0) * sqrt(365) AS sortino,
       s.returns,
       s.mean AS mean_daily_return,
       s.sd * sqrt(365) AS annualized_volatility
FROM stats s;

COMMENT ON VIEW analytics.portfolio_risk IS
    'Historical VaR and CVaR of daily returns (positive loss fractions), maximum drawdown (0..1), '
    'and annualized Sharpe and Sortino ratios (risk-free rate 0).';
