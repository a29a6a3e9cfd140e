package dev.dropscope.etl.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;

/**
 * The read-only role {@code dropscope_reader} (SELECT on schema {@code analytics}) that Grafana and
 * reports log in as. Its password has no default: it comes from {@code password_file} or the {@code
 * DROPSCOPE_READER_PASSWORD} environment variable; without either, the role cannot log in.
 *
 * @param passwordFile a file holding the role's password
 */
public record ReaderConfig(@JsonProperty("password_file") Path passwordFile) {
  public static ReaderConfig defaults() {
    return new ReaderConfig(null);
  }
}
