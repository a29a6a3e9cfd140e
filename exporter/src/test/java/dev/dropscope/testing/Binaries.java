package dev.dropscope.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The real Prometheus-side binaries integration tests run, found on {@code PATH}. A missing binary
 * fails the test (never skips it) with the command that installs it.
 */
public final class Binaries {
  private Binaries() {}

  public static Path prometheus() {
    return require("prometheus", "prometheus");
  }

  public static Path promtool() {
    return require("promtool", "promtool");
  }

  /**
   * Debian names the binary {@code prometheus-alertmanager}; upstream tarballs {@code
   * alertmanager}.
   */
  public static Path alertmanager() {
    return require("alertmanager", "prometheus-alertmanager", "alertmanager");
  }

  public static Path amtool() {
    return require("amtool", "amtool");
  }

  private static Path require(String what, String... names) {
    List<Path> dirs =
        Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .filter(dir -> !dir.isEmpty())
            .map(Path::of)
            .toList();
    Optional<Path> found =
        dirs.stream()
            .flatMap(dir -> Arrays.stream(names).map(dir::resolve))
            .filter(Files::isExecutable)
            .findFirst();
    return found.orElseThrow(
        () ->
            new AssertionError(
                what
                    + " is not installed: none of "
                    + List.of(names)
                    + " is on PATH "
                    + dirs
                    + ". The integration tests run the real Prometheus and Alertmanager binaries:"
                    + " run them with ./dev test (see README.md), which installs them"
                    + " (apt-get install -y prometheus prometheus-alertmanager)."));
  }
}
