package io.sparkctr.synth;

/**
 * Samples ranks {@code 1..n} with {@code P(k) ~ k^-q} in O(1) expected time and O(1) memory by rejection-inversion
 * (Hörmann and Derflinger, "Rejection-inversion to generate variates from monotone discrete distributions", ACM
 * TOMACS 6(3), 1996). The continuous hat {@code h(x) = x^-q} is integrated ({@code H}) and inverted; a proposal
 * {@code k = round(H^-1(u))} is accepted when it falls in the squeeze {@code k - x <= s} or when {@code u >= H(k +
 * 1/2) - h(k)}. The expected number of iterations is close to 1 for every {@code n} and {@code q}.
 *
 * <p>{@code H} and its inverse are written with {@code expm1}/{@code log1p} helpers so that they stay accurate near
 * {@code q = 1} (the form used by Apache Commons RNG's {@code RejectionInversionZipfSampler}; this is our own
 * implementation of the paper's algorithm).
 */
final class ZipfSampler implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final long n;
  private final double exponent;
  private final double hIntegralX1;
  private final double hIntegralN;
  private final double s;

  /**
   * @param n number of ranks, {@code >= 1}
   * @param exponent {@code q > 0}
   */
  ZipfSampler(long n, double exponent) {
    if (n < 1) {
      throw new IllegalArgumentException("Zipf n MUST be >= 1, but got " + n);
    }
    if (!(exponent > 0) || Double.isInfinite(exponent)) {
      throw new IllegalArgumentException("Zipf exponent MUST be > 0 and finite, but got " + exponent);
    }
    this.n = n;
    this.exponent = exponent;
    this.hIntegralX1 = hIntegral(1.5) - 1.0;
    this.hIntegralN = hIntegral(n + 0.5);
    this.s = 2.0 - hIntegralInverse(hIntegral(2.5) - h(2.0));
  }

  long n() {
    return n;
  }

  /** @return a rank in {@code [1, n]} */
  long sample(SplitMix64 rng) {
    while (true) {
      final double u = hIntegralN + rng.nextDouble() * (hIntegralX1 - hIntegralN);
      final double x = hIntegralInverse(u);
      long k = (long) (x + 0.5);
      if (k < 1) {
        k = 1;
      } else if (k > n) {
        k = n;
      }
      if (k - x <= s || u >= hIntegral(k + 0.5) - h(k)) {
        return k;
      }
    }
  }

  /** Exact probability of rank {@code k} (O(n): for tests only). */
  double probability(long k) {
    double z = 0;
    for (long i = n; i >= 1; i--) {
      z += h(i);
    }
    return h(k) / z;
  }

  /** {@code H(x) = (x^(1-q) - 1) / (1 - q)}, or {@code log x} for {@code q = 1}. */
  private double hIntegral(double x) {
    final double logX = Math.log(x);
    return helper2((1.0 - exponent) * logX) * logX;
  }

  private double h(double x) {
    return Math.exp(-exponent * Math.log(x));
  }

  private double hIntegralInverse(double x) {
    double t = x * (1.0 - exponent);
    if (t < -1.0) {
      t = -1.0; // guards log1p against rounding just below the domain
    }
    return Math.exp(helper1(t) * x);
  }

  /** {@code log1p(x) / x}, continuous at 0 (Taylor series there). */
  private static double helper1(double x) {
    if (Math.abs(x) > 1e-8) {
      return Math.log1p(x) / x;
    }
    return 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
  }

  /** {@code expm1(x) / x}, continuous at 0. */
  private static double helper2(double x) {
    if (Math.abs(x) > 1e-8) {
      return Math.expm1(x) / x;
    }
    return 1.0 + x * 0.5 * (1.0 + x * (1.0 / 3.0) * (1.0 + 0.25 * x));
  }
}
