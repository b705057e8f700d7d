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
 * Numeric oracles of shared/docs/algorithms.md section 11.7 (tfplus semantics: lr = 0.1, acc0 = 0.1,
 * l2 = 0, d = 2, w0 = 0) and the properties listed there, plus warm start, intercept, copy and
 * serialization.
 */
class SparseGroupFtrlOptimizerTest {
  private static final double TOLERANCE = 5e-8; // the oracles are printed to 7 significant digits

  /** One row of two coordinates [0, 2), nothing else. */
  private static final GroupLayout ONE_ROW = new GroupLayout(2, 2, 0, 2);

  /** One step with gradient g from the zero state of a single row; the row's weights after it. */
  private static double[] oneStep(SparseGroupFtrlHyperParams hyper, double... g) {
    final SparseGroupFtrlOptimizer opt = new SparseGroupFtrlOptimizer(hyper, new GroupLayout(g.length, g.length, 0,
        g.length));
    for (int i = 0; i < g.length; i++) {
      opt.update(i, g[i], opt.weight(i));
    }
    opt.endStep();
    final double[] w = new double[g.length];
    opt.weights(w);
    return w;
  }

  @Test
  void matchesTheOraclesOfOneRowStep() {
    final double[] l21One = oneStep(new SparseGroupFtrlHyperParams(0.1, 0.1, 0, 0, 1.0), 3, 4);
    assertEquals(-0.0713206, l21One[0], TOLERANCE);
    assertEquals(-0.0714927, l21One[1], TOLERANCE);
    final double[] l21Four = oneStep(new SparseGroupFtrlHyperParams(0.1, 0.1, 0, 0, 4.0), 3, 4);
    assertArrayEquals(new double[] {0.0, 0.0}, l21Four, 0.0, "4 sqrt(2) = 5.657 > ||z|| = 5: the row is zero");
    final double[] l21Zero = oneStep(new SparseGroupFtrlHyperParams(0.1, 0.1, 0, 0, 0.0), 3, 4);
    assertEquals(-0.0994490, l21Zero[0], TOLERANCE);
    assertEquals(-0.0996890, l21Zero[1], TOLERANCE);
    // l21 = 0 is TensorFlow's per-coordinate FTRL: var = -linear / (sqrt(accum_new) / lr).
    assertEquals(-3 / (Math.sqrt(0.1 + 9) / 0.1), l21Zero[0], 1e-15);
    assertEquals(-4 / (Math.sqrt(0.1 + 16) / 0.1), l21Zero[1], 1e-15);
  }

  @Test
  void zeroesTheWholeRowEvenWhereL1AloneKeepsACoordinate() {
    // g = [3, 1], l1 = 2: s = [-1, 0], ||s|| = 1 < l21 sqrt(2) = 1.414.
    assertArrayEquals(new double[] {0.0, 0.0}, oneStep(new SparseGroupFtrlHyperParams(0.1, 0.1, 2, 0, 1), 3, 1), 0.0);
    final double[] l1Only = oneStep(new SparseGroupFtrlHyperParams(0.1, 0.1, 2, 0, 0), 3, 1);
    assertEquals(-1 / (Math.sqrt(9.1) / 0.1), l1Only[0], 1e-15, "plain L1 keeps the first coordinate");
    assertEquals(0.0, l1Only[1], 0.0);
  }

  /** TensorFlow's per-coordinate FTRL (lr_power = -0.5), transcribed naively: one coordinate's state. */
  private static final class NaiveTfFtrl {
    final double lr;
    final double l1;
    final double l2;
    double accum;
    double linear;
    double var;

    NaiveTfFtrl(double lr, double accum0, double l1, double l2) {
      this.lr = lr;
      this.accum = accum0;
      this.l1 = l1;
      this.l2 = l2;
    }

    void step(double g) {
      final double accumNew = accum + g * g;
      linear += g - (Math.sqrt(accumNew) - Math.sqrt(accum)) / lr * var;
      var = Math.abs(linear) > l1 ? (Math.signum(linear) * l1 - linear) / (Math.sqrt(accumNew) / lr + 2 * l2) : 0.0;
      accum = accumNew;
    }
  }

  /**
   * algorithms.md section 11.7: a group of size 1 is L1-FTRL with l1' = l1 + l21, on a random sparse
   * stream, both for singletons before groupStart and for rows of size 1; and the intercept is plain
   * TensorFlow FTRL.
   */
  @Test
  void groupsOfSizeOneAreL1FtrlWithTheSumOfBothStrengths() {
    final double lr = 0.2;
    final double l1 = 0.3;
    final double l2 = 0.25;
    final double l21 = 0.4;
    final SparseGroupFtrlHyperParams hyper = new SparseGroupFtrlHyperParams(lr, 0.1, l1, l2, l21);
    final GroupLayout layout = new GroupLayout(7, 6, 3, 1); // 3 singletons, 3 rows of 1, intercept
    final SparseGroupFtrlOptimizer opt = new SparseGroupFtrlOptimizer(hyper, layout);
    final NaiveTfFtrl[] reference = new NaiveTfFtrl[7];
    for (int i = 0; i < 7; i++) {
      reference[i] = i < 6 ? new NaiveTfFtrl(lr, 0.1, l1 + l21, l2) : new NaiveTfFtrl(lr, 0.1, 0, 0);
    }
    final SplittableRandom random = new SplittableRandom(11);
    int nonzero = 0;
    int zero = 0;
    for (int step = 0; step < 500; step++) {
      for (int i = 0; i < 7; i++) {
        if (random.nextDouble() < 0.4) {
          final double g = random.nextDouble(-2, 2);
          opt.update(i, g, opt.weight(i));
          reference[i].step(g);
        }
      }
      opt.endStep();
      for (int i = 0; i < 7; i++) {
        final double expected = reference[i].var;
        assertEquals(expected, opt.weight(i), 1e-12 * Math.max(1, Math.abs(expected)), "step " + step + ", " + i);
        if (i < 6) {
          if (expected == 0.0) {
            zero++;
          } else {
            nonzero++;
          }
        }
      }
    }
    assertTrue(zero > 100 && nonzero > 100, "both regimes seen: " + zero + " zero, " + nonzero + " nonzero");
  }

  /** Random gradients for rows of d coordinates; the count of zero rows after one step from zero. */
  @Test
  void zeroRowCountOfOneStepIsMonotoneInL21() {
    final int rows = 60;
    final int d = 4;
    final GroupLayout layout = new GroupLayout(rows * d, rows * d, 0, d);
    final double[] g = new double[rows * d];
    final SplittableRandom random = new SplittableRandom(12);
    for (int i = 0; i < g.length; i++) {
      g[i] = random.nextDouble(-1, 1);
    }
    // From z = 0 every weight read is 0, so the step's sigma w term vanishes and z = g for every l21.
    int previous = -1;
    for (double l21 = 0.0; l21 <= 1.2; l21 += 0.05) {
      final SparseGroupFtrlOptimizer opt =
          new SparseGroupFtrlOptimizer(new SparseGroupFtrlHyperParams(0.1, 0.1, 0.1, 0.0, l21), layout);
      for (int i = 0; i < g.length; i++) {
        opt.update(i, g[i], opt.weight(i));
      }
      opt.endStep();
      final int zeroRows = countZeroRows(opt, rows, d);
      assertTrue(zeroRows >= previous, "l21 = " + l21 + ": " + zeroRows + " zero rows after " + previous);
      previous = zeroRows;
    }
    assertEquals(rows, previous, "a large l21 zeroes every row");
  }

  /** For a fixed state (z, n), the zero rows read grow with l21 (the decision compares ||s|| with l21 sqrt(d)). */
  @Test
  void zeroRowCountOfAFixedStateIsMonotoneInL21() {
    final int rows = 60;
    final int d = 3;
    final GroupLayout layout = new GroupLayout(rows * d, rows * d, 0, d);
    final double[] z = new double[rows * d];
    final double[] n = new double[rows * d];
    final SplittableRandom random = new SplittableRandom(13);
    for (int i = 0; i < z.length; i++) {
      z[i] = random.nextDouble(-2, 2);
      n[i] = random.nextDouble(0.1, 5);
    }
    int previous = -1;
    for (double l21 = 0.0; l21 <= 2.5; l21 += 0.1) {
      final int zeroRows =
          countZeroRows(SparseGroupFtrlOptimizer.withState(new SparseGroupFtrlHyperParams(0.1, 0.1, 0.2, 0.1, l21),
              layout, z, n), rows, d);
      assertTrue(zeroRows >= previous, "l21 = " + l21);
      previous = zeroRows;
    }
    assertEquals(rows, previous);
  }

  private static int countZeroRows(SparseGroupFtrlOptimizer opt, int rows, int d) {
    int zeroRows = 0;
    for (int r = 0; r < rows; r++) {
      boolean allZero = true;
      for (int j = 0; j < d; j++) {
        allZero &= opt.weight(r * d + j) == 0.0;
      }
      zeroRows += allZero ? 1 : 0;
    }
    return zeroRows;
  }

  /**
   * algorithms.md sections 7.5 and 11.7: with l1 = 0, after every step each row is all zero or has no
   * zero, on a random stream that updates whole rows (as an FM's factors are).
   */
  @Test
  void everyRowIsAllZeroOrHasNoZeroWithoutL1() {
    final int singletons = 2;
    final int rows = 12;
    final int d = 3;
    final int numRegularized = singletons + rows * d;
    final GroupLayout layout = new GroupLayout(numRegularized + 1, numRegularized, singletons, d);
    final SparseGroupFtrlOptimizer opt =
        new SparseGroupFtrlOptimizer(new SparseGroupFtrlHyperParams(0.1, 0.1, 0.0, 0.05, 0.6), layout);
    final SplittableRandom random = new SplittableRandom(14);
    int zeroRowsSeen = 0;
    int fullRowsSeen = 0;
    final double[] w = new double[layout.dimension()];
    for (int step = 0; step < 300; step++) {
      for (int r = 0; r < rows; r++) {
        if (random.nextDouble() < 0.3) {
          final int from = singletons + r * d;
          final double scale = r % 2 == 0 ? 0.05 : 2.0; // small gradients lose the row, large ones keep it
          for (int j = from; j < from + d; j++) {
            w[j] = opt.weight(j); // read the row, then update it
          }
          for (int j = from; j < from + d; j++) {
            opt.update(j, scale * random.nextDouble(-1, 1), w[j]);
          }
        }
      }
      opt.endStep();
      for (int r = 0; r < rows; r++) {
        int zeros = 0;
        for (int j = singletons + r * d; j < singletons + (r + 1) * d; j++) {
          zeros += opt.weight(j) == 0.0 ? 1 : 0;
        }
        assertTrue(zeros == 0 || zeros == d, "step " + step + ", row " + r + ": " + zeros + " zeros");
        zeroRowsSeen += zeros == d ? 1 : 0;
        fullRowsSeen += zeros == 0 ? 1 : 0;
      }
    }
    assertTrue(zeroRowsSeen > 100 && fullRowsSeen > 100, zeroRowsSeen + " zero rows, " + fullRowsSeen + " full rows");
  }

  /** The cached row factor follows every update: the weights equal a fresh state's from the same (z, n). */
  @Test
  void cachedRowFactorFollowsUpdatesOfSingleCoordinates() {
    final GroupLayout layout = new GroupLayout(9, 8, 2, 3);
    final SparseGroupFtrlHyperParams hyper = new SparseGroupFtrlHyperParams(0.1, 0.1, 0.05, 0.1, 0.3);
    final SparseGroupFtrlOptimizer opt = new SparseGroupFtrlOptimizer(hyper, layout);
    final SplittableRandom random = new SplittableRandom(15);
    final double[] z = new double[9];
    final double[] n = new double[9];
    for (int step = 0; step < 200; step++) {
      final int i = random.nextInt(9); // one coordinate per step: rows are updated piecemeal
      opt.update(i, random.nextDouble(-1, 1), opt.weight(i));
      opt.endStep();
      for (int j = 0; j < 9; j++) {
        z[j] = opt.z(j);
        n[j] = opt.n(j);
      }
      final SparseGroupFtrlOptimizer fresh = SparseGroupFtrlOptimizer.withState(hyper, layout, z, n);
      for (int j = 0; j < 9; j++) {
        assertEquals(fresh.weight(j), opt.weight(j), 0.0, "step " + step + ", coordinate " + j);
      }
    }
  }

  @Test
  void warmStartReadsBackItsWeights() {
    final GroupLayout layout = new GroupLayout(4 + 6 * 4 + 1, 4 + 6 * 4, 4, 4);
    final double[] start = randomStart(layout, 16);
    final double[] w0NoIntercept = start.clone();
    w0NoIntercept[start.length - 1] = 0.0; // with n0 = 0 the intercept's denominator is 0
    for (SparseGroupFtrlHyperParams hyper : new SparseGroupFtrlHyperParams[] {
        new SparseGroupFtrlHyperParams(0.1, 0.1, 0, 0, 0), new SparseGroupFtrlHyperParams(0.05, 0.1, 0.7, 0.3, 1.5),
        new SparseGroupFtrlHyperParams(0.05, 0.0, 0.7, 0.3, 1.5)}) {
      final double[] w0 = hyper.initialAccumulator() > 0 ? start : w0NoIntercept;
      final SparseGroupFtrlOptimizer opt =
          SparseGroupFtrlOptimizer.withWeights(hyper, layout, w0, layout.numRegularized());
      final double[] back = new double[w0.length];
      opt.weights(back);
      for (int i = 0; i < w0.length; i++) {
        assertEquals(w0[i], back[i], 1e-12 * Math.max(1, Math.abs(w0[i])), hyper + ", coordinate " + i);
        assertEquals(w0[i] == 0.0, back[i] == 0.0, "zeros stay exact at " + i);
      }
    }
  }

  /**
   * algorithms.md section 6.4: with z = 0 the first update would wipe the start; the warm start keeps it.
   * Without penalties its first step is AdaGrad's, w0 - alpha g / sqrt(n0 + g^2).
   */
  @Test
  void warmStartSurvivesTheFirstUpdate() {
    final GroupLayout layout = new GroupLayout(3, 2, 0, 2);
    final SparseGroupFtrlHyperParams hyper = new SparseGroupFtrlHyperParams(0.1, 0.1, 0, 0, 0);
    final double[] w0 = {0.5, -0.3, 0.2};
    final double[] g = {0.01, 0.02, -0.03};
    final SparseGroupFtrlOptimizer opt = SparseGroupFtrlOptimizer.withWeights(hyper, layout, w0, 2);
    for (int i = 0; i < 3; i++) {
      opt.update(i, g[i], opt.weight(i));
    }
    opt.endStep();
    for (int i = 0; i < 3; i++) {
      assertEquals(w0[i] - 0.1 * g[i] / Math.sqrt(0.1 + g[i] * g[i]), opt.weight(i), 1e-14, "coordinate " + i);
    }
  }

  @Test
  void warmStartRejectsWeightsNoStateRepresents() {
    final GroupLayout layout = new GroupLayout(3, 2, 0, 2);
    final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SparseGroupFtrlOptimizer.withWeights(new SparseGroupFtrlHyperParams(0.1, 0.0, 0, 0, 0), layout,
            new double[] {0.5, 0, 0}, 2));
    assertTrue(e.getMessage().contains("initialAccumulator = 0.0"), e.getMessage());
    // Zeros need no denominator.
    SparseGroupFtrlOptimizer.withWeights(new SparseGroupFtrlHyperParams(0.1, 0.0, 0, 0, 0), layout, new double[3], 2);
    assertThrows(IllegalArgumentException.class, () -> SparseGroupFtrlOptimizer.withWeights(
        SparseGroupFtrlHyperParams.of(0.1, 0, 0, 0), layout, new double[4], 2));
    assertThrows(IllegalArgumentException.class, () -> SparseGroupFtrlOptimizer.withWeights(
        SparseGroupFtrlHyperParams.of(0.1, 0, 0, 0), layout, new double[3], 3));
  }

  /** The intercept is plain TensorFlow FTRL under any penalty, while the penalised coordinates are zeroed. */
  @Test
  void interceptIsUnpenalised() {
    final GroupLayout layout = new GroupLayout(5, 4, 2, 2);
    final SparseGroupFtrlOptimizer penalised =
        new SparseGroupFtrlOptimizer(new SparseGroupFtrlHyperParams(0.1, 0.1, 50, 50, 50), layout);
    final NaiveTfFtrl reference = new NaiveTfFtrl(0.1, 0.1, 0, 0);
    final SplittableRandom random = new SplittableRandom(17);
    for (int step = 0; step < 50; step++) {
      for (int i = 0; i < 5; i++) {
        final double g = random.nextDouble(-1, 1);
        penalised.update(i, g, penalised.weight(i));
        if (i == 4) {
          reference.step(g);
        }
      }
      penalised.endStep();
      assertEquals(reference.var, penalised.weight(4), 1e-12);
      for (int i = 0; i < 4; i++) {
        assertEquals(0.0, penalised.weight(i), 0.0);
      }
    }
    assertNotEquals(0.0, penalised.weight(4));
  }

  private static SparseGroupFtrlOptimizer trained(long seed) {
    final GroupLayout layout = new GroupLayout(2 + 3 * 4 + 1, 2 + 3 * 4, 2, 4);
    final SparseGroupFtrlOptimizer opt = SparseGroupFtrlOptimizer.withWeights(
        new SparseGroupFtrlHyperParams(0.1, 0.1, 0.01, 0.01, 0.05), layout, randomStart(layout, seed), 14);
    drive(opt, seed, 40);
    return opt;
  }

  private static void drive(SparseGroupFtrlOptimizer opt, long seed, int steps) {
    GroupTesting.drive(opt, opt.layout(), seed, steps, 0.5);
  }

  @Test
  void copyIsIndependent() {
    final SparseGroupFtrlOptimizer opt = trained(18);
    final SparseGroupFtrlOptimizer copy = opt.copy();
    final double[] before = weights(copy);
    assertArrayEquals(weights(opt), before, 0.0);
    drive(opt, 19, 20);
    assertArrayEquals(before, weights(copy), 0.0, "stepping the original moved the copy");
    final double[] original = weights(opt);
    drive(copy, 20, 20);
    assertArrayEquals(original, weights(opt), 0.0, "stepping the copy moved the original");
  }

  @Test
  void serializationKeepsTheStateExactly() throws Exception {
    final SparseGroupFtrlOptimizer opt = trained(21);
    final SparseGroupFtrlOptimizer back = roundTrip(opt);
    assertEquals(opt.hyper(), back.hyper());
    assertEquals(opt.layout(), back.layout());
    assertArrayEquals(weights(opt), weights(back), 0.0);
    drive(opt, 22, 30);
    drive(back, 22, 30);
    assertArrayEquals(weights(opt), weights(back), 0.0);
    for (int i = 0; i < opt.dimension(); i++) {
      assertEquals(opt.z(i), back.z(i), 0.0);
      assertEquals(opt.n(i), back.n(i), 0.0);
    }
  }

  @Test
  void rejectsInvalidHyperparameters() {
    final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SparseGroupFtrlHyperParams(0.0, 0.1, 0, 0, 0));
    assertEquals("SparseGroupFtrl alpha MUST be finite and > 0, but got 0.0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SparseGroupFtrlHyperParams(0.1, -0.1, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new SparseGroupFtrlHyperParams(0.1, 0.1, -1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new SparseGroupFtrlHyperParams(0.1, 0.1, 0, Double.NaN, 0));
    final IllegalArgumentException l21 = assertThrows(IllegalArgumentException.class,
        () -> new SparseGroupFtrlHyperParams(0.1, 0.1, 0, 0, Double.POSITIVE_INFINITY));
    assertTrue(l21.getMessage().contains("l21"), l21.getMessage());
    assertEquals(new SparseGroupFtrlHyperParams(0.1, 0.1, 1, 2, 3), SparseGroupFtrlHyperParams.of(0.1, 1, 2, 3));
  }

  @Test
  void withStateRejectsAMismatchedOrInvalidState() {
    final SparseGroupFtrlHyperParams hyper = SparseGroupFtrlHyperParams.of(0.1, 0, 0, 0);
    assertThrows(IllegalArgumentException.class,
        () -> SparseGroupFtrlOptimizer.withState(hyper, ONE_ROW, new double[2], new double[3]));
    assertThrows(IllegalArgumentException.class,
        () -> SparseGroupFtrlOptimizer.withState(hyper, ONE_ROW, new double[2], new double[] {1, -1}));
    assertThrows(IllegalArgumentException.class,
        () -> SparseGroupFtrlOptimizer.withState(hyper, ONE_ROW, new double[] {1, 0}, new double[] {0, 0}));
  }
}
