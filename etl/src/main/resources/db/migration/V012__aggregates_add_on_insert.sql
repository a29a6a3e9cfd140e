-- Inserts add to the aggregates instead of recomputing what they touch.
--
-- V011's triggers recompute every UTC day (portfolio: hour) a statement touches from all of that
-- day's rows. A load that writes one day in many chunks (the journal loader commits 5,000 records
-- a chunk; a sync every five minutes appends to today) therefore read the whole day again for
-- every chunk: the cost of a chunk grew with the day, and a 200,000-record day loaded four times
-- slower than without the aggregates.
--
-- An INSERT now adds its rows' sums and counts to the aggregate rows they fall in, which is exact:
-- the money columns are numeric. For trades and portfolio snapshots, whose aggregates depend on
-- the order of the rows (a running sum; the change against the wallet's previous snapshot), this
-- holds only when the inserted rows come after every stored row they relate to (the same day's
-- trades; the same wallet's snapshots), as a load in time order does; otherwise the insert
-- recomputes what it touches, as before. Updates, deletes and truncates still recompute.

-- airdrop_claims: sums and counts by day and protocol.
CREATE FUNCTION dropscope.claims_daily_on_insert() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('dropscope.refresh_claims_daily'));
    INSERT INTO dropscope.claims_daily AS a
    SELECT date_trunc('day', c.ts, 'UTC'), c.protocol,
           count(*),
           count(*) FILTER (WHERE c.status = 'success'),
           coalesce(sum(c.value_usd) FILTER (WHERE c.status = 'success'), 0),
           coalesce(sum(c.fee_usd), 0),
           coalesce(sum(c.fee_usd) FILTER (WHERE c.status <> 'success'), 0),
           coalesce(sum(c.gas_used), 0),
           min(c.ts),
           max(c.ts)
    FROM new_rows c
    GROUP BY 1, 2
    ON CONFLICT (day, protocol) DO UPDATE SET
        attempts       = a.attempts + EXCLUDED.attempts,
        successes      = a.successes + EXCLUDED.successes,
        revenue_usd    = a.revenue_usd + EXCLUDED.revenue_usd,
        fee_usd        = a.fee_usd + EXCLUDED.fee_usd,
        failed_fee_usd = a.failed_fee_usd + EXCLUDED.failed_fee_usd,
        gas_used       = a.gas_used + EXCLUDED.gas_used,
        first_at       = least(a.first_at, EXCLUDED.first_at),
        last_at        = greatest(a.last_at, EXCLUDED.last_at);
    RETURN NULL;
END
$$;

-- airdrop_interactions: sums and counts by day, protocol and action.
CREATE FUNCTION dropscope.interactions_daily_on_insert() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('dropscope.refresh_interactions_daily'));
    INSERT INTO dropscope.interactions_daily AS a
    SELECT date_trunc('day', i.ts, 'UTC'), i.protocol, i.action,
           count(*),
           count(*) FILTER (WHERE i.status <> 'success'),
           coalesce(sum(i.fee_usd), 0),
           count(i.fee_usd),
           coalesce(sum(i.gas_used), 0),
           min(i.ts),
           max(i.ts)
    FROM new_rows i
    GROUP BY 1, 2, 3
    ON CONFLICT (day, protocol, action) DO UPDATE SET
        interactions = a.interactions + EXCLUDED.interactions,
        failed       = a.failed + EXCLUDED.failed,
        fee_usd      = a.fee_usd + EXCLUDED.fee_usd,
        fees         = a.fees + EXCLUDED.fees,
        gas_used     = a.gas_used + EXCLUDED.gas_used,
        first_at     = least(a.first_at, EXCLUDED.first_at),
        last_at      = greatest(a.last_at, EXCLUDED.last_at);
    RETURN NULL;
END
$$;

-- trades: when every inserted trade comes after the stored trades of its day, the day's running
-- sum continues from the stored day's net: new lows, highs and falls below the running peak
-- (which starts at the stored high) merge with the stored ones. Otherwise the days are recomputed.
CREATE FUNCTION dropscope.trades_daily_on_insert() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    days   timestamptz[];
    firsts timestamptz[];
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('dropscope.refresh_trades_daily'));
    -- arrays, not a join on new_rows: a transition table has no statistics, and a plan that
    -- aggregates it again for every stored trade costs a load time that grows with the day
    SELECT array_agg(day), array_agg(first_new) INTO days, firsts
    FROM (SELECT date_trunc('day', ts, 'UTC') AS day, min(ts) AS first_new
          FROM new_rows GROUP BY 1) n;
    IF EXISTS (
        SELECT 1
        FROM unnest(days, firsts) AS n(day, first_new)
        JOIN dropscope.trades t ON t.ts >= n.first_new AND t.ts < n.day + interval '24 hours'
        WHERE t.id NOT IN (SELECT id FROM new_rows)) THEN
        PERFORM dropscope.refresh_trades_daily(days);
        RETURN NULL;
    END IF;
    WITH scoped AS MATERIALIZED (
        SELECT g.scope, g.name, date_trunc('day', t.ts, 'UTC') AS day, t.id, t.ts, t.pnl_usd,
               coalesce(t.fee_usd, 0) AS fee_usd,
               coalesce(t.pnl_usd, 0) - coalesce(t.fee_usd, 0) AS net_usd
        FROM new_rows t
        CROSS JOIN LATERAL (VALUES ('overall', 'all'), ('exchange', t.exchange), ('agent', t.agent))
            AS g(scope, name)
        WHERE g.name IS NOT NULL
    ),
    stored AS MATERIALIZED ( -- once, not per row of scoped: a transition table has no statistics
        SELECT k.scope, k.name, k.day, coalesce(a.net_usd, 0) AS net_before, a.high_usd AS high_before
        FROM (SELECT DISTINCT scope, name, day FROM scoped) k
        LEFT JOIN dropscope.trades_daily a USING (scope, name, day)
    ),
    running AS (
        SELECT s.*, st.high_before, st.net_before + sum(s.net_usd) OVER w AS running_usd
        FROM scoped s JOIN stored st USING (scope, name, day)
        WINDOW w AS (PARTITION BY s.scope, s.name, s.day ORDER BY s.ts, s.id)
    ),
    peaked AS (
        SELECT *, greatest(high_before, max(running_usd) OVER w) AS peak_usd
        FROM running
        WINDOW w AS (PARTITION BY scope, name, day ORDER BY ts, id)
    )
    INSERT INTO dropscope.trades_daily AS a
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
    GROUP BY scope, name, day
    ON CONFLICT (scope, name, day) DO UPDATE SET
        trades           = a.trades + EXCLUDED.trades,
        closed_trades    = a.closed_trades + EXCLUDED.closed_trades,
        wins             = a.wins + EXCLUDED.wins,
        losses           = a.losses + EXCLUDED.losses,
        gross_profit_usd = a.gross_profit_usd + EXCLUDED.gross_profit_usd,
        gross_loss_usd   = a.gross_loss_usd + EXCLUDED.gross_loss_usd,
        pnl_usd          = a.pnl_usd + EXCLUDED.pnl_usd,
        net_usd          = a.net_usd + EXCLUDED.net_usd,
        fees_usd         = a.fees_usd + EXCLUDED.fees_usd,
        low_usd          = least(a.low_usd, EXCLUDED.low_usd),
        high_usd         = greatest(a.high_usd, EXCLUDED.high_usd),
        drawdown_usd     = greatest(a.drawdown_usd, EXCLUDED.drawdown_usd);
    RETURN NULL;
END
$$;

-- portfolio_snapshots: when every inserted snapshot comes after its wallet's stored latest one, no
-- stored snapshot's change moves: the new snapshots' changes add to their hours, and each wallet's
-- latest is its newest inserted one. Otherwise the touched hours and wallets are recomputed.
CREATE FUNCTION dropscope.portfolio_on_insert() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    wallets text[];
    tss     timestamptz[];
    ids     uuid[];
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('dropscope.refresh_portfolio'));
    IF EXISTS (
        SELECT 1 FROM new_rows n
        JOIN dropscope.portfolio_latest l ON l.wallet = n.wallet
        WHERE (l.ts, l.snapshot_id) > (n.ts, n.id)) THEN
        SELECT array_agg(wallet), array_agg(ts), array_agg(id) INTO wallets, tss, ids FROM new_rows;
        PERFORM dropscope.refresh_portfolio(wallets, tss, ids);
        RETURN NULL;
    END IF;
    INSERT INTO dropscope.portfolio_hourly AS h (hour, change_usd, snapshots)
    SELECT date_trunc('hour', n.ts, 'UTC'),
           sum(n.total_value_usd - coalesce(p.total_value_usd, 0)),
           count(*)
    FROM new_rows n
    LEFT JOIN LATERAL (
        SELECT p.total_value_usd FROM dropscope.portfolio_snapshots p
        WHERE p.wallet = n.wallet AND (p.ts, p.id) < (n.ts, n.id)
        ORDER BY p.ts DESC, p.id DESC LIMIT 1) p ON true
    GROUP BY 1
    ON CONFLICT (hour) DO UPDATE SET
        change_usd = h.change_usd + EXCLUDED.change_usd,
        snapshots  = h.snapshots + EXCLUDED.snapshots;
    INSERT INTO dropscope.portfolio_latest AS l (wallet, snapshot_id, ts)
    SELECT DISTINCT ON (wallet) wallet, id, ts FROM new_rows ORDER BY wallet, ts DESC, id DESC
    ON CONFLICT (wallet) DO UPDATE SET snapshot_id = EXCLUDED.snapshot_id, ts = EXCLUDED.ts;
    RETURN NULL;
END
$$;

DO
$$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('airdrop_claims', 'claims_daily', 'dropscope.claims_daily_on_insert'),
        ('airdrop_interactions', 'interactions_daily', 'dropscope.interactions_daily_on_insert'),
        ('trades', 'trades_daily', 'dropscope.trades_daily_on_insert'),
        ('portfolio_snapshots', 'portfolio', 'dropscope.portfolio_on_insert'))
        AS v(source, aggregate, fn)
    LOOP
        EXECUTE format('DROP TRIGGER %I ON dropscope.%I', t.aggregate || '_insert', t.source);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON dropscope.%I'
                       ' REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION %s()',
                       t.aggregate || '_insert', t.source, t.fn);
    END LOOP;
END
$$;
