-- Claims: how often they land, overall and per UTC day, and where the fees go.
-- Reference: docs/analytics.md#claims. Views here read only dropscope tables.
--
-- Every file in this directory is a Flyway repeatable migration, applied again whenever it
-- changes, in the order of its number. A file may use the views of lower-numbered files only, and
-- creates its views with CREATE OR REPLACE so that views of later files that depend on them
-- survive a re-run (docs/analytics.md#changing-the-views).

-- The views read the daily aggregates dropscope.claims_daily and dropscope.interactions_daily, which
-- triggers keep equal to the claims and interactions (migration V011), rather than every event.

CREATE OR REPLACE VIEW analytics.claim_success_rate AS
SELECT protocol,
       sum(attempts)::bigint AS attempts,
       sum(successes)::bigint AS successes,
       sum(successes)::double precision / sum(attempts)::double precision AS success_rate
FROM dropscope.claims_daily
GROUP BY protocol;

COMMENT ON VIEW analytics.claim_success_rate IS
    'Claims attempted and landed per protocol, over all stored claims.';

CREATE OR REPLACE VIEW analytics.claim_success_daily AS
SELECT day,
       protocol,
       attempts,
       successes,
       successes::double precision / attempts AS success_rate
FROM dropscope.claims_daily;

COMMENT ON VIEW analytics.claim_success_daily IS
    'Claims attempted and landed per protocol and UTC day (day: the day''s start, timestamptz).';

CREATE OR REPLACE VIEW analytics.fee_breakdown AS
SELECT protocol,
       'claim' AS kind,
       'claim' AS action,
       sum(attempts)::bigint AS transactions,
       sum(attempts - successes)::bigint AS failed,
       sum(fee_usd) AS fee_usd,
       sum(gas_used) AS gas_used
FROM dropscope.claims_daily
GROUP BY protocol
UNION ALL
SELECT protocol,
       'interaction',
       action,
       sum(interactions)::bigint,
       sum(failed)::bigint,
       sum(fee_usd),
       sum(gas_used)
FROM dropscope.interactions_daily
GROUP BY protocol, action;

COMMENT ON VIEW analytics.fee_breakdown IS
    'Fees and gas per protocol, by kind (claim | interaction) and interaction action.';
