package dev.dropscope.rules.template;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An alert annotation template in the subset of Go's text/template that alert descriptions need:
 * text, {@code {{ $value }}}, {@code {{ $labels.NAME }}} (or {@code .Value}, {@code .Labels.NAME}),
 * pipelines through {@code humanize}, {@code humanize1024}, {@code humanizePercentage}, {@code
 * humanizeDuration}, {@code printf}, {@code toUpper}, {@code toLower} and {@code title}. Parsing
 * checks it; {@link #render} expands it as Prometheus would, for the generated unit tests.
 */
public final class AlertTemplate {
  /** The functions a template may call. */
  public static final List<String> FUNCTIONS =
      List.of(
          "humanize",
          "humanize1024",
          "humanizeDuration",
          "humanizePercentage",
          "printf",
          "title",
          "toLower",
          "toUpper");

  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
  private static final Pattern VERB = Pattern.compile("%(%|\\.(\\d+)[fg]|[svfgd])");

  private enum Type {
    NUM,
    STR
  }

  private sealed interface Part {}

  private record Text(String text) implements Part {}

  private record Action(String source, List<Command> commands) implements Part {}

  /** One command of a pipeline: an operand, or a function applied to its arguments. */
  private record Command(String function, List<Operand> args) {}

  private sealed interface Operand {}

  private record ValueRef() implements Operand {}

  private record LabelRef(String name) implements Operand {}

  private record Literal(String text, Type type) implements Operand {}

  private final List<Part> parts;
  private final Set<String> labels;
  private final boolean usesValue;

  private AlertTemplate(List<Part> parts, Set<String> labels, boolean usesValue) {
    this.parts = parts;
    this.labels = labels;
    this.usesValue = usesValue;
  }

  /**
   * Parses and type-checks a template.
   *
   * @throws TemplateException naming the offending action
   */
  public static AlertTemplate parse(String text) {
    List<Part> parts = new ArrayList<>();
    Set<String> labels = new LinkedHashSet<>();
    boolean[] usesValue = {false};
    int i = 0;
    StringBuilder pending = new StringBuilder();
    while (i < text.length()) {
      int open = text.indexOf("{{", i);
      if (open < 0) {
        pending.append(text, i, text.length());
        break;
      }
      int close = text.indexOf("}}", open + 2);
      if (close < 0) {
        throw new TemplateException(
            "unclosed action '" + text.substring(open) + "': expected '}}'");
      }
      pending.append(text, i, open);
      String inner = text.substring(open + 2, close);
      String source = text.substring(open, close + 2);
      if (inner.startsWith("- ")) {
        trimTrailing(pending);
        inner = inner.substring(2);
      }
      i = close + 2;
      if (inner.endsWith(" -")) {
        inner = inner.substring(0, inner.length() - 2);
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
          i++;
        }
      }
      if (!pending.isEmpty()) {
        parts.add(new Text(pending.toString()));
        pending.setLength(0);
      }
      List<Command> commands = pipeline(inner.strip(), source);
      for (Command c : commands) {
        for (Operand o : c.args()) {
          switch (o) {
            case LabelRef l -> labels.add(l.name());
            case ValueRef v -> usesValue[0] = true;
            case Literal l -> {}
          }
        }
      }
      parts.add(new Action(source, commands));
    }
    if (!pending.isEmpty()) {
      parts.add(new Text(pending.toString()));
    }
    for (Part p : parts) {
      if (p instanceof Text t && t.text().contains("}}")) {
        throw new TemplateException("'}}' without a matching '{{'");
      }
    }
    return new AlertTemplate(List.copyOf(parts), Set.copyOf(labels), usesValue[0]);
  }

  /** The labels the template reads through {@code $labels.NAME}. */
  public Set<String> labels() {
    return labels;
  }

  /** Whether the template reads {@code $value}. */
  public boolean usesValue() {
    return usesValue;
  }

  /** Expands the template for an alert with these labels and value, as Prometheus does. */
  public String render(Map<String, String> alertLabels, double value) {
    StringBuilder out = new StringBuilder();
    for (Part p : parts) {
      switch (p) {
        case Text t -> out.append(t.text());
        case Action a -> out.append(evaluate(a, alertLabels, value));
      }
    }
    return out.toString();
  }

  private static String evaluate(Action a, Map<String, String> labels, double value) {
    Object result = null;
    for (Command c : a.commands()) {
      List<Object> args = new ArrayList<>();
      for (Operand o : c.args()) {
        args.add(
            switch (o) {
              case ValueRef v -> value;
              case LabelRef l -> labels.getOrDefault(l.name(), "<no value>");
              case Literal l -> l.type() == Type.NUM ? Double.parseDouble(l.text()) : l.text();
            });
      }
      if (result != null) {
        args.add(result);
      }
      result = c.function() == null ? args.getFirst() : call(c.function(), args);
    }
    return result instanceof Double d ? GoFormat.v(d) : String.valueOf(result);
  }

  private static Object call(String function, List<Object> args) {
    return switch (function) {
      case "humanize" -> GoFormat.humanize(number(args.getFirst()));
      case "humanize1024" -> GoFormat.humanize1024(number(args.getFirst()));
      case "humanizePercentage" -> GoFormat.humanizePercentage(number(args.getFirst()));
      case "humanizeDuration" -> GoFormat.humanizeDuration(number(args.getFirst()));
      case "toUpper" -> ((String) args.getFirst()).toUpperCase(Locale.ROOT);
      case "toLower" -> ((String) args.getFirst()).toLowerCase(Locale.ROOT);
      case "title" -> title((String) args.getFirst());
      case "printf" -> printf((String) args.getFirst(), args.subList(1, args.size()));
      default -> throw new AssertionError(function);
    };
  }

  private static double number(Object o) {
    return o instanceof Double d ? d : Double.parseDouble((String) o);
  }

  private static String title(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean start = true;
    for (char c : s.toCharArray()) {
      out.append(start ? Character.toTitleCase(c) : c);
      start = !Character.isLetterOrDigit(c) && c != '_' && c != '\'';
    }
    return out.toString();
  }

  private static String printf(String format, List<Object> args) {
    Matcher m = VERB.matcher(format);
    StringBuilder out = new StringBuilder();
    int next = 0;
    while (m.find()) {
      m.appendReplacement(out, "");
      String verb = m.group(1);
      if (verb.equals("%")) {
        out.append('%');
        continue;
      }
      Object arg = args.get(next++);
      char kind = verb.charAt(verb.length() - 1);
      out.append(
          switch (kind) {
            case 's' -> (String) arg;
            case 'v' -> arg instanceof Double d ? GoFormat.v(d) : (String) arg;
            case 'f' ->
                GoFormat.f(number(arg), m.group(2) != null ? Integer.parseInt(m.group(2)) : 6);
            case 'g' ->
                GoFormat.g(number(arg), m.group(2) != null ? Integer.parseInt(m.group(2)) : -1);
            case 'd' -> String.valueOf((long) number(arg));
            default -> throw new AssertionError(verb);
          });
    }
    m.appendTail(out);
    return out.toString();
  }

  private static void trimTrailing(StringBuilder s) {
    while (!s.isEmpty() && Character.isWhitespace(s.charAt(s.length() - 1))) {
      s.setLength(s.length() - 1);
    }
  }

  // ---- parsing ----

  private static List<Command> pipeline(String inner, String source) {
    if (inner.isEmpty()) {
      throw new TemplateException("empty action " + source);
    }
    List<String> stages = splitPipes(inner, source);
    List<Command> commands = new ArrayList<>();
    Type previous = null;
    for (int s = 0; s < stages.size(); s++) {
      List<String> words = words(stages.get(s).strip(), source);
      if (words.isEmpty()) {
        throw new TemplateException("empty command in " + source);
      }
      String head = words.getFirst();
      if (head.startsWith("$") || head.startsWith(".") || head.startsWith("\"") || isNumber(head)) {
        if (words.size() > 1 || s > 0) {
          throw new TemplateException(
              "expected a function before the arguments in " + source + ", found '" + head + "'");
        }
        Operand o = operand(head, source);
        commands.add(new Command(null, List.of(o)));
        previous = type(o);
        continue;
      }
      if (!FUNCTIONS.contains(head)) {
        if (List.of("if", "else", "end", "range", "with", "define", "template", "block")
            .contains(head)) {
          throw new TemplateException(
              "control structures ('" + head + "') are not supported in annotations: " + source);
        }
        throw new TemplateException(
            "unknown function '"
                + head
                + "' in "
                + source
                + "; use one of "
                + String.join(", ", FUNCTIONS));
      }
      List<Operand> args = new ArrayList<>();
      List<Type> types = new ArrayList<>();
      for (String w : words.subList(1, words.size())) {
        Operand o = operand(w, source);
        args.add(o);
        types.add(type(o));
      }
      if (previous != null) {
        types.add(previous);
      }
      previous = checkCall(head, types, args, source);
      commands.add(new Command(head, List.copyOf(args)));
    }
    return List.copyOf(commands);
  }

  private static Type checkCall(String function, List<Type> types, List<Operand> args, String src) {
    if (function.equals("printf")) {
      if (types.isEmpty() || !(args.getFirst() instanceof Literal l) || l.type() != Type.STR) {
        throw new TemplateException(
            "printf needs a quoted format first, e.g. printf \"%.1f\" $value, in " + src);
      }
      String format = l.text();
      Matcher m = VERB.matcher(format);
      List<String> verbs = new ArrayList<>();
      while (m.find()) {
        if (!m.group(1).equals("%")) {
          verbs.add(m.group(1));
        }
      }
      String stripped = VERB.matcher(format).replaceAll("");
      if (stripped.contains("%")) {
        throw new TemplateException(
            "printf format '"
                + format
                + "' uses a verb other than %s, %v, %d, %f, %g, %.Nf, %.Ng or %% in "
                + src);
      }
      List<Type> values = types.subList(1, types.size());
      if (values.size() != verbs.size()) {
        throw new TemplateException(
            "printf format '"
                + format
                + "' has "
                + verbs.size()
                + " verbs for "
                + values.size()
                + " values in "
                + src);
      }
      for (int i = 0; i < verbs.size(); i++) {
        String verb = verbs.get(i);
        Type t = values.get(i);
        if (verb.equals("s") && t == Type.NUM) {
          throw new TemplateException(
              "printf %s of a number prints %!s(float64=...); use %v or %.2f in " + src);
        }
        if (!verb.equals("s") && !verb.equals("v") && t == Type.STR) {
          throw new TemplateException(
              "printf %"
                  + verb
                  + " of a label value prints %!"
                  + verb.charAt(verb.length() - 1)
                  + "(string=...); use %s in "
                  + src);
        }
      }
      return Type.STR;
    }
    if (types.size() != 1) {
      throw new TemplateException(
          function + " takes one value, found " + types.size() + " in " + src);
    }
    boolean numeric = function.startsWith("humanize");
    if (!numeric && types.getFirst() == Type.NUM) {
      throw new TemplateException(function + " takes a label value, not a number, in " + src);
    }
    return Type.STR;
  }

  private static Type type(Operand o) {
    return switch (o) {
      case ValueRef v -> Type.NUM;
      case LabelRef l -> Type.STR;
      case Literal l -> l.type();
    };
  }

  private static Operand operand(String word, String source) {
    if (word.equals("$value") || word.equals(".Value")) {
      return new ValueRef();
    }
    for (String prefix : List.of("$labels.", ".Labels.")) {
      if (word.startsWith(prefix)) {
        String name = word.substring(prefix.length());
        if (!LABEL.matcher(name).matches()) {
          throw new TemplateException("'" + name + "' is not a label name in " + source);
        }
        return new LabelRef(name);
      }
    }
    if (word.startsWith("\"")) {
      return new Literal(unquote(word, source), Type.STR);
    }
    if (isNumber(word)) {
      return new Literal(word, Type.NUM);
    }
    throw new TemplateException(
        "expected $value, $labels.<name>, a quoted string or a number in "
            + source
            + ", found '"
            + word
            + "'");
  }

  private static boolean isNumber(String word) {
    return NUMBER.matcher(word).matches();
  }

  private static String unquote(String word, String source) {
    if (word.length() < 2 || !word.endsWith("\"")) {
      throw new TemplateException("unterminated string " + word + " in " + source);
    }
    return word.substring(1, word.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
  }

  private static List<String> splitPipes(String inner, String source) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (c == '"' && (i == 0 || inner.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      }
      if (c == '|' && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (quoted) {
      throw new TemplateException("unterminated string in " + source);
    }
    out.add(cur.toString());
    return out;
  }

  private static List<String> words(String command, String source) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < command.length()) {
      char c = command.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      int start = i;
      if (c == '"') {
        i++;
        while (i < command.length()
            && (command.charAt(i) != '"' || command.charAt(i - 1) == '\\')) {
          i++;
        }
        i++;
      } else {
        while (i < command.length() && !Character.isWhitespace(command.charAt(i))) {
          i++;
        }
      }
      if (c == '(' || command.substring(start, Math.min(i, command.length())).contains("(")) {
        throw new TemplateException(
            "parentheses are not supported in " + source + "; use a pipeline");
      }
      out.add(command.substring(start, Math.min(i, command.length())));
    }
    return out;
  }
}
