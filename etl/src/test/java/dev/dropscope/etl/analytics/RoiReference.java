package dev.dropscope.etl.analytics;

import static dev.dropscope.etl.analytics.ClaimsReference.day;

import dev.dropscope.etl.analytics.Dataset.Claim;
import dev.dropscope.etl.analytics.Dataset.Interaction;
import dev.dropscope.etl.analytics.Dataset.ManualCost;
import dev.dropscope.etl.analytics.Dataset.Plan;
import dev.dropscope.etl.analytics.Rows.ProtocolPnlDaily;
import dev.dropscope.etl.analytics.Rows.ProtocolRoi;
import dev.dropscope.etl.analytics.Rows.ProtocolRoiByModel;
import dev.dropscope.etl.analytics.Rows.ProtocolSummary;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/** The protocol economics views, computed from the rows. */
final class RoiReference {
  private static final BigDecimal MONTHS_PER_YEAR = BigDecimal.valueOf(12);
  private static final BigDecimal DAYS_PER_YEAR = BigDecimal.valueOf(365);

  private RoiReference() {}

  static List<ProtocolSummary> summary(Dataset d) {
    TreeSet<String> protocols = new TreeSet<>();
    d.claims().forEach(c -> protocols.add(c.protocol()));
    d.interactions().forEach(i -> protocols.add(i.protocol()));
    List<ProtocolSummary> rows = new ArrayList<>();
    for (String p : protocols) {
      List<Claim> claims = d.claims().stream().filter(c -> c.protocol().equals(p)).toList();
      List<Interaction> interactions =
          d.interactions().stream().filter(i -> i.protocol().equals(p)).toList();
      BigDecimal revenue =
          Stats.sum(
              claims.stream()
                  .filter(Claim::succeeded)
                  .map(Claim::valueUsd)
                  .filter(Objects::nonNull)
                  .toList());
      BigDecimal claimFees = fees(claims.stream().map(Claim::feeUsd).toList());
      BigDecimal failedFees =
          fees(claims.stream().filter(c -> !c.succeeded()).map(Claim::feeUsd).toList());
      List<BigDecimal> interactionFees =
          interactions.stream().map(Interaction::feeUsd).filter(Objects::nonNull).toList();
      List<Instant> times = new ArrayList<>();
      claims.forEach(c -> times.add(c.ts()));
      interactions.forEach(i -> times.add(i.ts()));
      Instant first = times.stream().min(Comparator.naturalOrder()).orElseThrow();
      Instant last = times.stream().max(Comparator.naturalOrder()).orElseThrow();
      rows.add(
          new ProtocolSummary(
              p,
              claims.size(),
              claims.stream().filter(Claim::succeeded).count(),
              interactions.size(),
              revenue,
              claimFees,
              Stats.sum(interactionFees),
              claimFees.add(Stats.sum(interactionFees)),
              failedFees,
              interactionFees.isEmpty()
                  ? null
                  : Stats.sum(interactionFees)
                      .divide(BigDecimal.valueOf(interactionFees.size()), Stats.MC),
              first,
              last,
              (int) ChronoUnit.DAYS.between(date(first), date(last)) + 1));
    }
    return rows;
  }

  static List<ProtocolRoi> roi(Dataset d) {
    return summary(d).stream()
        .map(
            s ->
                new ProtocolRoi(
                    s.protocol(),
                    s.revenueUsd(),
                    s.costUsd(),
                    s.revenueUsd().subtract(s.costUsd()),
                    Stats.toDouble(
                        Stats.divide(s.revenueUsd().subtract(s.costUsd()), s.costUsd()))))
        .toList();
  }

  /**
   * @param today the current UTC date, up to which monthly costs accrue
   */
  static List<ProtocolRoiByModel> byModel(Dataset d, LocalDate today) {
    Map<String, ProtocolSummary> summaries = new TreeMap<>();
    summary(d).forEach(s -> summaries.put(s.protocol(), s));
    TreeSet<String> protocols = new TreeSet<>(summaries.keySet());
    d.manualCosts().forEach(m -> protocols.add(m.protocol()));
    d.plans().forEach(p -> protocols.add(p.protocol()));
    List<ProtocolRoiByModel> rows = new ArrayList<>();
    for (String p : protocols) {
      ProtocolSummary s = summaries.get(p);
      BigDecimal revenue = s == null ? BigDecimal.ZERO : s.revenueUsd();
      BigDecimal fees = s == null ? BigDecimal.ZERO : s.costUsd();
      BigDecimal manual =
          Stats.sum(
              d.manualCosts().stream()
                  .filter(m -> m.protocol().equals(p))
                  .map(m -> incurred(m, today))
                  .toList());
      Integer planned =
          d.plans().stream()
              .filter(x -> x.protocol().equals(p))
              .map(Plan::plannedInteractions)
              .findFirst()
              .orElse(null);
      BigDecimal avgFee = s == null ? null : s.avgInteractionFeeUsd();
      BigDecimal estimated =
          avgFee == null || planned == null ? null : avgFee.multiply(BigDecimal.valueOf(planned));
      rows.add(model(p, "simple", revenue, fees));
      rows.add(model(p, "manual", revenue, fees.add(manual)));
      rows.add(model(p, "estimated", revenue, estimated));
    }
    return rows;
  }

  /** What a manual cost amounts to by {@code today}. */
  static BigDecimal incurred(ManualCost m, LocalDate today) {
    if (m.kind().equals("fixed")) {
      return m.validFrom().isAfter(today) ? BigDecimal.ZERO : m.amountUsd();
    }
    LocalDate end = m.validTo() == null || m.validTo().isAfter(today) ? today : m.validTo();
    long days = Math.max(ChronoUnit.DAYS.between(m.validFrom(), end) + 1, 0);
    return m.amountUsd()
        .multiply(MONTHS_PER_YEAR)
        .multiply(BigDecimal.valueOf(days))
        .divide(DAYS_PER_YEAR, Stats.MC);
  }

  private static ProtocolRoiByModel model(
      String protocol, String name, BigDecimal revenue, BigDecimal cost) {
    BigDecimal profit = cost == null ? null : revenue.subtract(cost);
    return new ProtocolRoiByModel(
        protocol,
        name,
        revenue,
        cost,
        profit,
        Stats.toDouble(Stats.divide(profit, cost)),
        cost == null ? null : cost.subtract(revenue).max(BigDecimal.ZERO));
  }

  static List<ProtocolPnlDaily> pnlDaily(Dataset d) {
    // protocol -> day -> {revenue, cost}
    Map<String, Map<Instant, BigDecimal[]>> days = new TreeMap<>();
    for (Claim c : d.claims()) {
      BigDecimal[] x = cell(days, c.protocol(), day(c.ts()));
      if (c.succeeded() && c.valueUsd() != null) {
        x[0] = x[0].add(c.valueUsd());
      }
      x[1] = x[1].add(Objects.requireNonNullElse(c.feeUsd(), BigDecimal.ZERO));
    }
    for (Interaction i : d.interactions()) {
      BigDecimal[] x = cell(days, i.protocol(), day(i.ts()));
      x[1] = x[1].add(Objects.requireNonNullElse(i.feeUsd(), BigDecimal.ZERO));
    }
    List<ProtocolPnlDaily> rows = new ArrayList<>();
    days.forEach(
        (protocol, byDay) -> {
          BigDecimal cumulative = BigDecimal.ZERO;
          for (Map.Entry<Instant, BigDecimal[]> e : byDay.entrySet()) {
            BigDecimal profit = e.getValue()[0].subtract(e.getValue()[1]);
            cumulative = cumulative.add(profit);
            rows.add(
                new ProtocolPnlDaily(
                    e.getKey(), protocol, e.getValue()[0], e.getValue()[1], profit, cumulative));
          }
        });
    return rows;
  }

  private static BigDecimal[] cell(
      Map<String, Map<Instant, BigDecimal[]>> days, String protocol, Instant day) {
    return days.computeIfAbsent(protocol, k -> new TreeMap<>())
        .computeIfAbsent(day, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
  }

  private static BigDecimal fees(List<BigDecimal> fees) {
    return Stats.sum(fees.stream().filter(Objects::nonNull).toList());
  }

  static LocalDate date(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC);
  }
}
