package io.sparkctr.optim.fobos;

import static io.sparkctr.optim.OptimizerTesting.trajectory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.optim.schedule.LearningRateSchedule;
import org.junit.jupiter.api.Test;

/** Oracles of algorithms.md section 11.4 (FOBOS). */
class FobosOptimizerTest {
  private static final LearningRateSchedule CONSTANT = LearningRateSchedule.CONSTANT;

  /** Section 11.4: w = 0.5, g = 0.2, eta = 0.1, l1 = 0.5 gives 0.43; with l2 = 1 (TF ProximalGD) 0.390909... */
  @Test
  void matchesOneStepOracles() {
    FobosOptimizer l1 = new FobosOptimizer(new FobosHyperParams(0.1, CONSTANT, 0.5, 0.0), new double[] {0.5}, 1);
    assertEquals(0.43, trajectory(l1, 0.2)[0], 1e-15);
    FobosOptimizer en = new FobosOptimizer(new FobosHyperParams(0.1, CONSTANT, 0.5, 1.0), new double[] {0.5}, 1);
    assertEquals(0.43 / 1.1, trajectory(en, 0.2)[0], 1e-15);
    assertEquals(0.3909091, trajectory(
        new FobosOptimizer(new FobosHyperParams(0.1, CONSTANT, 0.5, 1.0), new double[] {0.5}, 1), 0.2)[0], 5e-8);
  }

  /**
   * Section 11.4: lazy elastic net, a0 = 0.8, eta = 0.1, l1 = 0.3, l2 = 0.7, 5 untouched steps gives
   * 0.4473830 (printed to 7 digits: tolerance 5e-8) by the closed form (constant schedule) and by
   * iteration (the eager loop here). Closed form and iteration agree to 1e-15.
   */
  @Test
  void lazyElasticNetMatchesOracleByClosedFormAndByIteration() {
    FobosOptimizer opt = new FobosOptimizer(new FobosHyperParams(0.1, CONSTANT, 0.3, 0.7), new double[] {0.8, 0}, 1);
    for (int s = 0; s < 5; s++) {
      opt.update(1, 0.0, opt.weight(1)); // only the intercept is touched
      opt.endStep();
    }
    double a = 0.8;
    for (int s = 0; s < 5; s++) {
      a = Math.max(a - 0.1 * 0.3, 0) / (1 + 0.1 * 0.7);
    }
    assertEquals(0.4473830, a, 5e-8);
    assertEquals(a, opt.weight(0), 1e-15);
  }

  /** Section 11.4: the output is exactly 0.0 whenever |w_half| <= eta l1 (here at the boundary too). */
  @Test
  void sparsityIsExactAtTheThreshold() {
    // w_half = 0.5 - 0.1 * 2.5 = 0.25 and eta l1 = 0.25: exactly 0, with or without l2.
    for (double l2 : new double[] {0.0, 1.0}) {
      FobosOptimizer at = new FobosOptimizer(new FobosHyperParams(0.1, CONSTANT, 2.5, l2), new double[] {0.5}, 1);
      assertEquals(0.0, trajectory(at, 2.5)[0], 0.0);
      FobosOptimizer below = new FobosOptimizer(new FobosHyperParams(0.1, CONSTANT, 3.0, l2), new double[] {-0.2}, 1);
      assertEquals(0.0, trajectory(below, 0.1)[0], 0.0);
      FobosOptimizer above = new FobosOptimizer(new FobosHyperParams(0.1, CONSTANT, 2.0, l2), new double[] {0.5}, 1);
      assertTrue(trajectory(above, 2.5)[0] > 0);
    }
  }
}
