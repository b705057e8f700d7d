package io.sparkctr.optim.sgd;

import static io.sparkctr.optim.OptimizerTesting.trajectory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.optim.OptimizerTesting;
import io.sparkctr.optim.fobos.FobosHyperParams;
import io.sparkctr.optim.fobos.FobosOptimizer;
import io.sparkctr.optim.schedule.LearningRateSchedule;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Oracles of algorithms.md section 11.1 (L1-SGD) and the SGD/AdaGrad baselines. */
class L1SgdOptimizerTest {
  private static final double TOLERANCE = 1e-15; // hand-computed from exact decimal inputs
  private static final LearningRateSchedule CONSTANT = LearningRateSchedule.CONSTANT;

  /** Section 11.1: w = 0.01, g = 0, eta = 0.1, l1 = 0.5 overshoots to -0.04; FOBOS gives exactly 0. */
  @Test
  void subgradientStepOvershootsZeroWhereFobosStopsAtZero() {
    L1SgdOptimizer l1sgd = new L1SgdOptimizer(new L1SgdHyperParams(0.1, CONSTANT, 0.5, 0), new double[] {0.01}, 1);
    assertEquals(-0.04, trajectory(l1sgd, 0.0)[0], TOLERANCE);
    FobosOptimizer fobos = new FobosOptimizer(new FobosHyperParams(0.1, CONSTANT, 0.5, 0), new double[] {0.01}, 1);
    assertEquals(0.0, trajectory(fobos, 0.0)[0], 0.0);
  }

  /** Section 11.1, lazy: after the sign flip the untouched weight alternates, so parity decides. */
  @Test
  void untouchedWeightOscillatesWithTheParityOfSkippedSteps() {
    // a = eta l1 = 0.05; 0.12 -> 0.07 -> 0.02 -> -0.03 -> 0.02 -> -0.03 ...
    double[] expected = {0.07, 0.02, -0.03, 0.02, -0.03, 0.02};
    for (int k = 1; k <= expected.length; k++) {
      L1SgdOptimizer opt = new L1SgdOptimizer(new L1SgdHyperParams(0.1, CONSTANT, 0.5, 0), new double[] {0.12, 0}, 1);
      for (int s = 0; s < k; s++) {
        opt.update(1, 0.0, opt.weight(1)); // only the intercept is touched
        opt.endStep();
      }
      assertEquals(expected[k - 1], opt.weight(0), 1e-15, "after " + k + " skipped steps");
    }
  }

  /** Section 11.1: l1 = l2 = 0 equals plain SGD bit for bit, and so does SgdOptimizer with l2 = 0. */
  @Test
  void withoutPenaltyEqualsPlainSgdBitForBit() {
    for (LearningRateSchedule sch : LearningRateSchedule.values()) {
      L1SgdOptimizer l1sgd = new L1SgdOptimizer(new L1SgdHyperParams(0.3, sch, 0, 0), 4, 3);
      SgdOptimizer sgd = new SgdOptimizer(new SgdHyperParams(0.3, sch, 0), 4, 3);
      OptimizerTesting.drive(l1sgd, 11, 300, 0.4, 1.0);
      OptimizerTesting.drive(sgd, 11, 300, 0.4, 1.0);
      double[] plain = new double[4];
      SplittableRandom random = new SplittableRandom(11);
      for (int s = 1; s <= 300; s++) {
        for (int i = 0; i < 4; i++) {
          if (random.nextDouble() < 0.4) {
            plain[i] = plain[i] - sch.rate(0.3, s) * random.nextDouble(-1.0, 1.0);
          }
        }
      }
      for (int i = 0; i < 4; i++) {
        assertEquals(plain[i], l1sgd.weight(i), 0.0, sch + " coordinate " + i);
        assertEquals(plain[i], sgd.weight(i), 0.0, sch + " coordinate " + i);
      }
    }
  }

  /** Section 11.1: with l2 only, w' = (1 - eta l2) w - eta g. */
  @Test
  void l2OnlyStepIsWeightDecay() {
    final double eta = 0.1;
    final double l2 = 0.6;
    L1SgdOptimizer l1sgd = new L1SgdOptimizer(new L1SgdHyperParams(eta, CONSTANT, 0, l2), new double[] {0.8}, 1);
    SgdOptimizer sgd = new SgdOptimizer(new SgdHyperParams(eta, CONSTANT, l2), new double[] {0.8}, 1);
    final double expected = (1 - eta * l2) * 0.8 - eta * 0.3;
    assertEquals(expected, trajectory(l1sgd, 0.3)[0], TOLERANCE);
    assertEquals(expected, trajectory(sgd, 0.3)[0], TOLERANCE);
  }

  /** invSqrt: eta_s = eta0 / sqrt(s). */
  @Test
  void invSqrtScheduleDividesByTheRootOfTheStep() {
    SgdOptimizer sgd = new SgdOptimizer(new SgdHyperParams(0.5, LearningRateSchedule.INV_SQRT, 0), 1, 1);
    double[] w = trajectory(sgd, 1.0, 1.0, 1.0);
    assertEquals(-0.5, w[0], TOLERANCE);
    assertEquals(-0.5 - 0.5 / Math.sqrt(2), w[1], TOLERANCE);
    assertEquals(-0.5 - 0.5 / Math.sqrt(2) - 0.5 / Math.sqrt(3), w[2], TOLERANCE);
    assertEquals(LearningRateSchedule.INV_SQRT, LearningRateSchedule.fromName("invSqrt"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.fromName("linear"));
    assertTrue(e.getMessage().contains("linear") && e.getMessage().contains("invSqrt"), e.getMessage());
  }

  @Test
  void rejectsInvalidHyperparametersNamingParamValueAndRange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new L1SgdHyperParams(0.1, CONSTANT, -0.5, 0));
    assertTrue(e.getMessage().contains("l1") && e.getMessage().contains("-0.5")
        && e.getMessage().contains(">= 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new L1SgdHyperParams(0, CONSTANT, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new L1SgdHyperParams(0.1, null, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new L1SgdHyperParams(0.1, CONSTANT, 0, Double.NaN));
    e = assertThrows(IllegalArgumentException.class, () -> new SgdHyperParams(0.5, CONSTANT, 2.0));
    assertTrue(e.getMessage().contains("eta0 * l2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new AdaGradHyperParams(0.1, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> new AdaGradHyperParams(0.1, 1, Double.POSITIVE_INFINITY));
  }
}
