package dev.dropscope.etl.analytics;

import dev.dropscope.etl.analytics.Dataset.Claim;
import dev.dropscope.etl.analytics.Rows.AirdropTimingForecast;
import dev.dropscope.etl.analytics.Rows.ClaimSeason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Distribution seasons and the timing forecast, computed from the successful claims. */
final class ForecastReference {
  /** A gap longer than this between two successful claims starts a new season. */
  static final Duration SEASON_GAP = Duration.ofDays(14);

  private ForecastReference() {}

  static List<ClaimSeason> seasons(Dataset d) {
    List<ClaimSeason> rows = new ArrayList<>();
    Map<String, List<Claim>> byProtocol =
        ClaimsReference.byProtocol(d.claims().stream().filter(Claim::succeeded).toList());
    byProtocol.forEach(
        (protocol, claims) -> {
          List<Claim> sorted = claims.stream().sorted(Comparator.comparing(Claim::ts)).toList();
          List<List<Claim>> seasons = new ArrayList<>();
          Instant previous = null;
          for (Claim c : sorted) {
            if (previous == null || Duration.between(previous, c.ts()).compareTo(SEASON_GAP) > 0) {
              seasons.add(new ArrayList<>());
            }
            seasons.getLast().add(c);
            previous = c.ts();
          }
          for (int i = 0; i < seasons.size(); i++) {
            List<Claim> s = seasons.get(i);
            rows.add(
                new ClaimSeason(
                    protocol,
                    i + 1,
                    s.getFirst().ts(),
                    s.getLast().ts(),
                    s.size(),
                    Stats.sum(s.stream().map(Claim::valueUsd).filter(Objects::nonNull).toList())));
          }
        });
    return rows;
  }

  static List<AirdropTimingForecast> forecast(Dataset d) {
    Map<String, List<ClaimSeason>> byProtocol = new TreeMap<>();
    seasons(d)
        .forEach(s -> byProtocol.computeIfAbsent(s.protocol(), k -> new ArrayList<>()).add(s));
    List<AirdropTimingForecast> rows = new ArrayList<>();
    byProtocol.forEach(
        (protocol, seasons) -> {
          List<Double> intervals = new ArrayList<>();
          for (int i = 1; i < seasons.size(); i++) {
            intervals.add(
                seconds(
                    Duration.between(seasons.get(i - 1).startedAt(), seasons.get(i).startedAt())));
          }
          Instant last = seasons.getLast().startedAt();
          Double mean = Stats.mean(intervals);
          Double sd = Stats.stddevSamp(intervals);
          Double spread = sd != null ? sd : mean == null ? null : mean / 2;
          Instant start = null;
          Instant end = null;
          if (mean != null) {
            Instant early = plusSeconds(last, mean - spread);
            start = early.isBefore(last) ? last : early;
            end = plusSeconds(last, mean + spread);
          }
          rows.add(
              new AirdropTimingForecast(
                  protocol,
                  last,
                  mean == null ? null : Duration.ofNanos(Math.round(mean * 1e9)),
                  start,
                  end,
                  confidence(intervals.size(), mean, sd),
                  seasons.size(),
                  mean == null ? null : mean / 86400,
                  sd == null ? null : sd / 86400,
                  seasons.getLast().endedAt()));
        });
    return rows;
  }

  /** HIGH: >= 4 intervals and CV <= 0.25; MEDIUM: >= 2 intervals and CV <= 0.5; else LOW. */
  static String confidence(int intervals, Double mean, Double sd) {
    Double cv = Stats.ratio(sd, mean);
    if (cv != null && intervals >= 4 && cv <= 0.25) {
      return "HIGH";
    }
    if (cv != null && intervals >= 2 && cv <= 0.5) {
      return "MEDIUM";
    }
    return "LOW";
  }

  private static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }

  private static Instant plusSeconds(Instant t, double seconds) {
    return t.plusNanos(Math.round(seconds * 1e9));
  }
}
