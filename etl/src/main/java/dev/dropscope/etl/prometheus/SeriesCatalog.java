package dev.dropscope.etl.prometheus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dropscope.etl.store.Database;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
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
          RETURNING id)
      SELECT id FROM added
      UNION ALL
      SELECT id FROM dropscope.series WHERE hash = md5(? || ?::jsonb::text)::uuid
      LIMIT 1
      """;

  private final Map<SeriesKey, Long> ids = new HashMap<>();
  private final Supplier<MetricKinds> kindSource;
  private MetricKinds kinds; // fetched on the first new series of a run

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

  /** One window's use of the catalog; its connection opens on the first unknown series. */
  Session session(Database db) {
    return new Session(db);
  }

  final class Session implements AutoCloseable {
    private final Database db;
    private Connection connection;
    private PreparedStatement upsert;

    private Session(Database db) {
      this.db = db;
    }

    long id(String metric, SortedMap<String, String> labels) throws SQLException {
      String name = metric != null ? metric : "";
      SeriesKey key = new SeriesKey(name, labels);
      Long id = ids.get(key);
      if (id != null) {
        return id;
      }
      long found = upsert(name, labels);
      ids.put(key, found);
      return found;
    }

    private long upsert(String metric, SortedMap<String, String> labels) throws SQLException {
      if (connection == null) {
        connection = db.connection();
        connection.setAutoCommit(true);
        upsert = connection.prepareStatement(UPSERT);
      }
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
            return rs.getLong(1);
          }
        }
      }
      throw new SQLException("series " + metric + json + " neither inserted nor found");
    }

    @Override
    public void close() throws SQLException {
      if (connection != null) {
        connection.close();
      }
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
