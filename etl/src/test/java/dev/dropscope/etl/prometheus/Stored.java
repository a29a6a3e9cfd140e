package dev.dropscope.etl.prometheus;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropscope.etl.prometheus.RollupReference.Sample;
import dev.dropscope.etl.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** What the ETL left in PostgreSQL, read back for assertions. */
final class Stored {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Stored() {}

  /** Every stored sample, per series, in time order. */
  static Map<SeriesKey, List<Sample>> samples(Database db) throws SQLException {
    Map<SeriesKey, List<Sample>> out = new TreeMap<>(Comparator.comparing(SeriesKey::toString));
    query(
        db,
        "SELECT s.metric, s.labels::text, (extract(epoch FROM x.ts) * 1000)::bigint, x.value"
            + " FROM dropscope.samples x JOIN dropscope.series s ON s.id = x.series_id"
            + " ORDER BY s.id, x.ts",
        rs ->
            out.computeIfAbsent(key(rs), k -> new ArrayList<>())
                .add(new Sample(rs.getLong(3), rs.getDouble(4))));
    return out;
  }

  /** Each series' kind. */
  static Map<SeriesKey, String> kinds(Database db) throws SQLException {
    Map<SeriesKey, String> out = new TreeMap<>(Comparator.comparing(SeriesKey::toString));
    query(
        db,
        "SELECT metric, labels::text, kind FROM dropscope.series",
        rs -> out.put(key(rs), rs.getString(3)));
    return out;
  }

  /** A rollup table's rows as text, keyed by series and bucket, for whole-table comparisons. */
  static List<String> rollups(Database db, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    query(
        db,
        "SELECT s.metric || s.labels::text || ' ' || r.bucket || ' ' || r.min || ' ' || r.max"
            + " || ' ' || r.avg || ' ' || r.last || ' ' || r.count || ' ' || coalesce(r.increase::text, '-')"
            + " FROM dropscope."
            + table
            + " r JOIN dropscope.series s ON s.id = r.series_id"
            + " ORDER BY 1",
        rs -> out.add(rs.getString(1)));
    return out;
  }

  /** The increase column per bucket (milliseconds) of one series' rollup table. */
  static Map<Long, Double> increases(Database db, String table, SeriesKey series)
      throws SQLException {
    Map<Long, Double> out = new TreeMap<>();
    query(
        db,
        "SELECT s.metric, s.labels::text, (extract(epoch FROM r.bucket) * 1000)::bigint, r.increase"
            + " FROM dropscope."
            + table
            + " r JOIN dropscope.series s ON s.id = r.series_id",
        rs -> {
          if (key(rs).equals(series)) {
            long bucket = rs.getLong(3);
            double v = rs.getDouble(4);
            out.put(bucket, rs.wasNull() ? null : v);
          }
        });
    return out;
  }

  /** Source name to watermark (milliseconds). */
  static Map<String, Long> watermarks(Database db) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    query(
        db,
        "SELECT source, (extract(epoch FROM loaded_to) * 1000)::bigint FROM dropscope.watermarks",
        rs -> out.put(rs.getString(1), rs.getLong(2)));
    return out;
  }

  static long count(Database db, String sql) throws SQLException {
    long[] n = new long[1];
    query(db, sql, rs -> n[0] = rs.getLong(1));
    return n[0];
  }

  static void execute(Database db, String sql) throws SQLException {
    try (Connection c = db.connection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @FunctionalInterface
  interface Row {
    void accept(ResultSet rs) throws SQLException;
  }

  private static void query(Database db, String sql, Row row) throws SQLException {
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        row.accept(rs);
      }
    }
  }

  private static SeriesKey key(ResultSet rs) throws SQLException {
    try {
      SortedMap<String, String> labels =
          JSON.readValue(rs.getString(2), new TypeReference<TreeMap<String, String>>() {});
      return new SeriesKey(rs.getString(1), labels);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
