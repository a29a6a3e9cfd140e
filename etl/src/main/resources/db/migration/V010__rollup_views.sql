-- The rollups, by metric name and labels: what Grafana panels and reports read for ranges longer
-- than a few hours (a 1h bucket is 240 raw samples at a 15 s scrape interval).
CREATE VIEW analytics.metric_rollups_5m AS
SELECT s.metric, s.labels, r.bucket, r.min, r.max, r.avg, r.last, r.count, r.increase
FROM dropscope.rollup_5m r
JOIN dropscope.series s ON s.id = r.series_id;

COMMENT ON VIEW analytics.metric_rollups_5m IS
    '5-minute rollups of the raw samples: min, max, avg, last, count, and the reset-aware increase of counters.';

CREATE VIEW analytics.metric_rollups_1h AS
SELECT s.metric, s.labels, r.bucket, r.min, r.max, r.avg, r.last, r.count, r.increase
FROM dropscope.rollup_1h r
JOIN dropscope.series s ON s.id = r.series_id;

COMMENT ON VIEW analytics.metric_rollups_1h IS
    '1-hour rollups of the raw samples: min, max, avg, last, count, and the reset-aware increase of counters.';
