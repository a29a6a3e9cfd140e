-- Alert history, from the firing episodes the ETL derives from Prometheus's ALERTS series
-- (dropscope.alert_episodes). Reference: docs/analytics.md#alerts.
--
-- An episode without resolved_at is still firing (as far as the loaded samples tell); its
-- duration is NULL and it counts in firing, not in the duration figures. Alerts without a
-- severity label have severity 'none'.

CREATE OR REPLACE VIEW analytics.alert_episodes AS
SELECT alertname,
       coalesce(severity, 'none') AS severity,
       labels,
       fired_at,
       resolved_at,
       extract(epoch FROM resolved_at - fired_at)::double precision AS duration_seconds
FROM dropscope.alert_episodes;

COMMENT ON VIEW analytics.alert_episodes IS
    'Each firing episode of each alert: when it fired, when it resolved (NULL: still firing).';

-- Per alert and severity, the episodes that fired in [from_ts, to_ts]: they are derived from the
-- ALERTS samples from 5 minutes before from_ts on only (dropscope.alert_episodes_since, migration
-- V011), so a dashboard's range costs what its samples cost. SECURITY DEFINER: it reads the
-- samples, which the read-only role cannot.
CREATE OR REPLACE FUNCTION analytics.alert_history_between(from_ts timestamptz, to_ts timestamptz)
    RETURNS TABLE (alertname text, severity text, fired bigint, resolved bigint, firing bigint,
                   total_duration_seconds double precision, mean_duration_seconds double precision,
                   max_duration_seconds double precision, first_fired_at timestamptz,
                   last_fired_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
WITH episodes AS (
    SELECT alertname,
           coalesce(severity, 'none') AS severity,
           fired_at,
           resolved_at,
           extract(epoch FROM resolved_at - fired_at)::double precision AS duration_seconds
    FROM dropscope.alert_episodes_since(from_ts)
    WHERE fired_at <= to_ts
)
SELECT alertname,
       severity,
       count(*),
       count(resolved_at),
       count(*) - count(resolved_at),
       sum(duration_seconds),
       avg(duration_seconds),
       max(duration_seconds),
       min(fired_at),
       max(fired_at)
FROM episodes
GROUP BY alertname, severity;
$$;

CREATE OR REPLACE VIEW analytics.alert_history AS
SELECT alertname, severity, fired, resolved, firing, total_duration_seconds,
       mean_duration_seconds, max_duration_seconds, first_fired_at, last_fired_at
FROM analytics.alert_history_between('-infinity', 'infinity');

COMMENT ON VIEW analytics.alert_history IS
    'Per alert and severity: episodes fired, resolved and still firing, and their durations.';

CREATE OR REPLACE VIEW analytics.alert_history_daily AS
SELECT date_trunc('day', fired_at, 'UTC') AS day,
       severity,
       count(*) AS fired,
       sum(duration_seconds) AS total_duration_seconds
FROM analytics.alert_episodes
GROUP BY 1, severity;

COMMENT ON VIEW analytics.alert_history_daily IS
    'Alert episodes that started per UTC day and severity, with their total duration.';
