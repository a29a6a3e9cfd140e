-- Pre-aggregations the analytics views read instead of scanning every event on every query, and
-- a faster derivation of the alert episodes. docs/analytics.md#cost-and-limits tells what reads
-- what.
--
-- Each aggregate table is derived from one event table and kept equal to it by statement-level
-- triggers: the rows a statement inserted, updated or deleted (its transition tables) name the
-- days (or hours and wallets) they touch, and those are recomputed whole from the event table.
-- Whatever writes the event tables (the journal loader's COPY, an INSERT by hand, a DELETE)
-- therefore keeps them exact; a TRUNCATE empties them. Money stays numeric, so sums of the
-- aggregates equal sums of the events to the last digit.

-- ---------------------------------------------------------------------------------------------
-- Claims, interactions and trades by UTC day
-- ---------------------------------------------------------------------------------------------

-- airdrop_claims per UTC day and protocol.
CREATE TABLE dropscope.claims_daily (
    day            timestamptz NOT NULL,
    protocol       text        NOT NULL,
    attempts       bigint      NOT NULL,
    successes      bigint      NOT NULL,
    revenue_usd    numeric     NOT NULL, -- value_usd of the successful claims
    fee_usd        numeric     NOT NULL, -- fee_usd of every claim
    failed_fee_usd numeric     NOT NULL, -- fee_usd of the failed claims
    gas_used       numeric     NOT NULL,
    first_at       timestamptz NOT NULL,
    last_at        timestamptz NOT NULL,
    PRIMARY KEY (day, protocol)
);

-- airdrop_interactions per UTC day, protocol and action.
CREATE TABLE dropscope.interactions_daily (
    day          timestamptz NOT NULL,
    protocol     text        NOT NULL,
    action       text        NOT NULL,
    interactions bigint      NOT NULL,
    failed       bigint      NOT NULL,
    fee_usd      numeric     NOT NULL,
    fees         bigint      NOT NULL, -- interactions that report a fee_usd (for the average)
    gas_used     numeric     NOT NULL,
    first_at     timestamptz NOT NULL,
    last_at      timestamptz NOT NULL,
    PRIMARY KEY (day, protocol, action)
);

-- trades per UTC day in three scopes: overall (name 'all'), exchange, agent. net = pnl_usd
-- (0 when absent) - fee_usd. low, high and drawdown describe the running sum of the day's nets in
-- trade order (ts, id) from 0 before its first trade: its lowest and highest value and its largest
-- fall below its own running peak. With the days before it, they give the drawdown of the whole
-- cumulative P&L (analytics.trading_performance).
CREATE TABLE dropscope.trades_daily (
    scope            text        NOT NULL,
    name             text        NOT NULL,
    day              timestamptz NOT NULL,
    trades           bigint      NOT NULL,
    closed_trades    bigint      NOT NULL,
    wins             bigint      NOT NULL,
    losses           bigint      NOT NULL,
    gross_profit_usd numeric     NOT NULL,
    gross_loss_usd   numeric     NOT NULL,
    pnl_usd          numeric     NOT NULL,
    net_usd          numeric     NOT NULL,
    fees_usd         numeric     NOT NULL,
    low_usd          numeric     NOT NULL,
    high_usd         numeric     NOT NULL,
    drawdown_usd     numeric     NOT NULL,
    PRIMARY KEY (scope, name, day)
);

-- Deletes the rows of the given UTC days from a daily aggregate (every row when days is NULL) and
-- returns the days to recompute from its event table: the given ones, once each, or when NULL
-- every day the event table holds.
CREATE FUNCTION dropscope.clear_days(aggregate regclass, events regclass, days timestamptz[])
    RETURNS timestamptz[]
    LANGUAGE plpgsql AS
$$
BEGIN
    IF days IS NULL THEN
        EXECUTE format('DELETE FROM %s', aggregate);
        EXECUTE format('SELECT ARRAY(SELECT DISTINCT date_trunc(''day'', ts, ''UTC'') FROM %s)',
                       events)
            INTO days;
    ELSE
        EXECUTE format('DELETE FROM %s WHERE day = ANY ($1)', aggregate) USING days;
    END IF;
    RETURN ARRAY(SELECT DISTINCT unnest(days));
END
$$;

-- Recomputes claims_daily for the given UTC days (every day when NULL).
CREATE FUNCTION dropscope.refresh_claims_daily(days timestamptz[]) RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    days := dropscope.clear_days('dropscope.claims_daily', 'dropscope.airdrop_claims', days);
    INSERT INTO dropscope.claims_daily
    SELECT d.day, c.protocol,
           count(*),
           count(*) FILTER (WHERE c.status = 'success'),
           coalesce(sum(c.value_usd) FILTER (WHERE c.status = 'success'), 0),
           coalesce(sum(c.fee_usd), 0),
           coalesce(sum(c.fee_usd) FILTER (WHERE c.status <> 'success'), 0),
           coalesce(sum(c.gas_used), 0),
           min(c.ts),
           max(c.ts)
    FROM unnest(days) AS d(day)
    JOIN dropscope.airdrop_claims c ON c.ts >= d.day AND c.ts < d.day + interval '24 hours'
    GROUP BY d.day, c.protocol;
END
$$;

-- Recomputes interactions_daily for the given UTC days (every day when NULL).
CREATE FUNCTION dropscope.refresh_interactions_daily(days timestamptz[]) RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    days := dropscope.clear_days('dropscope.interactions_daily', 'dropscope.airdrop_interactions',
                                 days);
    INSERT INTO dropscope.interactions_daily
    SELECT d.day, i.protocol, i.action,
           count(*),
           count(*) FILTER (WHERE i.status <> 'success'),
           coalesce(sum(i.fee_usd), 0),
           count(i.fee_usd),
           coalesce(sum(i.gas_used), 0),
           min(i.ts),
           max(i.ts)
    FROM unnest(days) AS d(day)
    JOIN dropscope.airdrop_interactions i ON i.ts >= d.day AND i.ts < d.day + interval '24 hours'
    GROUP BY d.day, i.protocol, i.action;
END
$$;

-- Recomputes trades_daily for the given UTC days (every day when NULL).
CREATE FUNCTION dropscope.refresh_trades_daily(days timestamptz[]) RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    days := dropscope.clear_days('dropscope.trades_daily', 'dropscope.trades', days);
    INSERT INTO dropscope.trades_daily
    WITH scoped AS (
        SELECT g.scope, g.name, d.day, t.id, t.ts, t.pnl_usd,
               coalesce(t.fee_usd, 0) AS fee_usd,
               coalesce(t.pnl_usd, 0) - coalesce(t.fee_usd, 0) AS net_usd
        FROM unnest(days) AS d(day)
        JOIN dropscope.trades t ON t.ts >= d.day AND t.ts < d.day + interval '24 hours'
        CROSS JOIN LATERAL (VALUES ('overall', 'all'), ('exchange', t.exchange), ('agent', t.agent))
            AS g(scope, name)
        WHERE g.name IS NOT NULL
    ),
    running AS (
        SELECT *, sum(net_usd) OVER w AS running_usd
        FROM scoped
        WINDOW w AS (PARTITION BY scope, name, day ORDER BY ts, id)
    ),
    peaked AS (
        SELECT *, max(running_usd) OVER w AS peak_usd
        FROM running
        WINDOW w AS (PARTITION BY scope, name, day ORDER BY ts, id)
    )
    SELECT scope, name, day,
           count(*),
           count(pnl_usd),
           count(*) FILTER (WHERE pnl_usd > 0),
           count(*) FILTER (WHERE pnl_usd < 0),
           coalesce(sum(pnl_usd) FILTER (WHERE pnl_usd > 0), 0),
           coalesce(-sum(pnl_usd) FILTER (WHERE pnl_usd < 0), 0),
           coalesce(sum(pnl_usd), 0),
           sum(net_usd),
           sum(fee_usd),
           min(running_usd),
           max(running_usd),
           max(peak_usd - running_usd)
    FROM peaked
    GROUP BY scope, name, day;
END
$$;

-- The trigger function of the daily aggregates: calls the refresh function named by the trigger's
-- argument with the UTC days of the rows the statement changed (every day after a TRUNCATE). One
-- refresh of a table at a time (an advisory lock until commit), so that two loads never overwrite
-- each other's days.
CREATE FUNCTION dropscope.refresh_daily_on_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    days timestamptz[];
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext(TG_ARGV[0]));
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        days := ARRAY(SELECT DISTINCT date_trunc('day', ts, 'UTC') FROM new_rows);
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        days := coalesce(days, '{}')
                    || ARRAY(SELECT DISTINCT date_trunc('day', ts, 'UTC') FROM old_rows);
    END IF;
    EXECUTE format('SELECT %s($1)', TG_ARGV[0]) USING days;
    RETURN NULL;
END
$$;

-- ---------------------------------------------------------------------------------------------
-- Portfolio: the value by hour, and each wallet's latest snapshot
-- ---------------------------------------------------------------------------------------------

-- Each snapshot changes the portfolio's value by its total minus its wallet's previous snapshot's
-- total (in (ts, id) order; the whole total for a wallet's first): analytics.portfolio_value is
-- the running sum of these changes. Per UTC hour: their sum, and the number of snapshots.
CREATE TABLE dropscope.portfolio_hourly (
    hour       timestamptz PRIMARY KEY,
    change_usd numeric     NOT NULL,
    snapshots  bigint      NOT NULL
);

-- Each wallet's latest snapshot ((ts, id) order: the one written last wins a tie).
CREATE TABLE dropscope.portfolio_latest (
    wallet      text        PRIMARY KEY,
    snapshot_id uuid        NOT NULL,
    ts          timestamptz NOT NULL
);

-- A wallet's snapshots in (ts, id) order: the previous and next snapshot of one, the latest.
CREATE INDEX portfolio_snapshots_wallet_ts_id ON dropscope.portfolio_snapshots (wallet, ts, id);

-- Recomputes portfolio_hourly and portfolio_latest after the snapshots (wallet, ts, id) changed
-- (were inserted, deleted, or updated from or to them); everything when wallets is NULL. A changed
-- snapshot alters its own hour and the hour of its wallet's next snapshot, whose change is taken
-- against it.
CREATE FUNCTION dropscope.refresh_portfolio(wallets text[], tss timestamptz[], ids uuid[])
    RETURNS void
    LANGUAGE plpgsql AS
$$
DECLARE
    hours timestamptz[];
BEGIN
    IF wallets IS NULL THEN
        DELETE FROM dropscope.portfolio_hourly;
        DELETE FROM dropscope.portfolio_latest;
        hours := ARRAY(SELECT DISTINCT date_trunc('hour', ts, 'UTC')
                       FROM dropscope.portfolio_snapshots);
        wallets := ARRAY(SELECT DISTINCT wallet FROM dropscope.portfolio_snapshots);
    ELSE
        hours := ARRAY(
            SELECT date_trunc('hour', c.ts, 'UTC')
            FROM unnest(wallets, tss, ids) AS c(wallet, ts, id)
            UNION
            SELECT date_trunc('hour', n.ts, 'UTC')
            FROM unnest(wallets, tss, ids) AS c(wallet, ts, id)
            CROSS JOIN LATERAL (
                SELECT s.ts FROM dropscope.portfolio_snapshots s
                WHERE s.wallet = c.wallet AND (s.ts, s.id) > (c.ts, c.id)
                ORDER BY s.ts, s.id LIMIT 1) n);
        wallets := ARRAY(SELECT DISTINCT unnest(wallets));
        DELETE FROM dropscope.portfolio_hourly WHERE hour = ANY (hours);
        DELETE FROM dropscope.portfolio_latest WHERE wallet = ANY (wallets);
    END IF;
    INSERT INTO dropscope.portfolio_hourly (hour, change_usd, snapshots)
    SELECT h.hour, sum(s.total_value_usd - coalesce(p.total_value_usd, 0)), count(*)
    FROM unnest(hours) AS h(hour)
    JOIN dropscope.portfolio_snapshots s ON s.ts >= h.hour AND s.ts < h.hour + interval '1 hour'
    LEFT JOIN LATERAL (
        SELECT p.total_value_usd FROM dropscope.portfolio_snapshots p
        WHERE p.wallet = s.wallet AND (p.ts, p.id) < (s.ts, s.id)
        ORDER BY p.ts DESC, p.id DESC LIMIT 1) p ON true
    GROUP BY h.hour;
    INSERT INTO dropscope.portfolio_latest (wallet, snapshot_id, ts)
    SELECT w.wallet, l.id, l.ts
    FROM unnest(wallets) AS w(wallet)
    CROSS JOIN LATERAL (
        SELECT s.id, s.ts FROM dropscope.portfolio_snapshots s
        WHERE s.wallet = w.wallet
        ORDER BY s.ts DESC, s.id DESC LIMIT 1) l;
END
$$;

CREATE FUNCTION dropscope.refresh_portfolio_on_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    wallets text[];
    tss     timestamptz[];
    ids     uuid[];
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('dropscope.refresh_portfolio'));
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM dropscope.refresh_portfolio(NULL, NULL, NULL);
        RETURN NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT array_agg(wallet), array_agg(ts), array_agg(id) INTO wallets, tss, ids FROM new_rows;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT coalesce(wallets, '{}') || array_agg(wallet), coalesce(tss, '{}') || array_agg(ts),
               coalesce(ids, '{}') || array_agg(id)
        INTO wallets, tss, ids
        FROM old_rows;
    END IF;
    IF wallets IS NOT NULL THEN -- NULL: the statement changed no row
        PERFORM dropscope.refresh_portfolio(wallets, tss, ids);
    END IF;
    RETURN NULL;
END
$$;

-- ---------------------------------------------------------------------------------------------
-- The triggers, then the aggregates of what is stored already
-- ---------------------------------------------------------------------------------------------

DO
$$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('airdrop_claims', 'claims_daily', 'dropscope.refresh_daily_on_change',
         'dropscope.refresh_claims_daily'),
        ('airdrop_interactions', 'interactions_daily', 'dropscope.refresh_daily_on_change',
         'dropscope.refresh_interactions_daily'),
        ('trades', 'trades_daily', 'dropscope.refresh_daily_on_change',
         'dropscope.refresh_trades_daily'),
        ('portfolio_snapshots', 'portfolio', 'dropscope.refresh_portfolio_on_change', ''))
        AS v(source, aggregate, fn, arg)
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON dropscope.%I'
                       ' REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION %s(%L)',
                       t.aggregate || '_insert', t.source, t.fn, t.arg);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON dropscope.%I'
                       ' REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION %s(%L)',
                       t.aggregate || '_update', t.source, t.fn, t.arg);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON dropscope.%I'
                       ' REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION %s(%L)',
                       t.aggregate || '_delete', t.source, t.fn, t.arg);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON dropscope.%I'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION %s(%L)',
                       t.aggregate || '_truncate', t.source, t.fn, t.arg);
    END LOOP;
END
$$;

SELECT dropscope.refresh_claims_daily(NULL);
SELECT dropscope.refresh_interactions_daily(NULL);
SELECT dropscope.refresh_trades_daily(NULL);
SELECT dropscope.refresh_portfolio(NULL, NULL, NULL);

-- ---------------------------------------------------------------------------------------------
-- Alert episodes
-- ---------------------------------------------------------------------------------------------

-- The firing episodes of the ALERTS series that started at or after from_ts (the whole history
-- with '-infinity'): an episode is a run of a series' samples with no gap over 5 minutes. One pass
-- over the samples from 5 minutes before from_ts marks the first and the last sample of each
-- episode (a gap before, a gap after); those few rows are then paired. Resolved at its last
-- sample once the loaded samples (the latest watermark) reach more than 5 minutes past it.
-- SECURITY DEFINER: the analytics functions of the read-only role call it.
CREATE FUNCTION dropscope.alert_episodes_since(from_ts timestamptz)
    RETURNS TABLE (alertname text, labels jsonb, severity text, fired_at timestamptz,
                   resolved_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
WITH firing AS (
    SELECT s.id AS series_id, s.labels, x.ts,
           x.ts - lag(x.ts) OVER w > interval '5 minutes' IS NOT FALSE AS starts,
           lead(x.ts) OVER w - x.ts > interval '5 minutes' IS NOT FALSE AS ends
    FROM dropscope.series s
    JOIN dropscope.samples x ON x.series_id = s.id
    WHERE s.metric = 'ALERTS' AND s.labels ->> 'alertstate' = 'firing'
      AND x.ts >= from_ts - interval '5 minutes'
    WINDOW w AS (PARTITION BY s.id ORDER BY x.ts)
),
edges AS (
    SELECT series_id, labels, ts, starts,
           CASE WHEN ends THEN ts ELSE lead(ts) OVER (PARTITION BY series_id ORDER BY ts) END
               AS last_at
    FROM firing
    WHERE starts OR ends
)
SELECT e.labels ->> 'alertname',
       e.labels - 'alertstate',
       e.labels ->> 'severity',
       e.ts,
       CASE WHEN e.last_at < (SELECT max(loaded_to) FROM dropscope.watermarks)
                                 - interval '5 minutes'
            THEN e.last_at END
FROM edges e
WHERE e.starts AND e.ts >= from_ts;
$$;

CREATE OR REPLACE VIEW dropscope.alert_episodes AS
SELECT alertname, labels, severity, fired_at, resolved_at
FROM dropscope.alert_episodes_since('-infinity');
