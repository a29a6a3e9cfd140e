package dev.dropscope.rules;

import dev.dropscope.exporter.config.ConfigException;
import dev.dropscope.exporter.config.StrictYaml;
import dev.dropscope.exporter.pack.Packs;
import dev.dropscope.rules.alertmanager.Channels;
import dev.dropscope.rules.alertmanager.ChannelsCompiler;
import dev.dropscope.rules.alertmanager.ChannelsSpec;
import dev.dropscope.rules.catalog.Catalog;
import dev.dropscope.rules.check.Problem;
import dev.dropscope.rules.check.RuleCompiler;
import dev.dropscope.rules.check.RuleCompiler.SpecFile;
import dev.dropscope.rules.check.SpecException;
import dev.dropscope.rules.generate.Generator;
import dev.dropscope.rules.model.Bundle;
import dev.dropscope.rules.spec.RuleFileSpec;
import dev.dropscope.rules.spec.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.Stream;

/**
 * Where a rules bundle's inputs are, and loading them: the settings, the rule specs (one YAML file
 * per pack) and the channels spec. {@link #load()} checks everything and reports every problem at
 * once.
 *
 * @param settings {@code settings.yml}; built-in defaults when the file does not exist
 * @param rules the directory of rule specs ({@code *.yml}, in file-name order)
 * @param channels the channels spec; none means no Alertmanager configuration
 */
public record RulesProject(Path settings, Path rules, Path channels) {

  /**
   * The layout of the alert-rules module: settings.yml, rules/ and channels.yml under {@code dir}.
   */
  public static RulesProject in(Path dir) {
    return new RulesProject(
        dir.resolve("settings.yml"), dir.resolve("rules"), dir.resolve("channels.yml"));
  }

  /** The checked inputs. */
  public record Loaded(Settings settings, Bundle bundle, Channels channels) {
    /** Every file the generator writes, by path under the output directory. */
    public SortedMap<String, String> files() {
      return Generator.files(bundle, channels);
    }
  }

  /**
   * Loads and checks every input.
   *
   * @throws SpecException with every problem found, one per line
   */
  public Loaded load() {
    Settings s = loadSettings();
    Packs packs;
    try {
      Path packsDir = s.packsDir() == null ? null : settings.resolveSibling(s.packsDir());
      packs = Packs.load(Packs.BUILT_IN, packsDir);
    } catch (ConfigException e) {
      throw new SpecException(
          List.of(new Problem(settings.toString(), "packs_dir: " + e.getMessage())));
    }
    List<Problem> problems = new ArrayList<>();
    List<SpecFile> files = specFiles(problems);
    Bundle bundle = null;
    try {
      if (problems.isEmpty()) {
        bundle = new RuleCompiler(s, Catalog.of(packs)).compile(files);
      }
    } catch (SpecException e) {
      problems.addAll(e.problems());
    }
    Channels ch = null;
    if (channels != null) {
      try {
        ChannelsSpec spec =
            new StrictYaml()
                .read(StrictYaml.readFile(channels, "channels spec"), ChannelsSpec.class);
        ch = ChannelsCompiler.compile(channels.toString(), spec);
      } catch (ConfigException e) {
        problems.add(new Problem(channels.toString(), e.getMessage()));
      } catch (SpecException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new SpecException(problems);
    }
    return new Loaded(s, bundle, ch);
  }

  private Settings loadSettings() {
    if (settings == null || !Files.exists(settings)) {
      return Settings.defaults();
    }
    try {
      Settings s =
          new StrictYaml().read(StrictYaml.readFile(settings, "settings file"), Settings.class);
      return s != null ? s : Settings.defaults();
    } catch (ConfigException e) {
      throw new SpecException(List.of(new Problem(settings.toString(), e.getMessage())));
    }
  }

  private List<SpecFile> specFiles(List<Problem> problems) {
    if (!Files.isDirectory(rules)) {
      problems.add(
          new Problem(rules.toString(), "expected a directory of rule specs (*.yml), found none"));
      return List.of();
    }
    List<Path> paths;
    try (Stream<Path> list = Files.list(rules)) {
      paths = list.filter(p -> p.getFileName().toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + rules, e);
    }
    if (paths.isEmpty()) {
      problems.add(new Problem(rules.toString(), "expected rule specs (*.yml), found none"));
    }
    StrictYaml yaml = new StrictYaml();
    List<SpecFile> out = new ArrayList<>();
    for (Path p : paths) {
      String name = p.getFileName().toString();
      String stem = name.substring(0, name.length() - ".yml".length());
      try {
        RuleFileSpec spec = yaml.read(StrictYaml.readFile(p, "rule spec"), RuleFileSpec.class);
        if (spec == null) {
          problems.add(
              new Problem(p.toString(), "document: expected pack and alerts, found nothing"));
          continue;
        }
        out.add(new SpecFile(p.toString(), stem, spec));
      } catch (ConfigException e) {
        problems.add(new Problem(p.toString(), e.getMessage()));
      }
    }
    return out;
  }
}
