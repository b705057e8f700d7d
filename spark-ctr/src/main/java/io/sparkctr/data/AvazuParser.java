package io.sparkctr.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses lines of the Avazu CTR prediction (Kaggle, 2014) {@code train.csv}: comma-separated, with a header line
 * {@code id,click,hour,C1,banner_pos,site_id,...,C21}.
 *
 * <p>The parser is built from the header, which must contain {@code click} (the label, 0 or 1) and {@code hour}
 * ({@code YYMMDDHH}, validated as a calendar date and hour of day, years taken as 20YY); {@code id} is dropped if
 * present. Every other column is a raw categorical token, kept as is (empty allowed). Fields are split on every
 * comma: the Avazu files contain no quoted fields, and quotes are not interpreted.
 *
 * <p>Columns in errors are 1-based positions in the line (in the standard header {@code id} is column 1, {@code
 * click} column 2, {@code hour} column 3). A trailing '\r' (CRLF files) is ignored, in the header too.
 */
public final class AvazuParser implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Marks the label column in {@link #target}. */
  private static final int CLICK = -1;
  /** Marks a dropped column ({@code id}) in {@link #target}. */
  private static final int DROPPED = -2;

  private static final String EXPECTED_LABEL = "a click label 0 or 1";
  private static final String EXPECTED_HOUR =
      "an hour YYMMDDHH (8 digits, month 01-12, a valid day of that month, hour 00-23)";

  private final String file;
  /** Header names in file order. */
  private final String[] header;
  /** Feature column names in file order, without id and click. */
  private final String[] columnNames;
  /** For each file column: the feature column it fills, or {@link #CLICK} / {@link #DROPPED}. */
  private final int[] target;
  /** File column (0-based) of {@code hour}. */
  private final int hourColumn;
  private final String expectedFields;

  /**
   * @param file the name of the file being parsed, used in error messages
   * @param headerLine the file's first line
   * @throws InvalidInputException (line 1) if the header lacks {@code click} or {@code hour}, or names a column
   *     twice or has an empty name
   */
  public AvazuParser(String file, String headerLine) {
    this.file = file;
    if (headerLine == null) {
      throw InvalidInputException.emptyFile(file);
    }
    final String h = headerLine.substring(0, Scan.endWithoutCr(headerLine));
    final List<String> names = new ArrayList<>();
    int start = 0;
    while (true) {
      final int comma = h.indexOf(',', start);
      names.add((comma < 0 ? h.substring(start) : h.substring(start, comma)).trim());
      if (comma < 0) {
        break;
      }
      start = comma + 1;
    }
    this.header = names.toArray(new String[0]);
    this.target = new int[header.length];
    final List<String> features = new ArrayList<>();
    int click = -1;
    int hour = -1;
    for (int c = 0; c < header.length; c++) {
      final String name = header[c];
      if (name.isEmpty()) {
        throw new InvalidInputException(file, 1, c + 1, "header", "a non-empty column name", name);
      }
      for (int d = 0; d < c; d++) {
        if (header[d].equals(name)) {
          throw new InvalidInputException(file, 1, c + 1, name, "a header without duplicate column names", name);
        }
      }
      if (name.equals("click")) {
        click = c;
        target[c] = CLICK;
      } else if (name.equals("id")) {
        target[c] = DROPPED;
      } else {
        if (name.equals("hour")) {
          hour = c;
        }
        target[c] = features.size();
        features.add(name);
      }
    }
    if (click < 0) {
      throw new InvalidInputException(file, 1, 0, "header", "a header with a 'click' column", h);
    }
    if (hour < 0) {
      throw new InvalidInputException(file, 1, 0, "header", "a header with an 'hour' column", h);
    }
    this.hourColumn = hour;
    this.columnNames = features.toArray(new String[0]);
    this.expectedFields = header.length + " comma-separated fields as in the header";
  }

  /** @return feature column names in file order, without {@code id} and {@code click} */
  public String[] columnNames() {
    return columnNames.clone();
  }

  /** @return the file name used in error messages */
  public String file() {
    return file;
  }

  /**
   * Parses one data line into {@code out}.
   *
   * @param line the line without its '\n' (a trailing '\r' is ignored)
   * @param lineNumber 1-based line number in the file (the header is line 1), for errors
   * @param out reused record with {@code tokens.length == columnNames().length}
   * @throws InvalidInputException if the field count differs from the header's, {@code click} is not 0 or 1, or
   *     {@code hour} is not a valid YYMMDDHH
   */
  public void parse(String line, long lineNumber, RawRecord out) {
    final String[] tokens = out.tokens;
    if (tokens.length != columnNames.length) {
      throw new IllegalArgumentException(
          "RawRecord MUST have " + columnNames.length + " columns for this Avazu header, but has " + tokens.length);
    }
    final int end = Scan.endWithoutCr(line);
    final int n = header.length;
    double label = Double.NaN;
    int start = 0;
    for (int c = 0; c < n; c++) {
      final boolean last = c == n - 1;
      final int comma = Scan.indexOf(line, ',', start, end);
      if (last ? comma >= 0 : comma < 0) {
        throw wrongFieldCount(line, end, lineNumber);
      }
      final int stop = last ? end : comma;
      final int t = target[c];
      if (t == CLICK) {
        label = Scan.parseLabel(line, start, stop, false);
        if (Double.isNaN(label)) {
          throw new InvalidInputException(
              file, lineNumber, c + 1, header[c], EXPECTED_LABEL, line.substring(start, stop));
        }
      } else if (t >= 0) {
        if (c == hourColumn && !isValidHour(line, start, stop)) {
          throw new InvalidInputException(
              file, lineNumber, c + 1, header[c], EXPECTED_HOUR, line.substring(start, stop));
        }
        tokens[t] = start == stop ? "" : line.substring(start, stop);
      }
      start = stop + 1;
    }
    out.label = label;
  }

  /** YYMMDDHH with a valid month, day of month (leap years of 20YY) and hour. */
  static boolean isValidHour(String s, int from, int to) {
    if (to - from != 8) {
      return false;
    }
    for (int i = from; i < to; i++) {
      final char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    final int yy = twoDigits(s, from);
    final int month = twoDigits(s, from + 2);
    final int day = twoDigits(s, from + 4);
    final int hour = twoDigits(s, from + 6);
    if (month < 1 || month > 12 || day < 1 || hour > 23) {
      return false;
    }
    // Years 2000..2099: leap exactly when divisible by 4 (2000 is a leap year).
    final int days = month == 2 ? (yy % 4 == 0 ? 29 : 28) : DAYS_IN_MONTH[month - 1];
    return day <= days;
  }

  private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  private static int twoDigits(String s, int at) {
    return (s.charAt(at) - '0') * 10 + (s.charAt(at + 1) - '0');
  }

  private InvalidInputException wrongFieldCount(String line, int end, long lineNumber) {
    int count = 1;
    for (int i = 0; i < end; i++) {
      if (line.charAt(i) == ',') {
        count++;
      }
    }
    final int n = header.length;
    final int column = count < n ? count + 1 : n + 1;
    final String name = count < n ? header[count] + " (missing)" : "extra field";
    return new InvalidInputException(
        file, lineNumber, column, name, expectedFields, count + (count == 1 ? " field" : " fields"));
  }
}
