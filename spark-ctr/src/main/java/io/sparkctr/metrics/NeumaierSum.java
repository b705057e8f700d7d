package io.sparkctr.metrics;

/**
 * Kahan-Babuska-Neumaier compensated summation (Neumaier, "Rundungsfehleranalyse einiger Verfahren zur Summation
 * endlicher Summen", ZAMM 1974): the error of a long sum stays O(eps) instead of O(n eps), also when an addend is
 * larger than the running sum (where plain Kahan summation loses the correction).
 */
public final class NeumaierSum {
  private double sum;
  private double compensation;

  /** @param x the addend */
  public void add(double x) {
    final double t = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) {
      compensation += (sum - t) + x;
    } else {
      compensation += (x - t) + sum;
    }
    sum = t;
  }

  /** @return the compensated sum so far */
  public double value() {
    return sum + compensation;
  }
}
