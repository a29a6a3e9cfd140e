package dev.dropscope.etl.journal;

import static dev.dropscope.etl.db.dropscope.Tables.AIRDROP_CLAIMS;
import static dev.dropscope.etl.db.dropscope.Tables.AIRDROP_INTERACTIONS;
import static dev.dropscope.etl.db.dropscope.Tables.EVENTS;
import static dev.dropscope.etl.db.dropscope.Tables.GATEWAY_TRANSACTIONS;
import static dev.dropscope.etl.db.dropscope.Tables.PORTFOLIO_POSITIONS;
import static dev.dropscope.etl.db.dropscope.Tables.PORTFOLIO_SNAPSHOTS;
import static dev.dropscope.etl.db.dropscope.Tables.TRADES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.etl.run.Source;
import dev.dropscope.testing.ExporterProcess;
import dev.dropscope.testing.Http;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real exporter takes events over HTTP and journals them; the loader, reading its journal while
 * it runs, fills every typed table from what the exporter actually wrote.
 */
class ExporterJournalIT {
  private static final String EVENTS_NDJSON =
      """
      {"type":"airdrops.claim","id":"claim-1","ts":"2026-11-21T09:30:00.250Z","protocol":"zksync","wallet":"0xaa","token":"ZK","status":"success","amount":1520.5,"value_usd":319.31,"fee_usd":0.12,"gas_used":21000,"block_number":48213377,"campaign":"s1"}
      {"type":"airdrops.interaction","id":"ia-1","protocol":"scroll","wallet":"0xaa","action":"bridge","status":"success","fee_usd":0.41,"duration_seconds":12.5}
      {"type":"airdrops.portfolio","id":"pf-1","wallet":"0xaa","positions":[{"token":"ZK","amount":1500,"value_usd":315.0},{"token":"ETH","amount":0.5,"value_usd":1650.25}]}
      {"type":"trading.trade","id":"tr-1","exchange":"binance","symbol":"BTCUSDT","side":"sell","quantity":0.015,"price":97250.1,"pnl_usd":-12.75}
      {"type":"gateway.transaction","id":"gw-1","tx_type":"transfer","status":"success","chain":"arbitrum","duration_seconds":2.4,"fee_usd":0.03}
      {"type":"airdrops.heartbeat","component":"scheduler"}
      """;

  @Test
  void events_posted_to_the_exporter_reach_their_tables(@TempDir Path dir) throws Exception {
    Path journal = dir.resolve("journal");
    Path config = dir.resolve("exporter.yml");
    Files.writeString(
        config,
        "host:\n  enabled: false\npacks:\n  builtin: [airdrops, trading, gateway]\n"
            + "journal:\n  dir: "
            + journal
            + "\n");
    try (ExporterProcess exporter = ExporterProcess.start(dir, "--config", config.toString());
        TestDb pg = new TestDb(dir.resolve("pg"))) {
      Http.Response posted =
          Http.post(exporter.uri("/api/v1/events"), "application/x-ndjson", EVENTS_NDJSON);
      assertThat(posted.status()).as(posted.body()).isEqualTo(202);

      Source.Progress first = pg.load(journal);

      assertThat(first.events()).isEqualTo(5); // the heartbeat is not journaled
      var claim = pg.dsl().selectFrom(AIRDROP_CLAIMS).fetchSingle();
      assertThat(claim.getTs().toInstant()).isEqualTo(Instant.parse("2026-11-21T09:30:00.250Z"));
      assertThat(claim.getAmount()).isEqualByComparingTo("1520.5");
      assertThat(claim.getValueUsd()).isEqualByComparingTo("319.31");
      assertThat(claim.getGasUsed()).isEqualTo(21000L);
      assertThat(claim.getBlockNumber()).isEqualTo(48213377L);
      assertThat(Journals.json(claim.getExtra().data()))
          .isEqualTo(Journals.json("{\"campaign\":\"s1\"}"));
      assertThat(pg.dsl().selectFrom(AIRDROP_INTERACTIONS).fetchSingle().getDurationSeconds())
          .isEqualTo(12.5);
      assertThat(pg.dsl().selectFrom(PORTFOLIO_SNAPSHOTS).fetchSingle().getTotalValueUsd())
          .isEqualByComparingTo(new BigDecimal("1965.25"));
      assertThat(pg.count(PORTFOLIO_POSITIONS)).isEqualTo(2);
      assertThat(pg.dsl().selectFrom(TRADES).fetchSingle().getPnlUsd())
          .isEqualByComparingTo("-12.75");
      assertThat(pg.dsl().selectFrom(GATEWAY_TRANSACTIONS).fetchSingle().getFeeUsd())
          .isEqualByComparingTo("0.03");
      assertThat(pg.dsl().fetchValues(EVENTS.EVENT_ID))
          .containsExactlyInAnyOrder("claim-1", "ia-1", "pf-1", "tr-1", "gw-1");

      // the same request again (a client's retry) and one new event, into the same active segment
      Http.post(exporter.uri("/api/v1/events"), "application/x-ndjson", EVENTS_NDJSON);
      Http.post(
          exporter.uri("/api/v1/events"),
          "application/json",
          "{\"type\":\"gateway.transaction\",\"id\":\"gw-2\",\"tx_type\":\"sign\","
              + "\"status\":\"failed\"}");
      Source.Progress second = pg.load(journal);

      assertThat(second.events()).isEqualTo(1);
      assertThat(pg.count(EVENTS)).isEqualTo(6);
      assertThat(pg.count(GATEWAY_TRANSACTIONS)).isEqualTo(2);
    }
  }
}
