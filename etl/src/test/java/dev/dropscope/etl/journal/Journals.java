package dev.dropscope.etl.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dropscope.exporter.config.JournalConfig;
import dev.dropscope.exporter.journal.Journal;
import dev.dropscope.exporter.journal.JournalReader;
import dev.dropscope.exporter.journal.JournalRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/** Journals written by the exporter's own {@link Journal}, and records for them. */
final class Journals {
  /** Reads JSON as the journal does: decimals exactly, trailing zeros kept. */
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  static final Instant TS = Instant.parse("2026-11-22T13:00:00.123456Z");
  static final Instant INGESTED = Instant.parse("2026-11-22T13:00:01.000001Z");

  /** The smallest segment size the journal takes: many segments from few records. */
  static final long SMALL_SEGMENTS = JournalConfig.MIN_SEGMENT_BYTES;

  private Journals() {}

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  static JournalRecord record(String type, String eventId, String data) {
    return JournalRecord.create(type, TS, INGESTED, eventId, (ObjectNode) json(data));
  }

  /** Claim {@code n}: event id {@code claim-n}, ts {@code TS + n ms}. */
  static JournalRecord claim(int n) {
    ObjectNode data =
        (ObjectNode)
            json(
                "{\"protocol\":\"zksync\",\"wallet\":\"0xaa\",\"token\":\"ZK\","
                    + "\"status\":\"success\",\"amount\":"
                    + n
                    + ".50,\"gas_used\":21000,\"seq\":"
                    + n
                    + "}");
    return JournalRecord.create("airdrops.claim", TS.plusMillis(n), INGESTED, "claim-" + n, data);
  }

  static List<JournalRecord> claims(int from, int count) {
    return IntStream.range(from, from + count).mapToObj(Journals::claim).toList();
  }

  /**
   * Appends {@code batches} to a journal in {@code dir} as the exporter does, each batch with fresh
   * ids; every call starts a new segment, as every exporter start does. Returns the ids written.
   */
  static List<String> appendNew(Path dir, long segmentBytes, List<List<JournalRecord>> batches) {
    try (Journal journal = Journal.open(new JournalConfig(dir, segmentBytes, null, null, false))) {
      return batches.stream()
          .flatMap(
              b -> {
                try {
                  return journal.appendNew(b).stream();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> appendNew(Path dir, List<JournalRecord> records) {
    return appendNew(dir, 64L << 20, List.of(records));
  }

  /** Appends the records with the ids they carry, in a new segment. */
  static void appendAsIs(Path dir, List<JournalRecord> records) {
    try (Journal journal = Journal.open(new JournalConfig(dir, null, null, null, false))) {
      journal.append(records);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> segments(Path dir) {
    try {
      return JournalReader.segments(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
