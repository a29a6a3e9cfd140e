package dev.dropscope.grafana.dashboards;

import dev.dropscope.grafana.model.Dashboard;
import java.util.List;

/** Every dashboard dropscope provisions, in the order of the dashboards' link menu. */
public final class Dashboards {
  private Dashboards() {}

  public static List<Dashboard> all() {
    return List.of(
        HostDashboard.dashboard(),
        AirdropOperationsDashboard.dashboard(),
        RiskDashboard.dashboard(),
        CapitalDashboard.dashboard(),
        AlertingDashboard.dashboard(),
        AirdropAnalyticsDashboard.dashboard(),
        PortfolioDashboard.dashboard(),
        TradingDashboard.dashboard(),
        GatewayDashboard.dashboard());
  }
}
