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

  /** Merge oracles for {@link FtrlOptimizer#mergeContractions}, from its formula. */
  @Test
  void mergeOfOnePartitionGivesBackItsState() {
    FtrlHyperParams h = new FtrlHyperParams(0.1, 1.0, 0.3, 0.2);
    FtrlOptimizer base = FtrlOptimizer.withState(h, new double[] {-0.4}, new double[] {2.0}, 1);
    FtrlOptimizer pass = FtrlOptimizer.withState(h, new double[] {-0.4}, new double[] {2.0}, 1);
    pass.update(0, -0.7, pass.weight(0));
    pass.update(0, -0.2, pass.weight(0));
    double kappa = 0.37;
    base.mergeContractions(new int[] {0}, 1, new double[] {pass.n(0) - 2.0},
        new double[] {pass.unthresholdedWeight(0) - base.unthresholdedWeight(0)}, new double[] {kappa},
        new double[] {-Math.expm1(-kappa)});
    assertEquals(pass.n(0), base.n(0), 0.0);
    assertEquals(pass.z(0), base.z(0), 1e-12);
    assertEquals(pass.weight(0), base.weight(0), 1e-12);
  }

  @Test
  void mergeSumsChangesWithoutContractionAndAveragesThemAtConvergence() {
    FtrlHyperParams h = new FtrlHyperParams(0.1, 1.0, 0.0, 0.0);
    double[] du = {0.01 + 0.03}; // two partitions moved u by 0.01 and 0.03
    // Tiny contractions (linear regime): the changes add up, as a serial pass would.
    FtrlOptimizer linear = FtrlOptimizer.withState(h, new double[] {0.0}, new double[] {4.0}, 1);
    double k = 1e-9;
    linear.mergeContractions(new int[] {0}, 1, new double[] {1.0}, du, new double[] {2 * k},
        new double[] {-2 * Math.expm1(-k)});
    assertEquals(0.04, linear.unthresholdedWeight(0), 1e-9);
    // Both partitions converged (exp(-kappa) = 0): the mean change.
    FtrlOptimizer converged = FtrlOptimizer.withState(h, new double[] {0.0}, new double[] {4.0}, 1);
    converged.mergeContractions(new int[] {0}, 1, new double[] {1.0}, du, new double[] {80.0},
        new double[] {2.0});
    assertEquals(0.02, converged.unthresholdedWeight(0), 1e-12);
    assertEquals(5.0, converged.n(0), 0.0, "n is summed");
  }

  @Test
  void mergeKeepsExactZerosBelowTheL1Threshold() {
    FtrlHyperParams h = new FtrlHyperParams(0.1, 1.0, 5.0, 0.0);
    FtrlOptimizer state = FtrlOptimizer.withState(h, new double[] {0.0}, new double[] {1.0}, 1);
    state.mergeContractions(new int[] {0}, 1, new double[] {3.0}, new double[] {0.01}, new double[] {0.5},
        new double[] {-Math.expm1(-0.5)});
    assertEquals(0.0, state.weight(0), 0.0);
    assertTrue(state.unthresholdedWeight(0) > 0);
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
