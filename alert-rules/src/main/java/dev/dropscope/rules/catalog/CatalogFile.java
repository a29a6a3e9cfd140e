package dev.dropscope.rules.catalog;

import java.util.List;

/** The YAML shape of {@code /catalog/*.yml}. */
record CatalogFile(String source, List<Entry> metrics) {
  record Entry(String name, String type, List<String> labels) {}
}
