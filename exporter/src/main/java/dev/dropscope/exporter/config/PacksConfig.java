package dev.dropscope.exporter.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Which packs the exporter runs.
 *
 * @param builtin built-in packs by name: airdrops, trading, gateway ({@code [airdrops]} by default)
 * @param directory a directory of the user's own pack files ({@code *.yml}); none by default
 */
public record PacksConfig(List<String> builtin, Path directory) {

  public PacksConfig {
    builtin = builtin != null ? List.copyOf(builtin) : List.of("airdrops");
  }

  public static PacksConfig defaults() {
    return new PacksConfig(null, null);
  }
}
