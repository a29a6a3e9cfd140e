package dev.dropscope.grafana;

import dev.dropscope.grafana.dashboards.Dashboards;
import dev.dropscope.grafana.model.Dashboard;
import dev.dropscope.grafana.render.DashboardJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The committed {@code grafana-provisioning/dashboards/*.json}: one file per dashboard, named after
 * its uid, rendered from {@link Dashboards#all()}.
 */
public final class GeneratedDashboards {
  /** Where the files live, relative to the repository root. */
  public static final String DIRECTORY = "grafana-provisioning/dashboards";

  /** The command that rewrites the committed files, for stale-file messages. */
  public static final String REGENERATE =
      "./mvnw -pl grafana-provisioning -am test -Dtest=GeneratedDashboardsTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Ddashboards.update=true";

  private GeneratedDashboards() {}

  /** File name ({@code UID.json}) to content, in name order. */
  public static SortedMap<String, String> files() {
    SortedMap<String, String> files = new TreeMap<>();
    for (Dashboard d : Dashboards.all()) {
      String name = d.uid() + ".json";
      if (files.put(name, DashboardJson.render(d)) != null) {
        throw new IllegalStateException("two dashboards have the uid " + d.uid());
      }
    }
    return files;
  }

  /** Writes {@code files} into {@code dir} and deletes the {@code .json} files not among them. */
  public static void write(Path dir, Map<String, String> files) {
    try {
      Files.createDirectories(dir);
      for (String old : jsonFiles(dir)) {
        if (!files.containsKey(old)) {
          Files.delete(dir.resolve(old));
        }
      }
      for (Map.Entry<String, String> f : files.entrySet()) {
        Files.writeString(dir.resolve(f.getKey()), f.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the dashboards into " + dir, e);
    }
  }

  /** The {@code .json} files in {@code dir} that differ from {@code files}; empty when fresh. */
  public static List<String> stale(Path dir, Map<String, String> files) {
    List<String> out = new ArrayList<>();
    try {
      for (Map.Entry<String, String> f : files.entrySet()) {
        Path file = dir.resolve(f.getKey());
        if (!Files.exists(file)) {
          out.add(f.getKey() + " (missing)");
        } else if (!Files.readString(file).equals(f.getValue())) {
          out.add(f.getKey() + " (differs)");
        }
      }
      jsonFiles(dir).stream()
          .filter(name -> !files.containsKey(name))
          .forEach(name -> out.add(name + " (no dashboard has this uid any more)"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
    return out;
  }

  /** Writes the dashboards into the directory given (default: {@code dashboards}). */
  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "dashboards");
    SortedMap<String, String> files = files();
    write(dir, files);
    System.out.println("wrote " + files.size() + " dashboards into " + dir);
  }

  private static List<String> jsonFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .sorted()
          .toList();
    }
  }
}
