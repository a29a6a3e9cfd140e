package dev.dropscope.exporter.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.base.ParserBase;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Splits a request body into JSON nodes: one event, a JSON array of events, or NDJSON (one event a
 * line). Nesting, string and number sizes are bounded so a hostile body costs little. Each node
 * goes to a sink as soon as it is read, so a large batch never holds all its parse trees at once.
 */
final class BodyParser {
  static final int MAX_DEPTH = 16;

  private final ObjectMapper mapper;

  BodyParser() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(1 << 20)
                    .maxNumberLength(64)
                    .build())
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
            .build();
    // fractional numbers exactly as sent, trailing zeros too: token amounts have 18 decimals, and
    // the journal keeps what the client wrote (metrics take the nearest double)
    this.mapper =
        new ObjectMapper(factory)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    mapper.setNodeFactory(new Nodes());
  }

  /** Builds JSON objects on {@link SmallMap}: an event's fields in a third of the memory. */
  static final class Nodes extends JsonNodeFactory {
    private static final long serialVersionUID = 1L;

    Nodes() {
      super(false);
    }

    @Override
    public ObjectNode objectNode() {
      return new ObjectNode(this, new SmallMap<>());
    }
  }

  /** Takes the body's nodes in order; a later node can still make the whole body malformed. */
  @FunctionalInterface
  interface Sink {
    void accept(int index, JsonNode node);
  }

  /** How many events the body held, or the reason it cannot be read. */
  sealed interface Parsed {
    record Events(int count) implements Parsed {}

    record Malformed(Problem problem) implements Parsed {}

    record TooMany(int limit) implements Parsed {}
  }

  /**
   * Hands the nodes of the body, the first {@code length} bytes of {@code body}, to {@code sink} in
   * order. When the answer is not {@link Parsed.Events}, what the sink was given must be thrown
   * away.
   */
  Parsed parse(byte[] body, int length, boolean ndjson, int maxEvents, Sink sink) {
    return ndjson ? ndjson(body, length, maxEvents, sink) : json(body, length, maxEvents, sink);
  }

  private Parsed json(byte[] body, int length, int maxEvents, Sink sink) {
    try (JsonParser p = mapper.createParser(body, 0, length)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return malformed(0, "empty body", "a JSON object, a JSON array of objects, or NDJSON");
      }
      int count = 0;
      if (first == JsonToken.START_ARRAY) {
        while (p.nextToken() != JsonToken.END_ARRAY) {
          if (count == maxEvents) {
            return new Parsed.TooMany(maxEvents);
          }
          sink.accept(count, mapper.readTree(p));
          count++;
        }
      } else {
        sink.accept(count, mapper.readTree(p));
        count++;
      }
      if (p.nextToken() != null) {
        return malformed(
            count,
            "unexpected content after the JSON value",
            "one JSON value (use NDJSON for many)");
      }
      return new Parsed.Events(count);
    } catch (JsonProcessingException e) {
      return malformed(0, "malformed JSON: " + e.getOriginalMessage(), "valid JSON (UTF-8)", e);
    } catch (IOException e) {
      return malformed(0, "unreadable body: " + e.getMessage(), "valid JSON (UTF-8)");
    }
  }

  private Parsed ndjson(byte[] body, int length, int maxEvents, Sink sink) {
    int delivered = oneParser(body, length, maxEvents, sink);
    if (delivered < 0) {
      return new Parsed.Events(-delivered);
    }
    return lineByLine(body, length, maxEvents, sink, delivered);
  }

  /**
   * The common case cheaply: one parser over the whole body instead of one per line. Returns minus
   * the event count when every value sat on a line of its own and the body was well formed;
   * otherwise how many nodes it gave the sink before it stopped, and {@link #lineByLine} decides
   * (with its exact messages) from there. Lines are told apart by {@code \n} alone, as NDJSON and
   * {@link #lineByLine} do. A body not starting with an opening brace (as encodings other than
   * UTF-8 do not) goes line by line from the start.
   */
  private int oneParser(byte[] body, int length, int maxEvents, Sink sink) {
    if (length == 0 || body[0] != '{') {
      return 0;
    }
    int count = 0;
    try (JsonParser p = mapper.createParser(body, 0, length)) {
      if (!(p instanceof ParserBase offsets)) {
        return 0;
      }
      long lineEnd = -1; // where the line of the previous value ends: its \n, or the body's end
      while (p.nextToken() != null) {
        long start = offsets.getTokenCharacterOffset();
        if (start <= lineEnd || count == maxEvents) {
          return count; // a second value on a line, or too many: line by line says which
        }
        JsonNode node = mapper.readTree(p);
        long last = offsets.getTokenCharacterOffset(); // where the value's last token starts
        int newline = (int) start;
        while (newline < length && body[newline] != '\n') {
          newline++;
        }
        if (last > newline) {
          return count; // a value across lines is malformed NDJSON
        }
        lineEnd = newline;
        sink.accept(count, node);
        count++;
      }
    } catch (IOException e) {
      return count;
    }
    return count > 0 ? -count : 0;
  }

  /**
   * Reads each line with a parser of its own, the reference behaviour; the first {@code skip}
   * nodes, which the caller already has, are not given to the sink again.
   */
  Parsed lineByLine(byte[] body, int length, int maxEvents, Sink sink, int skip) {
    int count = 0;
    int start = 0;
    int line = 0;
    for (int i = 0; i <= length; i++) {
      if (i < length && body[i] != '\n') {
        continue;
      }
      int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
      line++;
      if (!isBlank(body, start, end)) {
        if (count == maxEvents) {
          return new Parsed.TooMany(maxEvents);
        }
        try (JsonParser p = mapper.createParser(body, start, end - start)) {
          JsonNode node = mapper.readTree(p);
          if (p.nextToken() != null) {
            return malformed(
                count, "line " + line + ": more than one JSON value", "one JSON object per line");
          }
          if (count >= skip) {
            sink.accept(count, node);
          }
          count++;
        } catch (JsonProcessingException e) {
          return malformed(
              count,
              "line " + line + ": malformed JSON: " + e.getOriginalMessage(),
              "one JSON object per line (UTF-8)");
        } catch (IOException e) {
          return malformed(
              count,
              "line " + line + ": unreadable: " + e.getMessage(),
              "one JSON object per line");
        }
      }
      start = i + 1;
    }
    if (count == 0) {
      return malformed(0, "empty body", "one JSON object per line");
    }
    return new Parsed.Events(count);
  }

  private static boolean isBlank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  private static Parsed malformed(int index, String message, String expected) {
    return new Parsed.Malformed(new Problem(index, null, message, expected, null));
  }

  private static Parsed malformed(
      int index, String message, String expected, JsonProcessingException e) {
    var loc = e.getLocation();
    String where =
        loc != null ? " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")" : "";
    return new Parsed.Malformed(new Problem(index, null, message + where, expected, null));
  }
}
