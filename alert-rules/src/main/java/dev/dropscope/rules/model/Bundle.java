package dev.dropscope.rules.model;

import java.util.List;
import java.util.stream.Stream;

/** Every checked rule group, in file-name order. */
public record Bundle(List<RuleGroup> groups) {

  public Stream<Rule.Alert> alerts() {
    return groups.stream().flatMap(g -> g.alerts().stream());
  }

  public Stream<Rule.Recording> recordings() {
    return groups.stream().flatMap(g -> g.recordings().stream());
  }
}
