package dev.dropscope.grafana.model;

/**
 * The two datasources every dashboard uses, by the fixed uids that {@code
 * datasources/datasources.yml} provisions: no {@code ${DS_*}} import placeholders anywhere.
 */
public enum Datasource {
  PROMETHEUS("prometheus", "prometheus"),
  POSTGRES("grafana-postgresql-datasource", "postgres");

  private final String type;
  private final String uid;

  Datasource(String type, String uid) {
    this.type = type;
    this.uid = uid;
  }

  /** The Grafana plugin id, e.g. {@code grafana-postgresql-datasource}. */
  public String type() {
    return type;
  }

  /** The provisioned uid, e.g. {@code postgres}. */
  public String uid() {
    return uid;
  }

  /** The datasource with this uid, or null. */
  public static Datasource byUid(String uid) {
    for (Datasource d : values()) {
      if (d.uid.equals(uid)) {
        return d;
      }
    }
    return null;
  }
}
