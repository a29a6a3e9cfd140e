package dev.dropscope.exporter.docs;

import dev.dropscope.exporter.pack.Packs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference pages generated from the built-in packs: {@code docs/metrics.md} (every pack metric
 * and the events that move it) and {@code docs/ingest.md} (the ingest API and every event type with
 * a valid example, curl examples and the Python client). They are committed; GeneratedDocsTest
 * fails when one is stale and rewrites them when run with {@code -Ddocs.update=true}.
 */
public final class GeneratedDocs {
  public static final String METRICS = "docs/metrics.md";
  public static final String INGEST = "docs/ingest.md";

  /** The Python client, embedded whole in ingest.md. */
  public static final String PYTHON_CLIENT = "clients/python/dropscope_client.py";

  /** Every generated file, relative to the repository root. */
  public static final List<String> FILES = List.of(METRICS, INGEST);

  /** The command that rewrites the generated files, run from the repository root. */
  public static final String REGENERATE =
      "./mvnw -pl exporter test -Dtest=GeneratedDocsTest -Ddocs.update=true";

  private GeneratedDocs() {}

  /**
   * Each generated file, by its path relative to {@code repoRoot}, with its text. Reads the Python
   * client from {@code repoRoot}; everything else comes from the classpath.
   */
  public static Map<String, String> render(Path repoRoot) {
    Packs packs = Packs.load(Packs.BUILT_IN, null);
    String client;
    try {
      client = Files.readString(repoRoot.resolve(PYTHON_CLIENT));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + repoRoot.resolve(PYTHON_CLIENT), e);
    }
    Map<String, String> files = new LinkedHashMap<>();
    files.put(METRICS, MetricsPage.render(packs));
    files.put(INGEST, IngestPage.render(packs, Examples.load(packs), client));
    return files;
  }
}
