package io.sparkctr.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.optim.fobos.FobosHyperParams;
import io.sparkctr.optim.fobos.FobosOptimizer;
import io.sparkctr.optim.schedule.LearningRateSchedule;
import io.sparkctr.optim.sgd.L1SgdHyperParams;
import io.sparkctr.optim.sgd.L1SgdOptimizer;
import io.sparkctr.optim.sgd.SgdHyperParams;
import io.sparkctr.optim.sgd.SgdOptimizer;
import io.sparkctr.optim.truncatedgradient.TruncatedGradientHyperParams;
import io.sparkctr.optim.truncatedgradient.TruncatedGradientOptimizer;
import io.sparkctr.optim.truncation.TruncationHyperParams;
import io.sparkctr.optim.truncation.TruncationOptimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lazy catch-up equals the eager form (algorithms.md sections 1-4 "Lazy form", 11.2, 11.3): every
 * optimizer with catch-up, both schedules, on a seeded random sparse stream from a random warm start.
 * The eager reference below is a naive transcription of each update rule, applied at every step to
 * every coordinate (zero gradient when untouched). Tolerance 1e-12 absolute on weights of order 1:
 * lazy and eager only differ in rounding (summed vs repeated shrinkage, pow vs products).
 */
class LazyEqualsEagerTest {
  private static final double TOLERANCE = 1e-12;
  private static final int DIMENSION = 9;
  private static final int NUM_REGULARIZED = 8; // coordinate 8 is the intercept
  private static final int STEPS = 600;

  /** One eager step of the rule on one coordinate: step number s (1-based). */
  interface EagerRule {
    /** @param f the step-size factor (1, or a decay's product after a restart) */
    double step(double w, double g, long s, boolean regularized, double f);
  }

  record Case(String name, Function<double[], SparseOnlineOptimizer> lazy, EagerRule eager) {
    @Override
    public String toString() {
      return name;
    }
  }

  static double eta(LearningRateSchedule schedule, double eta0, long s) {
    return schedule == LearningRateSchedule.CONSTANT ? eta0 : eta0 / Math.sqrt(s);
  }

  static double soft(double v, double a) {
    return Math.signum(v) * Math.max(Math.abs(v) - a, 0.0);
  }

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (LearningRateSchedule sch : LearningRateSchedule.values()) {
      final String tag = " " + sch.paramName();
      final double eta0 = 0.1;
      {
        final double l2 = 0.9;
        cases.add(new Case("sgd l2" + tag,
            w0 -> new SgdOptimizer(new SgdHyperParams(eta0, sch, l2), w0, NUM_REGULARIZED),
            (w, g, s, reg, f) -> w - eta(sch, eta0 * f, s) * (g + (reg ? l2 * w : 0))));
      }
      for (double[] l1l2 : new double[][] {{0.3, 0}, {0.3, 0.7}, {0, 0.7}}) {
        final double l1 = l1l2[0];
        final double l2 = l1l2[1];
        cases.add(new Case("l1sgd l1=" + l1 + " l2=" + l2 + tag,
            w0 -> new L1SgdOptimizer(new L1SgdHyperParams(eta0, sch, l1, l2), w0, NUM_REGULARIZED),
            (w, g, s, reg, f) ->
                w - eta(sch, eta0 * f, s) * (g + (reg ? l1 * Math.signum(w) + l2 * w : 0))));
        cases.add(new Case("fobos l1=" + l1 + " l2=" + l2 + tag,
            w0 -> new FobosOptimizer(new FobosHyperParams(eta0, sch, l1, l2), w0, NUM_REGULARIZED),
            (w, g, s, reg, f) -> {
              final double e = eta(sch, eta0 * f, s);
              final double half = w - e * g;
              return reg ? soft(half, e * l1) / (1 + e * l2) : half;
            }));
      }
      for (int k : new int[] {1, 3}) {
        final double theta = 0.25;
        cases.add(new Case("truncation theta=" + theta + " K=" + k + tag,
            w0 -> new TruncationOptimizer(new TruncationHyperParams(eta0, sch, theta, k), w0, NUM_REGULARIZED),
            (w, g, s, reg, f) -> {
              final double v = w - eta(sch, eta0 * f, s) * g;
              return reg && s % k == 0 && Math.abs(v) <= theta ? 0.0 : v;
            }));
        for (double tgTheta : new double[] {Double.POSITIVE_INFINITY, 0.4}) {
          final double gravity = 0.2;
          cases.add(new Case("tg gravity=" + gravity + " theta=" + tgTheta + " K=" + k + tag,
              w0 -> new TruncatedGradientOptimizer(
                  new TruncatedGradientHyperParams(eta0, sch, gravity, tgTheta, k), w0, NUM_REGULARIZED),
              (w, g, s, reg, f) -> {
                final double e = eta(sch, eta0 * f, s);
                final double v = w - e * g;
                if (!reg || s % k != 0) {
                  return v;
                }
                final double alpha = e * k * gravity;
                if (v >= 0 && v <= tgTheta) {
                  return Math.max(0, v - alpha);
                }
                if (v < 0 && v >= -tgTheta) {
                  return Math.min(0, v + alpha);
                }
                return v;
              }));
        }
      }
    }
    return cases;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void lazyCatchUpEqualsEagerOnARandomSparseStream(Case c) {
    for (long seed = 1; seed <= 3; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      double[] eager = new double[DIMENSION];
      for (int i = 0; i < DIMENSION; i++) {
        eager[i] = random.nextDouble(-1, 1);
      }
      SparseOnlineOptimizer lazy = c.lazy().apply(eager.clone());
      double[] g = new double[DIMENSION];
      int longestGap = 0;
      int[] lastTouch = new int[DIMENSION];
      for (int s = 1; s <= STEPS; s++) {
        // Rare coordinates (high index) are touched less often, so gaps get long.
        for (int i = 0; i < DIMENSION; i++) {
          g[i] = random.nextDouble() < 0.6 / (1 + i) ? random.nextDouble(-1, 1) : 0.0;
        }
        for (int i = 0; i < DIMENSION; i++) {
          if (g[i] != 0.0) {
            lazy.update(i, g[i], lazy.weight(i));
            longestGap = Math.max(longestGap, s - lastTouch[i]);
            lastTouch[i] = s;
          } else if (random.nextDouble() < 0.02) {
            lazy.weight(i); // a read without an update (e.g. scoring) must not disturb catch-up
          }
        }
        lazy.endStep();
        for (int i = 0; i < DIMENSION; i++) {
          eager[i] = c.eager().step(eager[i], g[i], s, i < NUM_REGULARIZED, 1.0);
        }
        if (s % 37 == 0) {
          assertClose(eager, OptimizerTesting.weightsOfCopy(lazy), c + " seed " + seed + " step " + s);
        }
      }
      double[] out = new double[DIMENSION];
      lazy.weights(out);
      assertClose(eager, out, c + " seed " + seed + " final");
      assertTrue(longestGap >= 20, "the stream must leave coordinates untouched for long: " + longestGap);
    }
  }

  /**
   * A step-size decay restarts the optimizer at a tenth of its rate from its caught-up weights
   * ({@link SteppedWeightOptimizer#withStepSizeScaled}): the eager rule continues at eta0 / 10 with its step
   * count (and truncation period) restarted. Constant schedule only: invSqrt does not decay.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aStepSizeDecayMidStreamEqualsTheEagerRuleAtTheNewRate(Case c) {
    SplittableRandom random = new SplittableRandom(11);
    double[] eager = new double[DIMENSION];
    for (int i = 0; i < DIMENSION; i++) {
      eager[i] = random.nextDouble(-1, 1);
    }
    SparseOnlineOptimizer lazy = c.lazy().apply(eager.clone());
    if (!(lazy instanceof SteppedWeightOptimizer stepped) || !stepped.decays()) {
      assertTrue(c.toString().contains("invSqrt"), "every constant-schedule plain-step optimizer decays: " + c);
      return;
    }
    double[] g = new double[DIMENSION];
    double f = 1.0;
    long restartedAt = 0;
    for (int s = 1; s <= STEPS; s++) {
      if (s == STEPS / 3 || s == 2 * STEPS / 3) {
        lazy = ((SteppedWeightOptimizer) lazy).withStepSizeScaled(0.1);
        f *= 0.1;
        restartedAt = s - 1;
      }
      for (int i = 0; i < DIMENSION; i++) {
        g[i] = random.nextDouble() < 0.6 / (1 + i) ? random.nextDouble(-1, 1) : 0.0;
        if (g[i] != 0.0) {
          lazy.update(i, g[i], lazy.weight(i));
        }
      }
      lazy.endStep();
      for (int i = 0; i < DIMENSION; i++) {
        eager[i] = c.eager().step(eager[i], g[i], s - restartedAt, i < NUM_REGULARIZED, f);
      }
    }
    double[] out = new double[DIMENSION];
    lazy.weights(out);
    assertClose(eager, out, c + " after two decays");
  }

  private static void assertClose(double[] expected, double[] actual, String message) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], TOLERANCE, message + " coordinate " + i);
      if (expected[i] == 0.0) {
        assertEquals(0.0, actual[i], 0.0, message + ": eager exact zero must be an exact zero, coordinate " + i);
      }
    }
  }
}
