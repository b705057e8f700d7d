package io.sparkctr.data;

/**
 * Parses lines of the Criteo Display Advertising Challenge (Kaggle, 2014) {@code train.txt}: 40 tab-separated
 * fields {@code label, I1..I13, C1..C26}, where the label is 0 or 1, {@code I1..I13} are (possibly negative)
 * integer counts and {@code C1..C26} are hashed categories (8 lower-case hex digits in the real data); any value
 * except the label may be empty.
 *
 * <p>Columns in errors are 1-based positions in the line: the label is column 1, {@code I1} column 2, {@code C1}
 * column 15. Categorical tokens are not validated (any string, including empty, is a category). A trailing '\r'
 * (CRLF files) is ignored.
 *
 * <p>Designed to be called once per line inside {@code mapPartitions} with a reused {@link RawRecord}: the line is
 * scanned with {@code indexOf}; the only allocations are the substrings stored in {@link RawRecord#tokens} (empty
 * values share the {@code ""} literal).
 */
public final class CriteoParser implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Number of integer columns {@code I1..I13}. */
  public static final int NUM_INTEGER_COLUMNS = 13;

  /** Number of categorical columns {@code C1..C26}. */
  public static final int NUM_CATEGORICAL_COLUMNS = 26;

  /** Number of tab-separated fields in a line, label included. */
  public static final int NUM_FIELDS = 1 + NUM_INTEGER_COLUMNS + NUM_CATEGORICAL_COLUMNS;

  /** Feature column names: {@code "I1".."I13", "C1".."C26"}. */
  public static final String[] COLUMN_NAMES = buildColumnNames();

  private static final String LABEL = "label";
  private static final String EXPECTED_FIELDS =
      NUM_FIELDS + " tab-separated fields (label, I1..I13, C1..C26)";
  private static final String EXPECTED_LABEL = "a label 0 or 1";
  private static final String EXPECTED_INTEGER = "an integer (64-bit, may be negative) or an empty field";

  private final String file;

  /**
   * @param file the name of the file being parsed, used in error messages
   */
  public CriteoParser(String file) {
    this.file = file;
  }

  private static String[] buildColumnNames() {
    final String[] names = new String[NUM_INTEGER_COLUMNS + NUM_CATEGORICAL_COLUMNS];
    for (int i = 0; i < NUM_INTEGER_COLUMNS; i++) {
      names[i] = "I" + (i + 1);
    }
    for (int i = 0; i < NUM_CATEGORICAL_COLUMNS; i++) {
      names[NUM_INTEGER_COLUMNS + i] = "C" + (i + 1);
    }
    return names;
  }

  /** @return a copy of {@link #COLUMN_NAMES} */
  public String[] columnNames() {
    return COLUMN_NAMES.clone();
  }

  /** @return the file name used in error messages */
  public String file() {
    return file;
  }

  /**
   * Parses one line into {@code out}.
   *
   * @param line the line without its '\n' (a trailing '\r' is ignored)
   * @param lineNumber 1-based line number, for errors
   * @param out reused record with {@code tokens.length == 39}; fully overwritten on success, unspecified on error
   * @throws InvalidInputException if the line does not have 40 fields, the label is not 0 or 1, or an {@code I}
   *     column is neither empty nor an integer
   */
  public void parse(String line, long lineNumber, RawRecord out) {
    final String[] tokens = out.tokens;
    if (tokens.length != COLUMN_NAMES.length) {
      throw new IllegalArgumentException(
          "RawRecord MUST have " + COLUMN_NAMES.length + " columns for Criteo, but has " + tokens.length);
    }
    final int end = Scan.endWithoutCr(line);
    int tab = Scan.indexOf(line, '\t', 0, end);
    if (tab < 0) {
      throw wrongFieldCount(line, end, lineNumber);
    }
    final double label = Scan.parseLabel(line, 0, tab, false);
    if (Double.isNaN(label)) {
      throw new InvalidInputException(file, lineNumber, 1, LABEL, EXPECTED_LABEL, line.substring(0, tab));
    }
    int start = tab + 1;
    for (int j = 0; j < tokens.length; j++) {
      final boolean last = j == tokens.length - 1;
      tab = Scan.indexOf(line, '\t', start, end);
      if (last ? tab >= 0 : tab < 0) {
        throw wrongFieldCount(line, end, lineNumber);
      }
      final int stop = last ? end : tab;
      if (j < NUM_INTEGER_COLUMNS && !Scan.isEmptyOrLong(line, start, stop)) {
        throw new InvalidInputException(
            file, lineNumber, j + 2, COLUMN_NAMES[j], EXPECTED_INTEGER, line.substring(start, stop));
      }
      tokens[j] = start == stop ? "" : line.substring(start, stop);
      start = stop + 1;
    }
    out.label = label;
  }

  private InvalidInputException wrongFieldCount(String line, int end, long lineNumber) {
    int count = 1;
    for (int i = 0; i < end; i++) {
      if (line.charAt(i) == '\t') {
        count++;
      }
    }
    // Too few: point at the first missing column; too many: at the first extra one.
    final int column = count < NUM_FIELDS ? count + 1 : NUM_FIELDS + 1;
    final String name = count < NUM_FIELDS ? COLUMN_NAMES[count - 1] + " (missing)" : "extra field";
    return new InvalidInputException(
        file, lineNumber, column, name, EXPECTED_FIELDS, count + (count == 1 ? " field" : " fields"));
  }
}
