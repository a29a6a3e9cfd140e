package dev.dropscope.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code compose/compose.yaml} parsed, with the questions the tests ask of it: services, their
 * mounts, environment, commands, ports and secrets, and the variables the file interpolates.
 */
final class ComposeFile {
  static final Path FILE = Repo.COMPOSE.resolve("compose.yaml");

  /** {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME:?message}}; {@code $$} escapes. */
  private static final Pattern INTERPOLATION =
      Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?}");

  private static final Pattern BARE_VARIABLE = Pattern.compile("(?<!\\$)\\$[A-Za-z_]");

  private final JsonNode root;

  private ComposeFile(JsonNode root) {
    this.root = root;
  }

  static ComposeFile load() {
    try {
      return new ComposeFile(new YAMLMapper().readTree(FILE.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + FILE, e);
    }
  }

  /** A {@code ${NAME...}} reference: the variable, and its default when one is given. */
  record Interpolation(String variable, String operator, String argument, String where) {
    boolean hasDefault() {
      return operator != null && operator.endsWith("-");
    }
  }

  /** A volume of a service: a bind mount of a host path, a named volume, or a tmpfs. */
  record Mount(String service, String type, String source, String target, boolean readOnly) {
    boolean isBind() {
      return type.equals("bind");
    }

    /** The host path of a bind mount: relative paths are relative to compose/. */
    Path hostPath() {
      return Repo.COMPOSE.resolve(source).normalize();
    }
  }

  /** A published port: host address and port (maybe interpolated), container port. */
  record Port(String service, String host, String hostPort, int containerPort) {}

  Set<String> serviceNames() {
    Set<String> names = new LinkedHashSet<>();
    root.path("services").fieldNames().forEachRemaining(names::add);
    return names;
  }

  JsonNode service(String name) {
    JsonNode service = root.path("services").path(name);
    if (service.isMissingNode()) {
      throw new AssertionError("compose.yaml has no service '" + name + "'");
    }
    return service;
  }

  JsonNode root() {
    return root;
  }

  /** The service's profiles; none means it always runs. */
  List<String> profiles(String service) {
    return strings(service(service).path("profiles"));
  }

  String image(String service) {
    return service(service).path("image").asText(null);
  }

  List<Mount> mounts(String service) {
    List<Mount> mounts = new ArrayList<>();
    for (JsonNode volume : service(service).path("volumes")) {
      if (volume.isTextual()) {
        String[] parts = volume.asText().split(":");
        String source = parts[0];
        String type = source.startsWith(".") || source.startsWith("/") ? "bind" : "volume";
        boolean readOnly = parts.length > 2 && List.of(parts[2].split(",")).contains("ro");
        mounts.add(new Mount(service, type, source, parts[1], readOnly));
      } else {
        mounts.add(
            new Mount(
                service,
                volume.path("type").asText(),
                volume.path("source").asText(),
                volume.path("target").asText(),
                volume.path("read_only").asBoolean(false)));
      }
    }
    for (String tmpfs : strings(service(service).path("tmpfs"))) {
      mounts.add(new Mount(service, "tmpfs", "", tmpfs.split(":")[0], false));
    }
    return mounts;
  }

  List<Mount> allMounts() {
    return serviceNames().stream().flatMap(s -> mounts(s).stream()).toList();
  }

  /** The service's environment as written (values not interpolated). */
  Map<String, String> environment(String service) {
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode node = service(service).path("environment");
    if (node.isArray()) {
      for (JsonNode entry : node) {
        String[] kv = entry.asText().split("=", 2);
        env.put(kv[0], kv.length > 1 ? kv[1] : null);
      }
    } else {
      node.properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
    }
    return env;
  }

  List<String> entrypoint(String service) {
    return strings(service(service).path("entrypoint"));
  }

  List<String> command(String service) {
    return strings(service(service).path("command"));
  }

  /** The healthcheck's test, e.g. {@code [CMD, wget, ..., http://127.0.0.1:9090/-/ready]}. */
  List<String> healthcheck(String service) {
    return strings(service(service).path("healthcheck").path("test"));
  }

  /** The value following {@code flag} in the command, e.g. {@code --prometheus URL}. */
  String commandFlag(String service, String flag) {
    List<String> command = command(service);
    int i = command.indexOf(flag);
    if (i < 0 || i + 1 >= command.size()) {
      throw new AssertionError(service + "'s command has no " + flag + " VALUE: " + command);
    }
    return command.get(i + 1);
  }

  List<Port> ports(String service) {
    List<Port> ports = new ArrayList<>();
    for (JsonNode port : service(service).path("ports")) {
      // HOST:HOST_PORT:CONTAINER_PORT, where HOST and HOST_PORT may be ${...}
      String text = port.asText();
      int last = text.lastIndexOf(':');
      String hostPart = text.substring(0, last);
      int container = Integer.parseInt(text.substring(last + 1));
      Matcher m = Pattern.compile("^(\\$\\{[^}]*}|[^:]*):(.*)$").matcher(hostPart);
      if (!m.matches()) {
        throw new AssertionError(service + ": expected HOST:PORT:CONTAINER_PORT, found " + text);
      }
      ports.add(new Port(service, m.group(1), m.group(2), container));
    }
    return ports;
  }

  /** Names of the secrets granted to the service. */
  List<String> secrets(String service) {
    List<String> names = new ArrayList<>();
    for (JsonNode secret : service(service).path("secrets")) {
      names.add(secret.isTextual() ? secret.asText() : secret.path("source").asText());
    }
    return names;
  }

  /** Top-level secrets: name to definition ({@code environment: VAR} or {@code file: PATH}). */
  Map<String, JsonNode> secretDefinitions() {
    Map<String, JsonNode> secrets = new LinkedHashMap<>();
    root.path("secrets").properties().forEach(e -> secrets.put(e.getKey(), e.getValue()));
    return secrets;
  }

  Set<String> namedVolumes() {
    Set<String> names = new LinkedHashSet<>();
    root.path("volumes").fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Every {@code ${...}} in the file's values and keys (comments are not interpolated). */
  List<Interpolation> interpolations() {
    List<Interpolation> found = new ArrayList<>();
    walk(root, "", (where, text) -> found.addAll(interpolationsIn(text, where)));
    return found;
  }

  /** Values with a bare {@code $NAME} (compose interpolates it too; the file uses {@code ${}}). */
  List<String> bareVariables() {
    List<String> found = new ArrayList<>();
    walk(
        root,
        "",
        (where, text) -> {
          if (BARE_VARIABLE.matcher(text).find()) {
            found.add(where + ": " + text);
          }
        });
    return found;
  }

  /**
   * Every variable compose reads from the environment or .env: interpolated ones and the sources of
   * environment secrets.
   */
  Set<String> variables() {
    Set<String> names = new LinkedHashSet<>();
    interpolations().forEach(i -> names.add(i.variable()));
    secretDefinitions().values().stream()
        .map(d -> d.path("environment").asText(""))
        .filter(s -> !s.isEmpty())
        .forEach(names::add);
    return names;
  }

  static List<Interpolation> interpolationsIn(String text, String where) {
    List<Interpolation> found = new ArrayList<>();
    Matcher m = INTERPOLATION.matcher(text);
    while (m.find()) {
      found.add(new Interpolation(m.group(1), m.group(2), m.group(3), where));
    }
    return found;
  }

  static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.asText());
    } else {
      node.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  private interface TextVisitor {
    void visit(String where, String text);
  }

  private static void walk(JsonNode node, String where, TextVisitor visitor) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                String at = where.isEmpty() ? e.getKey() : where + "." + e.getKey();
                visitor.visit(at, e.getKey());
                walk(e.getValue(), at, visitor);
              });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), where + "[" + i + "]", visitor);
      }
    } else if (node.isTextual()) {
      visitor.visit(where, node.asText());
    }
  }
}
