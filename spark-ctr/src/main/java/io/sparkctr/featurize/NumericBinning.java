package io.sparkctr.featurize;

/**
 * The Criteo integer-column transform used by BARS/FuxiCTR (and Helen): a value {@code v > 2}
 * becomes the category {@code floor(ln(v)^2)}, any other value is its own category ("-1", "0",
 * "1", "2"), and the empty token is its own category "". Categories are decimal strings, so a large
 * value can share a category with a small one (3 and 1 both give "1"); that is the convention the
 * literature reports numbers for, and we keep it.
 *
 * <p>Tokens are parsed as {@code long}: an optional sign and decimal digits, nothing else (no
 * spaces, no decimal point). Category strings for the bins and for small values are cached, so
 * the hot path allocates nothing for them.
 */
public final class NumericBinning {
  private NumericBinning() {}

  /** floor(ln(Long.MAX_VALUE)^2) = 1907, so every bin category is in [0, 1907]. */
  private static final int MAX_BIN = 1907;

  /** Values in [MIN_CACHED, 2] and bins in [0, MAX_BIN] share one string cache. */
  private static final int MIN_CACHED = -128;

  private static final String[] CACHE = new String[MAX_BIN - MIN_CACHED + 1];

  static {
    for (int v = MIN_CACHED; v <= MAX_BIN; v++) {
      CACHE[v - MIN_CACHED] = Integer.toString(v).intern();
    }
  }

  /**
   * Bins one token.
   *
   * @param token an integer in decimal, or "" (not null)
   * @return the category string
   * @throws IllegalArgumentException if the token is not an integer
   */
  public static String bin(final String token) {
    final String category = tryBin(token);
    if (category == null) {
      throw new IllegalArgumentException(
          "Numeric token MUST be an integer (optional sign and decimal digits) or empty, but got '"
              + token + "'");
    }
    return category;
  }

  /** As {@link #bin(String)}, but returns null instead of throwing for a non-integer token. */
  public static String tryBin(final String token) {
    if (token.isEmpty()) {
      return "";
    }
    final int n = token.length();
    int i = 0;
    boolean negative = false;
    final char first = token.charAt(0);
    if (first == '-' || first == '+') {
      negative = first == '-';
      i = 1;
      if (n == 1) {
        return null;
      }
    }
    long value = 0; // accumulated as a negative number so Long.MIN_VALUE fits
    for (; i < n; i++) {
      final int d = token.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return null;
      }
      if (value < (Long.MIN_VALUE + d) / 10) {
        return null; // overflow
      }
      value = value * 10 - d;
    }
    if (!negative) {
      if (value == Long.MIN_VALUE) {
        return null; // +9223372036854775808 overflows
      }
      value = -value;
    }
    return category(value);
  }

  /** The category of an integer value. */
  public static String category(final long value) {
    if (value > 2) {
      final double ln = Math.log(value);
      return CACHE[(int) Math.floor(ln * ln) - MIN_CACHED];
    }
    return value >= MIN_CACHED ? CACHE[(int) value - MIN_CACHED] : Long.toString(value);
  }
}
