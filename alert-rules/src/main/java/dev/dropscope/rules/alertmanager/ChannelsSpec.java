package dev.dropscope.rules.alertmanager;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The notification channels spec ({@code alert-rules/channels.yml}) as written: an SMTP server for
 * email channels, named channels, and the routing of alerts to them by severity and pack. Each
 * channel's keys depend on its type and are checked by {@link ChannelsCompiler}.
 */
public record ChannelsSpec(
    SmtpSpec smtp, Map<String, Map<String, Object>> channels, RoutingSpec routing) {

  /**
   * @param authPasswordFile a file holding the SMTP password (Alertmanager reads it at start)
   */
  public record SmtpSpec(
      String smarthost,
      String from,
      @JsonProperty("auth_username") String authUsername,
      @JsonProperty("auth_password_file") String authPasswordFile,
      @JsonProperty("require_tls") Boolean requireTls) {}

  /**
   * @param groupBy labels an alert group shares; default alertname and instance
   * @param defaultRoute where alerts without a known severity go
   * @param severities info, warning and critical routes
   * @param packs per pack, routes that take precedence over {@code severities}
   */
  public record RoutingSpec(
      @JsonProperty("group_by") List<String> groupBy,
      @JsonProperty("group_wait") Duration groupWait,
      @JsonProperty("group_interval") Duration groupInterval,
      @JsonProperty("default") RouteSpec defaultRoute,
      Map<String, RouteSpec> severities,
      Map<String, Map<String, RouteSpec>> packs) {}

  /**
   * @param repeatInterval how long before a still-firing alert is notified again (the cooldown)
   */
  public record RouteSpec(
      List<String> channels, @JsonProperty("repeat_interval") Duration repeatInterval) {}
}
