package dev.dropscope.rules.promql;

import java.util.ArrayList;
import java.util.List;

/** Splits PromQL text into tokens. Comments ({@code # ...}) and whitespace are skipped. */
final class Lexer {

  enum Kind {
    IDENT,
    NUMBER,
    DURATION,
    STRING,
    OP,
    LPAREN,
    RPAREN,
    LBRACE,
    RBRACE,
    LBRACKET,
    RBRACKET,
    COMMA,
    COLON,
    AT,
    EOF
  }

  record Token(Kind kind, String text, int pos) {
    String describe() {
      return kind == Kind.EOF ? "the end of the expression" : "'" + text + "'";
    }
  }

  private final String in;
  private int i;

  private Lexer(String in) {
    this.in = in;
  }

  static List<Token> tokens(String text) {
    return new Lexer(text).all();
  }

  private List<Token> all() {
    List<Token> out = new ArrayList<>();
    while (true) {
      skipSpace();
      if (i >= in.length()) {
        out.add(new Token(Kind.EOF, "", i));
        return out;
      }
      out.add(next());
    }
  }

  private void skipSpace() {
    while (i < in.length()) {
      char c = in.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#') {
        while (i < in.length() && in.charAt(i) != '\n') {
          i++;
        }
      } else {
        return;
      }
    }
  }

  private Token next() {
    int start = i;
    char c = in.charAt(i);
    switch (c) {
      case '(' -> {
        i++;
        return new Token(Kind.LPAREN, "(", start);
      }
      case ')' -> {
        i++;
        return new Token(Kind.RPAREN, ")", start);
      }
      case '{' -> {
        i++;
        return new Token(Kind.LBRACE, "{", start);
      }
      case '}' -> {
        i++;
        return new Token(Kind.RBRACE, "}", start);
      }
      case '[' -> {
        i++;
        return new Token(Kind.LBRACKET, "[", start);
      }
      case ']' -> {
        i++;
        return new Token(Kind.RBRACKET, "]", start);
      }
      case ',' -> {
        i++;
        return new Token(Kind.COMMA, ",", start);
      }
      case '@' -> {
        i++;
        return new Token(Kind.AT, "@", start);
      }
      case ':' -> {
        i++;
        return new Token(Kind.COLON, ":", start);
      }
      case '"', '\'', '`' -> {
        return string(c);
      }
      default -> {}
    }
    for (String op : List.of("==", "!=", ">=", "<=", "=~", "!~")) {
      if (in.startsWith(op, i)) {
        i += 2;
        return new Token(Kind.OP, op, start);
      }
    }
    if ("+-*/%^<>=".indexOf(c) >= 0) {
      i++;
      return new Token(Kind.OP, String.valueOf(c), start);
    }
    if (Character.isDigit(c) || (c == '.' && i + 1 < in.length() && isDigit(in.charAt(i + 1)))) {
      return numberOrDuration();
    }
    if (Character.isLetter(c) || c == '_' || c == ':') {
      while (i < in.length() && isIdentPart(in.charAt(i))) {
        i++;
      }
      return new Token(Kind.IDENT, in.substring(start, i), start);
    }
    throw new PromqlException(start, "unexpected character '" + c + "' at " + start);
  }

  private Token string(char quote) {
    int start = i++;
    StringBuilder value = new StringBuilder();
    while (i < in.length()) {
      char c = in.charAt(i++);
      if (c == quote) {
        return new Token(Kind.STRING, value.toString(), start);
      }
      if (c == '\\' && quote != '`' && i < in.length()) {
        char e = in.charAt(i++);
        value.append(
            switch (e) {
              case 'n' -> '\n';
              case 't' -> '\t';
              default -> e;
            });
      } else {
        value.append(c);
      }
    }
    throw new PromqlException(start, "unterminated string starting at " + start);
  }

  private Token numberOrDuration() {
    int start = i;
    if (in.startsWith("0x", i) || in.startsWith("0X", i)) {
      i += 2;
      while (i < in.length() && Character.digit(in.charAt(i), 16) >= 0) {
        i++;
      }
      return new Token(Kind.NUMBER, in.substring(start, i), start);
    }
    while (i < in.length() && isDigit(in.charAt(i))) {
      i++;
    }
    if (i < in.length() && isDurationUnit(in, i)) {
      // 5m, 1h30m, 250ms
      while (i < in.length() && (isDigit(in.charAt(i)) || isDurationUnit(in, i))) {
        i += in.startsWith("ms", i) ? 2 : 1;
      }
      return new Token(Kind.DURATION, in.substring(start, i), start);
    }
    if (i < in.length() && in.charAt(i) == '.') {
      i++;
      while (i < in.length() && isDigit(in.charAt(i))) {
        i++;
      }
    }
    if (i < in.length() && (in.charAt(i) == 'e' || in.charAt(i) == 'E')) {
      int mark = i++;
      if (i < in.length() && (in.charAt(i) == '+' || in.charAt(i) == '-')) {
        i++;
      }
      if (i < in.length() && isDigit(in.charAt(i))) {
        while (i < in.length() && isDigit(in.charAt(i))) {
          i++;
        }
      } else {
        i = mark;
      }
    }
    if (i < in.length() && isIdentPart(in.charAt(i))) {
      throw new PromqlException(
          start, "bad number or duration '" + in.substring(start, i + 1) + "' at " + start);
    }
    return new Token(Kind.NUMBER, in.substring(start, i), start);
  }

  private static boolean isDurationUnit(String s, int at) {
    char c = s.charAt(at);
    if ("smhdwy".indexOf(c) < 0) {
      return false;
    }
    // a unit is not followed by more letters, except "ms"
    int after = s.startsWith("ms", at) ? at + 2 : at + 1;
    return after >= s.length() || !Character.isLetter(s.charAt(after));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == ':';
  }
}
