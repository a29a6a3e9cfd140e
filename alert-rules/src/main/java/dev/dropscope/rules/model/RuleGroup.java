package dev.dropscope.rules.model;

import java.util.List;

/**
 * The rules of one spec file, written as one Prometheus rule group.
 *
 * @param name the file's stem ({@code airdrops} for {@code rules/airdrops.yml}), also the name of
 *     the generated files
 * @param pack the {@code pack} label on every alert
 * @param source the spec file, as given
 * @param recordings recording rules, evaluated before the alerts of the group
 */
public record RuleGroup(
    String name,
    String pack,
    String description,
    String source,
    List<Rule.Recording> recordings,
    List<Rule.Alert> alerts) {

  /** The rule group name in the generated file. */
  public String groupName() {
    return "dropscope-" + name;
  }
}
