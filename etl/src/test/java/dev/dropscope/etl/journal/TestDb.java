package dev.dropscope.etl.journal;

import static dev.dropscope.etl.db.dropscope.Tables.JOURNAL_SEGMENTS;

import dev.dropscope.etl.config.DatabaseConfig;
import dev.dropscope.etl.config.JournalSourceConfig;
import dev.dropscope.etl.config.ReaderConfig;
import dev.dropscope.etl.run.Source;
import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.DatabaseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.Table;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real embedded PostgreSQL for the journal tests. Either opened on a data directory, or shared by
 * a test class as an extension ({@code @RegisterExtension static final TestDb pg = new TestDb();}),
 * which starts it in a temporary directory before the class and removes it after.
 */
final class TestDb implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  /** Every table the journal loads into, and its watermarks. */
  static final String JOURNAL_TABLES =
      "dropscope.events, dropscope.airdrop_claims, dropscope.airdrop_interactions,"
          + " dropscope.portfolio_snapshots, dropscope.portfolio_positions, dropscope.trades,"
          + " dropscope.gateway_transactions, dropscope.journal_segments";

  Database db;
  private Path temporary;
  private int classes; // the registering class and its @Nested classes, open now

  TestDb(Path dataDir) throws DatabaseException {
    db = open(dataDir);
  }

  /** Opened before the test class that registers it. */
  TestDb() {}

  private static Database open(Path dataDir) throws DatabaseException {
    return Database.open(
        new DatabaseConfig(null, null, null, dataDir), ReaderConfig.defaults(), Map.of());
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (classes++ == 0) {
      temporary = Files.createTempDirectory("dropscope-test-pg");
      db = open(temporary);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (--classes > 0) {
      return;
    }
    close();
    try (Stream<Path> files = Files.walk(temporary)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
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
