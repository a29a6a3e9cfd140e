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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

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
    Lines lines = encodeLines(records, null);
    return Arrays.copyOf(lines.bytes(), lines.length());
  }

  /**
   * Encoded lines: the first {@code length} bytes of {@code bytes}; line {@code i} starts at {@code
   * starts[i]}, and its id's 36 characters at {@code starts[i] + ID_OFFSET}.
   */
  record Lines(byte[] bytes, int length, int[] starts) {}

  /**
   * Where each line starts. A line's only raw newline is its last byte: JSON escapes control
   * characters inside strings.
   */
  private static int[] lineStarts(byte[] bytes, int length, int lines) {
    int[] starts = new int[lines];
    int line = 1;
    for (int i = 0; i < length - 1 && line < lines; i++) {
      if (bytes[i] == '\n') {
        starts[line++] = i + 1;
      }
    }
    return starts;
  }

  /** Where a line's id text starts: after <code>{"id":"</code>. */
  static final int ID_OFFSET = "{\"id\":\"".length();

  /**
   * {@link #encode} without the final copy, into {@code reuse} when it is not null and large enough
   * for the usual line sizes.
   */
  static Lines encodeLines(List<JournalRecord> records, byte[] reuse) {
    int size = 640 * records.size() + 64; // a claim's line is ~500 bytes
    Buffer out = new Buffer(reuse != null && reuse.length >= size ? reuse : new byte[size]);
    try (JsonGenerator gen = FACTORY.createGenerator(out)) {
      Instant lastIngested = null;
      String lastIngestedText = null;
      for (JournalRecord r : records) {
        if (!r.ingestedAt().equals(lastIngested)) { // a request's records share one
          lastIngested = r.ingestedAt();
          lastIngestedText = Timestamps.format(lastIngested);
        }
        gen.writeStartObject();
        gen.writeStringField("id", r.id());
        gen.writeStringField("type", r.type());
        gen.writeStringField("ts", Timestamps.format(r.ts()));
        gen.writeStringField("ingested_at", lastIngestedText);
        gen.writeStringField("event_id", r.eventId());
        gen.writeFieldName("data");
        writeNode(gen, r.data());
        gen.writeEndObject();
        gen.writeRaw('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a journal record", e); // in memory: never
    }
    return new Lines(out.array(), out.size(), lineStarts(out.array(), out.size(), records.size()));
  }

  /**
   * Writes a tree as {@link JsonGenerator#writeTree} does with this mapper's defaults, without its
   * per-call serializer lookup and flush. Node kinds the ingest path never builds go through {@code
   * writeTree}.
   */
  private static void writeNode(JsonGenerator gen, JsonNode node) throws IOException {
    switch (node) {
      case ObjectNode o -> {
        gen.writeStartObject();
        for (Map.Entry<String, JsonNode> e : o.properties()) {
          gen.writeFieldName(e.getKey());
          writeNode(gen, e.getValue());
        }
        gen.writeEndObject();
      }
      case ArrayNode a -> {
        gen.writeStartArray();
        for (JsonNode item : a) {
          writeNode(gen, item);
        }
        gen.writeEndArray();
      }
      case TextNode t -> gen.writeString(t.textValue());
      case IntNode i -> gen.writeNumber(i.intValue());
      case LongNode l -> gen.writeNumber(l.longValue());
      case DoubleNode d -> gen.writeNumber(d.doubleValue());
      case DecimalNode d -> gen.writeNumber(d.decimalValue());
      case BooleanNode b -> gen.writeBoolean(b.booleanValue());
      case NullNode n -> gen.writeNull();
      default -> gen.writeTree(node);
    }
  }

  /** A byte array output stream on a given array that hands it out instead of a copy. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer(byte[] array) {
      super(0);
      buf = array;
    }

    byte[] array() {
      return buf;
    }
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
