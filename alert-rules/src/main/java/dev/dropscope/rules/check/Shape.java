package dev.dropscope.rules.check;

import java.util.Set;

/**
 * What an expression evaluates to, as far as templates care: a scalar, or a vector whose series are
 * sure to carry {@code labels}; {@code labels} is null when that cannot be known (an unknown
 * metric).
 */
record Shape(boolean scalar, Set<String> labels) {
  static final Shape SCALAR = new Shape(true, Set.of());
  static final Shape UNKNOWN = new Shape(false, null);

  static Shape vector(Set<String> labels) {
    return new Shape(false, labels == null ? null : Set.copyOf(labels));
  }

  boolean known() {
    return labels != null;
  }
}
