package dev.dropscope.exporter.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Strict YAML binding shared by the configuration and pack loaders: unknown keys, duplicate keys
 * and values of the wrong type are rejected with a {@link ConfigException} naming the key's path,
 * what was expected and what was found.
 */
public final class StrictYaml {
  private final ObjectMapper mapper;

  public StrictYaml() {
    YAMLFactory yaml =
        YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    SimpleModule values = new SimpleModule("dropscope-values");
    values.addDeserializer(Duration.class, new DurationDeserializer());
    values.addDeserializer(Pattern.class, new PatternDeserializer());
    this.mapper =
        new ObjectMapper(yaml)
            .registerModule(values)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * Binds a YAML document to {@code type}; an empty document (or only comments) gives null.
   *
   * @throws ConfigException naming the path of the first offending key
   */
  public <T> T read(String yaml, Class<T> type) {
    try {
      if (yaml.isBlank()
          || mapper.readTree(yaml) == null
          || mapper.readTree(yaml).isMissingNode()) {
        return null;
      }
      return mapper.readValue(yaml, type);
    } catch (JsonMappingException e) {
      throw new ConfigException(describe(e));
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String where =
          loc != null ? "line " + loc.getLineNr() + ", column " + loc.getColumnNr() : "input";
      throw new ConfigException(
          where + ": not valid YAML (" + oneLine(e.getOriginalMessage()) + ")");
    }
  }

  /** Reads a file, turning a missing or unreadable file into a {@link ConfigException}. */
  public static String readFile(Path file, String what) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(what + " " + file + ": not found");
    } catch (IOException e) {
      throw new ConfigException(what + " " + file + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  /** The YAML parser's message without its source excerpt: the lines that are not indented. */
  private static String oneLine(String message) {
    return String.join(
        "; ",
        message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList());
  }

  private static String describe(JsonMappingException e) {
    String path = path(e.getPath());
    return switch (e) {
      case UnrecognizedPropertyException u ->
          path
              + ": unknown key; expected one of "
              + String.join(", ", names(u.getKnownPropertyIds()));
      case ValueInstantiationException v when v.getCause() instanceof ConfigException c ->
          path.isEmpty() ? c.getMessage() : path + "." + c.getMessage();
      case BadValue b ->
          path + ": expected " + b.expected + ", found " + ConfigException.quote(b.found);
      case InvalidFormatException f ->
          path
              + ": expected "
              + typeName(f.getTargetType())
              + ", found "
              + ConfigException.quote(f.getValue());
      case MismatchedInputException m ->
          (path.isEmpty() ? "document" : path)
              + ": expected "
              + typeName(m.getTargetType())
              + ", found "
              + found(m);
      default -> (path.isEmpty() ? "document" : path) + ": " + e.getOriginalMessage();
    };
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null) {
        if (!out.isEmpty()) {
          out.append('.');
        }
        out.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static List<String> names(Collection<Object> ids) {
    TreeSet<String> sorted = new TreeSet<>();
    ids.forEach(id -> sorted.add(String.valueOf(id)));
    return List.copyOf(sorted);
  }

  private static String typeName(Class<?> type) {
    if (type == null) {
      return "a value";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "a mapping of keys";
    }
    return "a value of type " + type.getSimpleName();
  }

  private static final Pattern TOKEN_IN_MESSAGE = Pattern.compile("token `JsonToken\\.([A-Z_]+)`");

  private static String found(MismatchedInputException e) {
    var inMessage = TOKEN_IN_MESSAGE.matcher(String.valueOf(e.getOriginalMessage()));
    if (inMessage.find()) {
      return switch (inMessage.group(1)) {
        case "START_ARRAY" -> "a list";
        case "START_OBJECT", "FIELD_NAME" -> "a mapping of keys";
        case "VALUE_NULL" -> "nothing";
        case "VALUE_TRUE", "VALUE_FALSE" -> "a boolean";
        case "VALUE_NUMBER_INT", "VALUE_NUMBER_FLOAT" -> "a number";
        default -> "something else";
      };
    }
    if (!(e.getProcessor() instanceof JsonParser p)) {
      return "something else";
    }
    JsonToken token = p.currentToken();
    if (token == null) {
      return "nothing";
    }
    try {
      return switch (token) {
        case START_ARRAY -> "a list";
        case START_OBJECT, FIELD_NAME -> "a mapping of keys";
        case VALUE_NULL -> "nothing";
        case VALUE_STRING -> "'" + p.getText() + "'";
        default -> p.getText();
      };
    } catch (IOException io) {
      return "something else";
    }
  }

  /** A scalar that has the right YAML type but not the right shape. */
  static final class BadValue extends JsonMappingException {
    private static final long serialVersionUID = 1L;
    final String expected;
    final transient Object found;

    BadValue(JsonParser p, String expected, Object found) {
      super(p, "expected " + expected);
      this.expected = expected;
      this.found = found;
    }
  }

  private static final class DurationDeserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      String text = p.getValueAsString();
      Duration d = text != null ? Durations.parseOrNull(text) : null;
      if (d == null) {
        throw new BadValue(p, Durations.EXPECTED, text != null ? text : p.getText());
      }
      return d;
    }
  }

  private static final class PatternDeserializer extends JsonDeserializer<Pattern> {
    @Override
    public Pattern deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      String text = p.getValueAsString();
      if (text == null) {
        throw new BadValue(p, "a regular expression", p.getText());
      }
      try {
        return Pattern.compile(text);
      } catch (PatternSyntaxException e) {
        throw new BadValue(
            p,
            "a regular expression (" + e.getDescription() + " at index " + e.getIndex() + ")",
            text);
      }
    }
  }
}
