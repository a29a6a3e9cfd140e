package dev.dropscope.exporter.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The encoder writes {@code data} exactly as Jackson's own tree serialization does. */
class RecordCodecTest {

  @Test
  void data_is_written_as_jackson_writes_the_tree() throws Exception {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode data = f.objectNode();
    data.put("text", "plain");
    data.put("escapes", "quote \" backslash \\ newline \n tab \t nul \u0000 bell \u0007");
    data.put("unicode", "é ✓ 🚀 \u2028");
    data.put("int", -42);
    data.put("long", 9_007_199_254_740_993L);
    data.put("bigint", new BigInteger("123456789012345678901234567890"));
    data.put("double", 0.1);
    data.put("tiny", 1e-7);
    data.put("huge", 1.0e20);
    data.put("negzero", -0.0);
    data.put("whole", 12.0);
    data.put("decimal", new BigDecimal("12.50"));
    data.put("float", 1.5f);
    data.put("yes", true);
    data.putNull("none");
    data.putArray("list").add(1).add("two").addNull().addObject().put("k", 3.25);
    data.putObject("map").put("a", 1).putArray("empty");
    data.putObject("emptyObject");
    JournalRecord r =
        new JournalRecord(
            "019ab3c2-5a8b-7000-8000-000000000001",
            "airdrops.claim",
            Instant.parse("2026-11-22T13:00:00.123Z"),
            Instant.parse("2026-11-22T13:00:00.2Z"),
            null,
            data);

    String line = new String(RecordCodec.encode(List.of(r, r)), StandardCharsets.UTF_8);

    // as bytes: the UTF-8 generator, as the journal uses, escapes surrogate pairs
    String expected =
        new String(new ObjectMapper().writeValueAsBytes(data), StandardCharsets.UTF_8);
    String one =
        "{\"id\":\"019ab3c2-5a8b-7000-8000-000000000001\",\"type\":\"airdrops.claim\","
            + "\"ts\":\"2026-11-22T13:00:00.123000Z\",\"ingested_at\":\"2026-11-22T13:00:00.200000Z\","
            + "\"event_id\":null,\"data\":"
            + expected
            + "}\n";
    assertThat(line).isEqualTo(one + one);
  }
}
