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
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
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

  /**
   * What is wrong with the {@code .json} files in {@code dir} against {@code files}, one line per
   * file in name order; empty when the directory is fresh.
   */
  public static List<String> stale(Path dir, Map<String, String> files) {
    SortedSet<String> names = new TreeSet<>(files.keySet());
    try {
      names.addAll(jsonFiles(dir));
      List<String> out = new ArrayList<>();
      for (String name : names) {
        Path file = dir.resolve(name);
        String fresh = files.get(name);
        if (fresh == null) {
          out.add(name + " (no dashboard has this uid any more)");
        } else if (!Files.exists(file)) {
          out.add(name + " (missing)");
        } else if (!Files.readString(file).equals(fresh)) {
          out.add(name + " (differs)");
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
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
