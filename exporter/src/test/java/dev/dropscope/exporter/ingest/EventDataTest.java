package dev.dropscope.exporter.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropscope.exporter.pack.Packs;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An event's data holds its declared fields in the pack's order (defaults filled in, nulls left
 * out), then undeclared ones in the order sent, whatever order the client used.
 */
class EventDataTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final EventValidator validator =
      new EventValidator(
          Packs.load(Packs.BUILT_IN, null),
          Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC));

  private String data(String event) throws Exception {
    List<Problem> problems = new ArrayList<>();
    IngestedEvent e =
        validator.validate(0, JSON.readTree(event), problems, new ArrayList<>()).orElseThrow();
    assertThat(problems).isEmpty();
    return e.data().toString();
  }

  @Test
  void fields_sent_in_the_packs_order_make_the_data_without_the_envelope() throws Exception {
    assertThat(
            data(
                "{\"type\":\"airdrops.claim\",\"ts\":\"2026-11-22T11:00:00Z\",\"id\":\"k\","
                    + "\"protocol\":\"zk\",\"wallet\":\"0xa\",\"token\":\"ZK\",\"status\":\"success\",\"fee_usd\":0.5}"))
        .isEqualTo(
            "{\"protocol\":\"zk\",\"wallet\":\"0xa\",\"token\":\"ZK\",\"status\":\"success\",\"fee_usd\":0.5}");
  }

  @Test
  void fields_sent_in_another_order_are_put_in_the_packs_order() throws Exception {
    assertThat(
            data(
                "{\"fee_usd\":0.5,\"status\":\"success\",\"type\":\"airdrops.claim\","
                    + "\"token\":\"ZK\",\"wallet\":\"0xa\",\"protocol\":\"zk\"}"))
        .isEqualTo(
            "{\"protocol\":\"zk\",\"wallet\":\"0xa\",\"token\":\"ZK\",\"status\":\"success\",\"fee_usd\":0.5}");
  }

  @Test
  void undeclared_fields_follow_the_declared_ones_in_the_order_sent() throws Exception {
    assertThat(
            data(
                "{\"type\":\"airdrops.claim\",\"note\":\"x\",\"protocol\":\"zk\",\"wallet\":\"0xa\","
                    + "\"token\":\"ZK\",\"extra\":null,\"status\":\"failed\"}"))
        .isEqualTo(
            "{\"protocol\":\"zk\",\"wallet\":\"0xa\",\"token\":\"ZK\",\"status\":\"failed\",\"note\":\"x\",\"extra\":null}");
    assertThat(
            data(
                "{\"type\":\"airdrops.claim\",\"protocol\":\"zk\",\"wallet\":\"0xa\","
                    + "\"token\":\"ZK\",\"status\":\"failed\",\"note\":\"x\",\"extra\":null}"))
        .isEqualTo(
            "{\"protocol\":\"zk\",\"wallet\":\"0xa\",\"token\":\"ZK\",\"status\":\"failed\",\"note\":\"x\",\"extra\":null}");
  }

  @Test
  void declared_fields_sent_as_null_are_left_out() throws Exception {
    assertThat(
            data(
                "{\"type\":\"airdrops.claim\",\"protocol\":\"zk\",\"wallet\":\"0xa\",\"token\":\"ZK\","
                    + "\"status\":\"success\",\"amount\":null,\"fee_usd\":0.5,\"chain\":null}"))
        .isEqualTo(
            "{\"protocol\":\"zk\",\"wallet\":\"0xa\",\"token\":\"ZK\",\"status\":\"success\",\"fee_usd\":0.5}");
  }

  @Test
  void defaults_take_their_declared_place() throws Exception {
    assertThat(data("{\"type\":\"airdrops.heartbeat\",\"component\":\"claimer\"}"))
        .isEqualTo("{\"component\":\"claimer\",\"status\":\"up\"}");
    assertThat(data("{\"type\":\"airdrops.heartbeat\",\"status\":null,\"component\":\"claimer\"}"))
        .isEqualTo("{\"component\":\"claimer\",\"status\":\"up\"}");
    assertThat(
            data(
                "{\"type\":\"airdrops.heartbeat\",\"component\":\"claimer\",\"status\":\"degraded\"}"))
        .isEqualTo("{\"component\":\"claimer\",\"status\":\"degraded\"}");
  }
}
