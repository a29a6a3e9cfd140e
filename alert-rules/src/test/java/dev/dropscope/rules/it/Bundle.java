package dev.dropscope.rules.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the committed bundle is, for the integration tests that run real binaries on it. */
final class Bundle {
  /** {@code alert-rules/}: failsafe runs in the module directory. */
  static final Path MODULE = Path.of("").toAbsolutePath();

  static final Path GENERATED = MODULE.resolve("generated");

  /** The golden outputs of the generator's fixture, which promtool checks too. */
  static final Path GOLDEN = MODULE.resolve("src/test/resources/golden");

  private Bundle() {}

  /** Files ending in {@code suffix} directly under {@code dir}, sorted. */
  static List<Path> files(Path dir, String suffix) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
