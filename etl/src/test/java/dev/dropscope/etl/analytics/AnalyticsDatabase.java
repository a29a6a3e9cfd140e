package dev.dropscope.etl.analytics;

import dev.dropscope.etl.config.DatabaseConfig;
import dev.dropscope.etl.config.ReaderConfig;
import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.DatabaseException;
import java.nio.file.Path;
import java.util.Map;

/** The embedded PostgreSQL of a view test, migrated by the ETL as every command migrates it. */
final class AnalyticsDatabase {
  /** The seed of the synthetic history the view tests share. */
  static final long SEED = 20_260_105L;

  private AnalyticsDatabase() {}

  /** A new database under {@code dir}, without a reader password. */
  static Database open(Path dir) throws DatabaseException {
    return Database.open(
        new DatabaseConfig(null, null, null, dir.resolve("pg")), ReaderConfig.defaults(), Map.of());
  }
}
