package io.sparkctr.optim;

/** Argument checks shared by the optimizers, with the messages of style.md section 9.6. */
public final class OptimizerChecks {
  private OptimizerChecks() {}

  /**
   * Throws unless {@code ok} holds and {@code value} is finite (or {@code +inf} when the range says so,
   * which callers express through {@code ok} and {@code allowInfinite}).
   */
  public static void check(String algorithm, String name, double value, boolean ok, String range) {
    if (!ok || !Double.isFinite(value)) {
      throw new IllegalArgumentException(
          algorithm + " " + name + " MUST be finite and " + range + ", but got " + value);
    }
  }

  /** Checks {@code dimension >= 0} and {@code numRegularized in [0, dimension]}. */
  public static void checkLayout(int dimension, int numRegularized) {
    if (dimension < 0) {
      throw new IllegalArgumentException("dimension MUST be >= 0, but got " + dimension);
    }
    if (numRegularized < 0 || numRegularized > dimension) {
      throw new IllegalArgumentException(
          "numRegularized MUST be in [0, " + dimension + "], but got " + numRegularized);
    }
  }

  /** Checks that initial weights are finite; returns them. */
  public static double[] checkInitialWeights(String algorithm, double[] initialWeights) {
    for (int i = 0; i < initialWeights.length; i++) {
      if (!Double.isFinite(initialWeights[i])) {
        throw new IllegalArgumentException(
            algorithm + " initial weights MUST be finite, but got " + initialWeights[i] + " at " + i);
      }
    }
    return initialWeights;
  }

  /** Checks that a weight buffer matches the optimizer's dimension. */
  public static void checkBuffer(int dimension, double[] out) {
    if (out.length != dimension) {
      throw new IllegalArgumentException(
          "Dimension mismatch: optimizer has " + dimension + " coordinates, buffer has " + out.length);
    }
  }

  /** soft(v, a) = sgn(v) max(|v| - a, 0), for a &gt;= 0; exactly 0 when |v| &lt;= a. */
  public static double soft(double v, double a) {
    if (v > a) {
      return v - a;
    }
    if (v < -a) {
      return v + a;
    }
    return 0.0;
  }
}
