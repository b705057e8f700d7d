package io.sparkctr.optim.dense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * SGD, AdaGrad and Adam on the two parameter groups: each against a naive per-coordinate reference on a
 * random sparse stream (separate rates, rows touched piecemeal), Adam against algorithms.md section
 * 11.7's TensorFlow table (a different epsilon form: compared, not forced), laziness, copies, checks.
 */
class DenseBaseOptimizersTest {
  private static final ParameterLayout LAYOUT = new ParameterLayout(7, 2, 5);
  private static final double SPARSE_LR = 0.03;
  private static final double DENSE_LR = 0.011;

  /** A seeded stream of mini-batch gradients: each step touches each row with probability 0.4. */
  private static final class Stream {
    final SplittableRandom random;
    final SparseGradient g = new SparseGradient(LAYOUT);
    final double[] dense = new double[LAYOUT.denseSize()];
    /** touched[r]: whether row r is in the current step's gradient. */
    final boolean[] touched = new boolean[LAYOUT.numRows()];

    Stream(long seed) {
      this.random = new SplittableRandom(seed);
    }

    void next() {
      g.clear();
      for (int r = 0; r < LAYOUT.numRows(); r++) {
        touched[r] = random.nextDouble() < 0.4;
        if (touched[r]) {
          final int s = g.slot(r);
          for (int c = 0; c < LAYOUT.rowWidth(); c++) {
            // an exact zero now and then: a touched row's zero entry is still stepped (Adam moves it)
            g.add(s, c, random.nextDouble() < 0.1 ? 0.0 : random.nextDouble(-2, 2));
          }
        }
      }
      for (int i = 0; i < dense.length; i++) {
        dense[i] = random.nextDouble(-2, 2);
      }
    }

    /** The gradient of sparse coordinate i this step (0 when its row is untouched). */
    double sparse(int i) {
      final int r = i / LAYOUT.rowWidth();
      return touched[r] ? g.get(g.slotOf(r), i % LAYOUT.rowWidth()) : 0.0;
    }
  }

  /** A per-coordinate reference: w_i after a step with gradient g and rate lr, given its own state. */
  private interface NaiveCoordinate {
    double step(double w, double g, double lr, long t);
  }

  private static void assertMatchesNaive(DenseOptimizer opt, Supplier<NaiveCoordinate> naive, double tolerance) {
    final double[] sparse = DenseTesting.random(LAYOUT.sparseSize(), 1, 1.0);
    final double[] dense = DenseTesting.random(LAYOUT.denseSize(), 2, 1.0);
    final double[] refSparse = sparse.clone();
    final double[] refDense = dense.clone();
    final NaiveCoordinate[] sparseRef = new NaiveCoordinate[sparse.length];
    final NaiveCoordinate[] denseRef = new NaiveCoordinate[dense.length];
    for (int i = 0; i < sparseRef.length; i++) {
      sparseRef[i] = naive.get();
    }
    for (int i = 0; i < denseRef.length; i++) {
      denseRef[i] = naive.get();
    }
    final Stream stream = new Stream(3);
    for (long t = 1; t <= 60; t++) {
      stream.next();
      opt.step(sparse, dense, stream.g, stream.dense);
      for (int i = 0; i < sparse.length; i++) {
        if (stream.touched[i / LAYOUT.rowWidth()]) { // lazy: untouched rows are not stepped at all
          refSparse[i] = sparseRef[i].step(refSparse[i], stream.sparse(i), SPARSE_LR, t);
        }
      }
      for (int i = 0; i < dense.length; i++) {
        refDense[i] = denseRef[i].step(refDense[i], stream.dense[i], DENSE_LR, t);
      }
      assertArrayEquals(refSparse, sparse, tolerance, "sparse, step " + t);
      assertArrayEquals(refDense, dense, tolerance, "dense, step " + t);
      assertEquals(t, opt.steps());
    }
  }

  @Test
  void sgdEqualsNaiveSgd() {
    assertMatchesNaive(new SgdStep(LAYOUT, SPARSE_LR, DENSE_LR), () -> (w, g, lr, t) -> w - lr * g, 0.0);
  }

  /** PyTorch Adagrad: n += g^2, w -= lr g / (sqrt(n) + eps), n from initialAccumulator. */
  @Test
  void adaGradEqualsNaiveAdaGrad() {
    final double acc0 = 0.1;
    final double eps = 1e-7;
    assertMatchesNaive(new AdaGradStep(LAYOUT, SPARSE_LR, DENSE_LR, acc0, eps), () -> new NaiveCoordinate() {
      double n = acc0;

      @Override
      public double step(double w, double g, double lr, long t) {
        n += g * g;
        return w - lr * g / (Math.sqrt(n) + eps);
      }
    }, 1e-15);
  }

  /**
   * Textbook Adam with bias-corrected moments, w -= lr mHat / (sqrt(vHat) + eps), which is PyTorch's form
   * rearranged (so equal up to rounding); the global step t for every coordinate (lazy rows too).
   */
  @Test
  void adamEqualsNaiveTextbookAdamWithGlobalStepBiasCorrection() {
    final double b1 = 0.8;
    final double b2 = 0.95;
    final double eps = 1e-6;
    assertMatchesNaive(new AdamStep(LAYOUT, SPARSE_LR, DENSE_LR, b1, b2, eps), () -> new NaiveCoordinate() {
      double m;
      double v;

      @Override
      public double step(double w, double g, double lr, long t) {
        m = b1 * m + (1 - b1) * g;
        v = b2 * v + (1 - b2) * g * g;
        final double mHat = m / (1 - Math.pow(b1, t));
        final double vHat = v / (1 - Math.pow(b2, t));
        return w - lr * mHat / (Math.sqrt(vHat) + eps);
      }
    }, 1e-13);
  }

  /**
   * algorithms.md section 11.7's table is TensorFlow's Adam (epsilon-hat form, w -= lr_t m / (sqrt(v) +
   * eps)). Ours is PyTorch's (eps added to sqrt(v) / sqrt(1 - beta2^t)): it equals the epsilon-hat form
   * with the step's eps_hat = eps sqrt(1 - beta2^t) to rounding, and the table itself only to ~2e-8
   * (the table is printed to 8 decimals, and the two forms differ by about lr eps / sqrt(v) per step).
   * Checked on the dense group and, as a row of k = 1, on the sparse group.
   */
  @Test
  void adamIsPyTorchFormNotTensorFlowsEpsilonHatTable() {
    final double[][] g = {{0.3, -0.2}, {0.1, 0.4}, {-0.5, 0.05}};
    final double[][] table = {{0.19000001, -0.09000002}, {0.18128938, -0.09366105}, {0.18309312, -0.09718371}};
    for (boolean asRow : new boolean[] {false, true}) {
      final ParameterLayout layout = asRow ? new ParameterLayout(1, 1, 0) : new ParameterLayout(0, 0, 2);
      final AdamStep adam = new AdamStep(layout, asRow ? 0.01 : 99, asRow ? 99 : 0.01);
      final double[] sparse = asRow ? new double[] {0.2, -0.1} : new double[0];
      final double[] dense = asRow ? new double[0] : new double[] {0.2, -0.1};
      final double[] w = asRow ? sparse : dense;
      final double[] reference = {0.2, -0.1}; // epsilon-hat form with the step's eps_hat
      final double[] m = new double[2];
      final double[] v = new double[2];
      double largestTableGap = 0.0;
      for (int t = 1; t <= 3; t++) {
        final SparseGradient sg = new SparseGradient(layout);
        if (asRow) {
          final int s = sg.slot(0);
          sg.add(s, 0, g[t - 1][0]);
          sg.add(s, 1, g[t - 1][1]);
        }
        adam.step(sparse, dense, sg, asRow ? new double[0] : g[t - 1].clone());
        final double bc2 = 1 - Math.pow(0.999, t);
        final double lrT = 0.01 * Math.sqrt(bc2) / (1 - Math.pow(0.9, t));
        for (int i = 0; i < 2; i++) {
          m[i] = 0.9 * m[i] + 0.1 * g[t - 1][i];
          v[i] = 0.999 * v[i] + 0.001 * g[t - 1][i] * g[t - 1][i];
          reference[i] -= lrT * m[i] / (Math.sqrt(v[i]) + 1e-8 * Math.sqrt(bc2));
          largestTableGap = Math.max(largestTableGap, Math.abs(w[i] - table[t - 1][i]));
        }
        assertArrayEquals(reference, w, 1e-15, "epsilon-hat form with eps sqrt(1 - beta2^t), step " + t);
        assertArrayEquals(table[t - 1], w, 3e-8, "the TF table to its precision plus the forms' gap, step " + t);
      }
      assertTrue(largestTableGap > 1e-8, "the PyTorch form is not TF's: gap " + largestTableGap);
    }
  }

  /** PyTorch form, step 1 by hand: w = w0 - lr g / (|g| + eps) for any g (m / sqrt(v) = sign at step 1). */
  @Test
  void adamFirstStepMovesEachTouchedCoordinateByTheLearningRate() {
    final ParameterLayout layout = new ParameterLayout(2, 1, 1);
    final AdamStep adam = new AdamStep(layout, 0.1, 0.2);
    final double[] sparse = {1, 1, 1, 1};
    final double[] dense = {1};
    final SparseGradient g = new SparseGradient(layout);
    final int s = g.slot(1);
    g.add(s, 0, 4.0);
    g.add(s, 1, -0.5);
    adam.step(sparse, dense, g, new double[] {3.0});
    assertArrayEquals(new double[] {1, 1, 1 - 0.1 * 4 / (4 + 1e-8), 1 + 0.1 * 0.5 / (0.5 + 1e-8)}, sparse, 1e-15);
    assertArrayEquals(new double[] {1 - 0.2 * 3 / (3 + 1e-8)}, dense, 1e-15);
  }

  /**
   * Lazy rows: an untouched row keeps weights, m and v; a touched row's zero entry still moves (its
   * momentum); a dense zero gradient still moves the dense coordinate (dense Adam).
   */
  @Test
  void adamIsLazyOnRowsOnlyAndDenseOnDense() {
    final ParameterLayout layout = new ParameterLayout(3, 1, 2);
    final AdamStep adam = new AdamStep(layout, 0.1, 0.1);
    final double[] sparse = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
    final double[] dense = {0.5, 0.5};
    final SparseGradient g = new SparseGradient(layout);
    g.add(g.slot(0), 0, 1.0);
    g.add(g.slot(0), 1, 1.0);
    g.add(g.slot(2), 1, 1.0);
    adam.step(sparse, dense, g, new double[] {1.0, 1.0});
    g.clear();
    g.add(g.slot(0), 0, 0.0); // row 0 touched with a zero gradient; rows 1 and 2 untouched
    final double row2 = sparse[4];
    final double m2 = adam.sparseM(4);
    final double v2 = adam.sparseV(4);
    final double row0 = sparse[0];
    final double dense0 = dense[0];
    adam.step(sparse, dense, g, new double[] {0.0, 1.0});
    assertEquals(row2, sparse[4], "untouched row keeps its weight");
    assertEquals(m2, adam.sparseM(4));
    assertEquals(v2, adam.sparseV(4));
    assertEquals(0.5, sparse[2], "never-touched row");
    assertEquals(0.0, adam.sparseM(2));
    assertEquals(0.0, adam.sparseV(2));
    assertTrue(sparse[0] < row0, "touched zero entry moves by momentum");
    assertTrue(dense[0] < dense0, "dense zero gradient moves by momentum");
  }

  @Test
  void separateLearningRatesApplyToTheirGroupAndCanBeChanged() {
    final ParameterLayout layout = new ParameterLayout(1, 1, 1);
    final SgdStep sgd = new SgdStep(layout, 0.5, 0.25);
    final double[] sparse = {1, 1};
    final double[] dense = {1};
    final SparseGradient g = new SparseGradient(layout);
    final int s = g.slot(0);
    g.add(s, 0, 1);
    g.add(s, 1, 1);
    sgd.step(sparse, dense, g, new double[] {1});
    assertArrayEquals(new double[] {0.5, 0.5}, sparse);
    assertArrayEquals(new double[] {0.75}, dense);
    sgd.setLearningRates(0.1, 0.0);
    sgd.step(sparse, dense, g, new double[] {1});
    assertArrayEquals(new double[] {0.4, 0.4}, sparse, 1e-15);
    assertArrayEquals(new double[] {0.75}, dense, "a zero rate freezes the group");
  }

  @Test
  void copiesAreIndependent() {
    for (DenseOptimizer opt : new DenseOptimizer[] {new SgdStep(LAYOUT, 0.1, 0.1),
        new AdaGradStep(LAYOUT, 0.1, 0.1), new AdamStep(LAYOUT, 0.1, 0.1)}) {
      final Stream stream = new Stream(9);
      final double[] sparse = new double[LAYOUT.sparseSize()];
      final double[] dense = new double[LAYOUT.denseSize()];
      stream.next();
      opt.step(sparse, dense, stream.g, stream.dense);
      final DenseOptimizer copy = opt.copy();
      final double[] s1 = sparse.clone();
      final double[] d1 = dense.clone();
      final double[] s2 = sparse.clone();
      final double[] d2 = dense.clone();
      stream.next();
      opt.step(s1, d1, stream.g, stream.dense);
      copy.step(s2, d2, stream.g, stream.dense);
      assertArrayEquals(s1, s2, opt.getClass().getSimpleName());
      assertArrayEquals(d1, d2);
      assertEquals(opt.steps(), copy.steps());
      opt.step(s1, d1, stream.g, stream.dense); // the original moves on, the copy does not
      assertEquals(2, copy.steps());
      assertNotEquals(opt.steps(), copy.steps());
    }
  }

  @Test
  void badHyperparametersAndShapesAreRejected() {
    assertEquals("Adam beta1 MUST be finite and in [0, 1), but got 1.0",
        assertThrows(IllegalArgumentException.class, () -> new AdamStep(LAYOUT, 0.1, 0.1, 1.0, 0.999, 1e-8))
            .getMessage());
    assertEquals("SGD sparseLearningRate MUST be finite and >= 0, but got -0.1",
        assertThrows(IllegalArgumentException.class, () -> new SgdStep(LAYOUT, -0.1, 0.1)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new AdaGradStep(LAYOUT, 0.1, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new AdaGradStep(LAYOUT, 0.1, 0.1, -1, 1e-10));
    final AdamStep adam = new AdamStep(LAYOUT, 0.1, 0.1);
    assertThrows(IllegalArgumentException.class, () -> adam.step(new double[LAYOUT.sparseSize()],
        new double[LAYOUT.denseSize()], new SparseGradient(LAYOUT), new double[LAYOUT.denseSize() + 1]));
    assertEquals(0, adam.steps(), "a rejected step does not count");
  }
}
