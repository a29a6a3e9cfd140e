package dev.dropscope.etl.report;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A small report with every section, for rendering tests. */
final class Reports {
  private Reports() {}

  static Report sample() {
    Instant t0 = Instant.parse("2026-10-01T00:00:00Z");
    return new Report(
        Instant.parse("2026-11-22T12:00:00Z"),
        t0,
        Instant.parse("2026-11-01T00:00:00Z"),
        List.of(
            table(
                "protocols",
                List.of(
                    "protocol",
                    "attempts",
                    "successes",
                    "success_rate",
                    "revenue_usd",
                    "cost_usd",
                    "profit_usd",
                    "roi"),
                List.of(
                    row("layerzero", 40L, 30L, 0.75, 1200.5, 80.25, 1120.25, 13.959501557632398),
                    row("zk, \"sync\" <b>", 10L, 2L, 0.2, 10.0, 40.0, -30.0, -0.75))),
            table(
                "claims_daily",
                List.of("day", "protocol", "attempts", "successes", "success_rate"),
                List.of(
                    row(t0, "layerzero", 4L, 3L, 0.75),
                    row(t0.plusSeconds(86_400), "layerzero", 2L, 2L, 1.0))),
            table(
                "portfolio_value",
                List.of("ts", "value_usd"),
                List.of(row(t0, 1000.0), row(t0.plusSeconds(86_400), 1100.0))),
            table(
                "portfolio_metrics",
                List.of("total_value_usd", "hhi", "effective_n", "largest_position_ratio"),
                List.of(row(1100.0, 0.5, 2.0, 0.6))),
            table(
                "portfolio_risk",
                List.of("var_95", "var_99", "cvar_95", "max_drawdown", "sharpe", "sortino"),
                List.of(row(0.02, 0.03, 0.025, 0.1, 1.5, Double.NaN))),
            table("benchmarks", List.of("benchmark", "alpha"), List.of()),
            table("forecast", List.of("protocol", "confidence"), List.of(row("layerzero", null))),
            table(
                "suggestions",
                List.of("strategy", "priority"),
                List.of(row("roi_maximization", 1L)))));
  }

  private static Table table(String id, List<String> columns, List<List<Object>> rows) {
    return new Table(id, "Title of " + id, "Note of " + id, columns, rows);
  }

  private static List<Object> row(Object... cells) {
    return Arrays.asList(cells);
  }
}
