package io.sparkctr.data;

/**
 * Bad input data: names the file, the 1-based line number, the 1-based column, the column's name, what was expected
 * and the offending token.
 *
 * <p>Message: {@code "<file>, line <line>, column <column> (<columnName>): expected <expected>, but got '<token>'"}.
 * Tokens longer than {@value #MAX_TOKEN_CHARS} characters are shortened in the message (not in {@link #token()})
 * to their first {@value #MAX_TOKEN_CHARS} characters followed by {@code "..."}.
 */
public final class InvalidInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Longest token quoted in full in the message. */
  public static final int MAX_TOKEN_CHARS = 60;

  private final String file;
  private final long line;
  private final int column;
  private final String columnName;
  private final String expected;
  private final String token;

  /**
   * @param file the file (or other source) name, as given to the parser
   * @param line 1-based line number
   * @param column 1-based column (field or token position, see the parsers)
   * @param columnName the column's name, e.g. {@code "I3"}, {@code "hour"} or {@code "index"}
   * @param expected what the column must hold, e.g. {@code "an integer or an empty field"}
   * @param token the offending token, never null (empty for a missing token)
   */
  public InvalidInputException(
      String file, long line, int column, String columnName, String expected, String token) {
    super(
        String.valueOf(file)
            + ", line "
            + line
            + ", column "
            + column
            + " ("
            + columnName
            + "): expected "
            + expected
            + ", but got '"
            + shorten(token)
            + "'");
    this.file = file;
    this.line = line;
    this.column = column;
    this.columnName = columnName;
    this.expected = expected;
    this.token = token == null ? "" : token;
  }

  private InvalidInputException(String file, String message) {
    super(message);
    this.file = file;
    this.line = 0;
    this.column = 0;
    this.columnName = "";
    this.expected = "at least one data line";
    this.token = "";
  }

  /**
   * A file without any data line (line 0, column 0, expected {@code "at least one data line"}, token {@code ""}).
   *
   * @param file the file name
   * @return the exception, with message {@code "<file>: empty file, expected at least one data line"}
   */
  public static InvalidInputException emptyFile(String file) {
    return new InvalidInputException(file, String.valueOf(file) + ": empty file, expected at least one data line");
  }

  static String shorten(String token) {
    if (token == null) {
      return "";
    }
    return token.length() <= MAX_TOKEN_CHARS ? token : token.substring(0, MAX_TOKEN_CHARS) + "...";
  }

  public String file() {
    return file;
  }

  public long line() {
    return line;
  }

  public int column() {
    return column;
  }

  public String columnName() {
    return columnName;
  }

  public String expected() {
    return expected;
  }

  public String token() {
    return token;
  }
}
