-- dropscope ETL schema: what the ETL writes (schema dropscope) and the public read contract
-- (schema analytics). Plain PostgreSQL 13+, or TimescaleDB where the extension is available.

-- Flyway creates both schemas (dropscope, analytics) and keeps its history in dropscope.

-- ---------------------------------------------------------------------------------------------
-- Prometheus samples
-- ---------------------------------------------------------------------------------------------

-- One row per series: the metric name and its labels (without __name__). The hash makes the
-- (metric, labels) pair unique; jsonb's text form is canonical (keys sorted, no duplicates).
CREATE TABLE dropscope.series (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    metric     text        NOT NULL,
    labels     jsonb       NOT NULL,
    hash       uuid        NOT NULL GENERATED ALWAYS AS (md5(metric || labels::text)::uuid) STORED,
    -- counter | gauge | histogram | summary | unknown, from the metadata API or the name
    kind       text        NOT NULL DEFAULT 'unknown',
    first_seen timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT series_hash_unique UNIQUE (hash),
    CONSTRAINT series_labels_object CHECK (jsonb_typeof(labels) = 'object'),
    CONSTRAINT series_kind_known CHECK (kind IN ('counter', 'gauge', 'histogram', 'summary', 'unknown'))
);
CREATE INDEX series_metric ON dropscope.series (metric);

-- Raw samples, exactly as Prometheus stored them (millisecond timestamps). Plain PostgreSQL:
-- partitioned by day; the ETL creates partitions on demand (dropscope.ensure_sample_partitions) and
-- prune drops them. Where the TimescaleDB extension is available, a hypertable with daily chunks
-- instead (prune then drops chunks).
DO
$$
BEGIN
    IF EXISTS (SELECT FROM pg_available_extensions WHERE name = 'timescaledb') THEN
        CREATE EXTENSION IF NOT EXISTS timescaledb;
        CREATE TABLE dropscope.samples (
            series_id bigint           NOT NULL,
            ts        timestamptz      NOT NULL,
            value     double precision NOT NULL,
            PRIMARY KEY (series_id, ts)
        );
        PERFORM create_hypertable('dropscope.samples', 'ts', chunk_time_interval => interval '1 day');
    ELSE
        CREATE TABLE dropscope.samples (
            series_id bigint           NOT NULL,
            ts        timestamptz      NOT NULL,
            value     double precision NOT NULL,
            PRIMARY KEY (series_id, ts)
        ) PARTITION BY RANGE (ts);
    END IF;
END
$$;

-- Creates the daily partitions of dropscope.samples that cover [from_ts, to_ts), if missing.
-- An advisory lock keeps two ETL processes from racing on the same partition. A hypertable makes
-- its own chunks: nothing to do.
CREATE FUNCTION dropscope.ensure_sample_partitions(from_ts timestamptz, to_ts timestamptz)
    RETURNS integer
    LANGUAGE plpgsql AS
$$
DECLARE
    day     date := (from_ts AT TIME ZONE 'UTC')::date;
    created integer := 0;
    name    text;
BEGIN
    IF (SELECT relkind FROM pg_class WHERE oid = 'dropscope.samples'::regclass) <> 'p' THEN
        RETURN 0;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('dropscope.samples partitions'));
    WHILE (day::timestamp AT TIME ZONE 'UTC') < to_ts LOOP
        name := 'samples_' || to_char(day, 'YYYYMMDD');
        IF to_regclass('dropscope.' || name) IS NULL THEN
            EXECUTE format(
                'CREATE TABLE dropscope.%I PARTITION OF dropscope.samples FOR VALUES FROM (%L) TO (%L)',
                name, day::timestamp AT TIME ZONE 'UTC', (day + 1)::timestamp AT TIME ZONE 'UTC');
            created := created + 1;
        END IF;
        day := day + 1;
    END LOOP;
    RETURN created;
END
$$;

-- Rollups of the raw samples, per series and bucket. increase is the reset-aware increase of a
-- counter: the sum, over the bucket's samples, of (value - previous value), or of value when it
-- fell (a reset); the previous value may lie in an earlier bucket. Buckets therefore add up to
-- the exact increase over any range of whole buckets. NULL for series that are not counters.
CREATE TABLE dropscope.rollup_5m (
    series_id bigint           NOT NULL,
    bucket    timestamptz      NOT NULL,
    min       double precision NOT NULL,
    max       double precision NOT NULL,
    avg       double precision NOT NULL,
    last      double precision NOT NULL,
    count     integer          NOT NULL,
    increase  double precision,
    PRIMARY KEY (series_id, bucket)
);
CREATE INDEX rollup_5m_bucket ON dropscope.rollup_5m (bucket);

CREATE TABLE dropscope.rollup_1h (LIKE dropscope.rollup_5m INCLUDING ALL);

-- ---------------------------------------------------------------------------------------------
-- Journaled events (from the exporter's journal; docs/journal.md)
-- ---------------------------------------------------------------------------------------------

-- Every journaled record, whatever its pack: the source of the typed tables below and of events
-- from user packs. id is the journal record's UUIDv7.
CREATE TABLE dropscope.events (
    id          uuid        PRIMARY KEY,
    type        text        NOT NULL,
    ts          timestamptz NOT NULL,
    ingested_at timestamptz NOT NULL,
    event_id    text,
    data        jsonb       NOT NULL
);
CREATE INDEX events_type_ts ON dropscope.events (type, ts);

-- airdrops.claim
CREATE TABLE dropscope.airdrop_claims (
    id             uuid        PRIMARY KEY,
    ts             timestamptz NOT NULL,
    ingested_at    timestamptz NOT NULL,
    protocol       text        NOT NULL,
    wallet         text        NOT NULL,
    token          text        NOT NULL,
    status         text        NOT NULL,
    amount         numeric,
    value_usd      numeric,
    fee_usd        numeric,
    gas_used       bigint,
    gas_price_gwei numeric,
    chain          text,
    tx_hash        text,
    block_number   bigint,
    extra          jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX airdrop_claims_protocol_ts ON dropscope.airdrop_claims (protocol, ts);
CREATE INDEX airdrop_claims_ts ON dropscope.airdrop_claims (ts);

-- airdrops.interaction
CREATE TABLE dropscope.airdrop_interactions (
    id               uuid        PRIMARY KEY,
    ts               timestamptz NOT NULL,
    ingested_at      timestamptz NOT NULL,
    protocol         text        NOT NULL,
    wallet           text        NOT NULL,
    action           text        NOT NULL,
    status           text        NOT NULL,
    chain            text,
    fee_usd          numeric,
    gas_used         bigint,
    gas_price_gwei   numeric,
    duration_seconds double precision,
    tx_hash          text,
    block_number     bigint,
    extra            jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX airdrop_interactions_protocol_ts ON dropscope.airdrop_interactions (protocol, ts);
CREATE INDEX airdrop_interactions_ts ON dropscope.airdrop_interactions (ts);

-- airdrops.portfolio: one snapshot per event, one position per listed token
CREATE TABLE dropscope.portfolio_snapshots (
    id              uuid        PRIMARY KEY,
    ts              timestamptz NOT NULL,
    ingested_at     timestamptz NOT NULL,
    wallet          text        NOT NULL,
    total_value_usd numeric     NOT NULL,
    extra           jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX portfolio_snapshots_wallet_ts ON dropscope.portfolio_snapshots (wallet, ts);
CREATE INDEX portfolio_snapshots_ts ON dropscope.portfolio_snapshots (ts);

CREATE TABLE dropscope.portfolio_positions (
    snapshot_id uuid    NOT NULL REFERENCES dropscope.portfolio_snapshots (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    token       text    NOT NULL,
    amount      numeric,
    value_usd   numeric NOT NULL,
    extra       jsonb   NOT NULL DEFAULT '{}',
    PRIMARY KEY (snapshot_id, position)
);

-- trading.trade
CREATE TABLE dropscope.trades (
    id                uuid        PRIMARY KEY,
    ts                timestamptz NOT NULL,
    ingested_at       timestamptz NOT NULL,
    exchange          text        NOT NULL,
    symbol            text        NOT NULL,
    side              text        NOT NULL,
    quantity          numeric,
    price             numeric,
    pnl_usd           numeric,
    fee_usd           numeric,
    execution_seconds double precision,
    agent             text,
    trade_id          text,
    extra             jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX trades_ts ON dropscope.trades (ts);

-- gateway.transaction
CREATE TABLE dropscope.gateway_transactions (
    id               uuid        PRIMARY KEY,
    ts               timestamptz NOT NULL,
    ingested_at      timestamptz NOT NULL,
    tx_type          text        NOT NULL,
    status           text        NOT NULL,
    chain            text,
    duration_seconds double precision,
    fee_usd          numeric,
    tx_hash          text,
    service          text,
    extra            jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX gateway_transactions_ts ON dropscope.gateway_transactions (ts);

-- ---------------------------------------------------------------------------------------------
-- ETL state
-- ---------------------------------------------------------------------------------------------

-- How far each Prometheus source is loaded: every sample with ts <= loaded_to is in.
CREATE TABLE dropscope.watermarks (
    source     text        PRIMARY KEY,
    loaded_to  timestamptz NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- How far each journal segment is loaded: the byte offset after the last record loaded.
CREATE TABLE dropscope.journal_segments (
    segment    text        PRIMARY KEY,
    "offset"   bigint      NOT NULL CHECK ("offset" >= 0),
    records    bigint      NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per command run.
CREATE TABLE dropscope.runs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    command     text        NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    status      text        NOT NULL DEFAULT 'running',
    windows     integer     NOT NULL DEFAULT 0,
    samples     bigint      NOT NULL DEFAULT 0,
    events      bigint      NOT NULL DEFAULT 0,
    error       text,
    CONSTRAINT runs_status_known CHECK (status IN ('running', 'ok', 'failed'))
);
CREATE INDEX runs_started_at ON dropscope.runs (started_at);

-- ---------------------------------------------------------------------------------------------
-- Alert history, from the ALERTS series Prometheus writes while alerts are pending or firing.
-- An episode is a run of samples of one alert (same labels) with no gap longer than 5 minutes;
-- it is resolved at its last sample once a newer sample of the series' catalog exists beyond the
-- gap, and still open (resolved_at NULL) otherwise.
-- ---------------------------------------------------------------------------------------------
CREATE VIEW dropscope.alert_episodes AS
WITH firing AS (
    SELECT s.id AS series_id,
           s.labels ->> 'alertname' AS alertname,
           s.labels - 'alertstate' AS labels,
           x.ts,
           x.ts - lag(x.ts) OVER (PARTITION BY s.id ORDER BY x.ts) AS gap
    FROM dropscope.series s
    JOIN dropscope.samples x ON x.series_id = s.id
    WHERE s.metric = 'ALERTS' AND s.labels ->> 'alertstate' = 'firing'
),
numbered AS (
    SELECT *, count(*) FILTER (WHERE gap IS NULL OR gap > interval '5 minutes')
                  OVER (PARTITION BY series_id ORDER BY ts) AS episode
    FROM firing
),
latest AS (
    SELECT max(loaded_to) AS loaded_to FROM dropscope.watermarks
)
SELECT n.alertname,
       n.labels,
       n.labels ->> 'severity' AS severity,
       min(n.ts) AS fired_at,
       CASE WHEN max(n.ts) < (SELECT loaded_to FROM latest) - interval '5 minutes'
            THEN max(n.ts) END AS resolved_at
FROM numbered n
GROUP BY n.series_id, n.alertname, n.labels, n.episode;

-- ---------------------------------------------------------------------------------------------
-- Public read contract
-- ---------------------------------------------------------------------------------------------
CREATE VIEW analytics.metric_samples AS
SELECT s.metric, s.labels, x.ts, x.value
FROM dropscope.samples x
JOIN dropscope.series s ON s.id = x.series_id;

COMMENT ON VIEW analytics.metric_samples IS
    'Every stored raw Prometheus sample: metric name, labels without __name__, timestamp, value.';

-- The read-only role for Grafana and reports: SELECT on schema analytics only. It cannot log in
-- until the ETL sets its password (reader.password_file or DROPSCOPE_READER_PASSWORD); there is no
-- default. Where the ETL's user may not create roles, create it by hand (docs/etl.md).
DO
$$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dropscope_reader') THEN
        BEGIN
            CREATE ROLE dropscope_reader NOLOGIN;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE WARNING 'cannot create role dropscope_reader (insufficient privilege); create it by hand';
        END;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'dropscope_reader') THEN
        GRANT USAGE ON SCHEMA analytics TO dropscope_reader;
        GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO dropscope_reader;
        ALTER DEFAULT PRIVILEGES IN SCHEMA analytics GRANT SELECT ON TABLES TO dropscope_reader;
    END IF;
END
$$;
