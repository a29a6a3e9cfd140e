package dev.dropscope.rules.model;

import java.util.Locale;

/** How an alert compares its value with the threshold. */
public enum Condition {
  GT(">"),
  LT("<"),
  EQ("=="),
  NE("!="),
  GTE(">="),
  LTE("<=");

  private final String operator;

  Condition(String operator) {
    this.operator = operator;
  }

  /** The PromQL operator. */
  public String operator() {
    return operator;
  }

  /** The condition written as {@code text} (gt, lt, ...), or null. */
  public static Condition parse(String text) {
    for (Condition c : values()) {
      if (c.name().toLowerCase(Locale.ROOT).equals(text)) {
        return c;
      }
    }
    return null;
  }
}
