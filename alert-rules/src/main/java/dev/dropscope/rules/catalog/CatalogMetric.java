package dev.dropscope.rules.catalog;

import java.util.List;

/**
 * One metric family a rule may read.
 *
 * @param labels the labels the family's own series carry (target labels such as {@code instance}
 *     come on top)
 * @param source where it comes from, for messages: {@code host}, {@code exporter}, {@code
 *     prometheus}, {@code pack airdrops} or {@code recording rule in rules/airdrops.yml}
 */
public record CatalogMetric(String name, MetricKind kind, List<String> labels, String source) {}
