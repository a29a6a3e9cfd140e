package dev.dropscope.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden-file assertions. Files live under {@code src/test/resources/}. Run the tests with {@code
 * -Dgolden.update=true} to rewrite them from the current output, then review the diff.
 */
public final class Golden {
  private Golden() {}

  /** Asserts that {@code actual} equals the committed golden file at {@code resource}. */
  public static void assertMatches(String resource, String actual) {
    Path file = Path.of("src/test/resources").resolve(resource);
    try {
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual);
      }
      assertThat(Files.exists(file))
          .as(
              "golden file %s is missing; run the tests once with -Dgolden.update=true and review it",
              file)
          .isTrue();
      assertThat(actual)
          .as(
              "output differs from %s (after a deliberate change: -Dgolden.update=true, then review)",
              file)
          .isEqualTo(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
