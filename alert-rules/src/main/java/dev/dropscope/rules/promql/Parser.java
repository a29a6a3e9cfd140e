package dev.dropscope.rules.promql;

import dev.dropscope.rules.promql.Expr.Aggregation;
import dev.dropscope.rules.promql.Expr.Binary;
import dev.dropscope.rules.promql.Expr.Call;
import dev.dropscope.rules.promql.Expr.Grouping;
import dev.dropscope.rules.promql.Expr.Matcher;
import dev.dropscope.rules.promql.Expr.MatrixSelector;
import dev.dropscope.rules.promql.Expr.NumberLiteral;
import dev.dropscope.rules.promql.Expr.Paren;
import dev.dropscope.rules.promql.Expr.StringLiteral;
import dev.dropscope.rules.promql.Expr.Subquery;
import dev.dropscope.rules.promql.Expr.Unary;
import dev.dropscope.rules.promql.Expr.VectorMatching;
import dev.dropscope.rules.promql.Expr.VectorSelector;
import dev.dropscope.rules.promql.Lexer.Kind;
import dev.dropscope.rules.promql.Lexer.Token;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Recursive-descent PromQL parser with Prometheus's operator precedence: {@code or} < {@code and
 * unless} < comparisons < {@code + -} < {@code * / % atan2} < {@code ^} (right-associative); a
 * unary minus binds like {@code *}.
 */
final class Parser {
  private static final Map<String, Integer> PRECEDENCE =
      Map.ofEntries(
          Map.entry("or", 1),
          Map.entry("and", 2),
          Map.entry("unless", 2),
          Map.entry("==", 3),
          Map.entry("!=", 3),
          Map.entry(">", 3),
          Map.entry("<", 3),
          Map.entry(">=", 3),
          Map.entry("<=", 3),
          Map.entry("+", 4),
          Map.entry("-", 4),
          Map.entry("*", 5),
          Map.entry("/", 5),
          Map.entry("%", 5),
          Map.entry("atan2", 5),
          Map.entry("^", 6));
  private static final int UNARY_PRECEDENCE = 6;
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");

  private final List<Token> tokens;
  private int at;

  Parser(String text) {
    this.tokens = Lexer.tokens(text);
  }

  Expr parseAll() {
    if (peek().kind() == Kind.EOF) {
      throw error(peek(), "an expression");
    }
    Expr e = expression(1);
    if (peek().kind() != Kind.EOF) {
      throw error(peek(), "an operator or the end of the expression");
    }
    return e;
  }

  private Expr expression(int minPrecedence) {
    Expr lhs = unary();
    while (true) {
      Token t = peek();
      String op = binaryOperator(t);
      if (op == null || PRECEDENCE.get(op) < minPrecedence) {
        return lhs;
      }
      advance();
      int precedence = PRECEDENCE.get(op);
      boolean returnBool = false;
      if (Promql.COMPARISONS.contains(op) && isIdent(peek(), "bool")) {
        advance();
        returnBool = true;
      }
      VectorMatching matching = matching(op);
      Expr rhs = expression(op.equals("^") ? precedence : precedence + 1);
      lhs = new Binary(op, lhs, rhs, returnBool, matching);
    }
  }

  private static String binaryOperator(Token t) {
    if (t.kind() == Kind.OP && PRECEDENCE.containsKey(t.text())) {
      return t.text();
    }
    if (t.kind() == Kind.IDENT && Promql.WORD_OPERATORS.contains(t.text())) {
      return t.text();
    }
    return null;
  }

  private VectorMatching matching(String op) {
    boolean on;
    if (isIdent(peek(), "on")) {
      on = true;
    } else if (isIdent(peek(), "ignoring")) {
      on = false;
    } else {
      return null;
    }
    advance();
    List<String> labels = labelList();
    String card = "one-to-one";
    List<String> include = List.of();
    if (isIdent(peek(), "group_left") || isIdent(peek(), "group_right")) {
      if (op.equals("and") || op.equals("or") || op.equals("unless")) {
        throw error(peek(), "no group modifier on the set operator " + op);
      }
      card = advance().text().equals("group_left") ? "many-to-one" : "one-to-many";
      if (peek().kind() == Kind.LPAREN) {
        include = labelList();
      }
    }
    return new VectorMatching(on, labels, card, include);
  }

  private Expr unary() {
    Token t = peek();
    if (t.kind() == Kind.OP && (t.text().equals("-") || t.text().equals("+"))) {
      advance();
      Expr operand = expression(UNARY_PRECEDENCE);
      if (operand instanceof NumberLiteral n) {
        return t.text().equals("-") ? new NumberLiteral(-n.value()) : n;
      }
      return new Unary(t.text(), operand);
    }
    return postfix(primary());
  }

  private Expr primary() {
    Token t = peek();
    switch (t.kind()) {
      case LPAREN -> {
        advance();
        Expr inner = expression(1);
        expect(Kind.RPAREN, "')' closing the parenthesis");
        return new Paren(inner);
      }
      case NUMBER -> {
        advance();
        return new NumberLiteral(number(t));
      }
      case STRING -> {
        advance();
        return new StringLiteral(t.text());
      }
      case LBRACE -> {
        return selector(null);
      }
      case IDENT -> {
        return identifier();
      }
      default -> throw error(t, "a metric, number, function or '('");
    }
  }

  private Expr identifier() {
    Token t = advance();
    String name = t.text();
    if (name.equalsIgnoreCase("inf") || name.equalsIgnoreCase("nan")) {
      return new NumberLiteral(
          name.equalsIgnoreCase("inf") ? Double.POSITIVE_INFINITY : Double.NaN);
    }
    if (Promql.AGGREGATIONS.contains(name)
        && (peek().kind() == Kind.LPAREN || isIdent(peek(), "by") || isIdent(peek(), "without"))) {
      return aggregation(name);
    }
    if (peek().kind() == Kind.LPAREN) {
      if (!Promql.FUNCTIONS.containsKey(name)) {
        throw new PromqlException(t.pos(), "unknown function '" + name + "' at " + t.pos());
      }
      advance();
      List<Expr> args = new ArrayList<>();
      if (peek().kind() != Kind.RPAREN) {
        do {
          args.add(expression(1));
        } while (accept(Kind.COMMA) && peek().kind() != Kind.RPAREN);
      }
      expect(Kind.RPAREN, "',' or ')' in the arguments of " + name + "()");
      int[] arity = Promql.FUNCTIONS.get(name);
      if (args.size() < arity[0] || args.size() > arity[1]) {
        throw new PromqlException(
            t.pos(),
            name
                + "() takes "
                + (arity[0] == arity[1] ? arity[0] : arity[0] + " to " + arity[1])
                + " arguments, found "
                + args.size());
      }
      return new Call(name, List.copyOf(args));
    }
    if (Promql.KEYWORDS.contains(name)) {
      throw error(t, "a metric, number, function or '('");
    }
    return selector(name);
  }

  private Aggregation aggregation(String op) {
    Grouping grouping = grouping();
    expect(Kind.LPAREN, "'(' after " + op);
    Expr param = null;
    if (Promql.PARAMETRIC.contains(op)) {
      param = expression(1);
      expect(Kind.COMMA, "',' after the parameter of " + op);
    }
    Expr inner = expression(1);
    expect(Kind.RPAREN, "')' closing " + op + "(...)");
    if (grouping == null) {
      grouping = grouping();
    }
    return new Aggregation(op, param, inner, grouping);
  }

  private Grouping grouping() {
    if (isIdent(peek(), "by") || isIdent(peek(), "without")) {
      boolean without = advance().text().equals("without");
      return new Grouping(without, labelList());
    }
    return null;
  }

  private List<String> labelList() {
    expect(Kind.LPAREN, "'(' starting a label list");
    List<String> labels = new ArrayList<>();
    while (peek().kind() != Kind.RPAREN) {
      Token l = peek();
      if (l.kind() != Kind.IDENT) {
        throw error(l, "a label name");
      }
      advance();
      labels.add(l.text());
      if (!accept(Kind.COMMA)) {
        break;
      }
    }
    expect(Kind.RPAREN, "',' or ')' in the label list");
    return List.copyOf(labels);
  }

  private VectorSelector selector(String name) {
    List<Matcher> matchers = new ArrayList<>();
    if (accept(Kind.LBRACE)) {
      while (peek().kind() != Kind.RBRACE) {
        Token label = peek();
        if (label.kind() != Kind.IDENT) {
          throw error(label, "a label name in the selector");
        }
        advance();
        Token op = peek();
        if (op.kind() != Kind.OP || !List.of("=", "!=", "=~", "!~").contains(op.text())) {
          throw error(op, "=, !=, =~ or !~ after label " + label.text());
        }
        advance();
        Token value = peek();
        if (value.kind() != Kind.STRING) {
          throw error(value, "a quoted string as the value of label " + label.text());
        }
        advance();
        matchers.add(new Matcher(label.text(), op.text(), value.text()));
        if (!accept(Kind.COMMA)) {
          break;
        }
      }
      expect(Kind.RBRACE, "',' or '}' in the selector");
    }
    if (name == null && matchers.stream().noneMatch(m -> m.name().equals("__name__"))) {
      if (matchers.isEmpty()) {
        throw error(peek(), "a metric name or at least one matcher");
      }
    }
    String metric = name;
    if (metric == null) {
      metric =
          matchers.stream()
              .filter(m -> m.name().equals("__name__") && m.op().equals("="))
              .map(Matcher::value)
              .findFirst()
              .orElse(null);
    }
    return new VectorSelector(metric, List.copyOf(matchers));
  }

  private Expr postfix(Expr e) {
    while (true) {
      if (peek().kind() == Kind.LBRACKET) {
        Token open = advance();
        Duration range = duration("a range like 5m");
        if (accept(Kind.COLON)) {
          Duration step = peek().kind() == Kind.DURATION ? duration("a step like 1m") : null;
          expect(Kind.RBRACKET, "']' closing the subquery");
          e = new Subquery(e, range, step);
        } else {
          expect(Kind.RBRACKET, "']' or ':' after the range");
          if (!(e instanceof VectorSelector vs)) {
            throw new PromqlException(
                open.pos(),
                "a range [..] applies to a metric selector only (use a subquery [range:step] on"
                    + " an expression) at "
                    + open.pos());
          }
          e = new MatrixSelector(vs, range);
        }
      } else if (isIdent(peek(), "offset")) {
        advance();
        accept(Kind.OP, "-");
        duration("a duration after offset");
      } else if (peek().kind() == Kind.AT) {
        advance();
        if (peek().kind() == Kind.NUMBER) {
          advance();
        } else if (isIdent(peek(), "start") || isIdent(peek(), "end")) {
          advance();
          expect(Kind.LPAREN, "'(' after start or end");
          expect(Kind.RPAREN, "')'");
        } else {
          throw error(peek(), "a Unix time, start() or end() after @");
        }
      } else {
        return e;
      }
    }
  }

  private Duration duration(String expected) {
    Token t = peek();
    if (t.kind() != Kind.DURATION) {
      throw error(t, expected);
    }
    advance();
    return parseDuration(t.text());
  }

  /** Parses a PromQL duration such as {@code 5m} or {@code 1h30m}. */
  static Duration parseDuration(String text) {
    java.util.regex.Matcher m = DURATION_PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "w" -> Duration.ofDays(7 * n);
                case "y" -> Duration.ofDays(365 * n);
                default -> throw new AssertionError(m.group(2));
              });
      end = m.end();
    }
    return end == text.length() ? total : null;
  }

  private static double number(Token t) {
    String s = t.text();
    if (s.startsWith("0x") || s.startsWith("0X")) {
      return Long.parseLong(s.substring(2), 16);
    }
    return Double.parseDouble(s);
  }

  private Token peek() {
    return tokens.get(at);
  }

  private Token advance() {
    Token t = tokens.get(at);
    if (t.kind() != Kind.EOF) {
      at++;
    }
    return t;
  }

  private boolean accept(Kind kind) {
    if (peek().kind() == kind) {
      advance();
      return true;
    }
    return false;
  }

  private boolean accept(Kind kind, String text) {
    if (peek().kind() == kind && peek().text().equals(text)) {
      advance();
      return true;
    }
    return false;
  }

  private void expect(Kind kind, String expected) {
    if (!accept(kind)) {
      throw error(peek(), expected);
    }
  }

  private static boolean isIdent(Token t, String word) {
    return t.kind() == Kind.IDENT && t.text().equals(word);
  }

  private static PromqlException error(Token t, String expected) {
    return new PromqlException(
        t.pos(), "expected " + expected + " at " + t.pos() + ", found " + t.describe());
  }
}
