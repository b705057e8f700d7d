package io.sparkctr.optim;

import java.util.SplittableRandom;

/** Drivers shared by the optimizer tests: the trainer's read-update-endStep protocol. */
public final class OptimizerTesting {
  private OptimizerTesting() {}

  /** Coordinate 0 alone, one gradient per step: the weight after each step. */
  public static double[] trajectory(SparseOnlineOptimizer opt, double... gradients) {
    double[] out = new double[gradients.length];
    for (int s = 0; s < gradients.length; s++) {
      opt.update(0, gradients[s], opt.weight(0));
      opt.endStep();
      out[s] = opt.weight(0);
    }
    return out;
  }

  /**
   * A seeded random sparse stream: each step touches each coordinate with the given probability,
   * gradient uniform in (-scale, scale). The draws do not depend on the weights, so two optimizers
   * driven with one seed see the same gradients.
   */
  public static void drive(SparseOnlineOptimizer opt, long seed, int steps, double touchProbability,
      double scale) {
    SplittableRandom random = new SplittableRandom(seed);
    final int dim = opt.dimension();
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < dim; i++) {
        if (random.nextDouble() < touchProbability) {
          final double g = random.nextDouble(-scale, scale);
          opt.update(i, g, opt.weight(i));
        }
      }
      opt.endStep();
    }
  }

  /** The weights after full catch-up, from a copy (the optimizer itself stays lazy). */
  public static double[] weightsOfCopy(SparseOnlineOptimizer opt) {
    double[] out = new double[opt.dimension()];
    opt.copy().weights(out);
    return out;
  }
}
