package dev.dropscope.exporter.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The limits table of docs/ingest.md states the validator's and parser's own limits. They are
 * written by hand in ingest.template.md because these constants are internal to this package.
 */
class IngestDocLimitsTest {
  private static final Path DOC = Path.of("..", "docs", "ingest.md");

  @Test
  void limits_table_states_the_limits_the_code_enforces() throws Exception {
    String doc = Files.readString(DOC);

    assertThat(doc)
        .as("limits in %s (edit exporter/src/main/resources/docs/ingest.template.md)", DOC)
        .contains(
            "| an object field's keys | 1 to "
                + EventValidator.PackLimits.MAX_KEY_LENGTH
                + " characters |",
            "| `id` | 1 to " + EventValidator.MAX_ID_LENGTH + " characters |",
            "| `ts` | at most "
                + EventValidator.MAX_FUTURE.toMinutes()
                + " minutes ahead of the exporter's clock |",
            "| fields the type does not declare | "
                + EventValidator.MAX_EXTRA_FIELDS
                + " per event |",
            "| JSON nesting | " + BodyParser.MAX_DEPTH + " levels |");
  }
}
