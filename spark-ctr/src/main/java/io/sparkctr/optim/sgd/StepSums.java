package io.sparkctr.optim.sgd;

/**
 * Sums over a range of steps of the invSqrt schedule, in O(1): what the lazy row optimizers need to catch a
 * row up from its clock (an int step) to the global step without a running sum per row.
 *
 * <p>Why not a precomputed prefix sum over steps: it grows by 8 bytes per step (hundreds of megabytes over a
 * long run) and the optimizer object that would hold it is copied by every pass and shipped to every task.
 * Instead, short ranges and small steps are summed term by term, and the rest by the Euler-Maclaurin
 * expansion of the Hurwitz zeta function, whose differences are formed without cancellation
 * ({@code b^q - a^q = a^q expm1(q log1p((b - a) / a))}): the relative error is a few ulps (the tests ask for
 * 1e-12 against the direct sum).
 */
public final class StepSums {
  private StepSums() {}

  /**
   * Steps summed term by term: from them on the Euler-Maclaurin expansion truncated after the B_8 term has a
   * remainder below 1e-19 of the sum (its next term is about 1e-3 p^9 s^(-p-9) against s^-p).
   */
  static final long DIRECT_BELOW = 64;
  /** Ranges at most this long are summed term by term (cheaper than the expansion's transcendentals). */
  static final long DIRECT_RANGE = 16;

  /** B_2j / (2j)! for j = 1..4. */
  private static final double[] BERNOULLI = {1.0 / 12, -1.0 / 720, 1.0 / 30240, -1.0 / 1209600};

  /**
   * {@code sum_{s = a + 1}^{b} s^-p}: with p = 1/2, the sum of the invSqrt rates eta0 / sqrt(s) over steps
   * a + 1 .. b, divided by eta0.
   *
   * @param a the last step not summed, &gt;= 0
   * @param b the last step summed; 0 when b &lt;= a
   * @param p the exponent, &gt; 0
   */
  public static double powerSum(long a, long b, double p) {
    if (b <= a) {
      return 0.0;
    }
    assert a >= 0 && p > 0 : "a = " + a + ", p = " + p;
    if (b - a <= DIRECT_RANGE) {
      return directPowerSum(a, b, p);
    }
    final long m = Math.max(a, Math.min(b, DIRECT_BELOW));
    final double head = directPowerSum(a, m, p);
    return b > m ? head + tail(m, b, p) : head;
  }

  private static double directPowerSum(long a, long b, double p) {
    double sum = 0.0;
    for (long s = b; s > a; s--) { // smallest terms first
      sum += p == 0.5 ? 1.0 / Math.sqrt((double) s) : Math.pow((double) s, -p);
    }
    return sum;
  }

  /**
   * Euler-Maclaurin, for m &gt;= {@link #DIRECT_BELOW}: {@code sum_{m+1}^{b} f = int_m^b f + (f(b) - f(m)) / 2
   * + sum_j B_2j / (2j)! (f^(2j-1)(b) - f^(2j-1)(m))} with f(x) = x^-p.
   */
  private static double tail(long m, long b, double p) {
    final double x = (double) m;
    final double log = Math.log1p((double) (b - m) / x); // log(b / m), no cancellation
    final double integral = p == 1.0 ? log : Math.pow(x, 1.0 - p) * Math.expm1((1.0 - p) * log) / (1.0 - p);
    double sum = integral + 0.5 * Math.pow(x, -p) * Math.expm1(-p * log);
    // f^(2j-1)(x) = -p (p + 1) ... (p + 2j - 2) x^(-p-2j+1)
    double rising = p;
    for (int j = 1; j <= BERNOULLI.length; j++) {
      final double q = p + 2 * j - 1;
      sum -= BERNOULLI[j - 1] * rising * Math.pow(x, -q) * Math.expm1(-q * log);
      rising *= (p + 2 * j - 1) * (p + 2 * j);
    }
    return sum;
  }

  /**
   * {@code sum_{s = a + 1}^{b} log(1 - c / sqrt(s))}: the log of SGD's L2 decay prod (1 - eta_s l2) over
   * steps a + 1 .. b under the invSqrt schedule, with c = eta0 l2.
   *
   * <p>Term by term for small steps and short ranges; otherwise by the series log(1 - x) = -sum_k x^k / k,
   * whose k-th term sums to -c^k / k powerSum(a, b, k / 2); from step {@link #DIRECT_BELOW} on, x &lt;= c / 8,
   * so a handful of terms reach double precision.
   *
   * @param c eta0 l2, in [0, 1)
   */
  public static double logDecaySum(long a, long b, double c) {
    if (b <= a || c == 0.0) {
      return 0.0;
    }
    assert a >= 0 && c > 0 && c < 1 : "a = " + a + ", c = " + c;
    if (b - a <= DIRECT_RANGE) {
      return directLogDecay(a, b, c);
    }
    final long m = Math.max(a, Math.min(b, DIRECT_BELOW));
    double sum = directLogDecay(a, m, c);
    if (b > m) {
      final double x = c / Math.sqrt((double) (m + 1)); // the largest ratio in the tail
      double ck = 1.0;
      double xk = 1.0;
      double series = 0.0;
      for (int k = 1; k <= 60; k++) {
        ck *= c;
        xk *= x;
        series -= ck / k * powerSum(m, b, 0.5 * k);
        if (xk / k < 1e-17) { // the remaining terms are below this share of the first
          break;
        }
      }
      sum += series;
    }
    return sum;
  }

  private static double directLogDecay(long a, long b, double c) {
    double sum = 0.0;
    for (long s = b; s > a; s--) {
      sum += Math.log1p(-c / Math.sqrt((double) s));
    }
    return sum;
  }
}
