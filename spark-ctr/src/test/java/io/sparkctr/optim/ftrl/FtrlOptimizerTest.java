package io.sparkctr.optim.ftrl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Numeric oracles of shared/docs/algorithms.md section 11.6 (paper convention, n0 = 0). */
class FtrlOptimizerTest {
  private static final double TOLERANCE = 5e-8; // the oracles are printed to 7 significant digits

  /** One coordinate, fixed gradient sequence: the weight read after each step. */
  private static double[] trajectory(FtrlHyperParams hyper, double... gradients) {
    FtrlOptimizer ftrl = new FtrlOptimizer(hyper, 1, 1);
    double[] out = new double[gradients.length];
    for (int t = 0; t < gradients.length; t++) {
      ftrl.update(0, gradients[t], ftrl.weight(0));
      out[t] = ftrl.weight(0);
    }
    return out;
  }

  @Test
  void matchesOracleWithoutRegularization() {
    double[] w = trajectory(new FtrlHyperParams(0.1, 1.0, 0.0, 0.0), 1.0, -0.5, 0.25);
    assertEquals(-0.05, w[0], TOLERANCE);
    assertEquals(-0.0263932, w[1], TOLERANCE);
    assertEquals(-0.0380447, w[2], TOLERANCE);
  }

  @Test
  void matchesOracleWithL1AndL2() {
    double[] w = trajectory(new FtrlHyperParams(0.1, 1.0, 1.2, 0.5), 1.0, 1.0, -0.5);
    assertEquals(0.0, w[0], 0.0, "|z| = 1 <= l1 = 1.2 must give an exact zero");
    assertEquals(-0.0324647, w[1], TOLERANCE);
    assertEquals(-0.0128569, w[2], TOLERANCE);
  }

  /**
   * algorithms.md section 11.6: TensorFlow's kernel (ApplyFtrl, lr_power = -0.5, accumulator 0) with
   * l2_tf = 0.25 and beta folded in as l2_adjusted = l2_tf + beta / (2 lr) gives the same three
   * numbers as ours with l2 = 2 * l2_tf = 0.5: the convention map between the two.
   */
  @Test
  void tensorFlowConventionMapsOntoThePapers() {
    final double lr = 0.1;
    final double l1 = 1.2;
    final double l2Adjusted = 0.25 + 1.0 / (2 * lr);
    double accum = 0;
    double linear = 0;
    double var = 0;
    double[] ours = trajectory(new FtrlHyperParams(0.1, 1.0, 1.2, 0.5), 1.0, 1.0, -0.5);
    double[] g = {1.0, 1.0, -0.5};
    for (int t = 0; t < g.length; t++) {
      double accumNew = accum + g[t] * g[t];
      linear += g[t] - (Math.sqrt(accumNew) - Math.sqrt(accum)) / lr * var;
      var = Math.abs(linear) > l1 ? (Math.signum(linear) * l1 - linear) / (Math.sqrt(accumNew) / lr + 2 * l2Adjusted) : 0.0;
      accum = accumNew;
      assertEquals(var, ours[t], 1e-15, "step " + t);
    }
  }

  /** algorithms.md section 6.5: with l1 = l2 = 0, FTRL is per-coordinate adaptive OGD from 0. */
  @Test
  void withoutRegularizationEqualsAdaptiveGradientDescent() {
    final double alpha = 0.3;
    final double beta = 0.7;
    SplittableRandom random = new SplittableRandom(7);
    FtrlOptimizer ftrl = new FtrlOptimizer(new FtrlHyperParams(alpha, beta, 0, 0), 1, 1);
    double w = 0.0;
    double n = 0.0;
    for (int t = 0; t < 200; t++) {
      double g = random.nextDouble(-2, 2);
      ftrl.update(0, g, ftrl.weight(0));
      n += g * g;
      w -= alpha / (beta + Math.sqrt(n)) * g;
      assertEquals(w, ftrl.weight(0), 1e-12 * Math.max(1, Math.abs(w)), "step " + t);
    }
  }

  @Test
  void l1AtLeastTheLargestPrefixSumKeepsTheWeightZeroWhileSigmaIsZero() {
    // With w = 0 throughout, sigma * w = 0, so z is the prefix sum of the gradients.
    double[] g = {0.4, -0.9, 0.3, 0.5, -0.2};
    double maxPrefix = 0;
    double sum = 0;
    for (double gi : g) {
      sum += gi;
      maxPrefix = Math.max(maxPrefix, Math.abs(sum));
    }
    for (double w : trajectory(new FtrlHyperParams(0.1, 1.0, maxPrefix, 0.0), g)) {
      assertEquals(0.0, w, 0.0);
    }
  }

  @Test
  void interceptCoordinateIsNotPenalised() {
    FtrlHyperParams strong = new FtrlHyperParams(0.1, 1.0, 100.0, 100.0);
    FtrlHyperParams none = new FtrlHyperParams(0.1, 1.0, 0.0, 0.0);
    FtrlOptimizer penalised = new FtrlOptimizer(strong, 2, 1);
    FtrlOptimizer plain = new FtrlOptimizer(none, 2, 1);
    for (int t = 0; t < 5; t++) {
      penalised.update(1, 1.0, penalised.weight(1));
      plain.update(1, 1.0, plain.weight(1));
      penalised.update(0, 1.0, penalised.weight(0));
    }
    assertEquals(plain.weight(1), penalised.weight(1), 0.0);
    assertEquals(0.0, penalised.weight(0), 0.0);
    assertTrue(plain.weight(1) < 0);
  }

  @Test
  void rejectsInvalidHyperparameters() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new FtrlHyperParams(0.0, 1.0, 0.0, 0.0));
    assertTrue(e.getMessage().contains("alpha") && e.getMessage().contains("0.0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new FtrlHyperParams(0.1, 1.0, -1.0, 0.0));
    assertThrows(IllegalArgumentException.class, () -> new FtrlHyperParams(0.1, 1.0, 0.0, Double.NaN));
  }
}
