package dev.dropscope.etl.report;

import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.DatabaseException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Reads a {@link Report} from the analytics views. */
public final class ReportLoader {
  private ReportLoader() {}

  /** A section: its query takes the range as two timestamptz parameters when {@code ranged}. */
  private record Section(String id, String title, String note, String sql, boolean ranged) {}

  private static final List<Section> SECTIONS =
      List.of(
          new Section(
              "protocols",
              "Protocols",
              "All time. Revenue: value of successful claims; cost: fees of every claim and"
                  + " interaction; roi = profit / cost.",
              "SELECT coalesce(r.protocol, o.protocol) AS protocol, r.attempts, r.successes,"
                  + " r.success_rate, o.revenue_usd, o.cost_usd, o.profit_usd, o.roi"
                  + " FROM analytics.claim_success_rate r"
                  + " FULL JOIN analytics.protocol_roi o ON o.protocol = r.protocol"
                  + " ORDER BY o.profit_usd DESC NULLS LAST, 1",
              false),
          new Section(
              "claims_daily",
              "Claim success by day",
              "Claims attempted and succeeded per UTC day and protocol, in the report's range.",
              "SELECT day, protocol, attempts, successes, success_rate"
                  + " FROM analytics.claim_success_daily"
                  + " WHERE day >= ? AND day < ?"
                  + " ORDER BY day, protocol",
              true),
          new Section(
              "portfolio_value",
              "Portfolio value",
              "Sum over wallets of each wallet's latest snapshot, at every snapshot in the range.",
              // the function computes the range only, not the whole history the view holds
              "WITH r (from_ts, to_ts) AS (VALUES (?::timestamptz, ?::timestamptz))"
                  + " SELECT v.ts, v.value_usd FROM r"
                  + " CROSS JOIN LATERAL analytics.portfolio_value_between(r.from_ts, r.to_ts) v"
                  + " WHERE v.ts < r.to_ts ORDER BY v.ts",
              true),
          new Section(
              "portfolio_metrics",
              "Portfolio concentration",
              "On each wallet's latest snapshot: hhi = sum of squared token shares, effective_n ="
                  + " 1 / hhi.",
              "SELECT total_value_usd, hhi, effective_n, largest_position_ratio"
                  + " FROM analytics.portfolio_metrics",
              false),
          new Section(
              "portfolio_risk",
              "Portfolio risk",
              "From daily returns of the portfolio value: VaR and CVaR as loss fractions, max"
                  + " drawdown 0..1, Sharpe and Sortino annualized with sqrt(365).",
              "SELECT var_95, var_99, cvar_95, max_drawdown, sharpe, sortino"
                  + " FROM analytics.portfolio_risk",
              false),
          new Section(
              "benchmarks",
              "Against ETH and BTC",
              "Portfolio and benchmark returns over the common days; alpha and beta from daily"
                  + " returns.",
              "SELECT benchmark, portfolio_return, benchmark_return, alpha, beta"
                  + " FROM analytics.benchmark_comparison ORDER BY benchmark",
              false),
          new Section(
              "forecast",
              "Next airdrop seasons",
              "From the cadence of each protocol's past distribution seasons.",
              "SELECT protocol, last_event, mean_interval::text AS mean_interval,"
                  + " next_window_start, next_window_end, confidence"
                  + " FROM analytics.airdrop_timing_forecast ORDER BY next_window_start NULLS LAST",
              false),
          new Section(
              "suggestions",
              "Suggestions",
              "What to do next, by strategy, highest priority first.",
              "SELECT strategy, protocol, suggestion, expected_impact_usd, priority"
                  + " FROM analytics.optimization_suggestions"
                  + " ORDER BY priority, expected_impact_usd DESC NULLS LAST",
              false));

  /**
   * Loads every section.
   *
   * @throws DatabaseException naming the section whose view failed
   */
  public static Report load(Database db, Instant from, Instant to) throws DatabaseException {
    List<Table> tables = new ArrayList<>();
    try (Connection c = db.connection()) {
      c.setReadOnly(true);
      for (Section s : SECTIONS) {
        try (PreparedStatement ps = c.prepareStatement(s.sql())) {
          if (s.ranged()) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
          }
          try (ResultSet rs = ps.executeQuery()) {
            tables.add(table(s, rs));
          }
        } catch (SQLException e) {
          throw new DatabaseException(
              "report section " + s.id() + " cannot be read: " + e.getMessage(), e);
        }
      }
    } catch (SQLException e) {
      throw new DatabaseException("cannot read the report from " + db.description(), e);
    }
    return new Report(Instant.now(), from, to, tables);
  }

  private static Table table(Section s, ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    List<String> columns = new ArrayList<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      columns.add(md.getColumnLabel(i));
    }
    List<List<Object>> rows = new ArrayList<>();
    while (rs.next()) {
      List<Object> row = new ArrayList<>(columns.size());
      for (int i = 1; i <= columns.size(); i++) {
        row.add(cell(rs, i, md.getColumnType(i)));
      }
      rows.add(row);
    }
    return new Table(s.id(), s.title(), s.note(), columns, rows);
  }

  private static Object cell(ResultSet rs, int i, int type) throws SQLException {
    Object v =
        switch (type) {
          case Types.BIGINT, Types.INTEGER, Types.SMALLINT -> rs.getLong(i);
          case Types.DOUBLE, Types.FLOAT, Types.REAL -> rs.getDouble(i);
          case Types.NUMERIC, Types.DECIMAL -> {
            BigDecimal d = rs.getBigDecimal(i);
            yield d == null ? null : d.doubleValue();
          }
          case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
            Timestamp t = rs.getTimestamp(i);
            yield t == null ? null : t.toInstant();
          }
          case Types.DATE -> {
            LocalDate d = rs.getObject(i, LocalDate.class);
            yield d == null ? null : d.toString();
          }
          default -> rs.getString(i);
        };
    return rs.wasNull() ? null : v;
  }
}
