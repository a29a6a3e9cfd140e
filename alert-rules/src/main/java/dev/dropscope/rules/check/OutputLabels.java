package dev.dropscope.rules.check;

import dev.dropscope.rules.catalog.Catalog;
import dev.dropscope.rules.catalog.CatalogMetric;
import dev.dropscope.rules.catalog.MetricKind;
import dev.dropscope.rules.promql.Expr;
import dev.dropscope.rules.promql.Expr.Aggregation;
import dev.dropscope.rules.promql.Expr.Binary;
import dev.dropscope.rules.promql.Expr.Call;
import dev.dropscope.rules.promql.Expr.MatrixSelector;
import dev.dropscope.rules.promql.Expr.NumberLiteral;
import dev.dropscope.rules.promql.Expr.Paren;
import dev.dropscope.rules.promql.Expr.StringLiteral;
import dev.dropscope.rules.promql.Expr.Subquery;
import dev.dropscope.rules.promql.Expr.Unary;
import dev.dropscope.rules.promql.Expr.VectorMatching;
import dev.dropscope.rules.promql.Expr.VectorSelector;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Works out which labels every series of an expression's result is sure to carry, following
 * PromQL's rules: aggregations keep their {@code by} labels, {@code on (...)} keeps only the
 * matching labels, {@code group_left} adds the included ones, {@code absent()} gives the equality
 * matchers, {@code histogram_quantile} drops {@code le}. Annotation templates may only use those.
 */
final class OutputLabels {
  private final Catalog catalog;
  private final List<String> targetLabels;

  OutputLabels(Catalog catalog, List<String> targetLabels) {
    this.catalog = catalog;
    this.targetLabels = targetLabels;
  }

  Shape of(Expr e) {
    return switch (e) {
      case NumberLiteral n -> Shape.SCALAR;
      case StringLiteral s -> Shape.SCALAR;
      case VectorSelector vs -> selector(vs);
      case MatrixSelector ms -> selector(ms.selector());
      case Subquery sq -> of(sq.expr());
      case Paren p -> of(p.expr());
      case Unary u -> of(u.expr());
      case Call c -> call(c);
      case Aggregation a -> aggregation(a);
      case Binary b -> binary(b);
    };
  }

  private Shape selector(VectorSelector vs) {
    if (vs.name() == null) {
      return Shape.UNKNOWN;
    }
    CatalogMetric m = catalog.series(vs.name()).orElse(null);
    if (m == null || m.labels() == null) {
      return Shape.UNKNOWN;
    }
    Set<String> labels = new TreeSet<>(m.labels());
    if (m.kind() != MetricKind.RECORDED) {
      labels.addAll(targetLabels);
    }
    return Shape.vector(labels);
  }

  private Shape call(Call c) {
    switch (c.function()) {
      case "absent", "absent_over_time" -> {
        VectorSelector vs =
            switch (c.args().getFirst()) {
              case VectorSelector v -> v;
              case MatrixSelector m -> m.selector();
              default -> null;
            };
        if (vs == null) {
          return Shape.vector(Set.of());
        }
        Set<String> labels = new TreeSet<>();
        vs.matchers().stream()
            .filter(m -> m.op().equals("=") && !m.name().equals("__name__"))
            .forEach(m -> labels.add(m.name()));
        return Shape.vector(labels);
      }
      case "scalar", "time", "pi" -> {
        return Shape.SCALAR;
      }
      case "vector" -> {
        return Shape.vector(Set.of());
      }
      case "histogram_quantile" -> {
        Shape inner = of(c.args().get(1));
        return inner.known() ? Shape.vector(minus(inner.labels(), Set.of("le"))) : inner;
      }
      case "label_replace", "label_join" -> {
        Shape inner = of(c.args().getFirst());
        if (!inner.known() || !(c.args().get(1) instanceof StringLiteral dst)) {
          return inner;
        }
        Set<String> labels = new TreeSet<>(inner.labels());
        labels.add(dst.value());
        return Shape.vector(labels);
      }
      default -> {
        if (c.args().isEmpty()) {
          return Shape.vector(Set.of()); // hour(), minute(), ... of vector(time())
        }
        for (Expr arg : c.args()) {
          Shape s = of(arg);
          if (!s.scalar()) {
            return s;
          }
        }
        return Shape.SCALAR;
      }
    }
  }

  private Shape aggregation(Aggregation a) {
    Shape inner = of(a.expr());
    if (a.op().equals("topk") || a.op().equals("bottomk")) {
      return inner;
    }
    if (!inner.known()) {
      return inner;
    }
    Set<String> labels;
    if (a.grouping() == null) {
      labels = new TreeSet<>();
    } else if (a.grouping().without()) {
      labels = minus(inner.labels(), Set.copyOf(a.grouping().labels()));
    } else {
      labels = new TreeSet<>(a.grouping().labels());
      labels.retainAll(inner.labels());
    }
    if (a.op().equals("count_values") && a.param() instanceof StringLiteral s) {
      labels.add(s.value());
    }
    return Shape.vector(labels);
  }

  private Shape binary(Binary b) {
    Shape l = of(b.lhs());
    Shape r = of(b.rhs());
    if (l.scalar() && r.scalar()) {
      return Shape.SCALAR;
    }
    if (l.scalar()) {
      return r;
    }
    if (r.scalar()) {
      return l;
    }
    switch (b.op()) {
      case "and", "unless" -> {
        return l;
      }
      case "or" -> {
        if (!l.known() || !r.known()) {
          return Shape.UNKNOWN;
        }
        Set<String> both = new TreeSet<>(l.labels());
        both.retainAll(r.labels());
        return Shape.vector(both);
      }
      default -> {}
    }
    VectorMatching m = b.matching();
    if (m == null) {
      return l;
    }
    switch (m.card()) {
      case "many-to-one" -> {
        return include(l, r, m.include());
      }
      case "one-to-many" -> {
        return include(r, l, m.include());
      }
      default -> {
        if (!l.known()) {
          return l;
        }
        if (m.on()) {
          Set<String> kept = new TreeSet<>(l.labels());
          kept.retainAll(m.labels());
          return Shape.vector(kept);
        }
        return Shape.vector(minus(l.labels(), Set.copyOf(m.labels())));
      }
    }
  }

  private static Shape include(Shape many, Shape one, List<String> include) {
    if (!many.known()) {
      return many;
    }
    Set<String> labels = new TreeSet<>(many.labels());
    for (String l : include) {
      if (!one.known() || one.labels().contains(l)) {
        labels.add(l);
      }
    }
    return Shape.vector(labels);
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.removeAll(b);
    return new TreeSet<>(out);
  }
}
