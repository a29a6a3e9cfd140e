package dev.dropscope.rules.alertmanager;

import dev.dropscope.rules.alertmanager.ChannelsSpec.RouteSpec;
import dev.dropscope.rules.check.Problem;
import dev.dropscope.rules.check.SpecException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks a channels spec: each channel's keys against its type, secrets only through {@code *_file}
 * or {@code ${VARIABLE}} placeholders, routes naming defined channels and known severities.
 */
public final class ChannelsCompiler {
  /** The severity label values routes can name. */
  public static final List<String> SEVERITIES = List.of("critical", "warning", "info");

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[A-Z_][A-Z0-9_]*}");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** Keys of each channel type besides {@code type} and {@code send_resolved}; required first. */
  private static final Map<String, List<String>> KEYS =
      Map.of(
          "email", List.of("to"),
          "slack", List.of("api_url_file", "channel"),
          "webhook", List.of("url", "bearer_token_file", "max_alerts"),
          "discord", List.of("webhook_url"),
          "telegram", List.of("bot_token", "chat_id"),
          "pagerduty", List.of("routing_key_file"),
          "opsgenie", List.of("api_key_file"),
          "pushover", List.of("user_key", "token"));

  private static final Map<String, Set<String>> REQUIRED =
      Map.of(
          "email", Set.of("to"),
          "slack", Set.of("api_url_file"),
          "webhook", Set.of("url"),
          "discord", Set.of("webhook_url"),
          "telegram", Set.of("bot_token", "chat_id"),
          "pagerduty", Set.of("routing_key_file"),
          "opsgenie", Set.of("api_key_file"),
          "pushover", Set.of("user_key", "token"));

  /** What to say about secret keys Alertmanager 0.25 cannot read from a file. */
  private static final Map<String, String> NO_FILE_IN_025 =
      Map.of(
          "webhook_url_file",
              "webhook_url with a ${VARIABLE} placeholder (webhook_url_file arrives in Alertmanager 0.27)",
          "bot_token_file",
              "bot_token: ${TELEGRAM_BOT_TOKEN} (bot_token_file arrives in Alertmanager 0.26)",
          "url_file",
              "url with a ${VARIABLE} placeholder, or bearer_token_file (url_file arrives in Alertmanager 0.26)",
          "user_key_file",
              "user_key: ${PUSHOVER_USER_KEY} (Alertmanager 0.25 has no user_key_file)",
          "token_file", "token: ${PUSHOVER_TOKEN} (Alertmanager 0.25 has no token_file)",
          "api_url", "api_url_file (never commit a Slack webhook URL)",
          "routing_key", "routing_key_file (never commit a PagerDuty key)",
          "api_key", "api_key_file (never commit an Opsgenie key)");

  private final String source;
  private final List<Problem> problems = new ArrayList<>();

  private ChannelsCompiler(String source) {
    this.source = source;
  }

  /**
   * Checks {@code spec}; {@code source} names the file in messages.
   *
   * @throws SpecException listing every problem
   */
  public static Channels compile(String source, ChannelsSpec spec) {
    return new ChannelsCompiler(source).compile(spec);
  }

  private Channels compile(ChannelsSpec spec) {
    if (spec == null) {
      add("document: expected channels and routing, found nothing");
      throw new SpecException(problems);
    }
    Map<String, Channel> channels = new TreeMap<>();
    if (spec.channels() == null || spec.channels().isEmpty()) {
      add("channels: expected at least one named channel, found nothing");
    } else {
      spec.channels()
          .forEach(
              (name, keys) -> {
                Channel c = channel("channels." + name, name, keys);
                if (c != null) {
                  channels.put(name, c);
                }
              });
    }
    Channels.Smtp smtp = smtp(spec.smtp(), channels);
    Channels.Routing routing = routing(spec.routing(), channels.keySet());
    if (!problems.isEmpty()) {
      throw new SpecException(problems);
    }
    return new Channels(smtp, channels, routing);
  }

  private void add(String message) {
    problems.add(new Problem(source, message));
  }

  private Channel channel(String path, String name, Map<String, Object> keys) {
    if (!NAME.matcher(name).matches()) {
      add(
          path
              + ": expected a channel name like ops-slack ([a-z0-9][a-z0-9_-]*), found '"
              + name
              + "'");
      return null;
    }
    if (keys == null) {
      add(path + ".type: expected " + types() + ", found nothing");
      return null;
    }
    Object typeValue = keys.get("type");
    String type = typeValue instanceof String s ? s : null;
    if (type == null || !KEYS.containsKey(type)) {
      add(path + ".type: expected " + types() + ", found " + quote(typeValue));
      return null;
    }
    int before = problems.size();
    for (String key : keys.keySet()) {
      if (key.equals("type") || key.equals("send_resolved") || KEYS.get(type).contains(key)) {
        continue;
      }
      String hint = NO_FILE_IN_025.get(key);
      add(
          path
              + "."
              + key
              + ": expected a key of a "
              + type
              + " channel ("
              + String.join(", ", KEYS.get(type))
              + ", send_resolved), found '"
              + key
              + "'"
              + (hint != null ? "; use " + hint : ""));
    }
    for (String key : REQUIRED.get(type)) {
      if (keys.get(key) == null) {
        add(path + "." + key + ": expected " + what(type, key) + ", found nothing");
      }
    }
    Object sr = keys.get("send_resolved");
    if (sr != null && !(sr instanceof Boolean)) {
      add(path + ".send_resolved: expected true or false, found " + quote(sr));
    }
    for (String key : KEYS.get(type)) {
      Object v = keys.get(key);
      if (v != null
          && !key.equals("chat_id")
          && !key.equals("max_alerts")
          && !(v instanceof String)) {
        add(path + "." + key + ": expected a string, found " + quote(v));
      }
    }
    if (problems.size() > before) {
      return null;
    }
    boolean sendResolved = sr != null ? (Boolean) sr : !type.equals("email");
    return switch (type) {
      case "email" -> new Channel.Email(name, str(keys, "to"), sendResolved);
      case "slack" ->
          new Channel.Slack(name, str(keys, "api_url_file"), str(keys, "channel"), sendResolved);
      case "webhook" -> webhook(path, name, keys, sendResolved);
      case "discord" -> {
        String url = str(keys, "webhook_url");
        yield secretUrl(
                path + ".webhook_url",
                url,
                "https://discord.com/api/webhooks/${DISCORD_WEBHOOK_ID}/${DISCORD_WEBHOOK_TOKEN}",
                true)
            ? new Channel.Discord(name, url, sendResolved)
            : null;
      }
      case "telegram" -> {
        String token = str(keys, "bot_token");
        Object chat = keys.get("chat_id");
        boolean ok = placeholder(path + ".bot_token", token, "${TELEGRAM_BOT_TOKEN}");
        if (!(chat instanceof Integer) && !(chat instanceof Long)) {
          add(
              path
                  + ".chat_id: expected the numeric chat id, e.g. -1001234567890, found "
                  + quote(chat));
          ok = false;
        }
        yield ok
            ? new Channel.Telegram(name, token, ((Number) chat).longValue(), sendResolved)
            : null;
      }
      case "pagerduty" -> new Channel.PagerDuty(name, str(keys, "routing_key_file"), sendResolved);
      case "opsgenie" -> new Channel.Opsgenie(name, str(keys, "api_key_file"), sendResolved);
      case "pushover" -> {
        String user = str(keys, "user_key");
        String token = str(keys, "token");
        boolean ok = placeholder(path + ".user_key", user, "${PUSHOVER_USER_KEY}");
        ok &= placeholder(path + ".token", token, "${PUSHOVER_TOKEN}");
        yield ok ? new Channel.Pushover(name, user, token, sendResolved) : null;
      }
      default -> throw new AssertionError(type);
    };
  }

  private Channel webhook(
      String path, String name, Map<String, Object> keys, boolean sendResolved) {
    String url = str(keys, "url");
    if (!secretUrl(path + ".url", url, "https://hooks.example.com/${WEBHOOK_TOKEN}", false)) {
      return null;
    }
    Object max = keys.get("max_alerts");
    if (max != null && (!(max instanceof Integer i) || i < 0)) {
      add(path + ".max_alerts: expected 0 (all) or a positive number, found " + quote(max));
      return null;
    }
    return new Channel.Webhook(
        name, url, str(keys, "bearer_token_file"), (Integer) max, sendResolved);
  }

  /**
   * A URL Alertmanager accepts (http or https, a host); with a placeholder when it must hide one.
   */
  private boolean secretUrl(String path, String url, String example, boolean placeholderRequired) {
    boolean hasPlaceholder = PLACEHOLDER.matcher(url).find();
    if (placeholderRequired && !hasPlaceholder) {
      add(
          path
              + ": expected a URL whose secret part is a ${VARIABLE} placeholder filled in at deploy"
              + " time, e.g. "
              + example
              + ", found a literal value (not shown; Alertmanager 0.25 cannot read it from a file,"
              + " see docs/alerting.md#secrets)");
      return false;
    }
    try {
      URI u = new URI(PLACEHOLDER.matcher(url).replaceAll("x"));
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
        throw new URISyntaxException(url, "no http(s) scheme and host");
      }
    } catch (URISyntaxException e) {
      add(
          path
              + ": expected an http(s) URL with a literal host (placeholders go in the path), e.g. "
              + example
              + ", found '"
              + url
              + "'");
      return false;
    }
    return true;
  }

  private boolean placeholder(String path, String value, String example) {
    if (!PLACEHOLDER.matcher(value).matches()) {
      add(
          path
              + ": expected a ${VARIABLE} placeholder filled in at deploy time, e.g. "
              + example
              + ", found a literal value (not shown; Alertmanager 0.25 cannot read it from a file,"
              + " see docs/alerting.md#secrets)");
      return false;
    }
    return true;
  }

  private Channels.Smtp smtp(ChannelsSpec.SmtpSpec spec, Map<String, Channel> channels) {
    boolean email = channels.values().stream().anyMatch(c -> c instanceof Channel.Email);
    if (spec == null) {
      if (email) {
        add("smtp: expected smarthost and from for the email channels, found nothing");
      }
      return null;
    }
    if (spec.smarthost() == null || !spec.smarthost().matches("[^:\\s]+:\\d+")) {
      add(
          "smtp.smarthost: expected host:port, e.g. smtp.example.com:587, found "
              + quote(spec.smarthost()));
    }
    if (spec.from() == null || !spec.from().contains("@")) {
      add("smtp.from: expected an email address, found " + quote(spec.from()));
    }
    if ((spec.authUsername() == null) != (spec.authPasswordFile() == null)) {
      add(
          "smtp.auth_password_file: expected auth_username and auth_password_file together, found only "
              + (spec.authUsername() != null ? "auth_username" : "auth_password_file"));
    }
    return new Channels.Smtp(
        spec.smarthost(),
        spec.from(),
        spec.authUsername(),
        spec.authPasswordFile(),
        spec.requireTls() == null || spec.requireTls());
  }

  private Channels.Routing routing(ChannelsSpec.RoutingSpec spec, Set<String> channels) {
    if (spec == null) {
      add("routing: expected default and severities routes, found nothing");
      return null;
    }
    List<String> groupBy =
        spec.groupBy() != null ? spec.groupBy() : List.of("alertname", "instance");
    for (int i = 0; i < groupBy.size(); i++) {
      if (groupBy.get(i) == null || !LABEL.matcher(groupBy.get(i)).matches()) {
        add("routing.group_by[" + i + "]: expected a label name, found " + quote(groupBy.get(i)));
      }
    }
    Channels.Route defaultRoute = route("routing.default", spec.defaultRoute(), channels, true);
    Map<String, Channels.Route> severities =
        severities("routing.severities", spec.severities(), channels);
    Map<String, Map<String, Channels.Route>> packs = new TreeMap<>();
    if (spec.packs() != null) {
      spec.packs()
          .forEach(
              (pack, routes) -> {
                if (!pack.matches("[a-z][a-z0-9_]*")) {
                  add(
                      "routing.packs."
                          + pack
                          + ": expected a pack name like trading, found '"
                          + pack
                          + "'");
                  return;
                }
                packs.put(pack, severities("routing.packs." + pack, routes, channels));
              });
    }
    return new Channels.Routing(
        List.copyOf(groupBy),
        spec.groupWait() != null ? spec.groupWait() : Duration.ofSeconds(30),
        spec.groupInterval() != null ? spec.groupInterval() : Duration.ofMinutes(5),
        defaultRoute,
        severities,
        packs);
  }

  private Map<String, Channels.Route> severities(
      String path, Map<String, RouteSpec> routes, Set<String> channels) {
    Map<String, Channels.Route> out = new LinkedHashMap<>();
    if (routes == null) {
      return out;
    }
    routes.forEach(
        (severity, route) -> {
          if (!SEVERITIES.contains(severity)) {
            add(
                path
                    + "."
                    + severity
                    + ": expected critical|warning|info (the severity label), found '"
                    + severity
                    + "'");
            return;
          }
          Channels.Route r = route(path + "." + severity, route, channels, true);
          if (r != null) {
            out.put(severity, r);
          }
        });
    Map<String, Channels.Route> ordered = new LinkedHashMap<>();
    SEVERITIES.stream().filter(out::containsKey).forEach(s -> ordered.put(s, out.get(s)));
    return ordered;
  }

  private Channels.Route route(
      String path, RouteSpec spec, Set<String> channels, boolean required) {
    if (spec == null) {
      if (required) {
        add(path + ": expected channels and repeat_interval, found nothing");
      }
      return null;
    }
    List<String> names = spec.channels() != null ? spec.channels() : List.of();
    if (names.isEmpty()) {
      add(path + ".channels: expected at least one channel, found nothing");
    }
    for (int i = 0; i < names.size(); i++) {
      if (!channels.contains(names.get(i))) {
        add(
            path
                + ".channels["
                + i
                + "]: expected a channel defined under channels ("
                + String.join(", ", channels)
                + "), found "
                + quote(names.get(i)));
      }
    }
    if (spec.repeatInterval() == null) {
      add(
          path
              + ".repeat_interval: expected how long before a still-firing alert is sent again, e.g. 4h, found nothing");
      return null;
    }
    return new Channels.Route(List.copyOf(names), spec.repeatInterval());
  }

  private static String types() {
    return "email|slack|webhook|discord|telegram|pagerduty|opsgenie|pushover";
  }

  private static String what(String type, String key) {
    return switch (key) {
      case "to" -> "an email address";
      case "url" -> "the URL alerts are POSTed to";
      case "chat_id" -> "the numeric chat id";
      case "bot_token", "user_key", "token", "webhook_url" ->
          "a ${VARIABLE} placeholder (see docs/alerting.md#secrets)";
      default -> "a file holding the " + type + " secret (" + key + ")";
    };
  }

  private static String str(Map<String, Object> keys, String key) {
    Object v = keys.get(key);
    return v == null ? null : v.toString();
  }

  private static String quote(Object found) {
    if (found == null) {
      return "nothing";
    }
    return found instanceof String s ? "'" + s + "'" : String.valueOf(found);
  }
}
