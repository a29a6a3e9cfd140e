package dev.dropscope.etl.analytics;

import static dev.dropscope.etl.analytics.ClaimsReference.day;

import dev.dropscope.etl.analytics.Dataset.Sample;
import dev.dropscope.etl.analytics.Rows.AlertEpisode;
import dev.dropscope.etl.analytics.Rows.AlertHistory;
import dev.dropscope.etl.analytics.Rows.AlertHistoryDaily;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Alert episodes and history, from the ALERTS samples: a firing series' samples with no gap over 5
 * minutes form an episode, resolved at its last sample once the loaded samples reach 5 minutes past
 * it.
 */
final class AlertsReference {
  private static final Duration GAP = Duration.ofMinutes(5);

  private AlertsReference() {}

  static List<AlertEpisode> episodes(Dataset d) {
    Map<String, List<Sample>> series = new TreeMap<>();
    d.samples().stream()
        .filter(s -> s.metric().equals("ALERTS") && "firing".equals(s.labels().get("alertstate")))
        .forEach(
            s ->
                series
                    .computeIfAbsent(DatasetTables.json(s.labels()), k -> new ArrayList<>())
                    .add(s));
    List<AlertEpisode> rows = new ArrayList<>();
    for (List<Sample> samples : series.values()) {
      Map<String, String> labels = new LinkedHashMap<>(samples.getFirst().labels());
      labels.remove("alertstate");
      List<Instant> times = samples.stream().map(Sample::ts).sorted().toList();
      int start = 0;
      for (int i = 1; i <= times.size(); i++) {
        if (i == times.size()
            || Duration.between(times.get(i - 1), times.get(i)).compareTo(GAP) > 0) {
          rows.add(episode(labels, times.get(start), times.get(i - 1), d.loadedTo()));
          start = i;
        }
      }
    }
    return rows;
  }

  private static AlertEpisode episode(
      Map<String, String> labels, Instant first, Instant last, Instant loadedTo) {
    Instant resolved = loadedTo != null && last.isBefore(loadedTo.minus(GAP)) ? last : null;
    return new AlertEpisode(
        labels.get("alertname"),
        Objects.requireNonNullElse(labels.get("severity"), "none"),
        labels,
        first,
        resolved,
        resolved == null ? null : Duration.between(first, resolved).toNanos() / 1e9);
  }

  static List<AlertHistory> history(Dataset d) {
    return history(episodes(d));
  }

  /** The history of the episodes that fired in [from, to], as alert_history_between gives it. */
  static List<AlertHistory> history(Dataset d, Instant from, Instant to) {
    return history(
        episodes(d).stream()
            .filter(e -> !e.firedAt().isBefore(from) && !e.firedAt().isAfter(to))
            .toList());
  }

  private static List<AlertHistory> history(List<AlertEpisode> all) {
    List<AlertHistory> rows = new ArrayList<>();
    Stats.groupBy(all, e -> List.of(e.alertname(), e.severity()))
        .forEach(
            (key, episodes) -> {
              List<Double> durations = durations(episodes);
              List<Instant> fired = episodes.stream().map(AlertEpisode::firedAt).sorted().toList();
              rows.add(
                  new AlertHistory(
                      (String) key.get(0),
                      (String) key.get(1),
                      episodes.size(),
                      durations.size(),
                      episodes.size() - durations.size(),
                      total(durations),
                      Stats.mean(durations),
                      durations.stream().max(Comparator.naturalOrder()).orElse(null),
                      fired.getFirst(),
                      fired.getLast()));
            });
    return rows;
  }

  static List<AlertHistoryDaily> daily(Dataset d) {
    List<AlertHistoryDaily> rows = new ArrayList<>();
    Stats.groupBy(episodes(d), e -> List.of(day(e.firedAt()), e.severity()))
        .forEach(
            (key, episodes) ->
                rows.add(
                    new AlertHistoryDaily(
                        (Instant) key.get(0),
                        (String) key.get(1),
                        episodes.size(),
                        total(durations(episodes)))));
    return rows;
  }

  /** The durations of the resolved episodes. */
  private static List<Double> durations(List<AlertEpisode> episodes) {
    return episodes.stream().map(AlertEpisode::durationSeconds).filter(Objects::nonNull).toList();
  }

  /** SQL's sum(): null over no values. */
  private static Double total(List<Double> values) {
    return values.isEmpty() ? null : values.stream().mapToDouble(Double::doubleValue).sum();
  }
}
