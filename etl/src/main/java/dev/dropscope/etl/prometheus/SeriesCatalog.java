package dev.dropscope.etl.prometheus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.dropscope.etl.store.Database;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code dropscope.series}: the id of each (metric, labels without {@code __name__}), cached in
 * memory for the life of the source. A series met for the first time is upserted on a second,
 * autocommit connection (the window's own is busy with its COPY), so its id is fixed at once and
 * holds whether or not the window commits; a series row without samples is harmless.
 */
final class SeriesCatalog {
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * Inserts the series unless its hash exists, and returns its id either way. The SELECT branch
   * does not see a row the INSERT branch adds, nor one a concurrent command committed after this
   * statement began: then neither branch answers and the caller asks again.
   */
  private static final String UPSERT =
      """
      WITH added AS (
          INSERT INTO dropscope.series (metric, labels, kind) VALUES (?, ?::jsonb, ?)
          ON CONFLICT ON CONSTRAINT series_hash_unique DO NOTHING
          RETURNING id, kind)
      SELECT id, kind FROM added
      UNION ALL
      SELECT id, kind FROM dropscope.series WHERE hash = md5(? || ?::jsonb::text)::uuid
      LIMIT 1
      """;

  /**
   * Many series at once, for a run's start: each input row's ordinal with its id and kind, whether
   * it was added now or existed. A row a concurrent command adds meanwhile has no answer; it is
   * asked for alone when its samples come.
   */
  private static final String UPSERT_MANY =
      """
      WITH input AS (
          SELECT i.metric, i.labels::jsonb AS labels, i.kind, i.n
          FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS i(metric, labels, kind, n)),
      added AS (
          INSERT INTO dropscope.series (metric, labels, kind)
          SELECT metric, labels, kind FROM input
          ON CONFLICT ON CONSTRAINT series_hash_unique DO NOTHING
          RETURNING id, hash, kind)
      SELECT i.n, a.id, a.kind FROM added a JOIN input i ON a.hash = md5(i.metric || i.labels::text)::uuid
      UNION ALL
      SELECT i.n, s.id, s.kind FROM input i
      JOIN dropscope.series s ON s.hash = md5(i.metric || i.labels::text)::uuid
      """;

  private static final String ALL = "SELECT id, metric, labels::text, kind FROM dropscope.series";

  private final Map<SeriesKey, Resolved> ids = new HashMap<>();
  private final Supplier<MetricKinds> kindSource;
  private MetricKinds kinds; // fetched on the first new series of a run
  private boolean preloaded;

  /**
   * @param kindSource fetches the server's metadata when a new series needs its kind
   */
  SeriesCatalog(Supplier<MetricKinds> kindSource) {
    this.kindSource = kindSource;
  }

  /** Forgets the fetched metadata, so that a new run asks again for names it did not know. */
  void refreshKinds() {
    kinds = null;
  }

  /** A series' id, and whether its rollups carry an increase. */
  record Resolved(long id, boolean counterLike) {}

  /** One run's use of the catalog; its connection opens on the first unknown series. */
  Session session(Database db) {
    return new Session(db);
  }

  /** Serves the windows streaming side by side: its methods take turns. */
  final class Session implements AutoCloseable {
    private final Database db;
    private Connection connection;
    private PreparedStatement upsert;

    private Session(Database db) {
      this.db = db;
    }

    /**
     * Makes sure {@code expected} series are known, in two statements whatever their number: the
     * stored catalog is read once per source, and the series not in it are inserted together.
     */
    synchronized void prepare(List<SeriesKey> expected) throws SQLException {
      open();
      if (!preloaded) {
        try (Statement s = connection.createStatement();
            ResultSet rs = s.executeQuery(ALL)) {
          while (rs.next()) {
            String metric = rs.getString(2);
            ids.put(
                new SeriesKey(metric, labels(rs.getString(3))),
                new Resolved(rs.getLong(1), Rollups.counterLike(rs.getString(4), metric)));
          }
        }
        preloaded = true;
      }
      List<SeriesKey> missing =
          expected.stream().filter(k -> !ids.containsKey(k)).distinct().toList();
      if (missing.isEmpty()) {
        return;
      }
      if (kinds == null) {
        kinds = kindSource.get();
      }
      String[] metrics = new String[missing.size()];
      String[] labels = new String[missing.size()];
      String[] kindsOf = new String[missing.size()];
      for (int i = 0; i < metrics.length; i++) {
        metrics[i] = missing.get(i).metric();
        labels[i] = json(missing.get(i).labels());
        kindsOf[i] = kinds.kind(metrics[i]);
      }
      try (PreparedStatement p = connection.prepareStatement(UPSERT_MANY)) {
        p.setArray(1, connection.createArrayOf("text", metrics));
        p.setArray(2, connection.createArrayOf("text", labels));
        p.setArray(3, connection.createArrayOf("text", kindsOf));
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            int i = (int) rs.getLong(1) - 1;
            ids.put(
                missing.get(i),
                new Resolved(rs.getLong(2), Rollups.counterLike(rs.getString(3), metrics[i])));
          }
        }
      }
    }

    synchronized Resolved resolve(String metric, SortedMap<String, String> labels)
        throws SQLException {
      String name = metric != null ? metric : "";
      SeriesKey key = new SeriesKey(name, labels);
      Resolved known = ids.get(key);
      if (known != null) {
        return known;
      }
      Resolved found = upsert(name, labels);
      ids.put(key, found);
      return found;
    }

    private void open() throws SQLException {
      if (connection == null) {
        connection = db.connection();
        connection.setAutoCommit(true);
        upsert = connection.prepareStatement(UPSERT);
      }
    }

    private Resolved upsert(String metric, SortedMap<String, String> labels) throws SQLException {
      open();
      if (kinds == null) {
        kinds = kindSource.get();
      }
      String json = json(labels);
      upsert.setString(1, metric);
      upsert.setString(2, json);
      upsert.setString(3, kinds.kind(metric));
      upsert.setString(4, metric);
      upsert.setString(5, json);
      for (int attempt = 0; attempt < 3; attempt++) {
        try (ResultSet rs = upsert.executeQuery()) {
          if (rs.next()) {
            return new Resolved(rs.getLong(1), Rollups.counterLike(rs.getString(2), metric));
          }
        }
      }
      throw new SQLException("series " + metric + json + " neither inserted nor found");
    }

    @Override
    public synchronized void close() throws SQLException {
      if (connection != null) {
        connection.close();
      }
    }
  }

  /** Labels from their JSON object. */
  static SortedMap<String, String> labels(String json) {
    try (JsonParser p = JSON.createParser(json)) {
      SortedMap<String, String> labels = new TreeMap<>();
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not an object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        labels.put(name, p.getValueAsString());
      }
      return labels;
    } catch (IOException e) {
      throw new IllegalStateException(
          "dropscope.series holds labels that are not an object: " + json, e);
    }
  }

  /** Labels as a JSON object (PostgreSQL's jsonb puts the keys in its own canonical order). */
  static String json(SortedMap<String, String> labels) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      for (Map.Entry<String, String> e : labels.entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }
}
