package dev.dropscope.rules.check;

import java.util.List;

/** Collects the problems of one spec file into the list of all problems. */
record Problems(String source, List<Problem> all) {
  void add(String message) {
    all.add(new Problem(source, message));
  }

  int size() {
    return all.size();
  }
}
