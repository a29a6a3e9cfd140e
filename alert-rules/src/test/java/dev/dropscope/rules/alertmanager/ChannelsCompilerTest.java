package dev.dropscope.rules.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.exporter.config.StrictYaml;
import dev.dropscope.rules.check.Problem;
import dev.dropscope.rules.check.SpecException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The channels spec: secrets only through files or placeholders, routes to known channels. */
class ChannelsCompilerTest {
  private static final String ROUTING =
      """
      routing:
        default: {channels: [hook], repeat_interval: 12h}
        severities:
          critical: {channels: [hook], repeat_interval: 1h}
      """;

  private static Channels compile(String yaml) {
    return ChannelsCompiler.compile(
        "channels.yml", new StrictYaml().read(yaml, ChannelsSpec.class));
  }

  private static List<String> problems(String yaml) {
    try {
      compile(yaml);
      return List.of();
    } catch (SpecException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
  }

  private static String withChannel(String channel) {
    return "channels:\n  hook: {type: webhook, url: 'http://127.0.0.1:9/x'}\n  "
        + channel
        + "\n"
        + ROUTING;
  }

  @Test
  void compiles_channels_and_routes_with_default_grouping() {
    Channels c =
        compile(
            withChannel(
                "tg: {type: telegram, bot_token: '${TELEGRAM_BOT_TOKEN}', chat_id: -100123}"));
    assertThat(c.channels()).containsOnlyKeys("hook", "tg");
    assertThat(c.channels().get("tg"))
        .isEqualTo(new Channel.Telegram("tg", "${TELEGRAM_BOT_TOKEN}", -100123, true));
    assertThat(c.routing().groupBy()).containsExactly("alertname", "instance");
    assertThat(c.routing().severities().get("critical").repeatInterval())
        .isEqualTo(Duration.ofHours(1));
  }

  @Nested
  class Secrets {
    @Test
    void refuses_a_literal_discord_webhook_url_without_printing_it() {
      List<String> problems =
          problems(
              withChannel(
                  "dc: {type: discord, webhook_url: 'https://discord.com/api/webhooks/1/SECRET'}"));
      assertThat(problems)
          .containsExactly(
              "channels.yml: channels.dc.webhook_url: expected a URL whose secret part is a"
                  + " ${VARIABLE} placeholder filled in at deploy time, e.g."
                  + " https://discord.com/api/webhooks/${DISCORD_WEBHOOK_ID}/${DISCORD_WEBHOOK_TOKEN},"
                  + " found a literal value (not shown; Alertmanager 0.25 cannot read it from a file,"
                  + " see docs/alerting.md#secrets)");
      assertThat(String.join("\n", problems)).doesNotContain("SECRET");
    }

    @Test
    void refuses_a_literal_telegram_bot_token() {
      assertThat(problems(withChannel("tg: {type: telegram, bot_token: '123:abc', chat_id: 1}")))
          .containsExactly(
              "channels.yml: channels.tg.bot_token: expected a ${VARIABLE} placeholder filled in at"
                  + " deploy time, e.g. ${TELEGRAM_BOT_TOKEN}, found a literal value (not shown;"
                  + " Alertmanager 0.25 cannot read it from a file, see docs/alerting.md#secrets)");
    }

    @Test
    void refuses_literal_pushover_keys() {
      assertThat(
              problems(
                  withChannel("po: {type: pushover, user_key: u1, token: '${PUSHOVER_TOKEN}'}")))
          .containsExactly(
              "channels.yml: channels.po.user_key: expected a ${VARIABLE} placeholder filled in at"
                  + " deploy time, e.g. ${PUSHOVER_USER_KEY}, found a literal value (not shown;"
                  + " Alertmanager 0.25 cannot read it from a file, see docs/alerting.md#secrets)");
    }

    @Test
    void explains_that_alertmanager_025_has_no_file_for_a_discord_url() {
      assertThat(problems(withChannel("dc: {type: discord, webhook_url_file: /run/secrets/dc}")))
          .containsExactly(
              "channels.yml: channels.dc.webhook_url_file: expected a key of a discord channel"
                  + " (webhook_url, send_resolved), found 'webhook_url_file'; use webhook_url with a"
                  + " ${VARIABLE} placeholder (webhook_url_file arrives in Alertmanager 0.27)",
              "channels.yml: channels.dc.webhook_url: expected a ${VARIABLE} placeholder (see"
                  + " docs/alerting.md#secrets), found nothing");
    }

    @Test
    void refuses_an_inline_slack_webhook_url() {
      assertThat(problems(withChannel("sl: {type: slack, api_url: 'https://hooks.slack.com/x'}")))
          .containsExactly(
              "channels.yml: channels.sl.api_url: expected a key of a slack channel (api_url_file,"
                  + " channel, send_resolved), found 'api_url'; use api_url_file (never commit a"
                  + " Slack webhook URL)",
              "channels.yml: channels.sl.api_url_file: expected a file holding the slack secret"
                  + " (api_url_file), found nothing");
    }

    @Test
    void needs_a_literal_host_around_placeholders() {
      assertThat(
              problems(withChannel("dc: {type: discord, webhook_url: '${DISCORD_WEBHOOK_URL}'}")))
          .containsExactly(
              "channels.yml: channels.dc.webhook_url: expected an http(s) URL with a literal host"
                  + " (placeholders go in the path), e.g."
                  + " https://discord.com/api/webhooks/${DISCORD_WEBHOOK_ID}/${DISCORD_WEBHOOK_TOKEN},"
                  + " found '${DISCORD_WEBHOOK_URL}'");
    }
  }

  @Nested
  class Routing {
    @Test
    void refuses_a_route_to_an_unknown_channel() {
      assertThat(
              problems(
                  """
                  channels:
                    hook: {type: webhook, url: 'http://127.0.0.1:9/x'}
                  routing:
                    default: {channels: [hook], repeat_interval: 12h}
                    severities:
                      warning: {channels: [hok], repeat_interval: 4h}
                  """))
          .containsExactly(
              "channels.yml: routing.severities.warning.channels[0]: expected a channel defined"
                  + " under channels (hook), found 'hok'");
    }

    @Test
    void refuses_a_severity_the_rules_do_not_set() {
      assertThat(
              problems(
                  """
                  channels:
                    hook: {type: webhook, url: 'http://127.0.0.1:9/x'}
                  routing:
                    default: {channels: [hook], repeat_interval: 12h}
                    severities:
                      page: {channels: [hook], repeat_interval: 4h}
                  """))
          .containsExactly(
              "channels.yml: routing.severities.page: expected critical|warning|info (the severity"
                  + " label), found 'page'");
    }

    @Test
    void needs_a_repeat_interval() {
      assertThat(
              problems(
                  """
                  channels:
                    hook: {type: webhook, url: 'http://127.0.0.1:9/x'}
                  routing:
                    default: {channels: [hook]}
                  """))
          .containsExactly(
              "channels.yml: routing.default.repeat_interval: expected how long before a"
                  + " still-firing alert is sent again, e.g. 4h, found nothing");
    }
  }

  @Nested
  class ChannelTypes {
    @Test
    void refuses_an_unknown_type() {
      assertThat(problems(withChannel("x: {type: msteams}")))
          .containsExactly(
              "channels.yml: channels.x.type: expected"
                  + " email|slack|webhook|discord|telegram|pagerduty|opsgenie|pushover, found 'msteams'");
    }

    @Test
    void needs_smtp_for_email() {
      assertThat(problems(withChannel("mail: {type: email, to: ops@example.com}")))
          .containsExactly(
              "channels.yml: smtp: expected smarthost and from for the email channels, found nothing");
    }

    @Test
    void needs_a_numeric_telegram_chat_id() {
      assertThat(problems(withChannel("tg: {type: telegram, bot_token: '${T}', chat_id: '@ops'}")))
          .containsExactly(
              "channels.yml: channels.tg.chat_id: expected the numeric chat id, e.g. -1001234567890,"
                  + " found '@ops'");
    }
  }
}
