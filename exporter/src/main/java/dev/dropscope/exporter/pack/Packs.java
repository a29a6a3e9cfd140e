package dev.dropscope.exporter.pack;

import dev.dropscope.exporter.config.ConfigException;
import dev.dropscope.exporter.config.StrictYaml;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The packs the exporter runs: built-in ones by name, plus every {@code *.yml} / {@code *.yaml} in
 * the user's pack directory. Pack names, metric names and event types are unique across packs.
 */
public final class Packs {
  /** The packs that ship in the jar. */
  public static final List<String> BUILT_IN = List.of("airdrops", "trading", "gateway");

  private final Map<String, Pack> packs;
  private final Map<String, Pack.EventType> events = new LinkedHashMap<>();

  private Packs(List<Pack> list) {
    Map<String, Pack> byName = new LinkedHashMap<>();
    Map<String, String> metricOwner = new LinkedHashMap<>();
    for (Pack p : list) {
      Pack clash = byName.putIfAbsent(p.name(), p);
      if (clash != null) {
        throw new ConfigException(
            p.source()
                + ": pack: expected a name no other pack uses, found '"
                + p.name()
                + "' (also in "
                + clash.source()
                + ")");
      }
      for (Pack.Metric m : p.metrics()) {
        String owner = metricOwner.putIfAbsent(m.name(), p.source());
        if (owner != null) {
          throw new ConfigException(
              p.source() + ": metric " + m.name() + " is also declared by " + owner);
        }
      }
      p.events().forEach(e -> events.put(e.type(), e));
    }
    this.packs = byName;
  }

  /** Loads the named built-in packs and, when {@code userDir} is not null, the packs in it. */
  public static Packs load(List<String> builtIn, Path userDir) {
    PackLoader loader = new PackLoader();
    List<Pack> list = new ArrayList<>();
    for (int i = 0; i < builtIn.size(); i++) {
      String name = builtIn.get(i);
      if (!BUILT_IN.contains(name)) {
        throw ConfigException.invalid(
            "packs.builtin[" + i + "]", "one of " + String.join("|", BUILT_IN), name);
      }
      list.add(loader.parse("builtin:" + name, resource("/packs/" + name + ".yml")));
    }
    if (userDir != null) {
      if (!Files.isDirectory(userDir)) {
        throw ConfigException.invalid(
            "packs.directory", "a directory of *.yml pack files", userDir.toString());
      }
      try (Stream<Path> files = Files.list(userDir)) {
        for (Path f : files.filter(Packs::isYaml).sorted().toList()) {
          list.add(loader.parse(f.toString(), StrictYaml.readFile(f, "pack file")));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new Packs(list);
  }

  /** Packs made elsewhere (tests). */
  public static Packs of(List<Pack> packs) {
    return new Packs(packs);
  }

  private static boolean isYaml(Path p) {
    String n = p.getFileName().toString();
    return n.endsWith(".yml") || n.endsWith(".yaml");
  }

  /** The YAML of a built-in pack. */
  public static String resource(String path) {
    try (InputStream in = Packs.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Collection<Pack> all() {
    return packs.values();
  }

  public Optional<Pack.EventType> event(String type) {
    return Optional.ofNullable(events.get(type));
  }

  public Collection<Pack.EventType> events() {
    return events.values();
  }
}
