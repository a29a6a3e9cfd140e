package dev.dropscope.rules.check;

import java.util.List;
import java.util.stream.Collectors;

/** Specs the generator refuses; carries every problem found, one line each. */
public final class SpecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public SpecException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
