package io.sparkctr.data;

/**
 * Allocation-free scanning of numbers inside a line ({@code [from, to)} ranges), shared by the parsers.
 *
 * <p>The happy path allocates nothing: integers are accumulated digit by digit, and decimals with at most 15
 * significant digits and at most 22 fraction digits and no exponent (the common case in LibSVM/LibFFM files) use
 * Clinger's fast path ("How to read floating point numbers accurately", PLDI 1990): the digits form an integer
 * {@code m < 10^15 < 2^53} and {@code 10^f} is exact for {@code f <= 22}, so the one IEEE division {@code m / 10^f}
 * is correctly rounded and equals {@link Double#parseDouble}. Anything else falls back to {@link
 * Double#parseDouble} on a substring.
 */
final class Scan {
  /** Returned by {@link #parseLong} for a token that is not a 64-bit integer. */
  static final long NOT_A_LONG = Long.MIN_VALUE;

  /** Exact powers of ten 1e0..1e22 (all exactly representable as doubles). */
  private static final double[] POW10 = new double[23];

  static {
    double p = 1.0;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10.0;
    }
  }

  private Scan() {}

  /** @return index of the first char of {@code s} in {@code [from, to)} that is a space or a tab, or {@code to} */
  static int nextBlank(String s, int from, int to) {
    int i = from;
    while (i < to) {
      final char c = s.charAt(i);
      if (c == ' ' || c == '\t') {
        return i;
      }
      i++;
    }
    return to;
  }

  /** @return index of the first char in {@code [from, to)} that is neither a space nor a tab, or {@code to} */
  static int skipBlanks(String s, int from, int to) {
    int i = from;
    while (i < to) {
      final char c = s.charAt(i);
      if (c != ' ' && c != '\t') {
        return i;
      }
      i++;
    }
    return to;
  }

  /** @return index of {@code c} in {@code [from, to)}, or -1 */
  static int indexOf(String s, char c, int from, int to) {
    final int i = s.indexOf(c, from);
    return i < 0 || i >= to ? -1 : i;
  }

  /** @return the end of the line without a trailing '\r' (CRLF files) */
  static int endWithoutCr(String line) {
    final int end = line.length();
    return end > 0 && line.charAt(end - 1) == '\r' ? end - 1 : end;
  }

  /**
   * Parses an optional sign followed by one or more ASCII digits.
   *
   * @return the value, or {@link #NOT_A_LONG} if the range is not such an integer or overflows 64 bits (so {@code
   *     Long.MIN_VALUE} itself is reported as invalid)
   */
  static long parseLong(String s, int from, int to) {
    int i = from;
    if (i >= to) {
      return NOT_A_LONG;
    }
    boolean negative = false;
    final char first = s.charAt(i);
    if (first == '-' || first == '+') {
      negative = first == '-';
      i++;
      if (i >= to) {
        return NOT_A_LONG;
      }
    }
    // Accumulate negatively (as Long.parseLong does) so that overflow is detected without a wider type.
    long acc = 0;
    final long limit = -Long.MAX_VALUE;
    final long multMin = limit / 10;
    while (i < to) {
      final int d = s.charAt(i) - '0';
      if (d < 0 || d > 9 || acc < multMin) {
        return NOT_A_LONG;
      }
      acc *= 10;
      if (acc < limit + d) {
        return NOT_A_LONG;
      }
      acc -= d;
      i++;
    }
    return negative ? acc : -acc;
  }

  /** @return true if {@code [from, to)} is empty or an integer accepted by {@link #parseLong} */
  static boolean isEmptyOrLong(String s, int from, int to) {
    return from == to || parseLong(s, from, to) != NOT_A_LONG;
  }

  /**
   * Parses a finite decimal number: optional sign, digits with an optional '.', optional exponent. "NaN",
   * "Infinity", hexadecimal floats, Java's type suffixes ({@code "1d"}) and values that overflow to infinity are
   * rejected.
   *
   * @return the value, or {@link Double#NaN} if the range is not a finite number
   */
  static double parseFiniteDouble(String s, int from, int to) {
    if (from >= to) {
      return Double.NaN;
    }
    int i = from;
    boolean negative = false;
    final char first = s.charAt(i);
    if (first == '-' || first == '+') {
      negative = first == '-';
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int fractionDigits = 0;
    boolean seenDot = false;
    boolean fast = true;
    while (i < to) {
      final char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if (digits < 15) {
          mantissa = mantissa * 10 + (c - '0');
          if (mantissa != 0) {
            digits++; // leading zeros are not significant
          }
        } else {
          fast = false;
        }
        if (seenDot) {
          fractionDigits++;
        }
      } else if (c == '.' && !seenDot) {
        seenDot = true;
      } else if (c == 'e' || c == 'E' || c == '.' || c == '+' || c == '-') {
        fast = false; // exponent or malformed: let the slow path decide
      } else {
        return Double.NaN; // letters (NaN, Infinity, 0x.., 1d, 1f) or other junk
      }
      i++;
    }
    if (fast) {
      final int start = negative || first == '+' ? from + 1 : from;
      if (to - start == (seenDot ? 1 : 0)) {
        return Double.NaN; // "", "-", "." or "-."
      }
      if (fractionDigits <= 22) {
        final double v = mantissa / POW10[fractionDigits];
        return negative ? -v : v;
      }
    }
    final double v;
    try {
      v = Double.parseDouble(s.substring(from, to));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
    return Double.isInfinite(v) ? Double.NaN : v;
  }

  /**
   * Sorts the first {@code n} entries of {@code keys} ascending by (key, secondary), permuting {@code values} and
   * {@code secondary} alongside. Insertion sort for short rows (the common, nearly sorted case), heapsort otherwise
   * (in place, O(n log n), no allocation).
   *
   * @param secondary tie-breaking key, or null to sort by {@code keys} only
   */
  static void sortByKey(int[] keys, double[] values, int[] secondary, int n) {
    if (n <= 32) {
      for (int i = 1; i < n; i++) {
        final int k = keys[i];
        final double v = values[i];
        final int f = secondary == null ? 0 : secondary[i];
        int j = i - 1;
        while (j >= 0 && greater(keys[j], secondary == null ? 0 : secondary[j], k, f)) {
          keys[j + 1] = keys[j];
          values[j + 1] = values[j];
          if (secondary != null) {
            secondary[j + 1] = secondary[j];
          }
          j--;
        }
        keys[j + 1] = k;
        values[j + 1] = v;
        if (secondary != null) {
          secondary[j + 1] = f;
        }
      }
      return;
    }
    for (int start = n / 2 - 1; start >= 0; start--) {
      siftDown(keys, values, secondary, start, n);
    }
    for (int end = n - 1; end > 0; end--) {
      swap(keys, values, secondary, 0, end);
      siftDown(keys, values, secondary, 0, end);
    }
  }

  private static boolean greater(int k1, int f1, int k2, int f2) {
    return k1 > k2 || (k1 == k2 && f1 > f2);
  }

  private static void siftDown(int[] keys, double[] values, int[] secondary, int root, int n) {
    int r = root;
    while (true) {
      int child = 2 * r + 1;
      if (child >= n) {
        return;
      }
      if (child + 1 < n
          && greater(keys[child + 1], secondary == null ? 0 : secondary[child + 1], keys[child],
              secondary == null ? 0 : secondary[child])) {
        child++;
      }
      if (!greater(keys[child], secondary == null ? 0 : secondary[child], keys[r],
          secondary == null ? 0 : secondary[r])) {
        return;
      }
      swap(keys, values, secondary, r, child);
      r = child;
    }
  }

  private static void swap(int[] keys, double[] values, int[] secondary, int a, int b) {
    final int k = keys[a];
    keys[a] = keys[b];
    keys[b] = k;
    final double v = values[a];
    values[a] = values[b];
    values[b] = v;
    if (secondary != null) {
      final int f = secondary[a];
      secondary[a] = secondary[b];
      secondary[b] = f;
    }
  }

  /**
   * Parses a binary label: "0"/"1" (fast path) or any finite number equal to 0 or 1, and with {@code
   * allowMinusOne} also -1 (mapped to 0), e.g. "-1", "+1", "1.0".
   *
   * @return 0.0 or 1.0, or {@link Double#NaN} if the token is not an allowed label
   */
  static double parseLabel(String s, int from, int to, boolean allowMinusOne) {
    if (to - from == 1) {
      final char c = s.charAt(from);
      if (c == '0') {
        return 0.0;
      }
      if (c == '1') {
        return 1.0;
      }
    }
    final double v = parseFiniteDouble(s, from, to);
    if (v == 0.0 || v == 1.0) {
      return v + 0.0; // -0.0 becomes 0.0
    }
    if (allowMinusOne && v == -1.0) {
      return 0.0;
    }
    return Double.NaN;
  }
}
