package dev.dropscope.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The real binaries integration tests run (Prometheus, Alertmanager, python3, curl), found on
 * {@code PATH}. A missing binary fails the test (never skips it) with the command that installs it.
 */
public final class Binaries {
  private Binaries() {}

  public static Path prometheus() {
    return require("prometheus", "prometheus", "prometheus");
  }

  public static Path promtool() {
    return require("promtool", "prometheus", "promtool");
  }

  /**
   * Debian names the binary {@code prometheus-alertmanager}; upstream tarballs {@code
   * alertmanager}.
   */
  public static Path alertmanager() {
    return require(
        "alertmanager", "prometheus-alertmanager", "prometheus-alertmanager", "alertmanager");
  }

  public static Path amtool() {
    return require("amtool", "prometheus-alertmanager", "amtool");
  }

  /** Python 3, which runs the documented Python client. */
  public static Path python3() {
    return require("python3", "python3", "python3");
  }

  /** curl, which runs the documented curl examples. */
  public static Path curl() {
    return require("curl", "curl", "curl");
  }

  /** The first of {@code names} on PATH; else fails naming the Debian package that provides it. */
  private static Path require(String what, String debianPackage, String... names) {
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
                    + ". The integration tests run real binaries: run them with ./dev test (see"
                    + " README.md), which installs what is missing (here: apt-get install -y "
                    + debianPackage
                    + ")."));
  }
}
