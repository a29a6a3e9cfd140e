package dev.dropscope.etl.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dropscope.etl.config.DatabaseConfig;
import dev.dropscope.etl.config.ReaderConfig;
import dev.dropscope.etl.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The analytics schema as a whole, on an empty database: who may read it, that every view answers
 * on empty and degenerate data, the user's cost tables, and the repeatable migrations themselves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsSchemaTest {
  private static final String READER_PASSWORD = "analytics reader";

  Path dir;
  Database db;

  @BeforeAll
  void open(@TempDir Path tmp) throws Exception {
    dir = tmp;
    db =
        Database.open(
            config(),
            ReaderConfig.defaults(),
            Map.of(Database.READER_PASSWORD_ENV, READER_PASSWORD));
  }

  @AfterAll
  void close() {
    db.close();
  }

  private DatabaseConfig config() {
    return new DatabaseConfig(null, null, null, dir.resolve("pg"));
  }

  /** The views ({@code VIEW}) or tables ({@code BASE TABLE}) in schema analytics. */
  private List<String> relations(String type) throws SQLException {
    try (Connection c = db.connection()) {
      return Jdbc.strings(
          c,
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'analytics'"
              + " AND table_type = '"
              + type
              + "' ORDER BY 1");
    }
  }

  private List<String> views() throws SQLException {
    return relations("VIEW");
  }

  private Connection reader() throws SQLException {
    String url = ((PGSimpleDataSource) db.dataSource()).getUrl();
    return DriverManager.getConnection(url, Database.READER_ROLE, READER_PASSWORD);
  }

  @Nested
  class ReaderRole {
    @Test
    void can_read_every_view_and_both_cost_tables() throws SQLException {
      List<String> all = new ArrayList<>(views());
      all.addAll(relations("BASE TABLE"));
      assertThat(all).contains("protocol_costs", "protocol_plans", "portfolio_risk");
      try (Connection c = reader()) {
        for (String relation : all) {
          assertThatCode(() -> Jdbc.readAll(c, "analytics." + relation))
              .as("SELECT from analytics.%s as %s", relation, Database.READER_ROLE)
              .doesNotThrowAnyException();
        }
      }
    }

    /** They read the dropscope tables as their owner (SECURITY DEFINER) or through the views. */
    @Test
    void can_call_the_functions_that_serve_a_time_range() throws SQLException {
      String day = "now() - interval '1 day', now()";
      List<String> calls =
          List.of(
              "metric_history('x', " + day + ", '5 minutes')",
              "metric_history('x', " + day + ", '1 hour', '{\"a\": \"b\"}')",
              "metric_history('x', " + day + ", '1 minute')",
              "portfolio_value_between(" + day + ")",
              "portfolio_value_history(" + day + ", '1 hour')",
              "portfolio_value_history(" + day + ", '5 minutes')",
              "alert_history_between(" + day + ")");
      String sql =
          String.join(
              " UNION ALL ",
              calls.stream().map(f -> "SELECT count(*) FROM analytics." + f).toList());
      try (Connection c = reader()) {
        assertThat(Jdbc.query(c, sql, rs -> rs.getLong(1)))
            .as("as %s: %s", Database.READER_ROLE, sql)
            .hasSize(calls.size());
      }
    }

    @Test
    void cannot_read_the_tables_the_views_are_built_on() throws SQLException {
      try (Connection c = reader()) {
        for (String table :
            List.of(
                "airdrop_claims",
                "airdrop_interactions",
                "portfolio_snapshots",
                "trades",
                "series",
                "alert_episodes")) {
          assertThatThrownBy(() -> Jdbc.readAll(c, "dropscope." + table))
              .as("dropscope.%s", table)
              .hasMessageContaining("permission denied");
        }
      }
    }

    @Test
    void cannot_write_the_cost_tables() throws SQLException {
      try (Connection c = reader();
          Statement s = c.createStatement()) {
        assertThatThrownBy(
                () ->
                    s.execute(
                        "INSERT INTO analytics.protocol_costs (protocol, kind, amount_usd,"
                            + " valid_from) VALUES ('p', 'fixed', 1, '2026-01-01')"))
            .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> s.execute("DELETE FROM analytics.protocol_plans"))
            .hasMessageContaining("permission denied");
      }
    }
  }

  @Nested
  class EmptyAndDegenerateData {
    @Test
    void every_view_answers_on_empty_tables() throws SQLException {
      try (Connection c = db.connection()) {
        for (String view : views()) {
          assertThatCode(() -> Jdbc.readAll(c, "analytics." + view))
              .as("analytics.%s", view)
              .doesNotThrowAnyException();
        }
      }
    }

    @Test
    void the_one_row_views_give_zero_and_nulls_on_empty_tables() throws SQLException {
      try (Connection c = db.connection()) {
        List<Map<String, Object>> metrics = ViewRows.read(c, "portfolio_metrics");
        assertThat(metrics).hasSize(1);
        assertThat(metrics.getFirst())
            .containsEntry("total_value_usd", 0.0)
            .containsEntry("positions", 0.0)
            .extractingByKeys("hhi", "effective_n", "largest_position_ratio")
            .containsOnlyNulls();
        List<Map<String, Object>> risk = ViewRows.read(c, "portfolio_risk");
        assertThat(risk).hasSize(1);
        assertThat(risk.getFirst())
            .containsEntry("returns", 0.0)
            .extractingByKeys("var_95", "var_99", "cvar_95", "max_drawdown", "sharpe", "sortino")
            .containsOnlyNulls();
        List<Map<String, Object>> benchmarks = ViewRows.read(c, "benchmark_comparison");
        assertThat(benchmarks)
            .extracting(b -> b.get("benchmark"))
            .containsExactlyInAnyOrder("ETH", "BTC");
        assertThat(benchmarks)
            .allSatisfy(b -> assertThat(b).containsEntry("days", 0.0).containsEntry("beta", null));
      }
    }

    /** Zero fees, zero values, zero prices, single rows: every ratio's denominator is 0 or 1. */
    @Test
    void every_view_answers_on_zero_values_and_single_rows() throws SQLException {
      try (Connection c = db.connection()) {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          s.execute(
              """
              INSERT INTO dropscope.airdrop_claims (id, ts, ingested_at, protocol, wallet, token,
                  status, value_usd, fee_usd)
              VALUES (gen_random_uuid(), '2026-01-01T10:00Z', now(), 'p', 'w', 'T', 'success', 0, 0);
              INSERT INTO dropscope.airdrop_interactions (id, ts, ingested_at, protocol, wallet,
                  action, status, fee_usd)
              VALUES (gen_random_uuid(), '2026-01-01T11:00Z', now(), 'p', 'w', 'swap', 'success', 0);
              INSERT INTO dropscope.portfolio_snapshots (id, ts, ingested_at, wallet, total_value_usd)
              VALUES ('00000000-0000-7000-8000-000000000001', '2026-01-01T00:00Z', now(), 'w', 0),
                     ('00000000-0000-7000-8000-000000000002', '2026-01-02T00:00Z', now(), 'w', 0);
              INSERT INTO dropscope.portfolio_positions (snapshot_id, position, token, value_usd)
              VALUES ('00000000-0000-7000-8000-000000000002', 0, 'T', 0);
              INSERT INTO dropscope.trades (id, ts, ingested_at, exchange, symbol, side, pnl_usd,
                  fee_usd, execution_seconds)
              VALUES (gen_random_uuid(), '2026-01-01T12:00Z', now(), 'x', 'S', 'sell', 0, 0, 0);
              SELECT dropscope.ensure_sample_partitions('2026-01-01Z', '2026-01-03Z');
              INSERT INTO dropscope.series (metric, labels) VALUES
                  ('airdrops_token_price_usd', '{"token": "ETH"}'),
                  ('trading_exchange_latency_seconds_bucket', '{"exchange": "x", "le": "+Inf"}'),
                  ('trading_exchange_latency_seconds_bucket', '{"exchange": "x", "le": "0.1"}');
              INSERT INTO dropscope.samples (series_id, ts, value)
              SELECT id, t, 0 FROM dropscope.series,
                  unnest(ARRAY['2026-01-01T12:00Z', '2026-01-02T12:00Z']::timestamptz[]) t;
              INSERT INTO analytics.protocol_plans VALUES ('p', 0);
              """);
          for (String view : views()) {
            assertThatCode(() -> Jdbc.readAll(c, "analytics." + view))
                .as("analytics.%s", view)
                .doesNotThrowAnyException();
          }
        } finally {
          c.rollback();
          c.setAutoCommit(true);
        }
      }
    }
  }

  @Nested
  class CostTables {
    @Test
    void refuse_an_unknown_kind_a_fixed_cost_with_an_end_and_a_negative_plan() throws SQLException {
      try (Connection c = db.connection();
          Statement s = c.createStatement()) {
        assertThatThrownBy(
                () ->
                    s.execute(
                        "INSERT INTO analytics.protocol_costs (protocol, kind, amount_usd,"
                            + " valid_from) VALUES ('p', 'weekly', 1, '2026-01-01')"))
            .hasMessageContaining("protocol_costs_kind_known");
        assertThatThrownBy(
                () ->
                    s.execute(
                        "INSERT INTO analytics.protocol_costs (protocol, kind, amount_usd,"
                            + " valid_from, valid_to)"
                            + " VALUES ('p', 'fixed', 1, '2026-01-01', '2026-02-01')"))
            .hasMessageContaining("protocol_costs_fixed_has_one_date");
        assertThatThrownBy(() -> s.execute("INSERT INTO analytics.protocol_plans VALUES ('p', -1)"))
            .hasMessageContaining("protocol_plans_interactions_not_negative");
      }
    }

    @Test
    void keep_what_the_user_entered_when_their_migration_is_applied_again() throws Exception {
      try (Connection c = db.connection();
          Statement s = c.createStatement()) {
        s.execute("INSERT INTO analytics.protocol_plans VALUES ('kept', 7)");
        try {
          s.execute(script("R__20_roi.sql"));
          assertThat(Jdbc.count(c, "analytics.protocol_plans WHERE protocol = 'kept'")).isOne();
        } finally {
          s.execute("DELETE FROM analytics.protocol_plans WHERE protocol = 'kept'");
        }
      }
    }
  }

  @Nested
  class Migrations {
    private static final Pattern DEFINITION =
        Pattern.compile(
            "CREATE (?:OR REPLACE (?:VIEW|FUNCTION)|TABLE IF NOT EXISTS) analytics\\.(\\w+)");
    private static final Pattern USE = Pattern.compile("analytics\\.(\\w+)");

    /** The repeatable migrations, in the order Flyway applied them. */
    private List<String> scripts() throws SQLException {
      try (Connection c = db.connection()) {
        return Jdbc.strings(
            c,
            "SELECT script FROM dropscope.flyway_schema_history"
                + " WHERE type = 'SQL' AND version IS NULL AND success ORDER BY installed_rank");
      }
    }

    @Test
    void are_the_repeatable_files_one_per_topic_in_their_numbered_order() throws SQLException {
      assertThat(scripts())
          .containsExactly(
              "R__05_metrics.sql",
              "R__10_claims.sql",
              "R__20_roi.sql",
              "R__30_portfolio.sql",
              "R__40_risk.sql",
              "R__50_benchmark.sql",
              "R__60_forecast.sql",
              "R__70_suggestions.sql",
              "R__80_trading.sql",
              "R__90_alerts.sql");
    }

    /**
     * Flyway re-runs only a changed file, so a file must not use what a later file defines, and
     * must replace (never drop) its views, or the views of later files that use them would vanish.
     */
    @Test
    void a_file_uses_only_what_it_or_an_earlier_file_defines_and_never_drops() throws Exception {
      Map<String, String> definedIn = new HashMap<>();
      definedIn.put("metric_samples", "V001__schema.sql");
      definedIn.put("metric_rollups_5m", "V010__rollup_views.sql");
      definedIn.put("metric_rollups_1h", "V010__rollup_views.sql");
      List<String> problems = new ArrayList<>();
      for (String script : scripts()) {
        String sql = script(script).replaceAll("--[^\n]*", "");
        if (sql.matches("(?s).*\\bDROP\\b.*") || sql.matches("(?s).*CREATE VIEW.*")) {
          problems.add(script + " drops a view or creates one without OR REPLACE");
        }
        Matcher uses = USE.matcher(sql);
        while (uses.find()) {
          String name = uses.group(1);
          Matcher definition = DEFINITION.matcher(sql);
          boolean definesHere = false;
          while (definition.find() && definition.start() <= uses.start()) {
            definesHere |= definition.group(1).equals(name);
          }
          if (!definesHere && !definedIn.containsKey(name)) {
            problems.add(script + " uses analytics." + name + " before anything defines it");
          }
        }
        Matcher definition = DEFINITION.matcher(sql);
        while (definition.find()) {
          String previous = definedIn.putIfAbsent(definition.group(1), script);
          if (previous != null && !previous.equals(script)) {
            problems.add(script + " redefines analytics." + definition.group(1));
          }
        }
      }
      assertThat(problems).isEmpty();
    }

    @Test
    void applying_any_file_again_keeps_every_view() throws Exception {
      List<String> before = views();
      try (Connection c = db.connection();
          Statement s = c.createStatement()) {
        for (String script : scripts()) {
          s.execute(script(script));
        }
      }
      assertThat(views()).containsExactlyElementsOf(before);
    }

    @Test
    void reopening_the_database_applies_nothing_again() throws Exception {
      long applied;
      try (Connection c = db.connection()) {
        applied = Jdbc.count(c, "dropscope.flyway_schema_history");
      }
      try (Database again = Database.open(config(), ReaderConfig.defaults(), Map.of());
          Connection c = again.connection()) {
        assertThat(Jdbc.count(c, "dropscope.flyway_schema_history")).isEqualTo(applied);
      }
    }
  }

  private static String script(String name) throws IOException {
    try (InputStream in =
        AnalyticsSchemaTest.class.getClassLoader().getResourceAsStream("db/analytics/" + name)) {
      assertThat(in).as("db/analytics/%s on the classpath", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
