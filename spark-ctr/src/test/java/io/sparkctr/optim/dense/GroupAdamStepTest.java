package io.sparkctr.optim.dense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.optim.group.GroupAdamHyperParams;
import io.sparkctr.optim.group.GroupAdamOptimizer;
import io.sparkctr.optim.group.GroupLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Group lasso on DeepFM's embedding rows: the FM kernel's GroupAdam rule on the DeepFM row layout. */
class GroupAdamStepTest {
  private static final int ROWS = 12;
  private static final int K = 3;
  private static final int DENSE = 5;
  private static final ParameterLayout LAYOUT = new ParameterLayout(ROWS, K, DENSE);

  private static double[] randomStart(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] sparse = new double[LAYOUT.sparseSize()];
    for (int j = 0; j < ROWS; j++) {
      for (int c = 1; c <= K; c++) {
        sparse[j * (K + 1) + c] = 0.1 * random.nextGaussian(); // embeddings random, first-order weights 0
      }
    }
    return sparse;
  }

  /** A batch touching a random half of the rows, with random gradients. */
  private static void batch(SplittableRandom random, SparseGradient g, double[] denseGrad) {
    g.clear();
    for (int j = 0; j < ROWS; j++) {
      if (random.nextBoolean()) {
        int slot = g.slot(j);
        for (int c = 0; c <= K; c++) {
          g.add(slot, c, random.nextGaussian());
        }
      }
    }
    for (int i = 0; i < DENSE; i++) {
      denseGrad[i] = random.nextGaussian();
    }
  }

  /** FM layout [ROWS linear | ROWS*K factors]: DeepFM row j column c is at j (c = 0) or ROWS + j*K + c - 1. */
  private static int fmIndex(int j, int c) {
    return c == 0 ? j : ROWS + j * K + c - 1;
  }

  @Test
  void theSparseRowsFollowTheFmKernelsGroupAdam() {
    double lr = 0.05;
    double l1 = 0.02;
    double l21 = 0.4;
    double[] sparse = randomStart(1L);
    double[] dense = new double[DENSE];
    GroupAdamStep step = new GroupAdamStep(LAYOUT, lr, l1, l21);
    double[] fmStart = new double[ROWS + ROWS * K];
    for (int j = 0; j < ROWS; j++) {
      for (int c = 0; c <= K; c++) {
        fmStart[fmIndex(j, c)] = sparse[j * (K + 1) + c];
      }
    }
    GroupLayout groups = new GroupLayout(fmStart.length, fmStart.length, ROWS, K);
    GroupAdamOptimizer fm = GroupAdamOptimizer.withWeights(GroupAdamHyperParams.of(lr, l1, 0.0, l21), groups,
        fmStart, fmStart.length);
    SplittableRandom random = new SplittableRandom(2L);
    SparseGradient g = new SparseGradient(LAYOUT);
    double[] denseGrad = new double[DENSE];
    int zeroRows = 0;
    for (int t = 0; t < 40; t++) {
      batch(random, g, denseGrad);
      for (int s = 0; s < g.count(); s++) {
        int j = g.row(s);
        double[] read = new double[K + 1]; // the weights the gradient was taken at, read before any update
        for (int c = 0; c <= K; c++) {
          read[c] = fm.weight(fmIndex(j, c));
        }
        for (int c = 0; c <= K; c++) {
          fm.update(fmIndex(j, c), g.get(s, c), read[c]);
        }
      }
      fm.endStep();
      step.step(sparse, dense, g, denseGrad);
      for (int j = 0; j < ROWS; j++) {
        for (int c = 0; c <= K; c++) {
          assertEquals(fm.weight(fmIndex(j, c)), sparse[j * (K + 1) + c], 1e-12, "step " + t + " row " + j + " col " + c);
        }
      }
    }
    for (int j = 0; j < ROWS; j++) {
      boolean zero = true;
      for (int c = 1; c <= K; c++) {
        zero &= sparse[j * (K + 1) + c] == 0.0;
      }
      zeroRows += zero ? 1 : 0;
    }
    assertTrue(zeroRows > 0 && zeroRows < ROWS, "this l21 zeroes some whole rows, not all: " + zeroRows);
  }

  @Test
  void withoutPenaltiesItIsAdamUpToTheEpsilonForm() {
    double[] a = randomStart(3L);
    double[] b = a.clone();
    double[] denseA = new double[DENSE];
    double[] denseB = new double[DENSE];
    GroupAdamStep group = new GroupAdamStep(LAYOUT, 0.01, 0.0, 0.0);
    AdamStep adam = new AdamStep(LAYOUT, 0.01, 0.01);
    SplittableRandom random = new SplittableRandom(4L);
    SparseGradient g = new SparseGradient(LAYOUT);
    double[] denseGrad = new double[DENSE];
    double[] before = a.clone();
    for (int t = 0; t < 30; t++) {
      batch(random, g, denseGrad);
      group.step(a, denseA, g, denseGrad);
      adam.step(b, denseB, g, denseGrad);
    }
    for (int i = 0; i < a.length; i++) {
      // TF's epsilon-hat against PyTorch's epsilon: relative differences of order eps / sqrt(v) (AdamStep's Javadoc)
      assertEquals(b[i], a[i], 1e-6 * (1 + Math.abs(b[i])), "sparse " + i);
    }
    for (int i = 0; i < DENSE; i++) {
      assertEquals(denseB[i], denseA[i], 0.0, "the dense side is AdamStep's, bit for bit");
    }
    int moved = 0;
    for (int i = 0; i < a.length; i++) {
      moved += a[i] != before[i] ? 1 : 0;
    }
    assertTrue(moved > a.length / 2);
  }

  @Test
  void untouchedRowsKeepTheirWeightsAndAStrongPenaltyZeroesTouchedEmbeddings() {
    double[] sparse = randomStart(5L);
    double[] start = sparse.clone();
    GroupAdamStep step = new GroupAdamStep(LAYOUT, 0.01, 0.0, 1e4);
    SparseGradient g = new SparseGradient(LAYOUT);
    int slot = g.slot(4);
    for (int c = 0; c <= K; c++) {
      g.add(slot, c, 0.5);
    }
    step.step(sparse, new double[DENSE], g, new double[DENSE]);
    for (int j = 0; j < ROWS; j++) {
      for (int c = 0; c <= K; c++) {
        int i = j * (K + 1) + c;
        if (j == 4) {
          assertEquals(0.0, sparse[i], 0.0, "touched row, column " + c);
        } else {
          assertEquals(start[i], sparse[i], 0.0, "untouched row " + j);
        }
      }
    }
    assertNotEquals(0.0, step.sparseU(4 * (K + 1) + 1));
    GroupAdamStep copy = step.copy();
    assertEquals(step.sparseU(4 * (K + 1) + 2), copy.sparseU(4 * (K + 1) + 2), 0.0);
    assertEquals(3, step.sparseState().length);
  }
}
