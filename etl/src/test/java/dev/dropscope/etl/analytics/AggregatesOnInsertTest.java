package dev.dropscope.etl.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.etl.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Inserts add to the aggregates (migration V012) only where that is exact. The synthetic dataset is
 * loaded again in 7 chunks a table (chunks share days, hours and wallets), in time order (the rows
 * added), against it and interleaved (the rows that come before stored ones recomputed), and one
 * row a statement; every aggregate then equals a recomputation from scratch, to the last digit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregatesOnInsertTest {
  private static final List<String> EVENTS =
      List.of("airdrop_claims", "airdrop_interactions", "trades", "portfolio_snapshots");

  /** Every aggregate's rows, as text, in a fixed order. */
  private static final Map<String, String> AGGREGATES = new LinkedHashMap<>();

  static {
    AGGREGATES.put("claims_daily", "SELECT a::text FROM dropscope.claims_daily a ORDER BY 1");
    AGGREGATES.put(
        "interactions_daily", "SELECT a::text FROM dropscope.interactions_daily a ORDER BY 1");
    AGGREGATES.put("trades_daily", "SELECT a::text FROM dropscope.trades_daily a ORDER BY 1");
    AGGREGATES.put(
        "portfolio_hourly", "SELECT a::text FROM dropscope.portfolio_hourly a ORDER BY 1");
    AGGREGATES.put(
        "portfolio_latest", "SELECT a::text FROM dropscope.portfolio_latest a ORDER BY 1");
  }

  Database db;

  @BeforeAll
  void load(@TempDir Path dir) throws Exception {
    db = AnalyticsDatabase.open(dir);
    try (Connection c = db.connection();
        Statement s = c.createStatement()) {
      DatasetTables.insert(c, SyntheticDataset.generate(AnalyticsDatabase.SEED));
      for (String events : EVENTS) {
        s.execute(
            "CREATE TABLE public.kept_%s AS SELECT e.*, row_number() OVER (ORDER BY ts, id) AS rn,"
                    .formatted(events)
                + " count(*) OVER () AS n FROM dropscope.%s e".formatted(events));
      }
    }
  }

  @AfterAll
  void close() {
    db.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "in time order      | (rn - 1) * 7 / n       | 7",
        "against time order | 6 - (rn - 1) * 7 / n   | 7",
        "interleaved        | rn % 7                 | 7",
        "one row a statement, in time order | rn - 1 | 0"
      })
  void loading_in_chunks_gives_what_a_recomputation_gives(String order, String chunkOf, int chunks)
      throws SQLException {
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute(DatasetTables.TRUNCATE_AGGREGATED_EVENTS);
        long statements = 0;
        for (String events : EVENTS) {
          String columns =
              String.join(
                  ", ",
                  Jdbc.strings(
                      c,
                      "SELECT quote_ident(column_name) FROM information_schema.columns"
                          + " WHERE table_schema = 'dropscope' AND table_name = '%s'"
                              .formatted(events)
                          + " ORDER BY ordinal_position"));
          long rows = Jdbc.count(c, "public.kept_" + events);
          long count = chunks > 0 ? chunks : Math.min(rows, 400); // one row a statement: 400 rows
          for (long k = 0; k < count; k++) {
            statements +=
                s.executeUpdate(
                            "INSERT INTO dropscope.%s (%s) SELECT %s FROM public.kept_%s"
                                    .formatted(events, columns, columns, events)
                                + " WHERE "
                                + chunkOf
                                + " = "
                                + k)
                        > 0
                    ? 1
                    : 0;
          }
        }
        assertThat(statements).as("insert statements that wrote rows").isGreaterThan(4);

        Map<String, List<String>> added = read(c);
        s.execute("SELECT dropscope.refresh_claims_daily(NULL)");
        s.execute("SELECT dropscope.refresh_interactions_daily(NULL)");
        s.execute("SELECT dropscope.refresh_trades_daily(NULL)");
        s.execute("SELECT dropscope.refresh_portfolio(NULL, NULL, NULL)");
        Map<String, List<String>> recomputed = read(c);
        for (String aggregate : AGGREGATES.keySet()) {
          assertThat(recomputed.get(aggregate)).as(aggregate).isNotEmpty();
          assertThat(added.get(aggregate)).as(aggregate).isEqualTo(recomputed.get(aggregate));
        }
      } finally {
        c.rollback();
      }
    }
  }

  private static Map<String, List<String>> read(Connection c) throws SQLException {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (var aggregate : AGGREGATES.entrySet()) {
      rows.put(aggregate.getKey(), Jdbc.strings(c, aggregate.getValue()));
    }
    return rows;
  }
}
