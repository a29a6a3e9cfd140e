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

CREATE OR REPLACE VIEW analytics.alert_history AS
SELECT alertname,
       severity,
       count(*) AS fired,
       count(resolved_at) AS resolved,
       count(*) - count(resolved_at) AS firing,
       sum(duration_seconds) AS total_duration_seconds,
       avg(duration_seconds) AS mean_duration_seconds,
       max(duration_seconds) AS max_duration_seconds,
       min(fired_at) AS first_fired_at,
       max(fired_at) AS last_fired_at
FROM analytics.alert_episodes
GROUP BY alertname, severity;

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
