package dev.dropscope.exporter.it;

import dev.dropscope.testing.ExporterProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real exporter jar with all three built-in packs and an ingest token from {@code
 * ingest.token_file}, its journal under the test's directory: the setup docs/ingest.md describes.
 */
final class AllPacksExporter {
  static final String TOKEN = "it-ingest-token-7c1e";

  private AllPacksExporter() {}

  /** The file holding {@link #TOKEN}, as a client reads it. */
  static Path tokenFile(Path dir) {
    return dir.resolve("ingest.token");
  }

  static ExporterProcess start(Path dir) {
    try {
      Files.writeString(tokenFile(dir), TOKEN + "\n");
      Path config =
          Files.writeString(
              dir.resolve("exporter.yml"),
              """
              packs:
                builtin: [airdrops, trading, gateway]
              ingest:
                token_file: %s
              journal:
                dir: %s
              """
                  .formatted(tokenFile(dir), dir.resolve("journal")));
      return ExporterProcess.start(dir, "--config", config.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
