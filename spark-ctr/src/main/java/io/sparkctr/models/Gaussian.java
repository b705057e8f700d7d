package io.sparkctr.models;

import java.util.SplittableRandom;

/**
 * Standard normal draws from a {@link SplittableRandom}, which has no {@code nextGaussian} on Java 17.
 * Shared by the models' random starts so that one seed gives one start everywhere.
 */
public final class Gaussian {
  private Gaussian() {}

  /**
   * A standard normal variate by Marsaglia's polar method (two uniforms per attempt, accepted with
   * probability pi/4; only the first of the pair of normals is returned, so each call's draws depend on
   * the generator's state alone).
   */
  public static double next(SplittableRandom random) {
    double u;
    double v;
    double s;
    do {
      u = 2.0 * random.nextDouble() - 1.0;
      v = 2.0 * random.nextDouble() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    return u * Math.sqrt(-2.0 * Math.log(s) / s);
  }
}
