package dev.dropscope.etl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dropscope.exporter.config.ConfigException;
import dev.dropscope.exporter.config.StrictYaml;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The prometheus section of the ETL's configuration, as YAML. */
class PrometheusConfigTest {
  static PrometheusConfig read(String yaml) {
    return new StrictYaml().read(yaml, EtlConfig.class).prometheus();
  }

  @Nested
  class Headers {
    @Test
    void are_sent_as_given() {
      assertThat(read("prometheus:\n  headers: {X-Scope-OrgID: bots}\n").headers())
          .containsEntry("X-Scope-OrgID", "bots");
    }

    @Test
    void default_to_none() {
      assertThat(PrometheusConfig.defaults().headers()).isEmpty();
    }

    @Test
    void may_not_carry_credentials_the_etl_sends_itself() {
      assertThatThrownBy(() -> read("prometheus:\n  headers: {Authorization: Bearer x}\n"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("headers: expected header names other than")
          .hasMessageContaining("bearer_token_file")
          .hasMessageContaining("found 'Authorization'");
    }

    @Test
    void refuse_a_line_break_without_showing_the_value() {
      assertThatThrownBy(() -> read("prometheus:\n  headers: {X-Token: \"s3cret\\nx\"}\n"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(
              "headers.X-Token: expected a one-line header value, found a line break")
          .hasMessageNotContaining("s3cret");
    }

    @Test
    void survive_a_new_url() {
      PrometheusConfig c = read("prometheus:\n  headers: {X-Scope-OrgID: bots}\n");
      assertThat(c.withUrl(java.net.URI.create("http://mimir:8080/prometheus")).headers())
          .containsEntry("X-Scope-OrgID", "bots");
    }
  }
}
