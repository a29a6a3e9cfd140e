package dev.dropscope.etl.analytics;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toList;

import dev.dropscope.etl.analytics.Dataset.Claim;
import dev.dropscope.etl.analytics.Dataset.Interaction;
import dev.dropscope.etl.analytics.Rows.ClaimSuccessDaily;
import dev.dropscope.etl.analytics.Rows.ClaimSuccessRate;
import dev.dropscope.etl.analytics.Rows.FeeBreakdown;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The claims views, computed from the rows. */
final class ClaimsReference {
  private ClaimsReference() {}

  static Instant day(Instant t) {
    return t.truncatedTo(ChronoUnit.DAYS);
  }

  static List<ClaimSuccessRate> successRate(Dataset d) {
    List<ClaimSuccessRate> rows = new ArrayList<>();
    byProtocol(d.claims())
        .forEach(
            (protocol, claims) -> {
              long successes = claims.stream().filter(Claim::succeeded).count();
              rows.add(
                  new ClaimSuccessRate(
                      protocol, claims.size(), successes, (double) successes / claims.size()));
            });
    return rows;
  }

  static List<ClaimSuccessDaily> successDaily(Dataset d) {
    List<ClaimSuccessDaily> rows = new ArrayList<>();
    Map<Instant, List<Claim>> byDay =
        d.claims().stream().collect(groupingBy(c -> day(c.ts()), TreeMap::new, toList()));
    byDay.forEach(
        (day, claims) ->
            byProtocol(claims)
                .forEach(
                    (protocol, list) -> {
                      long successes = list.stream().filter(Claim::succeeded).count();
                      rows.add(
                          new ClaimSuccessDaily(
                              day,
                              protocol,
                              list.size(),
                              successes,
                              (double) successes / list.size()));
                    }));
    return rows;
  }

  static List<FeeBreakdown> feeBreakdown(Dataset d) {
    List<FeeBreakdown> rows = new ArrayList<>();
    byProtocol(d.claims())
        .forEach(
            (protocol, claims) ->
                rows.add(
                    new FeeBreakdown(
                        protocol,
                        "claim",
                        "claim",
                        claims.size(),
                        claims.stream().filter(c -> !c.succeeded()).count(),
                        Stats.sum(
                            claims.stream().map(Claim::feeUsd).filter(Objects::nonNull).toList()),
                        gas(claims.stream().map(Claim::gasUsed).toList()))));
    Map<List<String>, List<Interaction>> byAction =
        d.interactions().stream().collect(groupingBy(i -> List.of(i.protocol(), i.action())));
    byAction.forEach(
        (key, list) ->
            rows.add(
                new FeeBreakdown(
                    key.get(0),
                    "interaction",
                    key.get(1),
                    list.size(),
                    list.stream().filter(i -> !i.status().equals("success")).count(),
                    Stats.sum(
                        list.stream().map(Interaction::feeUsd).filter(Objects::nonNull).toList()),
                    gas(list.stream().map(Interaction::gasUsed).toList()))));
    return rows;
  }

  private static BigDecimal gas(List<Long> used) {
    return BigDecimal.valueOf(
        used.stream().filter(Objects::nonNull).mapToLong(Long::longValue).sum());
  }

  static Map<String, List<Claim>> byProtocol(List<Claim> claims) {
    return claims.stream().collect(groupingBy(Claim::protocol, TreeMap::new, toList()));
  }
}
