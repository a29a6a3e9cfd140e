package dev.dropscope.etl.analytics;

import static dev.dropscope.etl.analytics.Stats.float8ToNumeric;
import static dev.dropscope.etl.analytics.Stats.round;

import dev.dropscope.etl.analytics.Rows.ClaimSuccessRate;
import dev.dropscope.etl.analytics.Rows.OptimizationSuggestion;
import dev.dropscope.etl.analytics.Rows.PortfolioAllocation;
import dev.dropscope.etl.analytics.Rows.PortfolioMetrics;
import dev.dropscope.etl.analytics.Rows.PortfolioRisk;
import dev.dropscope.etl.analytics.Rows.ProtocolRoi;
import dev.dropscope.etl.analytics.Rows.ProtocolSummary;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The optimization suggestions, rule by rule (docs/analytics.md#suggestions). */
final class SuggestionsReference {
  private static final BigDecimal THIRTY = BigDecimal.valueOf(30);
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private SuggestionsReference() {}

  static List<OptimizationSuggestion> suggestions(Dataset d) {
    List<OptimizationSuggestion> rows = new ArrayList<>();
    Map<String, ProtocolSummary> summaries = new TreeMap<>();
    RoiReference.summary(d).forEach(s -> summaries.put(s.protocol(), s));
    List<ProtocolRoi> roi = RoiReference.roi(d);
    roiMaximization(rows, roi, summaries, ClaimsReference.successRate(d));
    riskAdjusted(rows, PortfolioReference.risk(d), PortfolioReference.metrics(d), largest(d));
    diversified(rows, roi, PortfolioReference.metrics(d), largest(d));
    return rows;
  }

  private static void roiMaximization(
      List<OptimizationSuggestion> rows,
      List<ProtocolRoi> roi,
      Map<String, ProtocolSummary> summaries,
      List<ClaimSuccessRate> rates) {
    for (ProtocolRoi r : roi) {
      if (r.costUsd().signum() > 0 && r.profitUsd().signum() < 0) {
        BigDecimal saved = perMonth(r.costUsd(), summaries.get(r.protocol()));
        rows.add(
            new OptimizationSuggestion(
                "roi_maximization",
                r.protocol(),
                "Pause %s: its claims returned %s USD against %s USD of fees (ROI %s %%); pausing saves about %s USD a month."
                    .formatted(
                        r.protocol(),
                        round(r.revenueUsd(), 2),
                        round(r.costUsd(), 2),
                        round(float8ToNumeric(r.roi() * 100), 1),
                        round(saved, 2)),
                saved,
                1,
                "pause_unprofitable"));
      }
    }
    for (ClaimSuccessRate c : rates) {
      if (c.attempts() >= 5 && c.successRate() < 0.8) {
        BigDecimal wasted = summaries.get(c.protocol()).failedClaimFeesUsd();
        rows.add(
            new OptimizationSuggestion(
                "roi_maximization",
                c.protocol(),
                "Investigate failing %s claims: %d of %d landed (%s %%); the failed ones cost %s USD in fees."
                    .formatted(
                        c.protocol(),
                        c.successes(),
                        c.attempts(),
                        round(float8ToNumeric(c.successRate() * 100), 1),
                        round(wasted, 2)),
                wasted,
                2,
                "fix_failing_claims"));
      }
    }
    roi.stream()
        .filter(r -> r.roi() != null && r.roi() > 0)
        .min(
            Comparator.comparing(ProtocolRoi::roi, Comparator.reverseOrder())
                .thenComparing(ProtocolRoi::protocol))
        .ifPresent(
            best -> {
              BigDecimal earned = perMonth(best.profitUsd(), summaries.get(best.protocol()));
              rows.add(
                  new OptimizationSuggestion(
                      "roi_maximization",
                      best.protocol(),
                      "Scale up %s: the best ROI (%s %%, %s USD profit); at the same rate it earns about %s USD a month."
                          .formatted(
                              best.protocol(),
                              round(float8ToNumeric(best.roi() * 100), 1),
                              round(best.profitUsd(), 2),
                              round(earned, 2)),
                      earned,
                      3,
                      "scale_best_roi"));
            });
  }

  private static void riskAdjusted(
      List<OptimizationSuggestion> rows,
      PortfolioRisk risk,
      PortfolioMetrics metrics,
      PortfolioAllocation largest) {
    if (risk.var95() != null && risk.var95() > 0.05) {
      BigDecimal atRisk = float8ToNumeric(risk.var95() * metrics.totalValueUsd().doubleValue());
      rows.add(
          new OptimizationSuggestion(
              "risk_adjusted",
              null,
              "Daily 95 %% VaR is %s %% of the portfolio (%s USD): move part of it into stablecoins."
                  .formatted(round(float8ToNumeric(risk.var95() * 100), 1), round(atRisk, 2)),
              atRisk,
              1,
              "reduce_var"));
    }
    if (largest != null && largest.share() > 0.5) {
      BigDecimal excess =
          largest.valueUsd().subtract(new BigDecimal("0.5").multiply(metrics.totalValueUsd()));
      rows.add(
          new OptimizationSuggestion(
              "risk_adjusted",
              null,
              "%s is %s %% of the portfolio: sell %s USD of it to bring it down to 50 %%."
                  .formatted(
                      largest.token(),
                      round(float8ToNumeric(largest.share() * 100), 1),
                      round(excess, 2)),
              excess,
              2,
              "reduce_concentration"));
    }
  }

  private static void diversified(
      List<OptimizationSuggestion> rows,
      List<ProtocolRoi> roi,
      PortfolioMetrics metrics,
      PortfolioAllocation largest) {
    if (largest != null && metrics.effectiveN() != null && metrics.effectiveN() < 3) {
      BigDecimal move =
          largest
              .valueUsd()
              .subtract(metrics.totalValueUsd().divide(BigDecimal.valueOf(3), Stats.MC))
              .max(BigDecimal.ZERO);
      rows.add(
          new OptimizationSuggestion(
              "diversified",
              null,
              "The portfolio behaves like %s equal positions: move %s USD out of %s into other tokens."
                  .formatted(
                      round(float8ToNumeric(metrics.effectiveN()), 2),
                      round(move, 2),
                      largest.token()),
              move,
              2,
              "add_positions"));
    }
    BigDecimal total = Stats.sum(roi.stream().map(ProtocolRoi::costUsd).toList());
    for (ProtocolRoi r : roi) {
      if (roi.size() >= 2 && r.costUsd().compareTo(total.multiply(new BigDecimal("0.5"))) > 0) {
        rows.add(
            new OptimizationSuggestion(
                "diversified",
                r.protocol(),
                "%s takes %s %% of all fees: spread interactions over more protocols."
                    .formatted(
                        r.protocol(),
                        round(r.costUsd().divide(total, Stats.MC).multiply(HUNDRED), 1)),
                r.costUsd().subtract(total.divide(BigDecimal.valueOf(roi.size()), Stats.MC)),
                3,
                "spread_fees"));
      }
    }
  }

  /** The token with the largest share (ties: the first by name), or null. */
  private static PortfolioAllocation largest(Dataset d) {
    return PortfolioReference.allocation(d).stream()
        .filter(a -> a.share() != null)
        .min(
            Comparator.comparing(PortfolioAllocation::share, Comparator.reverseOrder())
                .thenComparing(PortfolioAllocation::token))
        .orElse(null);
  }

  private static BigDecimal perMonth(BigDecimal amount, ProtocolSummary s) {
    return amount.divide(BigDecimal.valueOf(s.activeDays()), Stats.MC).multiply(THIRTY);
  }
}
