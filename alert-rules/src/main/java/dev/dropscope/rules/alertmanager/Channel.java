package dev.dropscope.rules.alertmanager;

/**
 * A notification channel, one of the receivers Alertmanager 0.25 supports. Secrets come from files
 * ({@code *_file}) where 0.25 can read them; where it cannot (Discord's webhook URL, Telegram's bot
 * token, Pushover's keys) the value must be a {@code ${VARIABLE}} placeholder filled in at deploy
 * time, so no secret is ever committed.
 */
public sealed interface Channel {
  String name();

  boolean sendResolved();

  /** The type as written in the spec. */
  String type();

  record Email(String name, String to, boolean sendResolved) implements Channel {
    public String type() {
      return "email";
    }
  }

  record Slack(String name, String apiUrlFile, String channel, boolean sendResolved)
      implements Channel {
    public String type() {
      return "slack";
    }
  }

  /** A generic webhook; {@code bearerTokenFile} becomes http_config.authorization. */
  record Webhook(
      String name, String url, String bearerTokenFile, Integer maxAlerts, boolean sendResolved)
      implements Channel {
    public String type() {
      return "webhook";
    }
  }

  record Discord(String name, String webhookUrl, boolean sendResolved) implements Channel {
    public String type() {
      return "discord";
    }
  }

  record Telegram(String name, String botToken, long chatId, boolean sendResolved)
      implements Channel {
    public String type() {
      return "telegram";
    }
  }

  record PagerDuty(String name, String routingKeyFile, boolean sendResolved) implements Channel {
    public String type() {
      return "pagerduty";
    }
  }

  record Opsgenie(String name, String apiKeyFile, boolean sendResolved) implements Channel {
    public String type() {
      return "opsgenie";
    }
  }

  record Pushover(String name, String userKey, String token, boolean sendResolved)
      implements Channel {
    public String type() {
      return "pushover";
    }
  }
}
