-- Claims: how often they land, overall and per UTC day, and where the fees go.
-- Reference: docs/analytics.md#claims. Views here read only dropscope tables.
--
-- Every file in this directory is a Flyway repeatable migration, applied again whenever it
-- changes, in the order of its number. A file may use the views of lower-numbered files only, and
-- creates its views with CREATE OR REPLACE so that views of later files that depend on them
-- survive a re-run (docs/analytics.md#changing-the-views).

CREATE OR REPLACE VIEW analytics.claim_success_rate AS
SELECT protocol,
       count(*) AS attempts,
       count(*) FILTER (WHERE status = 'success') AS successes,
       (count(*) FILTER (WHERE status = 'success'))::double precision / count(*) AS success_rate
FROM dropscope.airdrop_claims
GROUP BY protocol;

COMMENT ON VIEW analytics.claim_success_rate IS
    'Claims attempted and landed per protocol, over all stored claims.';

CREATE OR REPLACE VIEW analytics.claim_success_daily AS
SELECT date_trunc('day', ts, 'UTC') AS day,
       protocol,
       count(*) AS attempts,
       count(*) FILTER (WHERE status = 'success') AS successes,
       (count(*) FILTER (WHERE status = 'success'))::double precision / count(*) AS success_rate
FROM dropscope.airdrop_claims
GROUP BY 1, protocol;

COMMENT ON VIEW analytics.claim_success_daily IS
    'Claims attempted and landed per protocol and UTC day (day: the day''s start, timestamptz).';

CREATE OR REPLACE VIEW analytics.fee_breakdown AS
SELECT protocol,
       'claim' AS kind,
       'claim' AS action,
       count(*) AS transactions,
       count(*) FILTER (WHERE status <> 'success') AS failed,
       coalesce(sum(fee_usd), 0) AS fee_usd,
       coalesce(sum(gas_used), 0) AS gas_used
FROM dropscope.airdrop_claims
GROUP BY protocol
UNION ALL
SELECT protocol,
       'interaction',
       action,
       count(*),
       count(*) FILTER (WHERE status <> 'success'),
       coalesce(sum(fee_usd), 0),
       coalesce(sum(gas_used), 0)
FROM dropscope.airdrop_interactions
GROUP BY protocol, action;

COMMENT ON VIEW analytics.fee_breakdown IS
    'Fees and gas per protocol, by kind (claim | interaction) and interaction action.';
