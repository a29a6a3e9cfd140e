package dev.dropscope.grafana;

import java.nio.file.Path;

/**
 * Where the committed provisioning files are: Surefire and Failsafe run in the module directory.
 */
public final class Module {
  public static final Path DIR = Path.of("").toAbsolutePath();
  public static final Path DASHBOARDS = DIR.resolve("dashboards");
  public static final Path DATASOURCES = DIR.resolve("datasources/datasources.yml");
  public static final Path PROVIDER = DIR.resolve("dashboards.yml");

  private Module() {}
}
