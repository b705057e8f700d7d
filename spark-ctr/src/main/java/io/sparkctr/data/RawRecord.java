package io.sparkctr.data;

import java.util.Arrays;

/**
 * One raw (Criteo or Avazu) row, reused across lines of a task: the parser overwrites every field.
 *
 * <p>{@code tokens[j]} is the raw string of feature column {@code j} in the parser's {@code columnNames()} order; an
 * empty value is {@code ""}, never null.
 */
public final class RawRecord implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** 0.0 or 1.0. */
  public double label;

  /** Raw tokens, length = number of feature columns. */
  public final String[] tokens;

  /**
   * @param numColumns number of feature columns (without the label), {@code >= 0}
   */
  public RawRecord(int numColumns) {
    if (numColumns < 0) {
      throw new IllegalArgumentException("numColumns MUST be >= 0, but got " + numColumns);
    }
    this.tokens = new String[numColumns];
    Arrays.fill(tokens, "");
  }

  @Override
  public String toString() {
    return "RawRecord{label=" + label + ", tokens=" + Arrays.toString(tokens) + "}";
  }
}
