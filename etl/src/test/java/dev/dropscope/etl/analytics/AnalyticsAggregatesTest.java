package dev.dropscope.etl.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.etl.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggregates the views read (migrations V011, V012) follow every change to the event tables,
 * not only appends: after deletes, updates that move rows between days and wallets, inserts into
 * the past and several rows of one wallet in one statement, made in a session whose time zone is
 * not UTC, every view still equals the reference computed from the rows as they are now; a TRUNCATE
 * empties the aggregates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsAggregatesTest {
  /** One statement each: the triggers run once per statement, on its transition tables. */
  private static final List<String> CHANGES =
      List.of(
          // claims: a few deleted, one failed after all, one moved three days back
          "DELETE FROM dropscope.airdrop_claims WHERE id IN"
              + " (SELECT id FROM dropscope.airdrop_claims ORDER BY id LIMIT 5)",
          "UPDATE dropscope.airdrop_claims SET status = 'failed' WHERE id ="
              + " (SELECT id FROM dropscope.airdrop_claims WHERE status = 'success'"
              + " ORDER BY ts LIMIT 1 OFFSET 7)",
          "UPDATE dropscope.airdrop_claims SET ts = ts - interval '3 days' WHERE id ="
              + " (SELECT id FROM dropscope.airdrop_claims ORDER BY ts DESC LIMIT 1)",
          // interactions: some deleted, one fee changed, one written long before the others
          "DELETE FROM dropscope.airdrop_interactions WHERE action = 'mint' AND protocol = 'blast'",
          "UPDATE dropscope.airdrop_interactions SET fee_usd = 12.3456 WHERE id ="
              + " (SELECT id FROM dropscope.airdrop_interactions ORDER BY id LIMIT 1)",
          "INSERT INTO dropscope.airdrop_interactions (id, ts, ingested_at, protocol, wallet,"
              + " action, status, fee_usd) VALUES ('00000000-0000-7000-8000-00000000000a',"
              + " '2025-12-01T08:00Z', now(), 'zksync', '0xw1', 'bridge', 'success', 4.2)",
          // trades: some deleted, one loss turned into a win, one moved to another day
          "DELETE FROM dropscope.trades WHERE id IN"
              + " (SELECT id FROM dropscope.trades ORDER BY id DESC LIMIT 4)",
          "UPDATE dropscope.trades SET pnl_usd = 250 WHERE id ="
              + " (SELECT id FROM dropscope.trades WHERE pnl_usd < 0 ORDER BY ts LIMIT 1)",
          "UPDATE dropscope.trades SET ts = ts + interval '30 hours' WHERE id ="
              + " (SELECT id FROM dropscope.trades ORDER BY ts LIMIT 1 OFFSET 40)",
          // snapshots: one deleted in the middle of a wallet's history, one revalued, two written
          // into the past of one wallet in one statement, a wallet's latest moved back a week
          "DELETE FROM dropscope.portfolio_snapshots WHERE id ="
              + " (SELECT id FROM dropscope.portfolio_snapshots WHERE wallet = '0xw2'"
              + " ORDER BY ts LIMIT 1 OFFSET 20)",
          "UPDATE dropscope.portfolio_snapshots SET total_value_usd = total_value_usd * 2"
              + " WHERE id = (SELECT id FROM dropscope.portfolio_snapshots WHERE wallet = '0xw1'"
              + " ORDER BY ts LIMIT 1 OFFSET 33)",
          "INSERT INTO dropscope.portfolio_snapshots (id, ts, ingested_at, wallet,"
              + " total_value_usd) SELECT gen_random_uuid(), ts - interval '90 minutes', now(),"
              + " wallet, total_value_usd + 1000 FROM dropscope.portfolio_snapshots"
              + " WHERE wallet = '0xw3' ORDER BY ts LIMIT 2 OFFSET 12",
          "UPDATE dropscope.portfolio_snapshots SET ts = ts - interval '7 days' WHERE id ="
              + " (SELECT id FROM dropscope.portfolio_snapshots WHERE wallet = '0xw2'"
              + " ORDER BY ts DESC LIMIT 1)");

  Database db;
  Dataset changed;

  @BeforeAll
  void change(@TempDir Path dir) throws Exception {
    db = AnalyticsDatabase.open(dir);
    try (Connection c = db.connection();
        Statement s = c.createStatement()) {
      // the writer's time zone is not UTC: the aggregates' days and hours are UTC all the same
      s.execute("SET TIME ZONE 'America/St_Johns'");
      DatasetTables.insert(c, SyntheticDataset.generate(AnalyticsDatabase.SEED));
      for (String change : CHANGES) {
        assertThat(s.executeUpdate(change)).as(change).isPositive();
      }
      changed = DatasetTables.read(c);
    }
  }

  @AfterAll
  void close() {
    db.close();
  }

  @TestFactory
  Stream<DynamicTest> each_view_equals_the_reference_after_the_changes() throws SQLException {
    return ViewRows.eachMatches(db, changed);
  }

  @Test
  void a_truncate_empties_the_aggregates() throws SQLException {
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute(DatasetTables.TRUNCATE_AGGREGATED_EVENTS);
        for (String aggregate :
            List.of(
                "claims_daily",
                "interactions_daily",
                "trades_daily",
                "portfolio_hourly",
                "portfolio_latest")) {
          assertThat(Jdbc.count(c, "dropscope." + aggregate)).as(aggregate).isZero();
        }
      } finally {
        c.rollback();
      }
    }
  }
}
