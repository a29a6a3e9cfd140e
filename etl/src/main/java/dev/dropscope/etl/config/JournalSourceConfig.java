package dev.dropscope.etl.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dropscope.exporter.config.ConfigException;
import java.nio.file.Path;

/**
 * The exporter's event journal (docs/journal.md).
 *
 * @param dir the journal directory ({@code data/journal}, the exporter's default); {@code --journal
 *     DIR} overrides it. A directory that does not exist holds no events yet.
 * @param batch records loaded per transaction (5,000)
 */
public record JournalSourceConfig(Path dir, @JsonProperty("batch") Integer batch) {
  public static final Path DEFAULT_DIR = Path.of("data", "journal");

  public JournalSourceConfig {
    dir = dir != null ? dir : DEFAULT_DIR;
    batch = batch != null ? batch : 5_000;
    if (batch < 1 || batch > 1_000_000) {
      throw ConfigException.invalid("batch", "a number of records from 1 to 1000000", batch);
    }
  }

  public static JournalSourceConfig defaults() {
    return new JournalSourceConfig(null, null);
  }

  public JournalSourceConfig withDir(Path newDir) {
    return new JournalSourceConfig(newDir, batch);
  }
}
