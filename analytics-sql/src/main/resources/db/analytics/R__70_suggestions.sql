-- What to do next, by strategy. Each suggestion comes from one rule (the rule column); the rules
-- and their thresholds are in docs/analytics.md#suggestions.
--
-- expected_impact_usd is the rule's own measure, always in USD: fees a pause saves per 30 days,
-- fees failed claims cost, profit per 30 days, value at risk in a day, or value to move.
-- priority: 1 = act first, 3 = when convenient.
CREATE OR REPLACE VIEW analytics.optimization_suggestions AS
WITH roi AS (
    SELECT r.protocol, r.revenue_usd, r.cost_usd, r.profit_usd, r.roi,
           s.active_days, s.failed_claim_fees_usd
    FROM analytics.protocol_roi r
    JOIN analytics.protocol_summary s USING (protocol)
),
best AS (
    SELECT * FROM roi WHERE roi > 0 ORDER BY roi DESC, protocol LIMIT 1
),
fees AS (
    SELECT protocol, cost_usd,
           sum(cost_usd) OVER () AS total_usd,
           count(*) OVER () AS protocols
    FROM roi
),
largest AS (
    SELECT token, value_usd, share
    FROM analytics.portfolio_allocation
    WHERE share IS NOT NULL
    ORDER BY share DESC, token
    LIMIT 1
),
suggestions AS (
    SELECT 'roi_maximization' AS strategy,
           'pause_unprofitable' AS rule,
           protocol,
           format('Pause %s: its claims returned %s USD against %s USD of fees (ROI %s %%); '
                      'pausing saves about %s USD a month.',
                  protocol, round(revenue_usd, 2), round(cost_usd, 2),
                  round((roi * 100)::numeric, 1), round(cost_usd / active_days * 30, 2))
               AS suggestion,
           cost_usd / active_days * 30 AS expected_impact_usd,
           1 AS priority
    FROM roi
    WHERE cost_usd > 0 AND profit_usd < 0

    UNION ALL
    SELECT 'roi_maximization',
           'fix_failing_claims',
           c.protocol,
           format('Investigate failing %s claims: %s of %s landed (%s %%); the failed ones cost '
                      '%s USD in fees.',
                  c.protocol, c.successes, c.attempts,
                  round((c.success_rate * 100)::numeric, 1), round(r.failed_claim_fees_usd, 2)),
           r.failed_claim_fees_usd,
           2
    FROM analytics.claim_success_rate c
    JOIN roi r USING (protocol)
    WHERE c.attempts >= 5 AND c.success_rate < 0.8

    UNION ALL
    SELECT 'roi_maximization',
           'scale_best_roi',
           protocol,
           format('Scale up %s: the best ROI (%s %%, %s USD profit); at the same rate it earns '
                      'about %s USD a month.',
                  protocol, round((roi * 100)::numeric, 1), round(profit_usd, 2),
                  round(profit_usd / active_days * 30, 2)),
           profit_usd / active_days * 30,
           3
    FROM best

    UNION ALL
    SELECT 'risk_adjusted',
           'reduce_var',
           NULL,
           format('Daily 95 %% VaR is %s %% of the portfolio (%s USD): move part of it into '
                      'stablecoins.',
                  round((k.var_95 * 100)::numeric, 1),
                  round((k.var_95 * m.total_value_usd)::numeric, 2)),
           (k.var_95 * m.total_value_usd)::numeric,
           1
    FROM analytics.portfolio_risk k
    CROSS JOIN analytics.portfolio_metrics m
    WHERE k.var_95 > 0.05

    UNION ALL
    SELECT 'risk_adjusted',
           'reduce_concentration',
           NULL,
           format('%s is %s %% of the portfolio: sell %s USD of it to bring it down to 50 %%.',
                  l.token, round((l.share * 100)::numeric, 1),
                  round(l.value_usd - 0.5 * m.total_value_usd, 2)),
           l.value_usd - 0.5 * m.total_value_usd,
           2
    FROM largest l
    CROSS JOIN analytics.portfolio_metrics m
    WHERE l.share > 0.5

    UNION ALL
    SELECT 'diversified',
           'add_positions',
           NULL,
           format('The portfolio behaves like %s equal positions: move %s USD out of %s into '
                      'other tokens.',
                  round(m.effective_n::numeric, 2),
                  round(greatest(l.value_usd - m.total_value_usd / 3, 0), 2), l.token),
           greatest(l.value_usd - m.total_value_usd / 3, 0),
           2
    FROM largest l
    CROSS JOIN analytics.portfolio_metrics m
    WHERE m.effective_n < 3

    UNION ALL
    SELECT 'diversified',
           'spread_fees',
           protocol,
           format('%s takes %s %% of all fees: spread interactions over more protocols.',
                  protocol, round(cost_usd / total_usd * 100, 1)),
           cost_usd - total_usd / protocols,
           3
    FROM fees
    WHERE protocols >= 2 AND cost_usd > 0.5 * total_usd
)
SELECT strategy, protocol, suggestion, expected_impact_usd, priority, rule
FROM suggestions;

COMMENT ON VIEW analytics.optimization_suggestions IS
    'Suggestions for the roi_maximization, risk_adjusted and diversified strategies, one rule each.';
