package dev.dropscope.etl.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Each rendering of the same report. */
class ReportFormatTest {
  static String render(ReportFormat f) throws Exception {
    StringWriter w = new StringWriter();
    f.write(Reports.sample(), w);
    return w.toString();
  }

  @Test
  void console_aligns_columns_and_says_when_a_section_is_empty() throws Exception {
    String text = render(ReportFormat.CONSOLE);
    assertThat(text)
        .contains("== Title of protocols ==", "Note of protocols")
        .contains("layerzero             40         30          0.75       1200.5     80.25")
        .contains("13.96")
        .contains("== Title of benchmarks ==\nNote of benchmarks\n(no data yet)");
  }

  @Test
  void csv_quotes_what_needs_quoting_and_names_each_section() throws Exception {
    String csv = render(ReportFormat.CSV);
    assertThat(csv)
        .startsWith(
            "section,protocol,attempts,successes,success_rate,revenue_usd,cost_usd,profit_usd,roi\r\n")
        .contains("protocols,layerzero,40,30,0.75,1200.5,80.25,1120.25,13.96\r\n")
        .contains("protocols,\"zk, \"\"sync\"\" <b>\",10,2,0.2,10,40,-30,-0.75\r\n")
        .contains("\r\n\r\nsection,day,protocol");
  }

  @Test
  void json_keeps_numbers_as_numbers_and_nan_as_null() throws Exception {
    JsonNode json = new ObjectMapper().readTree(render(ReportFormat.JSON));
    assertThat(json.get("from").asText()).isEqualTo("2026-10-01T00:00:00Z");
    JsonNode protocols = json.at("/sections/protocols/rows");
    assertThat(protocols).hasSize(2);
    assertThat(protocols.get(0).get("roi").doubleValue()).isEqualTo(13.959501557632398);
    assertThat(protocols.get(0).get("attempts").isIntegralNumber()).isTrue();
    assertThat(json.at("/sections/portfolio_risk/rows/0/sortino").isNull()).isTrue();
    assertThat(json.at("/sections/portfolio_value/rows/1/ts").asText())
        .isEqualTo("2026-10-02T00:00:00Z");
  }

  @Test
  void html_is_self_contained_and_escapes_what_it_shows() throws Exception {
    String html = render(ReportFormat.HTML);
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<td>zk, &quot;sync&quot; &lt;b&gt;</td>")
        .contains("<canvas data-chart=\"portfolio_value\"")
        .contains("<canvas data-chart=\"protocol_profit\"")
        .doesNotContain("http://", "https://", "src=");
    // the embedded JSON cannot close its script element early
    String data = html.substring(html.indexOf("id=\"report-data\">"), html.indexOf("</script>"));
    assertThat(data).doesNotContain("</");
    assertThat(html.replace(data, "")).doesNotContain("<b>");
  }
}
