package dev.dropscope.grafana.model;

import java.util.ArrayList;
import java.util.List;

/**
 * One step of a panel's thresholds: from {@code from} upwards the value takes {@code color}; the
 * first step has no lower bound ({@code from} null).
 */
public record Threshold(String color, Double from) {

  /**
   * Steps from a base color and (bound, color) pairs: {@code steps("green", 0.8, "orange", 0.9,
   * "red")} is green below 0.8, orange from 0.8, red from 0.9.
   */
  public static List<Threshold> steps(String base, Object... boundColorPairs) {
    if (boundColorPairs.length % 2 != 0) {
      throw new IllegalArgumentException("expected (bound, color) pairs after the base color");
    }
    List<Threshold> steps = new ArrayList<>();
    steps.add(new Threshold(base, null));
    for (int i = 0; i < boundColorPairs.length; i += 2) {
      double bound = ((Number) boundColorPairs[i]).doubleValue();
      steps.add(new Threshold((String) boundColorPairs[i + 1], bound));
    }
    return List.copyOf(steps);
  }
}
