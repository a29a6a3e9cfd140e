package dev.dropscope.exporter.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;

/**
 * The line format: one JSON object a line, fields in a fixed order,
 *
 * <pre>
 * {"id":"…","type":"airdrops.claim","ts":"2026-11-22T13:00:00.123000Z","ingested_at":"…","event_id":null,"data":{…}}
 * </pre>
 *
 * with RFC 3339 UTC timestamps carrying exactly six fractional digits. Decoding ignores unknown
 * fields and reads decimals exactly (as {@link java.math.BigDecimal}, trailing zeros kept).
 */
final class RecordCodec {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder(new JsonFactoryBuilder().rootValueSeparator((String) null).build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();
  private static final ObjectReader READER = MAPPER.reader();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private RecordCodec() {}

  /** The records as NDJSON: one line each, every line ending in {@code \n}. */
  static byte[] encode(List<JournalRecord> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 * records.size());
    try (JsonGenerator gen = FACTORY.createGenerator(out)) {
      for (JournalRecord r : records) {
        gen.writeStartObject();
        gen.writeStringField("id", r.id());
        gen.writeStringField("type", r.type());
        gen.writeStringField("ts", Timestamps.format(r.ts()));
        gen.writeStringField("ingested_at", Timestamps.format(r.ingestedAt()));
        gen.writeStringField("event_id", r.eventId());
        gen.writeFieldName("data");
        gen.writeTree(r.data());
        gen.writeEndObject();
        gen.writeRaw('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a journal record", e); // in memory: never
    }
    return out.toByteArray();
  }

  /** The record on one line (without its {@code \n}), or a {@link BadLine} saying what is wrong. */
  static JournalRecord decode(byte[] buf, int off, int len) throws BadLine {
    JsonNode node;
    try {
      node = READER.readTree(buf, off, len);
    } catch (JsonProcessingException e) {
      throw new BadLine("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadLine("not JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new BadLine("not a JSON object");
    }
    String id = text(node, "id");
    String type = text(node, "type");
    Instant ts = time(node, "ts");
    Instant ingestedAt = time(node, "ingested_at");
    JsonNode eventId = node.path("event_id");
    if (!eventId.isMissingNode() && !eventId.isNull() && !eventId.isTextual()) {
      throw new BadLine("field 'event_id' is not a string or null");
    }
    if (!(node.get("data") instanceof ObjectNode data)) {
      throw new BadLine("field 'data' is missing or not an object");
    }
    try {
      return new JournalRecord(
          id, type, ts, ingestedAt, eventId.isTextual() ? eventId.asText() : null, data);
    } catch (IllegalArgumentException e) {
      throw new BadLine(e.getMessage());
    }
  }

  private static String text(JsonNode node, String field) throws BadLine {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new BadLine("field '" + field + "' is missing or not a string");
    }
    return value.asText();
  }

  private static Instant time(JsonNode node, String field) throws BadLine {
    String text = text(node, field);
    try {
      return Timestamps.parse(text);
    } catch (DateTimeException e) {
      throw new BadLine("field '" + field + "' is not an RFC 3339 UTC time: '" + text + "'");
    }
  }

  /** A line that is not a journal record; the message says why. */
  static final class BadLine extends Exception {
    private static final long serialVersionUID = 1L;

    BadLine(String why) {
      super(why, null, false, false);
    }
  }
}
