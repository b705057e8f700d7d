package io.sparkctr.optim.truncatedgradient;

import static io.sparkctr.optim.OptimizerTesting.trajectory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.optim.OptimizerTesting;
import io.sparkctr.optim.fobos.FobosHyperParams;
import io.sparkctr.optim.fobos.FobosOptimizer;
import io.sparkctr.optim.schedule.LearningRateSchedule;
import io.sparkctr.optim.sgd.SgdHyperParams;
import io.sparkctr.optim.sgd.SgdOptimizer;
import org.junit.jupiter.api.Test;

/** Oracles of algorithms.md section 11.3 (Truncated Gradient). */
class TruncatedGradientOptimizerTest {
  private static final double INF = Double.POSITIVE_INFINITY;

  /**
   * Section 11.3: w0 = 0.3, g = 0.1 each step, eta = 0.1, gravity = 0.5, K = 2, theta = inf; truncation
   * at steps 2 and 4 by K eta gravity = 0.1. Tolerance 1e-15.
   */
  @Test
  void matchesOracle() {
    TruncatedGradientOptimizer opt = new TruncatedGradientOptimizer(
        new TruncatedGradientHyperParams(0.1, LearningRateSchedule.CONSTANT, 0.5, INF, 2), new double[] {0.3}, 1);
    assertArrayEquals(new double[] {0.29, 0.18, 0.17, 0.06}, trajectory(opt, 0.1, 0.1, 0.1, 0.1), 1e-15);
  }

  /** Section 11.3 on the lazy path: the same trajectory read only after untouched steps 2-4. */
  @Test
  void lazyEventCountMatchesOracle() {
    TruncatedGradientOptimizer opt = new TruncatedGradientOptimizer(
        new TruncatedGradientHyperParams(0.1, LearningRateSchedule.CONSTANT, 0.5, INF, 2), new double[] {0.3, 0}, 1);
    opt.update(0, 0.1, opt.weight(0)); // step 1: 0.29
    opt.endStep();
    for (int s = 2; s <= 4; s++) { // steps 2-4 touch only the intercept: two truncations of 0.1
      opt.update(1, 0.0, opt.weight(1));
      opt.endStep();
    }
    assertEquals(0.09, opt.weight(0), 1e-15);
  }

  /** Section 11.3: theta = inf, K = 1 equals FOBOS-L1 with threshold eta gravity. Tolerance 1e-15. */
  @Test
  void infiniteThetaAndKOneEqualsFobosL1() {
    for (LearningRateSchedule sch : LearningRateSchedule.values()) {
      TruncatedGradientOptimizer tg = new TruncatedGradientOptimizer(
          new TruncatedGradientHyperParams(0.2, sch, 0.05, INF, 1), 6, 5);
      FobosOptimizer fobos = new FobosOptimizer(new FobosHyperParams(0.2, sch, 0.05, 0), 6, 5);
      OptimizerTesting.drive(tg, 8, 400, 0.3, 1.0);
      OptimizerTesting.drive(fobos, 8, 400, 0.3, 1.0);
      double[] expected = OptimizerTesting.weightsOfCopy(fobos);
      assertArrayEquals(expected, OptimizerTesting.weightsOfCopy(tg), 1e-15);
      int zeros = 0;
      for (double w : expected) {
        zeros += w == 0.0 ? 1 : 0;
      }
      assertTrue(zeros > 0, "the comparison should include exact zeros");
    }
  }

  /** Section 11.3: gravity = 0 equals SGD, bit for bit (any theta, K). */
  @Test
  void zeroGravityEqualsSgdBitForBit() {
    for (LearningRateSchedule sch : LearningRateSchedule.values()) {
      TruncatedGradientOptimizer tg = new TruncatedGradientOptimizer(
          new TruncatedGradientHyperParams(0.2, sch, 0.0, 0.5, 3), 5, 4);
      SgdOptimizer sgd = new SgdOptimizer(new SgdHyperParams(0.2, sch, 0.0), 5, 4);
      OptimizerTesting.drive(tg, 4, 300, 0.3, 1.0);
      OptimizerTesting.drive(sgd, 4, 300, 0.3, 1.0);
      assertArrayEquals(OptimizerTesting.weightsOfCopy(sgd), OptimizerTesting.weightsOfCopy(tg), 0.0);
    }
  }

  /** Finite theta: weights above theta are not shrunk. */
  @Test
  void weightsAboveThetaAreLeftAlone() {
    TruncatedGradientOptimizer opt = new TruncatedGradientOptimizer(
        new TruncatedGradientHyperParams(0.1, LearningRateSchedule.CONSTANT, 0.5, 0.25, 1), new double[] {0.3}, 1);
    double[] w = trajectory(opt, 0.0, 0.0, 0.0);
    assertEquals(0.3, w[2], 0.0);
  }

  @Test
  void rejectsInvalidHyperparameters() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TruncatedGradientHyperParams(0.1, LearningRateSchedule.CONSTANT, -1, INF, 1));
    assertTrue(e.getMessage().contains("l1 (gravity)") && e.getMessage().contains("-1.0"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new TruncatedGradientHyperParams(0.1, LearningRateSchedule.CONSTANT, 1, Double.NaN, 1));
  }
}
