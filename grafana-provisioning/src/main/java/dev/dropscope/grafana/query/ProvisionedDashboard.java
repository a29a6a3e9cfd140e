package dev.dropscope.grafana.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropscope.grafana.model.Datasource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A dashboard JSON file as Grafana loads it from the provisioning directory, with its panels (those
 * of collapsed rows included), query targets and variables. This is what the lint and the query
 * tests read: the committed files, not the model they were generated from.
 *
 * <pre>{@code
 * for (QueryTarget t : ProvisionedDashboard.sqlTargets(Path.of("grafana-provisioning/dashboards"))) {
 *   String sql = GrafanaMacros.sql(t.query(), from, to, Duration.ofHours(1));
 *   // run it against PostgreSQL ...
 * }
 * }</pre>
 */
public record ProvisionedDashboard(String file, JsonNode json) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every {@code *.json} file directly in {@code dir}, in file name order. */
  public static List<ProvisionedDashboard> readAll(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<ProvisionedDashboard> out = new ArrayList<>();
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        out.add(new ProvisionedDashboard(f.getFileName().toString(), JSON.readTree(f.toFile())));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dashboards in " + dir, e);
    }
  }

  /** Every query target of every dashboard in {@code dir}. */
  public static List<QueryTarget> targets(Path dir) {
    return readAll(dir).stream().flatMap(d -> d.targets().stream()).toList();
  }

  /** Every SQL target of every dashboard in {@code dir}: what the PostgreSQL tests run. */
  public static List<QueryTarget> sqlTargets(Path dir) {
    return targets(dir).stream().filter(t -> t.datasource() == Datasource.POSTGRES).toList();
  }

  /** Every PromQL target of every dashboard in {@code dir}. */
  public static List<QueryTarget> promqlTargets(Path dir) {
    return targets(dir).stream().filter(t -> t.datasource() == Datasource.PROMETHEUS).toList();
  }

  public String uid() {
    return json.path("uid").asText();
  }

  /** Every panel, row panels and the panels inside collapsed rows included, in order. */
  public List<JsonNode> panels() {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode p : json.path("panels")) {
      out.add(p);
      p.path("panels").forEach(out::add);
    }
    return out;
  }

  /**
   * The query targets of the panels, in panel order. A target's datasource is its own, or else its
   * panel's; a datasource that is not one of the two fixed uids gives null.
   */
  public List<QueryTarget> targets() {
    List<QueryTarget> out = new ArrayList<>();
    for (JsonNode p : panels()) {
      for (JsonNode t : p.path("targets")) {
        JsonNode ds = t.has("datasource") ? t.path("datasource") : p.path("datasource");
        Datasource datasource = Datasource.byUid(ds.path("uid").asText());
        String query =
            datasource == Datasource.POSTGRES ? t.path("rawSql").asText() : t.path("expr").asText();
        out.add(
            new QueryTarget(
                uid(),
                p.path("id").asInt(),
                p.path("title").asText(),
                p.path("type").asText(),
                t.path("refId").asText(),
                datasource,
                query,
                t.path("format").asText("time_series"),
                t.path("instant").asBoolean(false)));
      }
    }
    return out;
  }

  /** The dashboard's query variables. */
  public List<DashboardVariable> variables() {
    List<DashboardVariable> out = new ArrayList<>();
    for (JsonNode v : json.path("templating").path("list")) {
      JsonNode q = v.path("query");
      String query = q.isObject() ? q.path("query").asText() : q.asText();
      String all = v.path("includeAll").asBoolean() ? v.path("allValue").asText("") : "";
      out.add(new DashboardVariable(uid(), v.path("name").asText(), query, all));
    }
    return out;
  }
}
