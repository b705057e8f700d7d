package io.sparkctr.optim.truncation;

import static io.sparkctr.optim.OptimizerTesting.trajectory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.optim.OptimizerTesting;
import io.sparkctr.optim.schedule.LearningRateSchedule;
import io.sparkctr.optim.sgd.SgdHyperParams;
import io.sparkctr.optim.sgd.SgdOptimizer;
import org.junit.jupiter.api.Test;

/** Oracles of algorithms.md section 11.2 (simple truncation). */
class TruncationOptimizerTest {
  /** Section 11.2: w0 = 0.3, g = [1, 1, 0.5, 0.5], eta = 0.1, K = 2, theta = 0.15. Tolerance 1e-15. */
  @Test
  void matchesOracle() {
    TruncationOptimizer opt = new TruncationOptimizer(
        new TruncationHyperParams(0.1, LearningRateSchedule.CONSTANT, 0.15, 2), new double[] {0.3}, 1);
    double[] w = trajectory(opt, 1, 1, 0.5, 0.5);
    assertArrayEquals(new double[] {0.2, 0.0, -0.05, 0.0}, w, 1e-15);
    assertEquals(0.0, w[1], 0.0, "truncation gives an exact zero");
    assertEquals(0.0, w[3], 0.0);
  }

  /** Section 11.2: theta = 0 equals SGD, bit for bit. */
  @Test
  void zeroThresholdEqualsSgdBitForBit() {
    for (LearningRateSchedule sch : LearningRateSchedule.values()) {
      TruncationOptimizer opt = new TruncationOptimizer(new TruncationHyperParams(0.2, sch, 0.0, 3), 5, 4);
      SgdOptimizer sgd = new SgdOptimizer(new SgdHyperParams(0.2, sch, 0.0), 5, 4);
      OptimizerTesting.drive(opt, 3, 300, 0.3, 1.0);
      OptimizerTesting.drive(sgd, 3, 300, 0.3, 1.0);
      assertArrayEquals(OptimizerTesting.weightsOfCopy(sgd), OptimizerTesting.weightsOfCopy(opt), 0.0);
    }
  }

  @Test
  void rejectsInvalidHyperparameters() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TruncationHyperParams(0.1, LearningRateSchedule.CONSTANT, 0.1, 0));
    assertTrue(e.getMessage().contains("k") && e.getMessage().contains(">= 1") && e.getMessage().contains("0"));
    assertThrows(IllegalArgumentException.class,
        () -> new TruncationHyperParams(0.1, LearningRateSchedule.CONSTANT, Double.POSITIVE_INFINITY, 1));
  }
}
