package dev.dropscope.exporter.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The durable event journal: NDJSON segment files the ETL loads. See {@code docs/journal.md}.
 *
 * @param dir where segments are written; {@code data/journal}, relative to the working directory,
 *     by default. The {@code --journal DIR} flag overrides it.
 * @param segmentBytes a segment is closed and a new one started before it would grow past this (64
 *     KiB to 1 GiB; 64 MiB by default). A single batch larger than this gets a segment of its own.
 * @param retention closed segments last modified longer ago than this are deleted (at least 1m; 30d
 *     by default)
 * @param maxBytes cap on the total size of all segments; the oldest closed segments are deleted
 *     first (at least {@code segment_bytes}; 10 GiB by default). The active segment is never
 *     deleted.
 * @param fsync whether an append waits for fdatasync; true by default. false loses acknowledged
 *     events on a power failure or kernel crash: for tests and benchmarks only.
 */
public record JournalConfig(
    Path dir,
    @JsonProperty("segment_bytes") @JsonDeserialize(using = ByteSize.class) Long segmentBytes,
    Duration retention,
    @JsonProperty("max_bytes") @JsonDeserialize(using = ByteSize.class) Long maxBytes,
    Boolean fsync) {

  public static final Path DEFAULT_DIR = Path.of("data", "journal");
  public static final long MIN_SEGMENT_BYTES = 64L << 10;
  public static final long MAX_SEGMENT_BYTES = 1L << 30;

  public JournalConfig {
    dir = dir != null ? dir : DEFAULT_DIR;
    segmentBytes = segmentBytes != null ? segmentBytes : 64L << 20;
    retention = retention != null ? retention : Duration.ofDays(30);
    maxBytes = maxBytes != null ? maxBytes : 10L << 30;
    fsync = fsync != null ? fsync : Boolean.TRUE;
    if (dir.toString().isBlank()) {
      throw ConfigException.invalid("dir", "a directory path", dir.toString());
    }
    if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
      throw ConfigException.invalid(
          "segment_bytes",
          "a size from 64KiB to 1GiB (" + MIN_SEGMENT_BYTES + " to " + MAX_SEGMENT_BYTES + ")",
          segmentBytes);
    }
    if (retention.toSeconds() < 60) {
      throw ConfigException.invalid("retention", "at least 1m", Durations.format(retention));
    }
    if (maxBytes < segmentBytes) {
      throw ConfigException.invalid(
          "max_bytes", "at least segment_bytes (" + segmentBytes + ")", maxBytes);
    }
  }

  public static JournalConfig defaults() {
    return new JournalConfig(null, null, null, null, null);
  }

  /** This configuration with another directory, as the {@code --journal DIR} flag sets it. */
  public JournalConfig withDir(Path newDir) {
    return new JournalConfig(
        newDir != null ? newDir : dir, segmentBytes, retention, maxBytes, fsync);
  }

  /**
   * A size in bytes: a plain integer ({@code 65536}) or an integer with a binary unit ({@code
   * 64KiB}, {@code 64MiB}, {@code 10GiB}, {@code 1TiB}).
   */
  static final class ByteSize extends JsonDeserializer<Long> {
    static final String EXPECTED = "a size in bytes like 65536, 64KiB, 64MiB or 10GiB";
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,15})\\s*(B|KiB|MiB|GiB|TiB)?");

    @Override
    public Long deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getLongValue() >= 0) {
        return p.getLongValue();
      }
      String text = p.getValueAsString();
      Long bytes = text != null ? parseOrNull(text) : null;
      if (bytes == null) {
        throw new StrictYaml.BadValue(p, EXPECTED, text != null ? text : p.getText());
      }
      return bytes;
    }

    /** The number of bytes {@code text} stands for, or null when it is not a size. */
    static Long parseOrNull(String text) {
      Matcher m = FORMAT.matcher(text.trim());
      if (!m.matches()) {
        return null;
      }
      long n = Long.parseLong(m.group(1));
      int shift =
          switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            case "TiB" -> 40;
            default -> 0;
          };
      return n > (Long.MAX_VALUE >> shift) ? null : n << shift;
    }
  }
}
