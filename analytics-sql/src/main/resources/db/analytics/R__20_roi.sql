-- Protocol economics: what each protocol paid (successful claims) against what it cost (fees of
-- its claims and interactions), under three cost models. Reference: docs/analytics.md#roi.

-- Costs you enter yourself, per protocol: proxies, subscriptions, a node, your time. These are
-- the only tables in schema analytics; the ETL's user writes them, the reader role only reads.
-- CREATE ... IF NOT EXISTS: re-running this file never touches what you entered.
CREATE TABLE IF NOT EXISTS analytics.protocol_costs (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    protocol   text    NOT NULL,
    -- fixed: paid once, on valid_from. monthly: accrues daily (amount_usd * 12 / 365 a day) from
    -- valid_from to valid_to (inclusive; open-ended when NULL), up to today (UTC).
    kind       text    NOT NULL,
    amount_usd numeric NOT NULL,
    valid_from date    NOT NULL,
    valid_to   date,
    note       text,
    CONSTRAINT protocol_costs_kind_known CHECK (kind IN ('fixed', 'monthly')),
    CONSTRAINT protocol_costs_amount_not_negative CHECK (amount_usd >= 0),
    CONSTRAINT protocol_costs_fixed_has_one_date CHECK (kind = 'monthly' OR valid_to IS NULL),
    CONSTRAINT protocol_costs_period_ordered CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

COMMENT ON TABLE analytics.protocol_costs IS
    'Your own costs per protocol (fixed or monthly), for the manual cost model of protocol_roi_by_model.';

-- How many interactions you plan per protocol over the whole campaign, for the estimated model.
CREATE TABLE IF NOT EXISTS analytics.protocol_plans (
    protocol             text    PRIMARY KEY,
    planned_interactions integer NOT NULL,
    note                 text,
    CONSTRAINT protocol_plans_interactions_not_negative CHECK (planned_interactions >= 0)
);

COMMENT ON TABLE analytics.protocol_plans IS
    'Planned interactions per protocol, for the estimated cost model of protocol_roi_by_model.';

-- One row per protocol with claims or interactions: the building block of the views below. From
-- the daily aggregates (migration V011); the average fee is their fees' sum over their count,
-- which is what avg() computes.
CREATE OR REPLACE VIEW analytics.protocol_summary AS
WITH claims AS (
    SELECT protocol,
           sum(attempts)::bigint AS claims,
           sum(successes)::bigint AS successful_claims,
           sum(revenue_usd) AS revenue_usd,
           sum(fee_usd) AS claim_fees_usd,
           sum(failed_fee_usd) AS failed_claim_fees_usd,
           min(first_at) AS first_at,
           max(last_at) AS last_at
    FROM dropscope.claims_daily
    GROUP BY protocol
),
interactions AS (
    SELECT protocol,
           sum(interactions)::bigint AS interactions,
           sum(fee_usd) AS interaction_fees_usd,
           sum(fee_usd) / nullif(sum(fees), 0) AS avg_interaction_fee_usd,
           min(first_at) AS first_at,
           max(last_at) AS last_at
    FROM dropscope.interactions_daily
    GROUP BY protocol
)
SELECT protocol,
       coalesce(c.claims, 0) AS claims,
       coalesce(c.successful_claims, 0) AS successful_claims,
       coalesce(i.interactions, 0) AS interactions,
       coalesce(c.revenue_usd, 0) AS revenue_usd,
       coalesce(c.claim_fees_usd, 0) AS claim_fees_usd,
       coalesce(i.interaction_fees_usd, 0) AS interaction_fees_usd,
       coalesce(c.claim_fees_usd, 0) + coalesce(i.interaction_fees_usd, 0) AS cost_usd,
       coalesce(c.failed_claim_fees_usd, 0) AS failed_claim_fees_usd,
       i.avg_interaction_fee_usd,
       least(c.first_at, i.first_at) AS first_activity_at,
       greatest(c.last_at, i.last_at) AS last_activity_at,
       -- UTC days from the first to the last day with activity, both included
       ((greatest(c.last_at, i.last_at) AT TIME ZONE 'UTC')::date
           - (least(c.first_at, i.first_at) AT TIME ZONE 'UTC')::date + 1) AS active_days
FROM claims c
FULL JOIN interactions i USING (protocol);

COMMENT ON VIEW analytics.protocol_summary IS
    'Per protocol: claims, interactions, revenue, fees and the span of activity.';

CREATE OR REPLACE VIEW analytics.protocol_roi AS
SELECT protocol,
       revenue_usd,
       cost_usd,
       revenue_usd - cost_usd AS profit_usd,
       ((revenue_usd - cost_usd) / nullif(cost_usd, 0))::double precision AS roi
FROM analytics.protocol_summary;

COMMENT ON VIEW analytics.protocol_roi IS
    'Revenue (successful claims), cost (all fees), profit and ROI = profit / cost per protocol.';

CREATE OR REPLACE VIEW analytics.protocol_roi_by_model AS
WITH today AS (
    SELECT (now() AT TIME ZONE 'UTC')::date AS day
),
manual AS (
    SELECT c.protocol,
           sum(CASE
                   WHEN c.kind = 'fixed' THEN
                       CASE WHEN c.valid_from <= t.day THEN c.amount_usd ELSE 0 END
                   ELSE c.amount_usd * 12
                        * greatest(least(coalesce(c.valid_to, t.day), t.day) - c.valid_from + 1, 0)
                        / 365
               END) AS manual_usd
    FROM analytics.protocol_costs c
    CROSS JOIN today t
    GROUP BY c.protocol
),
protocols AS (
    SELECT protocol FROM analytics.protocol_summary
    UNION
    SELECT protocol FROM analytics.protocol_costs
    UNION
    SELECT protocol FROM analytics.protocol_plans
),
base AS (
    SELECT p.protocol,
           coalesce(s.revenue_usd, 0) AS revenue_usd,
           coalesce(s.cost_usd, 0) AS fees_usd,
           coalesce(m.manual_usd, 0) AS manual_usd,
           s.avg_interaction_fee_usd * pl.planned_interactions AS estimated_usd
    FROM protocols p
    LEFT JOIN analytics.protocol_summary s USING (protocol)
    LEFT JOIN manual m USING (protocol)
    LEFT JOIN analytics.protocol_plans pl USING (protocol)
)
SELECT b.protocol,
       m.cost_model,
       b.revenue_usd,
       m.cost_usd,
       b.revenue_usd - m.cost_usd AS profit_usd,
       ((b.revenue_usd - m.cost_usd) / nullif(m.cost_usd, 0))::double precision AS roi,
       -- greatest() skips NULLs: no cost (estimated without a plan) means no break-even either
       CASE WHEN m.cost_usd IS NOT NULL THEN greatest(m.cost_usd - b.revenue_usd, 0) END
           AS break_even_claim_usd
FROM base b
CROSS JOIN LATERAL (VALUES ('simple', b.fees_usd),
                           ('manual', b.fees_usd + b.manual_usd),
                           ('estimated', b.estimated_usd)) AS m(cost_model, cost_usd);

COMMENT ON VIEW analytics.protocol_roi_by_model IS
    'ROI per protocol under the simple (fees), manual (fees + protocol_costs) and estimated '
    '(average interaction fee x protocol_plans) cost models, with the claim value still needed '
    'to break even.';

CREATE OR REPLACE VIEW analytics.protocol_pnl_daily AS
WITH daily AS (
    SELECT day, protocol, revenue_usd, fee_usd AS cost_usd
    FROM dropscope.claims_daily
    UNION ALL
    SELECT day, protocol, 0, sum(fee_usd)
    FROM dropscope.interactions_daily
    GROUP BY day, protocol
),
summed AS (
    SELECT day, protocol, sum(revenue_usd) AS revenue_usd, sum(cost_usd) AS cost_usd
    FROM daily
    GROUP BY day, protocol
)
SELECT day,
       protocol,
       revenue_usd,
       cost_usd,
       revenue_usd - cost_usd AS profit_usd,
       sum(revenue_usd - cost_usd) OVER (PARTITION BY protocol ORDER BY day) AS cumulative_profit_usd
FROM summed;

COMMENT ON VIEW analytics.protocol_pnl_daily IS
    'Revenue, cost and profit per protocol and UTC day, with the running profit.';
