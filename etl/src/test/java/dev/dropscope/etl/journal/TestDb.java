package dev.dropscope.etl.journal;

import static dev.dropscope.etl.db.dropscope.Tables.JOURNAL_SEGMENTS;

import dev.dropscope.etl.config.DatabaseConfig;
import dev.dropscope.etl.config.JournalSourceConfig;
import dev.dropscope.etl.config.ReaderConfig;
import dev.dropscope.etl.run.Source;
import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.DatabaseException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Table;

/** A real embedded PostgreSQL for the journal tests, emptied between tests. */
final class TestDb implements AutoCloseable {
  /** Every table the journal loads into, and its watermarks. */
  static final String JOURNAL_TABLES =
      "dropscope.events, dropscope.airdrop_claims, dropscope.airdrop_interactions,"
          + " dropscope.portfolio_snapshots, dropscope.portfolio_positions, dropscope.trades,"
          + " dropscope.gateway_transactions, dropscope.journal_segments";

  final Database db;

  TestDb(Path dataDir) throws DatabaseException {
    db =
        Database.open(
            new DatabaseConfig(null, null, null, dataDir), ReaderConfig.defaults(), Map.of());
  }

  DSLContext dsl() {
    return db.dsl();
  }

  void empty() {
    db.dsl().execute("TRUNCATE " + JOURNAL_TABLES);
  }

  int count(Table<?> table) {
    return db.dsl().fetchCount(table);
  }

  /** The watermark of the segment named like {@code segment}'s file, or null. */
  Long offset(Path segment) {
    return db.dsl()
        .select(JOURNAL_SEGMENTS.OFFSET)
        .from(JOURNAL_SEGMENTS)
        .where(JOURNAL_SEGMENTS.SEGMENT.eq(segment.getFileName().toString()))
        .fetchOne(JOURNAL_SEGMENTS.OFFSET);
  }

  /** One catch-up of the journal in {@code dir}. */
  Source.Progress load(Path dir, int batch) throws Exception {
    return new JournalSource(new JournalSourceConfig(dir, batch)).catchUp(db, Instant.now());
  }

  Source.Progress load(Path dir) throws Exception {
    return load(dir, 5_000);
  }

  @Override
  public void close() {
    db.close();
  }
}
