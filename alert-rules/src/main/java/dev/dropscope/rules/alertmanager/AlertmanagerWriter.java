package dev.dropscope.rules.alertmanager;

import dev.dropscope.rules.generate.Generator;
import dev.dropscope.rules.generate.YamlWriter;
import dev.dropscope.rules.promql.Promql;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the Alertmanager 0.25 configuration for checked channels: one receiver per route, routes
 * by pack and severity under a default, grouping by the routing's labels, repeat intervals per
 * severity, the inhibition of warnings by a critical alert of the same name and instance, and the
 * notification templates in {@code dropscope.tmpl}.
 */
public final class AlertmanagerWriter {
  /** The template file the configuration loads, next to it. */
  public static final String TEMPLATE_FILE = "dropscope.tmpl";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)}");
  private static final List<String> CONFIG_ORDER =
      List.of(
          "email", "slack", "discord", "telegram", "pagerduty", "opsgenie", "pushover", "webhook");

  private AlertmanagerWriter() {}

  /** {@code alertmanager/alertmanager.yml} and {@code alertmanager/dropscope.tmpl}. */
  public static Map<String, String> files(Channels channels, String source) {
    Map<String, String> out = new TreeMap<>();
    out.put("alertmanager/alertmanager.yml", config(channels, source));
    out.put("alertmanager/" + TEMPLATE_FILE, template());
    return out;
  }

  /** The notification templates. */
  public static String template() {
    try (InputStream in =
        AlertmanagerWriter.class.getResourceAsStream("/alertmanager/" + TEMPLATE_FILE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource /alertmanager/" + TEMPLATE_FILE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String config(Channels channels, String source) {
    Channels.Routing routing = channels.routing();
    Map<String, Object> doc = new LinkedHashMap<>();
    Map<String, Object> global = new LinkedHashMap<>();
    global.put("resolve_timeout", "5m");
    if (channels.smtp() != null) {
      Channels.Smtp s = channels.smtp();
      global.put("smtp_smarthost", s.smarthost());
      global.put("smtp_from", s.from());
      if (s.authUsername() != null) {
        global.put("smtp_auth_username", s.authUsername());
        global.put("smtp_auth_password_file", s.authPasswordFile());
      }
      global.put("smtp_require_tls", s.requireTls());
    }
    doc.put("global", global);
    doc.put("templates", List.of(TEMPLATE_FILE));

    List<Object> receivers = new ArrayList<>();
    List<Object> routes = new ArrayList<>();
    for (Map.Entry<String, Map<String, Channels.Route>> pack : routing.packs().entrySet()) {
      for (Map.Entry<String, Channels.Route> r : pack.getValue().entrySet()) {
        String name = pack.getKey() + "-" + r.getKey();
        routes.add(
            route(
                name,
                List.of("pack=\"" + pack.getKey() + "\"", "severity=\"" + r.getKey() + "\""),
                r.getValue()));
        receivers.add(receiver(name, r.getValue(), channels));
      }
    }
    for (Map.Entry<String, Channels.Route> r : routing.severities().entrySet()) {
      routes.add(route(r.getKey(), List.of("severity=\"" + r.getKey() + "\""), r.getValue()));
      receivers.add(receiver(r.getKey(), r.getValue(), channels));
    }
    receivers.addFirst(receiver("default", routing.defaultRoute(), channels));

    Map<String, Object> route = new LinkedHashMap<>();
    route.put("receiver", "default");
    route.put("group_by", routing.groupBy());
    route.put("group_wait", Promql.format(routing.groupWait()));
    route.put("group_interval", Promql.format(routing.groupInterval()));
    route.put("repeat_interval", Promql.format(routing.defaultRoute().repeatInterval()));
    route.put("routes", routes);
    doc.put("route", route);

    Map<String, Object> inhibit = new LinkedHashMap<>();
    inhibit.put("source_matchers", List.of("severity=\"critical\""));
    inhibit.put("target_matchers", List.of("severity=\"warning\""));
    inhibit.put("equal", List.of("alertname", "instance"));
    doc.put("inhibit_rules", List.of(inhibit));
    doc.put("receivers", receivers);

    List<String> header = new ArrayList<>(Generator.headerFor(source, null));
    header.add("");
    header.add(
        "Alertmanager 0.25 configuration: routes by pack and severity, groups by "
            + String.join(" and ", routing.groupBy())
            + ";");
    header.add("a critical alert silences the warning of the same alertname and instance.");
    header.add("Secrets are read from the *_file paths: create those files where they point.");
    Set<String> variables = placeholders(channels);
    if (!variables.isEmpty()) {
      header.add("");
      header.add(
          "Alertmanager 0.25 cannot read these secrets from files; fill the placeholders at deploy");
      header.add("time (docs/alerting.md#secrets), e.g.:");
      StringBuilder vars = new StringBuilder();
      variables.forEach(v -> vars.append(vars.isEmpty() ? "" : " ").append('$').append(v));
      header.add(
          "  envsubst '" + vars + "' < alertmanager.yml > /etc/alertmanager/alertmanager.yml");
    }
    return YamlWriter.write(header, doc);
  }

  private static Set<String> placeholders(Channels channels) {
    Set<String> out = new LinkedHashSet<>();
    for (Channel c : channels.channels().values()) {
      String text =
          switch (c) {
            case Channel.Discord d -> d.webhookUrl();
            case Channel.Telegram t -> t.botToken();
            case Channel.Pushover p -> p.userKey() + " " + p.token();
            case Channel.Webhook w -> w.url();
            default -> "";
          };
      Matcher m = PLACEHOLDER.matcher(text);
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  private static Map<String, Object> route(
      String receiver, List<String> matchers, Channels.Route r) {
    Map<String, Object> route = new LinkedHashMap<>();
    route.put("receiver", receiver);
    route.put("matchers", matchers);
    route.put("repeat_interval", Promql.format(r.repeatInterval()));
    return route;
  }

  private static Map<String, Object> receiver(
      String name, Channels.Route route, Channels channels) {
    Map<String, List<Object>> byType = new LinkedHashMap<>();
    for (String channel : route.channels()) {
      Channel c = channels.channels().get(channel);
      byType.computeIfAbsent(c.type(), t -> new ArrayList<>()).add(config(c));
    }
    Map<String, Object> receiver = new LinkedHashMap<>();
    receiver.put("name", name);
    for (String type : CONFIG_ORDER) {
      if (byType.containsKey(type)) {
        receiver.put(type + "_configs", byType.get(type));
      }
    }
    return receiver;
  }

  private static Map<String, Object> config(Channel channel) {
    Map<String, Object> c = new LinkedHashMap<>();
    switch (channel) {
      case Channel.Email e -> {
        c.put("to", e.to());
        c.put("send_resolved", e.sendResolved());
        c.put("headers", Map.of("Subject", template("dropscope.email.subject")));
        c.put("html", template("dropscope.email.html"));
        c.put("text", template("dropscope.email.text"));
      }
      case Channel.Slack s -> {
        c.put("api_url_file", s.apiUrlFile());
        if (s.channel() != null) {
          c.put("channel", s.channel());
        }
        c.put("send_resolved", s.sendResolved());
        c.put("title", template("dropscope.title"));
        c.put("text", template("dropscope.text"));
      }
      case Channel.Discord d -> {
        c.put("webhook_url", d.webhookUrl());
        c.put("send_resolved", d.sendResolved());
        c.put("title", template("dropscope.title"));
        c.put("message", template("dropscope.text"));
      }
      case Channel.Telegram t -> {
        c.put("bot_token", t.botToken());
        c.put("chat_id", t.chatId());
        c.put("send_resolved", t.sendResolved());
        c.put("parse_mode", "HTML");
        c.put("message", template("dropscope.telegram"));
      }
      case Channel.PagerDuty p -> {
        c.put("routing_key_file", p.routingKeyFile());
        c.put("send_resolved", p.sendResolved());
        c.put("description", template("dropscope.title"));
        c.put("severity", template("dropscope.pagerduty.severity"));
      }
      case Channel.Opsgenie o -> {
        c.put("api_key_file", o.apiKeyFile());
        c.put("send_resolved", o.sendResolved());
        c.put("message", template("dropscope.title"));
        c.put("description", template("dropscope.text"));
        c.put("priority", template("dropscope.opsgenie.priority"));
        c.put("tags", "dropscope,{{ .CommonLabels.pack }}");
      }
      case Channel.Pushover p -> {
        c.put("user_key", p.userKey());
        c.put("token", p.token());
        c.put("send_resolved", p.sendResolved());
        c.put("title", template("dropscope.title"));
        c.put("message", template("dropscope.text"));
      }
      case Channel.Webhook w -> {
        c.put("url", w.url());
        c.put("send_resolved", w.sendResolved());
        if (w.maxAlerts() != null) {
          c.put("max_alerts", w.maxAlerts());
        }
        if (w.bearerTokenFile() != null) {
          c.put(
              "http_config",
              Map.of("authorization", Map.of("credentials_file", w.bearerTokenFile())));
        }
      }
    }
    return c;
  }

  private static String template(String name) {
    return "{{ template \"" + name + "\" . }}";
  }
}
