package dev.dropscope.etl.analytics;

import static dev.dropscope.etl.analytics.Jdbc.batch;
import static dev.dropscope.etl.analytics.Jdbc.instant;
import static dev.dropscope.etl.analytics.Jdbc.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropscope.etl.analytics.Dataset.Claim;
import dev.dropscope.etl.analytics.Dataset.Interaction;
import dev.dropscope.etl.analytics.Dataset.ManualCost;
import dev.dropscope.etl.analytics.Dataset.Plan;
import dev.dropscope.etl.analytics.Dataset.Position;
import dev.dropscope.etl.analytics.Dataset.Sample;
import dev.dropscope.etl.analytics.Dataset.Snapshot;
import dev.dropscope.etl.analytics.Dataset.Trade;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes a {@link Dataset} straight into the ETL's tables (as the journal loader and the Prometheus
 * source would) and reads one back from them.
 */
final class DatasetTables {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A position with the snapshot it belongs to and its place in it. */
  private record Placed(UUID snapshot, int position, Position p) {}

  /** Empties the event tables the analytics aggregates follow (and so the aggregates). */
  static final String TRUNCATE_AGGREGATED_EVENTS =
      "TRUNCATE dropscope.airdrop_claims, dropscope.airdrop_interactions, dropscope.trades,"
          + " dropscope.portfolio_snapshots CASCADE";

  private DatasetTables() {}

  static void insert(Connection c, Dataset d) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      batch(
          c,
          "INSERT INTO dropscope.airdrop_claims (id, ts, ingested_at, protocol, wallet, token,"
              + " status, amount, value_usd, fee_usd, gas_used)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          d.claims(),
          x ->
              new Object[] {
                x.id(),
                x.ts(),
                x.ts(),
                x.protocol(),
                x.wallet(),
                x.token(),
                x.status(),
                x.amount(),
                x.valueUsd(),
                x.feeUsd(),
                x.gasUsed()
              });
      batch(
          c,
          "INSERT INTO dropscope.airdrop_interactions (id, ts, ingested_at, protocol, wallet,"
              + " action, status, fee_usd, gas_used) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          d.interactions(),
          x ->
              new Object[] {
                x.id(),
                x.ts(),
                x.ts(),
                x.protocol(),
                x.wallet(),
                x.action(),
                x.status(),
                x.feeUsd(),
                x.gasUsed()
              });
      insertSnapshots(c, d.snapshots());
      insertSamples(c, d.samples());
      batch(
          c,
          "INSERT INTO dropscope.trades (id, ts, ingested_at, exchange, symbol, side, pnl_usd,"
              + " fee_usd, execution_seconds, agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          d.trades(),
          t ->
              new Object[] {
                t.id(),
                t.ts(),
                t.ts(),
                t.exchange(),
                t.symbol(),
                t.side(),
                t.pnlUsd(),
                t.feeUsd(),
                t.executionSeconds(),
                t.agent()
              });
      batch(
          c,
          "INSERT INTO analytics.protocol_costs (protocol, kind, amount_usd, valid_from,"
              + " valid_to) VALUES (?, ?, ?, ?, ?)",
          d.manualCosts(),
          m -> new Object[] {m.protocol(), m.kind(), m.amountUsd(), m.validFrom(), m.validTo()});
      batch(
          c,
          "INSERT INTO analytics.protocol_plans (protocol, planned_interactions) VALUES (?, ?)",
          d.plans(),
          p -> new Object[] {p.protocol(), p.plannedInteractions()});
      if (d.loadedTo() != null) {
        batch(
            c,
            "INSERT INTO dropscope.watermarks (source, loaded_to) VALUES ('prometheus', ?)",
            List.of(d.loadedTo()),
            t -> new Object[] {t});
      }
      c.commit();
    } finally {
      c.setAutoCommit(auto);
    }
  }

  private static void insertSnapshots(Connection c, List<Snapshot> snapshots) throws SQLException {
    batch(
        c,
        "INSERT INTO dropscope.portfolio_snapshots (id, ts, ingested_at, wallet, total_value_usd)"
            + " VALUES (?, ?, ?, ?, ?)",
        snapshots,
        s -> new Object[] {s.id(), s.ts(), s.ts(), s.wallet(), s.totalValueUsd()});
    List<Placed> positions = new ArrayList<>();
    for (Snapshot s : snapshots) {
      for (int i = 0; i < s.positions().size(); i++) {
        positions.add(new Placed(s.id(), i, s.positions().get(i)));
      }
    }
    batch(
        c,
        "INSERT INTO dropscope.portfolio_positions (snapshot_id, position, token, amount,"
            + " value_usd) VALUES (?, ?, ?, ?, ?)",
        positions,
        x ->
            new Object[] {
              x.snapshot(), x.position(), x.p().token(), x.p().amount(), x.p().valueUsd()
            });
  }

  private static void insertSamples(Connection c, List<Sample> samples) throws SQLException {
    if (samples.isEmpty()) {
      return;
    }
    Map<String, Sample> firstOfSeries = new LinkedHashMap<>();
    samples.forEach(s -> firstOfSeries.putIfAbsent(seriesKey(s.metric(), s.labels()), s));
    batch(
        c,
        "INSERT INTO dropscope.series (metric, labels) VALUES (?, ?::jsonb)"
            + " ON CONFLICT ON CONSTRAINT series_hash_unique DO NOTHING",
        List.copyOf(firstOfSeries.values()),
        s -> new Object[] {s.metric(), json(s.labels())});
    Map<String, Long> seriesIds = new HashMap<>();
    for (Object[] row :
        query(
            c,
            "SELECT id, metric, labels::text FROM dropscope.series",
            rs -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3)})) {
      seriesIds.put(seriesKey((String) row[1], labels((String) row[2])), (Long) row[0]);
    }
    Instant from = samples.stream().map(Sample::ts).min(Comparator.naturalOrder()).orElseThrow();
    Instant to = samples.stream().map(Sample::ts).max(Comparator.naturalOrder()).orElseThrow();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT dropscope.ensure_sample_partitions(?, ?)")) {
      Jdbc.bind(ps, from, to.plusMillis(1));
      ps.executeQuery().close();
    }
    batch(
        c,
        "INSERT INTO dropscope.samples (series_id, ts, value) VALUES (?, ?, ?)",
        samples,
        s -> new Object[] {seriesIds.get(seriesKey(s.metric(), s.labels())), s.ts(), s.value()});
  }

  /** Everything the views read, as stored now. */
  static Dataset read(Connection c) throws SQLException {
    List<Claim> claims =
        query(
            c,
            "SELECT id, ts, protocol, wallet, token, status, amount, value_usd, fee_usd, gas_used"
                + " FROM dropscope.airdrop_claims ORDER BY ts, id",
            rs ->
                new Claim(
                    rs.getObject(1, UUID.class),
                    instant(rs, 2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getBigDecimal(7),
                    rs.getBigDecimal(8),
                    rs.getBigDecimal(9),
                    rs.getObject(10, Long.class)));
    List<Interaction> interactions =
        query(
            c,
            "SELECT id, ts, protocol, wallet, action, status, fee_usd, gas_used"
                + " FROM dropscope.airdrop_interactions ORDER BY ts, id",
            rs ->
                new Interaction(
                    rs.getObject(1, UUID.class),
                    instant(rs, 2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getBigDecimal(7),
                    rs.getObject(8, Long.class)));
    Map<String, Map<String, String>> parsedLabels = new HashMap<>();
    List<Sample> samples =
        query(
            c,
            "SELECT s.metric, s.labels::text, x.ts, x.value FROM dropscope.samples x"
                + " JOIN dropscope.series s ON s.id = x.series_id ORDER BY s.id, x.ts",
            rs ->
                new Sample(
                    rs.getString(1),
                    parsedLabels.computeIfAbsent(rs.getString(2), DatasetTables::labels),
                    instant(rs, 3),
                    rs.getDouble(4)));
    List<Trade> trades =
        query(
            c,
            "SELECT id, ts, exchange, symbol, side, pnl_usd, fee_usd, execution_seconds, agent"
                + " FROM dropscope.trades ORDER BY ts, id",
            rs ->
                new Trade(
                    rs.getObject(1, UUID.class),
                    instant(rs, 2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getBigDecimal(6),
                    rs.getBigDecimal(7),
                    rs.getObject(8, Double.class),
                    rs.getString(9)));
    List<ManualCost> costs =
        query(
            c,
            "SELECT protocol, kind, amount_usd, valid_from, valid_to FROM analytics.protocol_costs"
                + " ORDER BY id",
            rs ->
                new ManualCost(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getBigDecimal(3),
                    rs.getObject(4, LocalDate.class),
                    rs.getObject(5, LocalDate.class)));
    List<Plan> plans =
        query(
            c,
            "SELECT protocol, planned_interactions FROM analytics.protocol_plans ORDER BY protocol",
            rs -> new Plan(rs.getString(1), rs.getInt(2)));
    Instant loadedTo =
        query(c, "SELECT max(loaded_to) FROM dropscope.watermarks", rs -> instant(rs, 1))
            .getFirst();
    return new Dataset(
        claims, interactions, readSnapshots(c), samples, trades, costs, plans, loadedTo);
  }

  private static List<Snapshot> readSnapshots(Connection c) throws SQLException {
    Map<UUID, List<Position>> positions = new HashMap<>();
    for (Placed p :
        query(
            c,
            "SELECT snapshot_id, position, token, amount, value_usd"
                + " FROM dropscope.portfolio_positions ORDER BY snapshot_id, position",
            rs ->
                new Placed(
                    rs.getObject(1, UUID.class),
                    rs.getInt(2),
                    new Position(rs.getString(3), rs.getBigDecimal(4), rs.getBigDecimal(5))))) {
      positions.computeIfAbsent(p.snapshot(), k -> new ArrayList<>()).add(p.p());
    }
    return query(
        c,
        "SELECT id, ts, wallet, total_value_usd FROM dropscope.portfolio_snapshots ORDER BY ts, id",
        rs -> {
          UUID id = rs.getObject(1, UUID.class);
          return new Snapshot(
              id,
              instant(rs, 2),
              rs.getString(3),
              rs.getBigDecimal(4),
              List.copyOf(positions.getOrDefault(id, List.of())));
        });
  }

  private static String seriesKey(String metric, Map<String, String> labels) {
    return metric + json(labels);
  }

  static String json(Map<String, String> labels) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(labels));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static Map<String, String> labels(String json) {
    try {
      return new LinkedHashMap<>(JSON.readValue(json, new TypeReference<Map<String, String>>() {}));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a label set: " + json, e);
    }
  }
}
