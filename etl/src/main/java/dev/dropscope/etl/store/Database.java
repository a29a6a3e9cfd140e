package dev.dropscope.etl.store;

import dev.dropscope.etl.config.DatabaseConfig;
import dev.dropscope.etl.config.ReaderConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ETL's PostgreSQL: an external server ({@code database.jdbc_url}) or the embedded one under
 * {@code database.data_dir}, migrated to the current schema when opened.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  /** Environment variable holding the external database user's password. */
  public static final String PASSWORD_ENV = "DROPSCOPE_JDBC_PASSWORD";

  /** Environment variable holding the read-only role's password. */
  public static final String READER_PASSWORD_ENV = "DROPSCOPE_READER_PASSWORD";

  /** The role Grafana and reports log in as: SELECT on schema analytics only. */
  public static final String READER_ROLE = "dropscope_reader";

  /** Where the migrations live on the classpath: the ETL's tables, then the analytics views. */
  static final String[] MIGRATIONS = {"classpath:db/migration", "classpath:db/analytics"};

  private final DataSource dataSource;
  private final EmbeddedServer embedded; // null for an external database
  private final String description;
  private final DSLContext dsl;

  private Database(DataSource dataSource, EmbeddedServer embedded, String description) {
    this.dataSource = dataSource;
    this.embedded = embedded;
    this.description = description;
    this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
  }

  /**
   * Connects (starting the embedded server if that is the configuration), migrates the schema, and
   * sets the read-only role's password when one is configured.
   *
   * @param env the process environment, for the passwords' variables
   * @throws DatabaseException when the database cannot be reached or migrated, saying which
   */
  public static Database open(DatabaseConfig config, ReaderConfig reader, Map<String, String> env)
      throws DatabaseException {
    Database db = connect(config, env);
    try {
      db.migrate();
      db.setReaderPassword(readerPassword(reader, env));
      return db;
    } catch (DatabaseException | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** Connects without migrating: for {@link #open} and for tests of the migrations. */
  static Database connect(DatabaseConfig config, Map<String, String> env) throws DatabaseException {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    if (config.embedded()) {
      EmbeddedServer server;
      try {
        server = EmbeddedServer.startOrAttach(config.dataDir());
      } catch (IOException | RuntimeException e) {
        throw new DatabaseException(
            "cannot start the embedded PostgreSQL in " + config.dataDir() + ": " + e.getMessage(),
            e);
      }
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setUrl(server.jdbcUrl());
      ds.setUser("postgres");
      ds.setPassword(server.password());
      return new Database(
          ds,
          server,
          "embedded PostgreSQL in " + config.dataDir() + " (port " + server.port() + ")");
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(config.jdbcUrl());
    if (config.user() != null) {
      ds.setUser(config.user());
    }
    String password =
        secret(config.passwordFile(), env.get(PASSWORD_ENV), "database.password_file");
    if (password != null) {
      ds.setPassword(password);
    }
    ds.setApplicationName("dropscope-etl");
    return new Database(ds, null, "PostgreSQL at " + config.jdbcUrl());
  }

  private void migrate() throws DatabaseException {
    try {
      MigrateResult result =
          Flyway.configure()
              .dataSource(dataSource)
              .locations(MIGRATIONS)
              .schemas("dropscope", "analytics")
              .defaultSchema("dropscope")
              .load()
              .migrate();
      if (result.migrationsExecuted > 0) {
        log.info(
            "migrated {} to schema version {} ({} migrations)",
            description,
            result.targetSchemaVersion,
            result.migrationsExecuted);
      }
    } catch (RuntimeException e) {
      throw new DatabaseException("cannot migrate " + description + ": " + e.getMessage(), e);
    }
  }

  private void setReaderPassword(String password) throws DatabaseException {
    if (password == null) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      // a literal, not a bind parameter: utility statements take none; jOOQ quotes it
      s.execute(
          "ALTER ROLE " + READER_ROLE + " LOGIN PASSWORD " + dsl.render(DSL.inline(password)));
    } catch (SQLException e) {
      throw new DatabaseException(
          "cannot set the password of role "
              + READER_ROLE
              + " in "
              + description
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static String readerPassword(ReaderConfig reader, Map<String, String> env)
      throws DatabaseException {
    return secret(reader.passwordFile(), env.get(READER_PASSWORD_ENV), "reader.password_file");
  }

  /** A secret from a file (first line, trimmed) or else an environment variable. */
  private static String secret(Path file, String envValue, String key) throws DatabaseException {
    if (file != null) {
      try {
        String text = Files.readString(file).strip();
        if (text.isEmpty()) {
          throw new DatabaseException(key + ": " + file + " is empty; expected a password");
        }
        return text.lines().findFirst().orElseThrow();
      } catch (NoSuchFileException e) {
        throw new DatabaseException(key + ": " + file + " not found");
      } catch (IOException e) {
        throw new DatabaseException(key + ": cannot read " + file + " (" + e.getMessage() + ")");
      }
    }
    return envValue != null && !envValue.isBlank() ? envValue : null;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** A jOOQ context over {@link #dataSource()}: each statement takes a pooled-less connection. */
  public DSLContext dsl() {
    return dsl;
  }

  public Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  /** Where this is, for log lines and {@code status}: never includes a password. */
  public String description() {
    return description;
  }

  @Override
  public void close() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        log.warn("stopping the embedded PostgreSQL failed: {}", e.toString());
      }
    }
  }
}
