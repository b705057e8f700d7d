package io.sparkctr.optim.group;

import static io.sparkctr.optim.group.GroupTesting.randomStart;
import static io.sparkctr.optim.group.GroupTesting.roundTrip;
import static io.sparkctr.optim.group.GroupTesting.weights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Group Adam: the oracles of shared/docs/algorithms.md section 11.7 (with l1 = l2 = l21 = 0 it is
 * TensorFlow's Adam), the group threshold by hand, the first-update rule and warm starts, the intercept,
 * copy and serialization.
 */
class GroupAdamOptimizerTest {
  private static final GroupLayout ONE_ROW = new GroupLayout(2, 2, 0, 2);

  /** algorithms.md section 11.7: TF Adam (epsilon-hat form) from w0 = [0.2, -0.1], lr = 0.01. */
  @Test
  void withoutPenaltiesMatchesTheTensorFlowAdamTable() {
    final GroupAdamOptimizer opt =
        GroupAdamOptimizer.withWeights(GroupAdamHyperParams.of(0.01, 0, 0, 0), ONE_ROW, new double[] {0.2, -0.1}, 2);
    final double[][] g = {{0.3, -0.2}, {0.1, 0.4}, {-0.5, 0.05}};
    final double[][] expected = {{0.19000001, -0.09000002}, {0.18128938, -0.09366105}, {0.18309312, -0.09718371}};
    for (int step = 0; step < 3; step++) {
      final double w0 = opt.weight(0);
      final double w1 = opt.weight(1);
      opt.update(0, g[step][0], w0);
      opt.update(1, g[step][1], w1);
      opt.endStep();
      assertArrayEquals(expected[step], weights(opt), 1e-8, "step " + (step + 1)); // table printed to 8 decimals
    }
  }

  /** Lazy Adam (epsilon-hat), transcribed naively: one coordinate, bias correction from the global step. */
  private static final class NaiveLazyAdam {
    final double lr = 0.05;
    final double beta1 = 0.8;
    final double beta2 = 0.99;
    final double eps = 1e-7;
    double m;
    double v;
    double w;

    NaiveLazyAdam(double w0) {
      this.w = w0;
    }

    /** The coordinate's update at global step s (1-based). */
    void step(double g, long s) {
      m = beta1 * m + (1 - beta1) * g;
      v = beta2 * v + (1 - beta2) * g * g;
      final double alpha = lr * Math.sqrt(1 - Math.pow(beta2, s)) / (1 - Math.pow(beta1, s));
      w -= alpha * m / (Math.sqrt(v) + eps);
    }
  }

  /**
   * With l1 = l2 = l21 = 0, on a random sparse stream that also updates rows piecemeal, every coordinate
   * follows lazy Adam from its start (random, or zero): untouched coordinates keep m, v and w, and a
   * coordinate first updated late keeps its start weight until then.
   */
  @Test
  void withoutPenaltiesEqualsNaiveLazyAdam() {
    final GroupLayout layout = new GroupLayout(3 + 4 * 3 + 1, 3 + 4 * 3, 3, 3);
    final GroupAdamHyperParams hyper = new GroupAdamHyperParams(0.05, 0.8, 0.99, 1e-7, 0, 0, 0);
    for (double[] w0 : new double[][] {new double[layout.dimension()], randomStart(layout, 31)}) {
      final GroupAdamOptimizer opt = GroupAdamOptimizer.withWeights(hyper, layout, w0, layout.numRegularized());
      final NaiveLazyAdam[] reference = new NaiveLazyAdam[w0.length];
      for (int i = 0; i < w0.length; i++) {
        reference[i] = new NaiveLazyAdam(w0[i]);
      }
      final SplittableRandom random = new SplittableRandom(32);
      for (long s = 1; s <= 400; s++) {
        final double touch = s < 50 ? 0.05 : 0.4; // rare early: many coordinates are first updated late
        for (int i = 0; i < w0.length; i++) {
          if (random.nextDouble() < touch) {
            final double g = random.nextDouble(-1, 1);
            opt.update(i, g, opt.weight(i));
            reference[i].step(g, s);
          }
        }
        opt.endStep();
        for (int i = 0; i < w0.length; i++) {
          final double expected = reference[i].w;
          assertEquals(expected, opt.weight(i), 1e-12 * Math.max(1, Math.abs(expected)), "step " + s + ", " + i);
        }
      }
      assertEquals(400, opt.steps());
    }
  }

  /** One step of a row from zero, by hand: z = alpha_1 m, then the tfplus threshold with L1, L2, L21. */
  @Test
  void groupThresholdOfOneStepByHand() {
    final double lr = 0.1;
    final double[] g = {3, 4};
    final double alpha1 = lr * Math.sqrt(1 - 0.999) / (1 - 0.9);
    for (double[] l : new double[][] {{0, 0, 0}, {0, 0, 0.1}, {0, 0, 0.12}, {0.05, 0.2, 0.05}, {0.05, 0.2, 0.1}}) {
      final double l1 = l[0] * lr;
      final double l2 = l[1] * lr;
      final double l21 = l[2] * lr * Math.sqrt(2);
      final double[] s = new double[2];
      final double[] den = new double[2];
      for (int j = 0; j < 2; j++) {
        final double z = alpha1 * 0.1 * g[j]; // m = (1 - beta1) g; w = 0 so no re-basing
        s[j] = Math.max(-l1, Math.min(l1, z)) - z;
        den[j] = Math.sqrt(0.001 * g[j] * g[j]) + 1e-8 + 2 * l2;
      }
      final double norm = Math.hypot(s[0], s[1]);
      final double[] expected = new double[2];
      for (int j = 0; j < 2; j++) {
        expected[j] = norm > l21 ? s[j] * (1 - l21 / norm) / den[j] : 0.0;
      }
      final GroupAdamOptimizer opt = new GroupAdamOptimizer(GroupAdamHyperParams.of(lr, l[0], l[1], l[2]), ONE_ROW);
      opt.update(0, g[0], opt.weight(0));
      opt.update(1, g[1], opt.weight(1));
      opt.endStep();
      assertArrayEquals(expected, weights(opt), 1e-15, "l1, l2, l21 = " + java.util.Arrays.toString(l));
    }
    // ||z|| = alpha_1 * 0.1 * 5 = 0.0158: l21 = 0.1 keeps the row (L21 = 0.0141), l21 = 0.12 zeroes it.
    final GroupAdamOptimizer kept = new GroupAdamOptimizer(GroupAdamHyperParams.of(lr, 0, 0, 0.1), ONE_ROW);
    final GroupAdamOptimizer zeroed = new GroupAdamOptimizer(GroupAdamHyperParams.of(lr, 0, 0, 0.12), ONE_ROW);
    for (GroupAdamOptimizer opt : new GroupAdamOptimizer[] {kept, zeroed}) {
      opt.update(0, 3, 0);
      opt.update(1, 4, 0);
    }
    assertTrue(kept.weight(0) < 0 && kept.weight(1) < 0);
    assertArrayEquals(new double[2], weights(zeroed), 0.0);
  }

  /**
   * After every step, with rows updated one coordinate at a time (so the cached row factor must follow
   * each update), every weight is the tfplus closed form of the state read through the accessors.
   */
  @Test
  void weightsAreTheClosedFormOfTheState() {
    final GroupLayout layout = new GroupLayout(2 + 3 * 3 + 1, 2 + 3 * 3, 2, 3);
    final double lr = 0.05;
    final double l1 = 0.02;
    final double l2 = 0.1;
    final double l21 = 0.03;
    final GroupAdamOptimizer opt = GroupAdamOptimizer.withWeights(GroupAdamHyperParams.of(lr, l1, l2, l21), layout,
        randomStart(layout, 41), layout.numRegularized());
    final SplittableRandom random = new SplittableRandom(42);
    int zeros = 0;
    for (int step = 0; step < 300; step++) {
      final int i = random.nextInt(layout.dimension());
      opt.update(i, random.nextDouble(-1, 1) * (i % 2 == 0 ? 0.05 : 1), opt.weight(i));
      opt.endStep();
      for (int j = 0; j < layout.dimension(); j++) {
        final double expected;
        if (!opt.isUpdated(j)) {
          expected = opt.initialWeight(j);
        } else if (j >= layout.numRegularized()) {
          expected = -opt.z(j) / (Math.sqrt(opt.v(j)) + 1e-8);
        } else {
          final int from = layout.groupFirst(j);
          final int d = layout.groupSizeOf(j);
          double sumSq = 0;
          for (int k = from; k < from + d; k++) {
            final double s = Math.max(-l1 * lr, Math.min(l1 * lr, opt.z(k))) - opt.z(k);
            sumSq += s * s;
          }
          final double norm = Math.sqrt(sumSq);
          final double threshold = l21 * lr * Math.sqrt(d);
          final double s = Math.max(-l1 * lr, Math.min(l1 * lr, opt.z(j))) - opt.z(j);
          expected = norm > threshold ? s * (1 - threshold / norm) / (Math.sqrt(opt.v(j)) + 1e-8 + 2 * l2 * lr) : 0.0;
        }
        assertEquals(expected, opt.weight(j), 1e-15 * Math.max(1, Math.abs(expected)), "step " + step + ", " + j);
        zeros += opt.isUpdated(j) && j < layout.numRegularized() && expected == 0.0 ? 1 : 0;
      }
    }
    assertTrue(zeros > 100, zeros + " zero weights");
  }

  /** With l1 = 0, after every step each row is all zero or has no zero (whole-row updates). */
  @Test
  void everyRowIsAllZeroOrHasNoZeroWithoutL1() {
    final int rows = 12;
    final int d = 3;
    final GroupLayout layout = new GroupLayout(rows * d + 1, rows * d, 0, d);
    final GroupAdamOptimizer opt = GroupAdamOptimizer.withWeights(GroupAdamHyperParams.of(0.05, 0, 0.01, 0.05),
        layout, randomStart(layout, 33), rows * d);
    final SplittableRandom random = new SplittableRandom(34);
    final double[] w = new double[layout.dimension()];
    int zeroRowsSeen = 0;
    int fullRowsSeen = 0;
    for (int step = 0; step < 300; step++) {
      for (int r = 0; r < rows; r++) {
        if (random.nextDouble() < 0.3) {
          final double scale = r % 2 == 0 ? 0.01 : 2.0; // small gradients lose the row, large ones keep it
          for (int j = r * d; j < (r + 1) * d; j++) {
            w[j] = opt.weight(j);
          }
          for (int j = r * d; j < (r + 1) * d; j++) {
            opt.update(j, scale * random.nextDouble(-1, 1), w[j]);
          }
        }
      }
      opt.endStep();
      for (int r = 0; r < rows; r++) {
        if (!opt.isUpdated(r * d)) {
          continue; // still its start
        }
        int zeros = 0;
        for (int j = r * d; j < (r + 1) * d; j++) {
          zeros += opt.weight(j) == 0.0 ? 1 : 0;
        }
        assertTrue(zeros == 0 || zeros == d, "step " + step + ", row " + r + ": " + zeros + " zeros");
        zeroRowsSeen += zeros == d ? 1 : 0;
        fullRowsSeen += zeros == 0 ? 1 : 0;
      }
    }
    assertTrue(zeroRowsSeen > 100 && fullRowsSeen > 100, zeroRowsSeen + " zero rows, " + fullRowsSeen + " full rows");
  }

  /**
   * The first-update rule: a warm start reads back exactly, rows not updated keep it through any number
   * of steps (and under any penalty), and a row first updated at global step 6 takes Adam's step from
   * its start with the bias correction of step 6 (tfplus's global "t = 1" rule would have kept only
   * sqrt(v) / (sqrt(v) + eps) of it).
   */
  @Test
  void warmStartSurvivesUntilAndThroughTheFirstUpdate() {
    final GroupLayout layout = new GroupLayout(2 + 2 * 2 + 1, 2 + 2 * 2, 2, 2);
    final double[] w0 = {0.3, -0.2, 0.05, -0.07, 0.11, 0.02, 0.4};
    final GroupAdamOptimizer penalised =
        GroupAdamOptimizer.withWeights(GroupAdamHyperParams.of(0.01, 5, 5, 5), layout, w0, 6);
    final GroupAdamOptimizer plain =
        GroupAdamOptimizer.withWeights(GroupAdamHyperParams.of(0.01, 0, 0, 0), layout, w0, 6);
    assertArrayEquals(w0, weights(penalised), 0.0);
    assertArrayEquals(w0, weights(plain), 0.0);
    for (int s = 1; s <= 5; s++) { // only row {2, 3} is updated
      for (GroupAdamOptimizer opt : new GroupAdamOptimizer[] {penalised, plain}) {
        final double a = opt.weight(2);
        final double b = opt.weight(3);
        opt.update(2, 0.5, a);
        opt.update(3, -0.5, b);
        opt.endStep();
      }
    }
    for (int i : new int[] {0, 1, 4, 5, 6}) {
      assertEquals(w0[i], penalised.weight(i), 0.0, "untouched " + i);
      assertEquals(w0[i], plain.weight(i), 0.0, "untouched " + i);
    }
    assertEquals(0.0, penalised.weight(2), 0.0, "the penalty acts from the first update on");
    // Step 6 updates row {4, 5}: Adam's first step from w0 with alpha_6.
    final double g = 0.3;
    plain.update(4, g, plain.weight(4));
    plain.update(5, -g, plain.weight(5));
    plain.endStep();
    final double alpha6 = 0.01 * Math.sqrt(1 - Math.pow(0.999, 6)) / (1 - Math.pow(0.9, 6));
    final double step = alpha6 * (0.1 * g) / (Math.sqrt(0.001 * g * g) + 1e-8);
    assertEquals(w0[4] - step, plain.weight(4), 1e-15);
    assertEquals(w0[5] + step, plain.weight(5), 1e-15);
  }

  /**
   * A zero gradient at a first update after global step 1 keeps the start: z = -eps w over
   * sqrt(v) + eps = eps. (tfplus's global "t = 1" rule gives z = 0 here: w = 0.)
   */
  @Test
  void aZeroFirstGradientAtALaterStepKeepsTheStart() {
    final double[] w0 = {0.5, -0.25};
    final GroupAdamOptimizer opt =
        GroupAdamOptimizer.withWeights(GroupAdamHyperParams.of(0.01, 0, 0, 0), ONE_ROW, w0, 2);
    for (int s = 0; s < 3; s++) {
      opt.endStep();
    }
    opt.update(0, 0.0, opt.weight(0));
    opt.update(1, 0.0, opt.weight(1));
    opt.endStep();
    assertTrue(opt.isUpdated(0) && opt.isUpdated(1));
    assertArrayEquals(w0, weights(opt), 1e-15);
  }

  /** The intercept is plain Adam under any penalty, while the penalised coordinates are zeroed. */
  @Test
  void interceptIsUnpenalised() {
    final GroupLayout layout = new GroupLayout(5, 4, 2, 2);
    final GroupAdamOptimizer penalised = GroupAdamOptimizer.withWeights(
        new GroupAdamHyperParams(0.05, 0.8, 0.99, 1e-7, 50, 50, 50), layout, new double[] {0.1, 0.1, 0.1, 0.1, 0.3}, 4);
    final NaiveLazyAdam reference = new NaiveLazyAdam(0.3);
    final SplittableRandom random = new SplittableRandom(35);
    for (long s = 1; s <= 60; s++) {
      for (int i = 0; i < 5; i++) {
        final double g = random.nextDouble(-1, 1);
        penalised.update(i, g, penalised.weight(i));
        if (i == 4) {
          reference.step(g, s);
        }
      }
      penalised.endStep();
      assertEquals(reference.w, penalised.weight(4), 1e-12);
      for (int i = 0; i < 4; i++) {
        assertEquals(0.0, penalised.weight(i), 0.0);
      }
    }
    assertNotEquals(0.0, penalised.weight(4));
  }

  private static GroupAdamOptimizer trained(long seed) {
    final GroupLayout layout = new GroupLayout(2 + 3 * 4 + 1, 2 + 3 * 4, 2, 4);
    final GroupAdamOptimizer opt = GroupAdamOptimizer.withWeights(GroupAdamHyperParams.of(0.05, 0.01, 0.01, 0.05),
        layout, randomStart(layout, seed), 14);
    GroupTesting.drive(opt, layout, seed, 40, 0.3);
    return opt;
  }

  @Test
  void copyIsIndependent() {
    final GroupAdamOptimizer opt = trained(36);
    final GroupAdamOptimizer copy = opt.copy();
    assertEquals(opt.steps(), copy.steps());
    final double[] before = weights(copy);
    assertArrayEquals(weights(opt), before, 0.0);
    GroupTesting.drive(opt, opt.layout(), 37, 20, 0.5);
    assertArrayEquals(before, weights(copy), 0.0, "stepping the original moved the copy");
    assertEquals(40, copy.steps());
    final double[] original = weights(opt);
    GroupTesting.drive(copy, copy.layout(), 38, 20, 0.5);
    assertArrayEquals(original, weights(opt), 0.0, "stepping the copy moved the original");
  }

  @Test
  void serializationKeepsTheStateExactly() throws Exception {
    final GroupAdamOptimizer opt = trained(39);
    final GroupAdamOptimizer back = roundTrip(opt);
    assertEquals(opt.hyper(), back.hyper());
    assertEquals(opt.layout(), back.layout());
    assertEquals(opt.steps(), back.steps());
    assertArrayEquals(weights(opt), weights(back), 0.0);
    GroupTesting.drive(opt, opt.layout(), 40, 30, 0.5);
    GroupTesting.drive(back, back.layout(), 40, 30, 0.5);
    assertArrayEquals(weights(opt), weights(back), 0.0);
  }

  @Test
  void rejectsInvalidHyperparametersStepsAndWarmStarts() {
    final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GroupAdamHyperParams(0.01, 1.0, 0.999, 1e-8, 0, 0, 0));
    assertEquals("GroupAdam beta1 MUST be finite and in [0, 1), but got 1.0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new GroupAdamHyperParams(0, 0.9, 0.999, 1e-8, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new GroupAdamHyperParams(0.01, 0.9, -0.1, 1e-8, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new GroupAdamHyperParams(0.01, 0.9, 0.999, 0, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new GroupAdamHyperParams(0.01, 0.9, 0.999, 1e-8, -1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new GroupAdamHyperParams(0.01, 0.9, 0.999, 1e-8, 0, -1, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new GroupAdamHyperParams(0.01, 0.9, 0.999, 1e-8, 0, 0, Double.NaN));
    assertEquals(new GroupAdamHyperParams(0.01, 0.9, 0.999, 1e-8, 1, 2, 3), GroupAdamHyperParams.of(0.01, 1, 2, 3));
    final GroupAdamOptimizer opt = new GroupAdamOptimizer(GroupAdamHyperParams.of(0.01, 0, 0, 0), ONE_ROW);
    assertThrows(IllegalArgumentException.class, () -> opt.advanceSteps(-1));
    assertThrows(IllegalArgumentException.class,
        () -> GroupAdamOptimizer.withWeights(GroupAdamHyperParams.of(0.01, 0, 0, 0), ONE_ROW, new double[3], 2));
    assertThrows(IllegalArgumentException.class, () -> GroupAdamOptimizer.withWeights(
        GroupAdamHyperParams.of(0.01, 0, 0, 0), ONE_ROW, new double[] {Double.NaN, 0}, 2));
  }
}
