package dev.dropscope.etl.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Plain JDBC for the analytics tests: statements in, records out. */
final class Jdbc {
  private Jdbc() {}

  /** Maps the current row of a result set. */
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** The values one row binds, in parameter order. */
  interface Binder<T> {
    Object[] values(T row);
  }

  static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper) throws SQLException {
    List<T> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(mapper.map(rs));
      }
    }
    return rows;
  }

  /** The first column of every row, as text. */
  static List<String> strings(Connection c, String sql) throws SQLException {
    return query(c, sql, rs -> rs.getString(1));
  }

  /** The number of rows {@code from} (a relation, optionally with a WHERE clause) holds. */
  static long count(Connection c, String from) throws SQLException {
    return query(c, "SELECT count(*) FROM " + from, rs -> rs.getLong(1)).getFirst();
  }

  /**
   * Reads every column of every row of {@code relation} (so that each expression in a view is
   * evaluated, which count(*) alone would not ensure); returns the number of rows.
   */
  static long readAll(Connection c, String relation) throws SQLException {
    return query(
            c,
            "SELECT * FROM " + relation,
            rs -> {
              for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                rs.getObject(i);
              }
              return 1;
            })
        .size();
  }

  /** Runs {@code sql} once for each row, as one batch. */
  static <T> void batch(Connection c, String sql, List<T> rows, Binder<T> binder)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (T row : rows) {
        bind(ps, binder.values(row));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  static void bind(PreparedStatement ps, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      ps.setObject(i + 1, values[i] instanceof Instant t ? utc(t) : values[i]);
    }
  }

  static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }

  /** The database's current date in UTC (monthly manual costs accrue up to it). */
  static LocalDate today(Connection c) throws SQLException {
    return query(
            c, "SELECT (now() AT TIME ZONE 'UTC')::date", rs -> rs.getObject(1, LocalDate.class))
        .getFirst();
  }

  /** A timestamptz column as an instant, or null. */
  static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
