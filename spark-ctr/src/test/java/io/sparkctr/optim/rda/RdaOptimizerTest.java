package io.sparkctr.optim.rda;

import static io.sparkctr.optim.OptimizerTesting.trajectory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.optim.OptimizerTesting;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Oracles of algorithms.md section 11.5 (l1-RDA). */
class RdaOptimizerTest {
  /** Section 11.5: gamma = 1, l1 = 0.1, rho = 0, g = [0.5, 0.3, -0.2]; printed to 7 digits (5e-8). */
  @Test
  void matchesOracle() {
    double[] w = trajectory(new RdaOptimizer(new RdaHyperParams(1, 0.1, 0), 1, 1), 0.5, 0.3, -0.2);
    assertEquals(-0.4, w[0], 5e-8);
    assertEquals(-0.4242641, w[1], 5e-8);
    assertEquals(-0.1732051, w[2], 5e-8);
  }

  /** Section 11.5: l1 = 0 gives w_{t+1} = -(1 / (gamma sqrt(t))) sum g. Tolerance 1e-12 relative. */
  @Test
  void withoutL1IsScaledNegativeGradientSum() {
    final double gamma = 2.5;
    RdaOptimizer opt = new RdaOptimizer(new RdaHyperParams(gamma, 0, 0), 1, 1);
    SplittableRandom random = new SplittableRandom(3);
    double sum = 0;
    for (int t = 1; t <= 200; t++) {
      double g = random.nextDouble(-1, 1);
      sum += g;
      opt.update(0, g, opt.weight(0));
      opt.endStep();
      double expected = -sum / (gamma * Math.sqrt(t));
      assertEquals(expected, opt.weight(0), 1e-12 * Math.max(1, Math.abs(expected)), "t = " + t);
    }
  }

  /**
   * Section 11.5: an untouched coordinate read after k extra steps equals the eager value, gbar = G / t
   * with t counting every step. Section 5 "Initialization pitfall": with a prox centre w0, w =
   * soft(w0 - G / (gamma sqrt t), sqrt(t) l1 / gamma + rho). Tolerance 1e-15.
   */
  @Test
  void untouchedCoordinateDecaysWithTheGlobalStepAndKeepsItsCentre() {
    final double gamma = 1.5;
    final double l1 = 0.01;
    final double rho = 0.02;
    RdaOptimizer opt = new RdaOptimizer(new RdaHyperParams(gamma, l1, rho), new double[] {0.3, -0.7, 0.0}, 2);
    assertEquals(-0.7, opt.weight(1), 0.0, "before the first step the weight is w0");
    opt.update(0, 0.4, opt.weight(0));
    opt.endStep();
    for (int s = 0; s < 8; s++) {
      opt.update(2, 1.0, opt.weight(2));
      opt.endStep();
    }
    final double t = 9;
    final double thr = Math.sqrt(t) * l1 / gamma + rho;
    final double v0 = 0.3 - 0.4 / (gamma * Math.sqrt(t));
    assertEquals(Math.signum(v0) * Math.max(Math.abs(v0) - thr, 0), opt.weight(0), 1e-15);
    assertEquals(-0.7 + thr, opt.weight(1), 1e-15, "an untouched coordinate shrinks toward 0 from w0");
    assertEquals(-8.0 / (gamma * Math.sqrt(t)), opt.weight(2), 1e-15, "the intercept gets neither l1 nor rho");
  }

  /** Section 11.5: for a fixed gradient sequence, the zero count is monotone non-decreasing in l1. */
  @Test
  void zeroCountIsMonotoneInL1() {
    int previous = -1;
    for (int k = 0; k <= 20; k++) {
      RdaOptimizer opt = new RdaOptimizer(new RdaHyperParams(1.0, 0.01 * k, 0), 50, 50);
      OptimizerTesting.drive(opt, 17, 300, 0.2, 1.0);
      double[] w = new double[50];
      opt.weights(w);
      int zeros = 0;
      for (double wi : w) {
        zeros += wi == 0.0 ? 1 : 0;
      }
      assertTrue(zeros >= previous, "l1 = " + 0.01 * k + ": " + zeros + " zeros < " + previous);
      previous = zeros;
    }
    assertTrue(previous > 25, "the largest l1 should zero most weights: " + previous);
  }

  @Test
  void incrementsAddToTheState() {
    RdaOptimizer a = new RdaOptimizer(new RdaHyperParams(1, 0.05, 0), 3, 2);
    RdaOptimizer b = a.copy();
    OptimizerTesting.drive(a, 2, 50, 0.5, 1.0);
    double[] dG = {a.gradientSum(0), a.gradientSum(1), a.gradientSum(2)};
    b.addIncrements(new int[] {0, 1, 2}, dG, 3, a.steps());
    for (int i = 0; i < 3; i++) {
      assertEquals(a.weight(i), b.weight(i), 0.0);
    }
    assertThrows(IllegalArgumentException.class, () -> b.addIncrements(new int[0], new double[0], 0, -1));
  }

  @Test
  void rejectsInvalidHyperparameters() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new RdaHyperParams(0, 0.1, 0));
    assertTrue(e.getMessage().contains("gamma") && e.getMessage().contains("> 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new RdaHyperParams(1, 0.1, -0.1));
    assertThrows(IllegalArgumentException.class,
        () -> new RdaOptimizer(new RdaHyperParams(1, 0, 0), new double[] {Double.NaN}, 1));
  }
}
