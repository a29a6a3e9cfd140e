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

  /**
   * 50% claims, 20% interactions, 10% trades, 10% gateway transactions, 5% portfolios, 5% other.
   */
  static JournalRecord mixed(int n) {
    Instant ts = TS.plusMillis(n);
    int kind = n % 20;
    String wallet = "0x3f5CE5FBFe3E9af3971dD833D26bA9b5C936f0" + String.format("%02x", n % 256);
    String type;
    String data;
    if (kind < 10) {
      type = "airdrops.claim";
      data =
          "{\"protocol\":\"zksync\",\"wallet\":\"%s\",\"token\":\"ZK\",\"status\":\"success\",\"amount\":%d.25,\"value_usd\":%d.0525,\"fee_usd\":0.12,\"gas_used\":21000,\"gas_price_gwei\":0.25,\"chain\":\"zksync-era\",\"tx_hash\":\"0x6b0d2f8a4c1e7b3d9f5a0c6e2b8d4f1a7c3e9b5d0f6a2c8e4b1d7f3a9c5e%04x\",\"block_number\":%d}"
              .formatted(wallet, n, n, n % 65536, 48_000_000 + n);
    } else if (kind < 14) {
      type = "airdrops.interaction";
      data =
          "{\"protocol\":\"scroll\",\"wallet\":\"%s\",\"action\":\"bridge\",\"status\":\"success\",\"chain\":\"scroll\",\"fee_usd\":0.41,\"gas_used\":120000,\"gas_price_gwei\":0.05,\"duration_seconds\":12.5,\"tx_hash\":\"0xabc%d\",\"block_number\":%d}"
              .formatted(wallet, n, n);
    } else if (kind < 16) {
      type = "trading.trade";
      data =
          "{\"exchange\":\"binance\",\"symbol\":\"BTCUSDT\",\"side\":\"sell\",\"quantity\":0.015,\"price\":97250.10,\"pnl_usd\":-12.75,\"fee_usd\":0.73,\"execution_seconds\":0.042,\"agent\":\"momentum-1\",\"trade_id\":\"T-%d\"}"
              .formatted(n);
    } else if (kind < 18) {
      type = "gateway.transaction";
      data =
          "{\"tx_type\":\"transfer\",\"status\":\"success\",\"chain\":\"arbitrum\",\"duration_seconds\":2.4,\"fee_usd\":0.03,\"tx_hash\":\"0x%x\",\"service\":\"signer\"}"
              .formatted(n);
    } else if (kind < 19) {
      type = "airdrops.portfolio";
      data =
          "{\"wallet\":\"%s\",\"positions\":[{\"token\":\"ZK\",\"amount\":1500,\"value_usd\":315.00},{\"token\":\"ETH\",\"amount\":0.5,\"value_usd\":1650.25},{\"token\":\"USDC\",\"amount\":120,\"value_usd\":120}]}"
              .formatted(wallet);
    } else {
      type = "mypack.rebalance";
      data = "{\"from\":\"A\",\"to\":\"B\",\"amount\":%d.5}".formatted(n);
    }
    return JournalRecord.create(type, ts, ts.plusMillis(40), "evt-" + n, (ObjectNode) json(data));
  }
}
