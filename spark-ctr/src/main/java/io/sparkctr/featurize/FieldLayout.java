package io.sparkctr.featurize;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which fields a row of raw string columns yields, in which order, and how each raw token becomes
 * the field's feature token. The one place this is decided: the count job and the featurizer both
 * call {@link #toFieldTokens}.
 *
 * <p>Input column {@code i}, in {@code inputCols} order, gives:
 * <ul>
 *   <li>a plain column: one field named after the column; the token as is;</li>
 *   <li>a numeric column: one field named after the column; the token through
 *       {@link NumericBinning} (invalid if not an integer);</li>
 *   <li>an hour column: two fields {@code <col>_hour} ("00".."23") and {@code <col>_weekday}
 *       ("0".."6", Monday = "0"), see {@link HourFeatures} (invalid if not YYMMDDHH).</li>
 * </ul>
 * A null raw token is read as "". The empty token is its own category in every kind of column: a
 * numeric "" stays "", an hour "" gives "" in both of its fields. An invalid token becomes
 * {@link #INVALID_TOKEN} in each of its fields, and {@link #toFieldTokens} reports the column, so
 * the caller can fail, drop the row or keep the token as its own category.
 */
public final class FieldLayout implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Feature token given to an invalid raw token (one category per field). */
  public static final String INVALID_TOKEN = "<invalid>";

  /** Suffixes of the two fields an hour column expands to. */
  public static final String HOUR_SUFFIX = "_hour";
  public static final String WEEKDAY_SUFFIX = "_weekday";

  /** Column kinds. */
  public static final byte PLAIN = 0;
  public static final byte NUMERIC = 1;
  public static final byte HOUR = 2;

  private final String[] inputCols;
  private final byte[] kinds;
  /** firstField[i] = index of the first field of input column i. */
  private final int[] firstField;
  private final String[] fieldNames;

  /**
   * @param inputCols raw columns, non-empty, distinct
   * @param numericCols subset of inputCols to log-bin
   * @param hourCols subset of inputCols in YYMMDDHH, disjoint from numericCols
   * @throws IllegalArgumentException naming the offending column otherwise
   */
  public FieldLayout(String[] inputCols, String[] numericCols, String[] hourCols) {
    if (inputCols == null || inputCols.length == 0) {
      throw new IllegalArgumentException("inputCols MUST name at least one column, but got none");
    }
    final Set<String> inputs = new HashSet<>();
    for (String c : inputCols) {
      if (c == null || c.isEmpty() || !inputs.add(c)) {
        throw new IllegalArgumentException(
            "inputCols MUST be distinct non-empty names, but got " + Arrays.toString(inputCols));
      }
    }
    final Set<String> numeric = subset("numericCols", numericCols, inputs);
    final Set<String> hour = subset("hourCols", hourCols, inputs);
    for (String c : hour) {
      if (numeric.contains(c)) {
        throw new IllegalArgumentException(
            "Column " + c + " MUST NOT be in both numericCols and hourCols");
      }
    }
    this.inputCols = inputCols.clone();
    this.kinds = new byte[inputCols.length];
    this.firstField = new int[inputCols.length];
    final List<String> names = new ArrayList<>();
    for (int i = 0; i < inputCols.length; i++) {
      final String c = inputCols[i];
      firstField[i] = names.size();
      if (hour.contains(c)) {
        kinds[i] = HOUR;
        names.add(c + HOUR_SUFFIX);
        names.add(c + WEEKDAY_SUFFIX);
      } else {
        kinds[i] = numeric.contains(c) ? NUMERIC : PLAIN;
        names.add(c);
      }
    }
    final Set<String> unique = new HashSet<>(names);
    if (unique.size() != names.size()) {
      throw new IllegalArgumentException("Field names MUST be distinct, but " + names
          + " repeats one (an input column is named like an expanded hour field)");
    }
    this.fieldNames = names.toArray(new String[0]);
  }

  private static Set<String> subset(String param, String[] cols, Set<String> inputs) {
    final Set<String> set = new HashSet<>();
    if (cols == null) {
      return set;
    }
    for (String c : cols) {
      if (!inputs.contains(c)) {
        throw new IllegalArgumentException(
            param + " MUST be a subset of inputCols " + inputs + ", but contains '" + c + "'");
      }
      set.add(c);
    }
    return set;
  }

  public int numInputCols() {
    return inputCols.length;
  }

  public String inputCol(int i) {
    return inputCols[i];
  }

  /** Input columns, in order (a copy). */
  public String[] inputCols() {
    return inputCols.clone();
  }

  /** {@link #PLAIN}, {@link #NUMERIC} or {@link #HOUR}. */
  public byte kind(int inputCol) {
    return kinds[inputCol];
  }

  public int numFields() {
    return fieldNames.length;
  }

  public String fieldName(int field) {
    return fieldNames[field];
  }

  /** Field names, in field order (a copy). */
  public String[] fieldNames() {
    return fieldNames.clone();
  }

  /** A short description of an input column's expected format, for error messages. */
  public String expectation(int inputCol) {
    return kinds[inputCol] == NUMERIC ? "an integer or empty"
        : kinds[inputCol] == HOUR ? "YYMMDDHH or empty" : "any string";
  }

  /**
   * Turns one row's raw tokens into its feature tokens.
   *
   * @param raw raw[i] = token of input column i (null read as ""); length >= numInputCols()
   * @param out receives out[f] = token of field f; length >= numFields()
   * @return -1 if every token was valid, else the index of the first input column with an invalid
   *     token (its fields then hold {@link #INVALID_TOKEN}; all other fields are filled as usual)
   */
  public int toFieldTokens(final String[] raw, final String[] out) {
    int firstInvalid = -1;
    final int n = inputCols.length;
    for (int i = 0; i < n; i++) {
      final String token = raw[i] == null ? "" : raw[i];
      final int f = firstField[i];
      switch (kinds[i]) {
        case NUMERIC: {
          final String binned = NumericBinning.tryBin(token);
          if (binned == null) {
            out[f] = INVALID_TOKEN;
            firstInvalid = firstInvalid < 0 ? i : firstInvalid;
          } else {
            out[f] = binned;
          }
          break;
        }
        case HOUR: {
          if (token.isEmpty()) {
            out[f] = "";
            out[f + 1] = "";
          } else {
            final int hour = HourFeatures.hourIndex(token);
            if (hour < 0) {
              out[f] = INVALID_TOKEN;
              out[f + 1] = INVALID_TOKEN;
              firstInvalid = firstInvalid < 0 ? i : firstInvalid;
            } else {
              out[f] = HourFeatures.hourString(hour);
              out[f + 1] = HourFeatures.weekdayString(HourFeatures.weekdayIndex(token));
            }
          }
          break;
        }
        default:
          out[f] = token;
      }
    }
    return firstInvalid;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FieldLayout)) {
      return false;
    }
    final FieldLayout l = (FieldLayout) o;
    return Arrays.equals(inputCols, l.inputCols) && Arrays.equals(kinds, l.kinds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(inputCols) * 31 + Arrays.hashCode(kinds);
  }
}
