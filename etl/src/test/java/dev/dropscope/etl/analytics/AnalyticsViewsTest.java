package dev.dropscope.etl.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.etl.analytics.Rows.AirdropTimingForecast;
import dev.dropscope.etl.analytics.Rows.OptimizationSuggestion;
import dev.dropscope.etl.analytics.Rows.PortfolioDaily;
import dev.dropscope.etl.analytics.Rows.ProtocolRoiByModel;
import dev.dropscope.etl.analytics.ViewRows.Expectation;
import dev.dropscope.etl.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every analytics view, on a seeded synthetic history written straight into the ETL's tables,
 * equals what the reference computes from the same rows read back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsViewsTest {
  Database db;
  Dataset generated;
  Dataset stored;
  List<Expectation> expectations;

  @BeforeAll
  void load(@TempDir Path dir) throws Exception {
    db = AnalyticsDatabase.open(dir);
    generated = SyntheticDataset.generate(AnalyticsDatabase.SEED);
    try (Connection c = db.connection()) {
      DatasetTables.insert(c, generated);
      stored = DatasetTables.read(c);
      expectations = Reference.expectations(stored, Jdbc.today(c));
    }
  }

  @AfterAll
  void close() {
    db.close();
  }

  @Test
  void the_tables_give_back_the_generated_rows() {
    assertThat(stored.claims()).containsExactlyInAnyOrderElementsOf(generated.claims());
    assertThat(stored.interactions()).containsExactlyInAnyOrderElementsOf(generated.interactions());
    assertThat(stored.snapshots()).containsExactlyInAnyOrderElementsOf(generated.snapshots());
    assertThat(stored.samples()).containsExactlyInAnyOrderElementsOf(generated.samples());
    assertThat(stored.trades()).containsExactlyInAnyOrderElementsOf(generated.trades());
    assertThat(stored.manualCosts()).containsExactlyInAnyOrderElementsOf(generated.manualCosts());
    assertThat(stored.plans()).containsExactlyInAnyOrderElementsOf(generated.plans());
    assertThat(stored.loadedTo()).isEqualTo(generated.loadedTo());
  }

  @TestFactory
  Stream<DynamicTest> each_view_equals_the_reference() throws SQLException {
    return ViewRows.eachMatches(db, stored);
  }

  @Test
  void the_reference_covers_every_view_in_schema_analytics() throws SQLException {
    List<String> views;
    try (Connection c = db.connection()) {
      views =
          Jdbc.strings(
              c,
              "SELECT table_name FROM information_schema.views"
                  + " WHERE table_schema = 'analytics' AND table_name NOT IN"
                  // the ETL's read contract: what it loaded, as it loaded it
                  + " ('metric_samples', 'metric_rollups_5m', 'metric_rollups_1h')");
    }
    assertThat(views)
        .containsExactlyInAnyOrderElementsOf(expectations.stream().map(Expectation::view).toList());
  }

  @Test
  void the_dataset_reaches_every_suggestion_rule() {
    assertThat(rows("optimization_suggestions", OptimizationSuggestion.class))
        .extracting(OptimizationSuggestion::rule)
        .contains(
            "pause_unprofitable",
            "fix_failing_claims",
            "scale_best_roi",
            "reduce_var",
            "reduce_concentration",
            "add_positions",
            "spread_fees");
  }

  @Test
  void the_dataset_reaches_every_forecast_confidence_and_a_protocol_without_intervals() {
    List<AirdropTimingForecast> forecast =
        rows("airdrop_timing_forecast", AirdropTimingForecast.class);
    assertThat(forecast)
        .extracting(AirdropTimingForecast::confidence)
        .contains("HIGH", "MEDIUM", "LOW");
    assertThat(forecast).anyMatch(f -> f.meanInterval() == null && f.nextWindowStart() == null);
    assertThat(forecast).anyMatch(f -> f.seasons() == 2); // one interval: spread = mean / 2
  }

  @Test
  void the_dataset_reaches_the_edges_of_returns_and_cost_models() {
    List<PortfolioDaily> daily = rows("portfolio_daily", PortfolioDaily.class);
    // the first day, and the day after the day without snapshots, have no return
    assertThat(daily.stream().filter(d -> d.dailyReturn() == null)).hasSize(2);
    List<ProtocolRoiByModel> models = rows("protocol_roi_by_model", ProtocolRoiByModel.class);
    assertThat(models)
        .anyMatch(m -> m.costModel().equals("estimated") && m.costUsd() == null)
        .anyMatch(m -> m.protocol().equals("monad") && m.revenueUsd().signum() == 0);
  }

  /** The SELECT examples of docs/analytics.md (those without Grafana macros). */
  @Test
  void the_example_queries_of_the_docs_return_rows() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "analytics.md"));
    Matcher block = Pattern.compile("```sql\n(.*?)```", Pattern.DOTALL).matcher(doc);
    List<String> queries = new ArrayList<>();
    while (block.find()) {
      String sql = block.group(1).strip();
      if (sql.startsWith("SELECT") && !sql.contains("$__")) {
        queries.add(sql);
      }
    }
    assertThat(queries).hasSizeGreaterThanOrEqualTo(5);
    try (Connection c = db.connection()) {
      for (String sql : queries) {
        assertThat(Jdbc.readAll(c, "(" + sql.replaceAll(";$", "") + ") example"))
            .as(sql)
            .isPositive();
      }
    }
  }

  private <T extends Record> List<T> rows(String view, Class<T> type) {
    return expectations.stream()
        .filter(e -> e.view().equals(view))
        .flatMap(e -> e.rows().stream())
        .map(type::cast)
        .toList();
  }
}
