package dev.dropscope.grafana.dashboards;

import static dev.dropscope.grafana.dashboards.Q.increase;
import static dev.dropscope.grafana.dashboards.Q.quantile;
import static dev.dropscope.grafana.dashboards.Q.rate;
import static dev.dropscope.grafana.dashboards.Q.sel;
import static dev.dropscope.grafana.dashboards.Q.sum;
import static dev.dropscope.grafana.model.Target.prom;
import static dev.dropscope.grafana.model.Target.sqlTable;

import dev.dropscope.grafana.model.Dashboard;
import dev.dropscope.grafana.model.Panel;
import dev.dropscope.grafana.model.Row;
import dev.dropscope.grafana.model.Unit;
import dev.dropscope.grafana.model.ValueMapping;
import dev.dropscope.grafana.model.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether alerting works: the alerts firing now, whether notifications leave Alertmanager and
 * whether Prometheus reaches it, and the health of the exporters the alerts depend on.
 */
final class AlertingDashboard {
  private static final String AM = "instance=~\"$alertmanager\"";

  private AlertingDashboard() {}

  static Dashboard dashboard() {
    List<Variable> variables = new ArrayList<>(Q.scope("dropscope_build_info"));
    variables.add(
        new Variable(
            "alertmanager", "Alertmanager", "label_values(alertmanager_build_info, instance)"));
    return new Dashboard(
        "dropscope-alerting",
        "Alerting",
        "Whether alerting works: the dropscope alerts firing now, notification health in"
            + " Alertmanager and between Prometheus and Alertmanager, the health of the exporters"
            + " the alerts depend on, and the alert history kept in PostgreSQL.",
        List.of("alerting"),
        variables,
        List.of(alerts(), notifications(), exporters(), ingestAndJournal(), history()),
        "now-6h");
  }

  /** How many alerts are in {@code selector} now, 0 when none; {@code color} from one up. */
  private static Panel alertCount(String title, String description, String selector, String color) {
    return Panel.stat(title, Unit.NONE, description, prom("count(" + selector + ") or vector(0)"))
        .withThresholds("green", 1, color);
  }

  private static Panel firing(String severity, String description, String color) {
    return alertCount(
        "Firing " + severity,
        description,
        "ALERTS{alertstate=\"firing\", severity=\"" + severity + "\"}",
        color);
  }

  private static Row alerts() {
    return Row.of(
        "Alerts",
        firing(
            "critical",
            "Alerts firing now with severity critical (dropscope's high and critical priorities).",
            "red"),
        firing("warning", "Alerts firing now with severity warning.", "orange"),
        firing("info", "Alerts firing now with severity info.", "blue"),
        alertCount(
            "Pending",
            "Alerts whose condition holds but whose 'for' has not yet passed.",
            "ALERTS{alertstate=\"pending\"}",
            "yellow"),
        Panel.stat(
                "Active in Alertmanager",
                Unit.NONE,
                "Alerts Alertmanager holds as active (neither silenced nor inhibited).",
                prom("sum(alertmanager_alerts{" + AM + ", state=\"active\"})"))
            .withThresholds("green", 1, "orange"),
        Panel.stat(
            "Suppressed in Alertmanager",
            Unit.NONE,
            "Alerts Alertmanager holds back because a silence or an inhibition matches them.",
            prom("sum(alertmanager_alerts{" + AM + ", state=\"suppressed\"})")),
        Panel.table(
                "Firing and pending alerts",
                Unit.NONE,
                "Every alert Prometheus has pending or firing now, with its labels; empty when all"
                    + " is well.",
                prom("ALERTS"))
            .withSize(16, 8)
            .hidingColumns("Time", "Value", "__name__"),
        Panel.timeseries(
                "Alerts over time",
                Unit.NONE,
                "Pending and firing alerts by name over time; empty when all is well.",
                prom("count by (alertname, alertstate) (ALERTS)", "{{alertname}} {{alertstate}}"))
            .withSize(8, 8));
  }

  private static Row notifications() {
    String sent = "alertmanager_notifications_total{" + AM + "}";
    String failed = "alertmanager_notifications_failed_total{" + AM + "}";
    return Row.of(
        "Notifications",
        Panel.timeseries(
                "Notifications sent by integration",
                Unit.PER_MINUTE,
                "Notifications Alertmanager tried to send per minute, by integration (email, slack,"
                    + " webhook, ...).",
                prom(
                    "60 * sum by (integration) (rate(" + sent + "[$__rate_interval]))",
                    "{{integration}}"))
            .withSize(8, 8),
        Panel.timeseries(
                "Failed notifications by integration",
                Unit.PER_MINUTE,
                "Notifications that failed per minute, by integration: a receiver is unreachable"
                    + " or refuses the credentials.",
                prom(
                    "60 * sum by (integration) (rate(" + failed + "[$__rate_interval]))",
                    "{{integration}}"))
            .withSize(8, 8),
        Panel.timeseries(
                "Notification latency p99",
                Unit.SECONDS,
                "99th percentile of the time a notification took to send, by integration; no line"
                    + " while nothing is sent.",
                prom(
                    "histogram_quantile(0.99, sum by (integration, le) (rate(alertmanager_notification_latency_seconds_bucket{"
                        + AM
                        + "}[$__rate_interval])))",
                    "{{integration}}"))
            .withSize(8, 8),
        Panel.stat(
                "Notification failure ratio",
                Unit.RATIO,
                "Share of the notifications in the time range that failed.",
                prom(
                    "sum(increase("
                        + failed
                        + "[$__range])) / clamp_min(sum(increase("
                        + sent
                        + "[$__range])), 1)"))
            .withSize(6, 4)
            .withRange(0.0, 1.0)
            .withThresholds("green", 0.01, "orange", 0.1, "red"),
        Panel.stat(
                "Alertmanager configuration",
                Unit.NONE,
                "Whether every Alertmanager loaded its configuration file on the last (re)load.",
                prom("min(alertmanager_config_last_reload_successful{" + AM + "})"))
            .withSize(6, 4)
            .withMappings(
                new ValueMapping("0", "reload failed", "red"),
                new ValueMapping("1", "loaded", "green"))
            .withThresholds("red", 1, "green"),
        Panel.stat(
                "Alertmanagers Prometheus found",
                Unit.NONE,
                "Alertmanagers each Prometheus sends alerts to; 0 means alerts go nowhere.",
                prom("min(prometheus_notifications_alertmanagers_discovered)"))
            .withSize(6, 4)
            .withThresholds("red", 1, "green"),
        Panel.timeseries(
                "Alerts Prometheus could not deliver",
                Unit.PER_MINUTE,
                "Alerts per minute Prometheus dropped (queue full, no Alertmanager) or failed to"
                    + " send.",
                prom(
                    "60 * sum(rate(prometheus_notifications_dropped_total[$__rate_interval]))",
                    "dropped"),
                prom(
                    "60 * sum(rate(prometheus_notifications_errors_total[$__rate_interval]))",
                    "send errors"))
            .withSize(6, 4));
  }

  private static Row exporters() {
    return Row.of(
        "Exporters",
        Panels.downCount(
            "Exporters down",
            "Exporter targets Prometheus failed to scrape last time. DropscopeExporterDown"
                + " fires after a minute.",
            "up",
            "red"),
        Panels.downCount(
            "Failing collectors",
            "Host and journal collectors that failed or overran their timeout on the last"
                + " scrape. DropscopeCollectorFailing fires after 5 minutes.",
            "dropscope_collector_success",
            "orange"),
        Panel.stat(
                "Series updates dropped",
                Unit.COUNT,
                "Metric updates dropped in the time range because a series cap was reached."
                    + " DropscopeSeriesCapReached fires on any.",
                prom("round(sum(" + increase("dropscope_series_dropped_total") + ")) or vector(0)"))
            .withThresholds("green", 1, "red"),
        Panel.stat(
            "Series held",
            Unit.COUNT,
            "Pack metric series the exporters hold in memory, all together.",
            prom("sum(" + sel("dropscope_series") + ")")),
        Panels.downCount(
            "Probes failing",
            "Component health probes whose last attempt failed. DropscopeProbeFailing fires"
                + " after 2 minutes.",
            "dropscope_probe_success",
            "red"),
        Panel.stat(
            "Scrape duration",
            Unit.SECONDS,
            "How long Prometheus's last scrape of each exporter took.",
            prom(sel("scrape_duration_seconds"), "{{instance}}")),
        Panel.timeseries(
                "Collector duration",
                Unit.SECONDS,
                "Time each collector took on the last scrape, the slowest instance.",
                prom(
                    "max by (collector) (" + sel("dropscope_collector_duration_seconds") + ")",
                    "{{collector}}"))
            .withSize(8, 8),
        Panel.timeseries(
                "Probe duration",
                Unit.SECONDS,
                "Time each component's last health probe took.",
                prom(sel("dropscope_probe_duration_seconds"), "{{component}}"))
            .withSize(8, 8),
        Panel.table(
                "Exporter versions",
                Unit.NONE,
                "Which exporter version runs on which Java, per instance.",
                prom(sel("dropscope_build_info")))
            .withSize(8, 8)
            .hidingColumns("Time", "Value", "__name__"));
  }

  private static Row ingestAndJournal() {
    return Row.of(
        "Ingest and journal",
        Panel.timeseries(
                "Events accepted by type",
                Unit.PER_SECOND,
                "Events accepted per second, by event type.",
                prom(sum("type", rate("dropscope_events_accepted_total")), "{{type}}"))
            .withSize(8, 8)
            .withStacking(),
        Panel.timeseries(
                "Events rejected by reason",
                Unit.PER_SECOND,
                "Events refused per second, by type and reason (invalid, malformed, too_large,"
                    + " unauthorized, ...); empty while nothing is refused.",
                prom(
                    sum("type, reason", rate("dropscope_events_rejected_total")),
                    "{{type}} {{reason}}"))
            .withSize(8, 8),
        Panel.timeseries(
                "Ingest latency p99",
                Unit.SECONDS,
                "99th percentile of the time to answer POST /api/v1/events over 5 minutes, as"
                    + " DropscopeIngestSlow sees it (recording rule from alert-rules).",
                prom(
                    sel("instance:dropscope_ingest_request_duration_seconds:p99_rate5m"),
                    "{{instance}}"))
            .withSize(8, 8),
        Panel.timeseries(
                "Journal size",
                Unit.BYTES,
                "Bytes the event journal holds on disk, the active segment included.",
                prom(sel("dropscope_journal_size_bytes"), "{{instance}}"))
            .withSize(8, 8),
        Panel.timeseries(
                "Journal commit p99",
                Unit.SECONDS,
                "99th percentile of the time a group commit (writes and fsync) took.",
                prom(
                    quantile(0.99, "dropscope_journal_commit_duration_seconds", "instance"),
                    "{{instance}}"))
            .withSize(8, 8),
        Panel.stat(
                "Journal write failures",
                Unit.COUNT,
                "Journal commits that failed with an I/O error in the time range; their requests"
                    + " got a 503. DropscopeJournalWriteFailures fires on any.",
                prom(
                    "round(sum("
                        + increase("dropscope_journal_write_failures_total")
                        + ")) or vector(0)"))
            .withSize(8, 8)
            .withThresholds("green", 1, "red"));
  }

  private static Row history() {
    return Row.of(
        "History (PostgreSQL)",
        Panel.table(
            "Alert history",
            Unit.NONE,
            "The alerts that fired in the dashboard's time range, as the ETL recorded them in"
                + " PostgreSQL (analytics.alert_history_between), the latest first.",
            sqlTable(
                """
                SELECT *
                FROM analytics.alert_history_between($__timeFrom(), $__timeTo())
                ORDER BY last_fired_at DESC
                LIMIT 500
                """)));
  }
}
