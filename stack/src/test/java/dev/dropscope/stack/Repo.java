package dev.dropscope.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository is (Maven sets {@code dropscope.repo.root}) and reading files in it. */
final class Repo {
  static final Path ROOT =
      Path.of(System.getProperty("dropscope.repo.root", "..")).toAbsolutePath().normalize();

  /** {@code compose/}: the compose file, its configurations and local-stack.sh. */
  static final Path COMPOSE = ROOT.resolve("compose");

  private Repo() {}

  /** A path relative to the repository root. */
  static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** {@code file} relative to the root, with / separators, for messages. */
  static String relative(Path file) {
    return ROOT.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }
}
