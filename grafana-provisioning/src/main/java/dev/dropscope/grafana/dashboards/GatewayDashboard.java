package dev.dropscope.grafana.dashboards;

import static dev.dropscope.grafana.dashboards.Q.perHour;
import static dev.dropscope.grafana.dashboards.Q.perMinute;
import static dev.dropscope.grafana.dashboards.Q.quantile;
import static dev.dropscope.grafana.dashboards.Q.sel;
import static dev.dropscope.grafana.dashboards.Q.share;
import static dev.dropscope.grafana.dashboards.Q.sum;
import static dev.dropscope.grafana.model.Target.prom;

import dev.dropscope.grafana.model.Dashboard;
import dev.dropscope.grafana.model.Panel;
import dev.dropscope.grafana.model.Row;
import dev.dropscope.grafana.model.Unit;
import java.util.List;

/**
 * The transaction gateway, from the {@code gateway} pack: transactions, client sessions, background
 * jobs and their queues, inventories and services.
 */
final class GatewayDashboard {
  private static final String FAILED = "status=~\"failed|timeout\"";

  private GatewayDashboard() {}

  static Dashboard dashboard() {
    return new Dashboard(
        "dropscope-gateway",
        "Gateway",
        "The transaction gateway (gateway pack): transactions and their outcomes, latency and"
            + " fees, client sessions, background jobs and queues, inventory levels and the"
            + " services' heartbeats.",
        List.of("gateway"),
        Q.scope("dropscope_build_info"),
        List.of(now(), transactions(), jobs(), inventoryAndServices()),
        "now-6h");
  }

  private static Row now() {
    return Row.of(
        "Now",
        Panel.stat(
            "Transactions",
            Unit.PER_MINUTE,
            "Transactions reaching a final status per minute.",
            prom(perMinute("", "gateway_transactions_total"))),
        Panel.stat(
                "Transaction success ratio",
                Unit.RATIO,
                "Share of transactions that succeeded. GatewayTransactionFailureRate watches the"
                    + " failures.",
                prom(share("", "gateway_transactions_total", "status=\"success\"", false)))
            .withRange(0.0, 1.0)
            .withThresholds("red", 0.9, "orange", 0.95, "green"),
        Panel.stat(
            "Transaction time p95",
            Unit.SECONDS,
            "95th percentile of the time from request to final status, all types together.",
            prom(quantile(0.95, "gateway_transaction_duration_seconds", ""))),
        Panel.stat(
            "Active sessions",
            Unit.COUNT,
            "Client sessions open now.",
            prom("sum(" + sel("gateway_sessions_active") + ")")),
        Panels.downCount(
            "Services down",
            "Gateway services whose last heartbeat said down, or that have gone silent."
                + " GatewayServiceDown fires after 2 minutes.",
            "gateway_service_up",
            "red"),
        Panel.stat(
                "Deepest queue",
                Unit.COUNT,
                "Jobs waiting in the fullest queue. GatewayQueueBacklog fires on a lasting backlog.",
                prom("max(" + sel("gateway_queue_depth") + ")"))
            .withThresholds("green", 50, "orange", 200, "red"));
  }

  private static Row transactions() {
    return Row.of(
        "Transactions",
        Panel.timeseries(
                "Transactions by type and status",
                Unit.PER_MINUTE,
                "Transactions per minute, stacked by type and outcome.",
                prom(
                    perMinute("tx_type, status", "gateway_transactions_total"),
                    "{{tx_type}} {{status}}"))
            .withStacking(),
        Panel.timeseries(
                "Failure ratio by type",
                Unit.RATIO,
                "Share of each transaction type that failed or timed out.",
                prom(share("tx_type", "gateway_transactions_total", FAILED, false), "{{tx_type}}"))
            .withRange(0.0, 1.0),
        Panel.timeseries(
            "Transaction time p95 by type",
            Unit.SECONDS,
            "95th percentile of the time from request to final status, by transaction type.",
            prom(quantile(0.95, "gateway_transaction_duration_seconds", "tx_type"), "{{tx_type}}")),
        Panel.timeseries(
                "Fees per hour by type",
                Unit.USD,
                "Fees paid for transactions in USD per hour, stacked by type.",
                prom(perHour("tx_type", "gateway_transaction_fees_usd_total"), "{{tx_type}}"))
            .withStacking());
  }

  private static Row jobs() {
    return Row.of(
        "Jobs and queues",
        Panel.timeseries(
                "Jobs by queue and status",
                Unit.PER_MINUTE,
                "Background jobs finished per minute, stacked by queue and outcome.",
                prom(perMinute("queue, status", "gateway_jobs_total"), "{{queue}} {{status}}"))
            .withSize(8, 8)
            .withStacking(),
        Panel.timeseries(
                "Job failure ratio by queue",
                Unit.RATIO,
                "Share of each queue's jobs that failed. GatewayJobFailureRate fires on a lasting"
                    + " rise.",
                prom(share("queue", "gateway_jobs_total", "status=\"failed\"", false), "{{queue}}"))
            .withSize(8, 8)
            .withRange(0.0, 1.0),
        Panel.timeseries(
                "Job duration p95 by queue",
                Unit.SECONDS,
                "95th percentile of the time a background job took.",
                prom(quantile(0.95, "gateway_job_duration_seconds", "queue"), "{{queue}}"))
            .withSize(8, 8),
        Panel.timeseries(
            "Queue depth",
            Unit.COUNT,
            "Jobs waiting in each queue.",
            prom(sum("queue", sel("gateway_queue_depth")), "{{queue}}")),
        Panel.timeseries(
            "Active sessions",
            Unit.COUNT,
            "Client sessions open over time.",
            prom(sel("gateway_sessions_active"), "{{instance}}")));
  }

  private static Row inventoryAndServices() {
    String fill = sel("gateway_inventory_level") + " / " + sel("gateway_inventory_capacity");
    return Row.of(
        "Inventory and services",
        Panel.bars(
                "Inventory fill",
                Unit.RATIO,
                "Each inventory item's level as a share of what the gateway can hold."
                    + " GatewayInventoryLow fires when one runs low.",
                prom(fill, "{{item}}"))
            .withSize(6, 8)
            .withRange(0.0, 1.0)
            .withThresholds("red", 0.2, "orange", 0.4, "green"),
        Panel.timeseries(
                "Inventory fill over time",
                Unit.RATIO,
                "Each item's level as a share of its capacity over time: drains and top-ups.",
                prom(fill, "{{item}}"))
            .withSize(6, 8)
            .withRange(0.0, 1.0),
        Panels.upDown(
                "Service status",
                "Each gateway service's last heartbeat: up (or degraded) or down. A service silent"
                    + " for ingest.silence_after shows down.",
                "gateway_service_up",
                "{{service}}")
            .withSize(6, 8),
        Panels.heartbeatAge(
                "Seconds since each service's last heartbeat.",
                "gateway_service_last_seen_timestamp_seconds",
                "{{service}}")
            .withSize(6, 8));
  }
}
