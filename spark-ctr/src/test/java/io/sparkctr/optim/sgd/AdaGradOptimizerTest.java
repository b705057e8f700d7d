package io.sparkctr.optim.sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkctr.optim.OptimizerTesting;
import io.sparkctr.optim.ftrl.FtrlHyperParams;
import io.sparkctr.optim.ftrl.FtrlOptimizer;
import org.junit.jupiter.api.Test;

class AdaGradOptimizerTest {
  /**
   * algorithms.md section 6.5: FTRL-Proximal with l1 = l2 = 0 from 0 is AdaGrad with eta = alpha and
   * beta added to sqrt(n); the section 11.6 oracle numbers follow. Tolerance 1e-12 relative (two
   * algebraically equal formulas).
   */
  @Test
  void equalsUnregularisedFtrlAndItsOracle() {
    AdaGradOptimizer ada = new AdaGradOptimizer(new AdaGradHyperParams(0.1, 1.0, 0.0), 1, 1);
    double[] w = OptimizerTesting.trajectory(ada, 1.0, -0.5, 0.25);
    assertEquals(-0.05, w[0], 5e-8);
    assertEquals(-0.0263932, w[1], 5e-8);
    assertEquals(-0.0380447, w[2], 5e-8);

    AdaGradOptimizer a = new AdaGradOptimizer(new AdaGradHyperParams(0.3, 0.7, 0.0), 6, 5);
    FtrlOptimizer f = new FtrlOptimizer(new FtrlHyperParams(0.3, 0.7, 0, 0), 6, 5);
    OptimizerTesting.drive(a, 5, 400, 0.3, 2.0);
    OptimizerTesting.drive(f, 5, 400, 0.3, 2.0);
    for (int i = 0; i < 6; i++) {
      assertEquals(f.weight(i), a.weight(i), 1e-12 * Math.max(1, Math.abs(f.weight(i))), "coordinate " + i);
      assertEquals(f.n(i), a.n(i), 1e-12 * Math.max(1, f.n(i)));
    }
  }

  @Test
  void zeroGradientLeavesTheCoordinateUnchangedEvenWithoutSmoothing() {
    AdaGradOptimizer ada = new AdaGradOptimizer(new AdaGradHyperParams(0.1, 0.0, 0.0), new double[] {0.4}, 1);
    assertEquals(0.4, OptimizerTesting.trajectory(ada, 0.0)[0], 0.0);
    assertEquals(0.4 - 0.1, OptimizerTesting.trajectory(ada, 2.0)[0], 1e-15, "first step moves by eta sgn(g)");
  }
}
