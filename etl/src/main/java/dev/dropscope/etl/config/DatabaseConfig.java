package dev.dropscope.etl.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dropscope.exporter.config.ConfigException;
import java.nio.file.Path;

/**
 * Where the ETL writes.
 *
 * @param jdbcUrl an external PostgreSQL, e.g. {@code jdbc:postgresql://db:5432/dropscope}; {@code
 *     --jdbc-url} overrides it. When unset, an embedded PostgreSQL kept under {@code data_dir}.
 * @param user the external database's user (the URL may carry it instead)
 * @param passwordFile a file holding that user's password; the {@code DROPSCOPE_JDBC_PASSWORD}
 *     environment variable is the alternative
 * @param dataDir the embedded PostgreSQL's data directory ({@code data/postgres}); {@code
 *     --data-dir} overrides it
 */
public record DatabaseConfig(
    @JsonProperty("jdbc_url") String jdbcUrl,
    String user,
    @JsonProperty("password_file") Path passwordFile,
    @JsonProperty("data_dir") Path dataDir) {

  public static final Path DEFAULT_DATA_DIR = Path.of("data", "postgres");

  public DatabaseConfig {
    dataDir = dataDir != null ? dataDir : DEFAULT_DATA_DIR;
    if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw ConfigException.invalid(
          "jdbc_url", "a PostgreSQL JDBC URL like jdbc:postgresql://host:5432/dropscope", jdbcUrl);
    }
  }

  public static DatabaseConfig defaults() {
    return new DatabaseConfig(null, null, null, null);
  }

  public boolean embedded() {
    return jdbcUrl == null;
  }

  public DatabaseConfig withJdbcUrl(String url) {
    return new DatabaseConfig(url, user, passwordFile, dataDir);
  }

  public DatabaseConfig withDataDir(Path dir) {
    return new DatabaseConfig(jdbcUrl, user, passwordFile, dir);
  }
}
