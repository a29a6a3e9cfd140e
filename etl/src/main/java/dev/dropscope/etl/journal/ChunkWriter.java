package dev.dropscope.etl.journal;

import static dev.dropscope.etl.db.dropscope.Tables.EVENTS;
import static dev.dropscope.etl.db.dropscope.Tables.JOURNAL_SEGMENTS;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConnectionProvider;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes chunks over one connection, each in one transaction: its rows and its segment's new
 * watermark commit together, so a crash leaves a chunk wholly loaded or not at all. Rows whose key
 * is already present are skipped, so loading a record twice changes nothing.
 */
final class ChunkWriter implements AutoCloseable {
  private static final String UNIQUE_VIOLATION = "23505";

  private final Connection connection;
  private final CopyManager copy;
  private final DSLContext dsl;

  private ChunkWriter(Connection connection) throws SQLException {
    this.connection = connection;
    this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
    this.dsl = DSL.using(new DefaultConnectionProvider(connection), SQLDialect.POSTGRES);
  }

  /** Takes over {@code connection} (closing it when closed) and creates the staging tables. */
  static ChunkWriter open(Connection connection) throws SQLException {
    ChunkWriter writer = new ChunkWriter(connection);
    try (Statement s = connection.createStatement()) {
      for (Target t : EventTables.TARGETS) {
        s.execute(t.createStage());
      }
      connection.setAutoCommit(false);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    return writer;
  }

  /** Every segment's watermark: the byte offset just after the last record loaded. */
  Map<String, Long> watermarks() throws SQLException {
    try {
      Map<String, Long> marks =
          dsl.select(JOURNAL_SEGMENTS.SEGMENT, JOURNAL_SEGMENTS.OFFSET)
              .from(JOURNAL_SEGMENTS)
              .fetchMap(JOURNAL_SEGMENTS.SEGMENT, JOURNAL_SEGMENTS.OFFSET);
      connection.commit();
      return marks;
    } catch (DataAccessException e) {
      throw sqlException(e);
    }
  }

  /**
   * Loads a chunk's rows and moves its segment's watermark to {@code nextOffset}, in one
   * transaction.
   *
   * @return the records inserted into {@code dropscope.events}: those not loaded before
   */
  long write(ChunkRows rows, String segment, long nextOffset) throws SQLException {
    try {
      long inserted = -1;
      if (noneLoadedYet(rows)) {
        inserted = copyToTables(rows);
      }
      if (inserted < 0) {
        inserted = insertSkippingPresent(rows);
      }
      moveWatermark(segment, nextOffset, inserted);
      connection.commit();
      return inserted;
    } catch (SQLException e) {
      rollbackQuietly(e);
      throw e;
    }
  }

  /**
   * Whether no row of the chunk can be in its tables yet: its ids are distinct, and no event lies
   * between its lowest and highest id. Ids grow in write order, so this holds for every chunk read
   * for the first time; one index probe tells.
   */
  private boolean noneLoadedYet(ChunkRows rows) throws SQLException {
    if (rows.eventRows() == 0 || rows.repeatedIds()) {
      return false;
    }
    try {
      return !dsl.fetchExists(
          EVENTS,
          EVENTS.ID.between(UUID.fromString(rows.lowestId()), UUID.fromString(rows.highestId())));
    } catch (DataAccessException e) {
      throw sqlException(e);
    }
  }

  /**
   * The fast path: COPY straight into the tables. Returns the events inserted, or -1 when a row was
   * there after all (another loader, or a typed row left behind by hand): the transaction is then
   * rolled back for the other path.
   */
  private long copyToTables(ChunkRows rows) throws SQLException {
    try {
      for (Map.Entry<Target, CopyBuffer> e : rows.rows().entrySet()) {
        copy(e.getKey().copyToTable(), e.getValue());
      }
      return rows.eventRows();
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
      connection.rollback();
      return -1;
    }
  }

  /**
   * The path for rows that may be loaded already: COPY into the staging tables, then insert from
   * there, skipping rows whose key is present. Returns the events inserted.
   */
  private long insertSkippingPresent(ChunkRows rows) throws SQLException {
    for (Map.Entry<Target, CopyBuffer> e : rows.rows().entrySet()) {
      copy(e.getKey().copyToStage(), e.getValue());
    }
    long inserted = 0;
    try (Statement s = connection.createStatement()) {
      for (Map.Entry<Target, CopyBuffer> e : rows.rows().entrySet()) {
        if (!e.getValue().isEmpty()) {
          int n = s.executeUpdate(e.getKey().insert());
          if (e.getKey() == EventTables.ALL_EVENTS) {
            inserted = n;
          }
        }
      }
    }
    return inserted;
  }

  private void copy(String sql, CopyBuffer rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try {
      copy.copyIn(sql, new ByteArrayInputStream(rows.bytes()));
    } catch (IOException e) { // the rows are in memory: only the connection can fail
      throw new SQLException(sql + " failed: " + e, "08006", e);
    }
  }

  private void moveWatermark(String segment, long nextOffset, long inserted) throws SQLException {
    try {
      dsl.insertInto(
              JOURNAL_SEGMENTS,
              JOURNAL_SEGMENTS.SEGMENT,
              JOURNAL_SEGMENTS.OFFSET,
              JOURNAL_SEGMENTS.RECORDS)
          .values(segment, nextOffset, inserted)
          .onConflict(JOURNAL_SEGMENTS.SEGMENT)
          .doUpdate()
          // never backwards, should two syncs run at once
          .set(
              JOURNAL_SEGMENTS.OFFSET,
              DSL.greatest(JOURNAL_SEGMENTS.OFFSET, DSL.excluded(JOURNAL_SEGMENTS.OFFSET)))
          .set(
              JOURNAL_SEGMENTS.RECORDS,
              JOURNAL_SEGMENTS.RECORDS.plus(DSL.excluded(JOURNAL_SEGMENTS.RECORDS)))
          .set(JOURNAL_SEGMENTS.UPDATED_AT, DSL.currentOffsetDateTime())
          .execute();
    } catch (DataAccessException e) {
      throw sqlException(e);
    }
  }

  private void rollbackQuietly(Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** The SQLException under a jOOQ exception, so callers handle one kind. */
  private static SQLException sqlException(DataAccessException e) {
    SQLException cause = e.getCause(SQLException.class);
    return cause != null ? cause : new SQLException(e.getMessage(), e.sqlState(), e);
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
