package io.sparkctr.optim.dense;

import static io.sparkctr.optim.dense.DenseTesting.concat;
import static io.sparkctr.optim.dense.DenseTesting.minus;
import static io.sparkctr.optim.dense.DenseTesting.norm;
import static io.sparkctr.optim.dense.DenseTesting.trajectory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.optim.dense.DenseTesting.Call;
import io.sparkctr.optim.dense.DenseTesting.ConstantGradient;
import io.sparkctr.optim.dense.DenseTesting.Recorder;
import io.sparkctr.optim.dense.DenseTesting.ToyProblem;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Helen: the oracles of algorithms.md section 11.9 in both modes (the paper's and the official code's),
 * by hand and on the toy DeepFM-like problem, with Adam as the base optimizer unless said otherwise.
 */
class HelenStepTest {
  private static final ToyProblem PROBLEM = ToyProblem.standard();
  private static final ParameterLayout LAYOUT = PROBLEM.layout;
  private static final double[] COUNTS = PROBLEM.counts(1, 20);

  /** One Helen step per (mode, netPerturbation) on the toy problem. */
  private static HelenStep helen(HelenStep.Mode mode, double rho, double zeta, boolean net) {
    final AdamStep adam = new AdamStep(LAYOUT, 0.01, 0.003);
    return mode == HelenStep.Mode.PAPER
        ? HelenStep.paper(adam, rho, zeta, net, PROBLEM.fieldOfFeature, COUNTS)
        : HelenStep.officialCode(adam, rho, zeta, net, PROBLEM.fieldOfFeature);
  }

  // ---- algorithms.md section 11.9, by hand: one field, N = [100, 10, 50], rho = 0.05, zeta = 0.3 ----

  private static final ParameterLayout THREE_ROWS = new ParameterLayout(3, 2, 2);
  private static final int[] ONE_FIELD = {0, 0, 0};
  private static final double[] N = {100, 10, 50};

  /** Rows 0..2 with embedding gradients [3, 4], [0, 2], [1, 0]; occurrences in the batch = N. */
  private static ConstantGradient handGradient() {
    return new ConstantGradient(new int[] {0, 1, 2}, new double[][] {{0.7, 3, 4}, {-0.2, 0, 2}, {0.1, 1, 0}},
        new double[] {0.5, -0.5}, N);
  }

  /** Runs one step from w = 0.1 everywhere and returns the two calls the oracle saw. */
  private static Call[] handStep(HelenStep helen, GradientOracle oracle) {
    final Recorder recorder = new Recorder(oracle);
    final double[] sparse = new double[THREE_ROWS.sparseSize()];
    final double[] dense = new double[THREE_ROWS.denseSize()];
    Arrays.fill(sparse, 0.1);
    Arrays.fill(dense, 0.1);
    helen.step(sparse, dense, recorder);
    assertEquals(2, recorder.calls.size());
    return recorder.calls.toArray(new Call[0]);
  }

  /** The embedding perturbation of row r (k = 2), and the net group's (first-order weights then dense). */
  private static double[] rowPerturbation(Call[] calls, int r) {
    return new double[] {calls[1].sparse[r * 3 + 1] - calls[0].sparse[r * 3 + 1],
        calls[1].sparse[r * 3 + 2] - calls[0].sparse[r * 3 + 2]};
  }

  private static double[] netPerturbation(Call[] calls, int numRows, int width) {
    final double[] e = new double[numRows + calls[0].dense.length];
    for (int r = 0; r < numRows; r++) {
      e[r] = calls[1].sparse[r * width] - calls[0].sparse[r * width];
    }
    for (int i = 0; i < calls[0].dense.length; i++) {
      e[numRows + i] = calls[1].dense[i] - calls[0].dense[i];
    }
    return e;
  }

  @Test
  void paperModeGivesTheSection119Numbers() {
    final HelenStep helen =
        HelenStep.paper(new SgdStep(THREE_ROWS, 0.1, 0.1), 0.05, 0.3, false, ONE_FIELD, N);
    assertArrayEquals(new double[] {1, 0.3, 0.5},
        new double[] {helen.featureScale(0), helen.featureScale(1), helen.featureScale(2)});
    final Call[] calls = handStep(helen, handGradient());
    final double[][] expected = {{0.03, 0.04}, {0, 0.015}, {0.025, 0}};
    final double[] rowNorms = {0.05, 0.015, 0.025};
    for (int r = 0; r < 3; r++) {
      final double[] e = rowPerturbation(calls, r);
      // the reference code's 1e-12 guard, ||g_row|| + 1e-12, costs a relative 1e-12 / ||g_row|| (<= 1e-12 here)
      assertArrayEquals(expected[r], e, 1e-13, "row " + r);
      assertEquals(rowNorms[r], norm(e), 1e-13, "row " + r + "'s norm is rho_j");
    }
    assertArrayEquals(new double[5], netPerturbation(calls, 3, 3), "netPerturbation off: no first-order, no dense");
  }

  @Test
  void officialCodeModeGivesTheSection119Numbers() {
    final HelenStep helen =
        HelenStep.officialCode(new SgdStep(THREE_ROWS, 0.1, 0.1), 0.05, 0.3, false, ONE_FIELD);
    final Call[] calls = handStep(helen, handGradient());
    final double[][] expected = {{0.0273861, 0.0365148}, {0, 0.0054772}, {0.0045644, 0}};
    final double[] all = new double[6];
    for (int r = 0; r < 3; r++) {
      final double[] e = rowPerturbation(calls, r);
      assertArrayEquals(expected[r], e, 5e-8, "row " + r); // printed to 7 decimals
      // exactly the code's formula: (G rho / (||G||_F + 1e-12)) * fs, ||G||_F = sqrt(30)
      final double fs = new double[] {1, 0.3, 0.5}[r];
      final double[] g = {new double[] {3, 0, 1}[r], new double[] {4, 2, 0}[r]};
      for (int c = 0; c < 2; c++) {
        assertEquals(g[c] * (0.05 / (Math.sqrt(30) + 1e-12)) * fs, e[c], 1e-16);
      }
      all[2 * r] = e[0];
      all[2 * r + 1] = e[1];
    }
    assertEquals(0.0461970, norm(all), 5e-8, "table Frobenius norm, below rho");
    assertArrayEquals(new double[5], netPerturbation(calls, 3, 3), "netPerturbation off: no first-order, no dense");
  }

  /** zeta = 1: every row's radius is rho (paper); the whole table's norm is rho (official code). */
  @Test
  void zetaOneGivesRhoEverywhere() {
    final Call[] paper = handStep(HelenStep.paper(new SgdStep(THREE_ROWS, 0.1, 0.1), 0.05, 1.0, false,
        ONE_FIELD, N), handGradient());
    for (int r = 0; r < 3; r++) {
      assertEquals(0.05, norm(rowPerturbation(paper, r)), 1e-13, "row " + r);
    }
    final Call[] official = handStep(HelenStep.officialCode(new SgdStep(THREE_ROWS, 0.1, 0.1), 0.05, 1.0, false,
        ONE_FIELD), handGradient());
    final double[] all = new double[6];
    for (int r = 0; r < 3; r++) {
      System.arraycopy(rowPerturbation(official, r), 0, all, 2 * r, 2);
    }
    assertEquals(0.05, norm(all), 1e-13);
  }

  /** Paper mode on the toy problem: every touched row's norm is rho * featureScale; net ||e|| = rho. */
  @Test
  void paperModeRowRadiiAndNetNormOnTheToyProblem() {
    final double rho = 0.05;
    final HelenStep helen = helen(HelenStep.Mode.PAPER, rho, 0.3, true);
    final SplittableRandom random = new SplittableRandom(81);
    final double[] sparse = PROBLEM.randomSparse(82);
    final double[] dense = PROBLEM.randomDense(83);
    final int width = LAYOUT.rowWidth();
    boolean sawRare = false;
    for (int step = 0; step < 6; step++) {
      final Recorder recorder = new Recorder(PROBLEM.batch(random));
      helen.step(sparse, dense, recorder);
      final Call at = recorder.calls.get(0);
      final Call perturbed = recorder.calls.get(1);
      final double[] e = minus(perturbed.sparse, at.sparse);
      double netSquared = 0.0;
      double gNetSquared = 0.0;
      for (int r = 0; r < LAYOUT.numRows(); r++) {
        final double[] eRow = Arrays.copyOfRange(e, r * width + 1, (r + 1) * width);
        final double expected = contains(at.rows, r) ? rho * helen.featureScale(r) : 0.0;
        double gRowSquared = 0.0;
        for (int c = 1; c < width; c++) {
          gRowSquared += at.rowGradient(r, c, width) * at.rowGradient(r, c, width);
        }
        // up to the 1e-12 guard's relative 1e-12 / ||g_row|| (and exactly 0 for an absent row)
        final double guard = expected == 0.0 ? 0.0 : expected * 1e-12 / Math.sqrt(gRowSquared);
        assertEquals(expected, norm(eRow), guard + 1e-15, "row " + r);
        sawRare |= contains(at.rows, r) && helen.featureScale(r) == 0.3;
        netSquared += e[r * width] * e[r * width];
        final double gFirstOrder = at.rowGradient(r, 0, width);
        gNetSquared += gFirstOrder * gFirstOrder;
      }
      final double[] eDense = minus(perturbed.dense, at.dense);
      netSquared += norm(eDense) * norm(eDense);
      gNetSquared += norm(at.denseGrad) * norm(at.denseGrad);
      assertEquals(rho, Math.sqrt(netSquared), rho * 1e-12 / Math.sqrt(gNetSquared) + 1e-15,
          "net group (first-order weights and dense)");
    }
    assertTrue(sawRare, "some touched feature is clamped at zeta");
  }

  /**
   * Official mode's net quirk: the net group (dense and first-order weights) is scaled by rho over the
   * norm of the LAST embedding table (the highest field id), not its own norm.
   */
  @Test
  void officialCodeModeScalesTheNetByTheLastTablesNorm() {
    final double rho = 0.05;
    final HelenStep helen = helen(HelenStep.Mode.OFFICIAL_CODE, rho, 0.3, true);
    final SplittableRandom random = new SplittableRandom(91);
    final double[] sparse = PROBLEM.randomSparse(92);
    final double[] dense = PROBLEM.randomDense(93);
    final int width = LAYOUT.rowWidth();
    for (int step = 0; step < 4; step++) {
      final Recorder recorder = new Recorder(PROBLEM.batch(random));
      helen.step(sparse, dense, recorder);
      final Call at = recorder.calls.get(0);
      final Call perturbed = recorder.calls.get(1);
      double lastTableSquared = 0.0;
      for (int s = 0; s < at.rows.length; s++) {
        if (PROBLEM.fieldOfFeature[at.rows[s]] == PROBLEM.numFields - 1) {
          for (int c = 1; c < width; c++) {
            lastTableSquared += at.rowValues[s * width + c] * at.rowValues[s * width + c];
          }
        }
      }
      final double scale = rho / (Math.sqrt(lastTableSquared) + 1e-12);
      for (int i = 0; i < dense.length; i++) {
        assertEquals(scale * at.denseGrad[i], perturbed.dense[i] - at.dense[i], 1e-15, "dense " + i);
      }
      for (int s = 0; s < at.rows.length; s++) {
        final int i = at.rows[s] * width;
        assertEquals(scale * at.rowValues[s * width], perturbed.sparse[i] - at.sparse[i], 1e-15, "first-order");
      }
      assertTrue(Math.abs(norm(minus(perturbed.dense, at.dense)) - rho) > 1e-6, "not the paper's dense norm rho");
    }
  }

  /** rho = 0 is the base optimizer (Adam): whole trajectories bit for bit, in every mode. */
  @Test
  void rhoZeroIsTheBaseOptimizerBitForBit() {
    final double[][] base = trajectory(new PlainStep(new AdamStep(LAYOUT, 0.01, 0.003)), PROBLEM, 40, 101);
    for (HelenStep.Mode mode : HelenStep.Mode.values()) {
      for (boolean net : new boolean[] {false, true}) {
        final HelenStep helen = helen(mode, 0.0, 0.3, net);
        final double[][] actual = trajectory(helen, PROBLEM, 40, 101);
        for (int s = 0; s < base.length; s++) {
          assertArrayEquals(base[s], actual[s], mode + ", net " + net + ", step " + (s + 1));
        }
        assertEquals(1, helen.lastEvaluations());
        final double[][] perturbed = trajectory(helen(mode, 0.05, 0.3, net), PROBLEM, 40, 101);
        assertFalse(Arrays.equals(base[39], perturbed[39]), "rho > 0 changes the trajectory");
      }
    }
  }

  /** A linear loss: Helen equals the base optimizer for any rho, in every mode (e is undone). */
  @Test
  void linearLossMakesHelenTheBaseOptimizerForAnyRho() {
    final ConstantGradient oracle = ConstantGradient.random(LAYOUT, 111);
    for (HelenStep.Mode mode : HelenStep.Mode.values()) {
      for (boolean net : new boolean[] {false, true}) {
        for (double rho : new double[] {0.05, 2.0}) {
          final PlainStep plain = new PlainStep(new AdamStep(LAYOUT, 0.01, 0.003));
          final HelenStep helen = helen(mode, rho, 0.3, net);
          final double[] s1 = PROBLEM.randomSparse(112);
          final double[] d1 = PROBLEM.randomDense(113);
          final double[] s2 = s1.clone();
          final double[] d2 = d1.clone();
          for (int step = 0; step < 15; step++) {
            plain.step(s1, d1, oracle);
            helen.step(s2, d2, oracle);
            assertArrayEquals(s1, s2, mode + ", net " + net + ", rho " + rho + ", step " + step);
            assertArrayEquals(d1, d2);
          }
          assertEquals(2, helen.lastEvaluations());
        }
      }
    }
  }

  /**
   * After the step the parameters are w_old - Delta_base(g(w_old + e)), bit for bit; with netPerturbation
   * off the net group's entries of g are the clean first-evaluation ones (official {@code old_g}).
   */
  @Test
  void stepIsTheBaseStepFromTheRestoredPoint() {
    final int width = LAYOUT.rowWidth();
    for (HelenStep.Mode mode : HelenStep.Mode.values()) {
      for (boolean net : new boolean[] {false, true}) {
        final HelenStep helen = helen(mode, 0.3, 0.3, net);
        final SplittableRandom random = new SplittableRandom(121);
        final double[] sparse = PROBLEM.randomSparse(122);
        final double[] dense = PROBLEM.randomDense(123);
        for (int step = 0; step < 8; step++) {
          final DenseOptimizer reference = helen.base().copy();
          final double[] refSparse = sparse.clone();
          final double[] refDense = dense.clone();
          final Recorder recorder = new Recorder(PROBLEM.batch(random));
          helen.step(sparse, dense, recorder);
          final Call clean = recorder.calls.get(0);
          final Call perturbed = recorder.calls.get(1);
          final SparseGradient g = perturbed.sparseGradient(LAYOUT);
          double[] gDense = perturbed.denseGrad;
          if (!net) {
            for (int s = 0; s < g.count(); s++) {
              g.values()[s * width] = clean.rowGradient(g.row(s), 0, width);
            }
            gDense = clean.denseGrad;
          }
          reference.step(refSparse, refDense, g, gDense);
          assertArrayEquals(refSparse, sparse, mode + ", net " + net + ", step " + step);
          assertArrayEquals(refDense, dense);
        }
      }
    }
  }

  /** A row absent from the batch: no perturbation, weights and Adam state unchanged; two evaluations. */
  @Test
  void absentRowsAreNeitherPerturbedNorStepped() {
    final int width = LAYOUT.rowWidth();
    for (HelenStep.Mode mode : HelenStep.Mode.values()) {
      final HelenStep helen = helen(mode, 0.1, 0.3, true);
      final AdamStep adam = (AdamStep) helen.base();
      final SplittableRandom random = new SplittableRandom(131);
      final double[] sparse = PROBLEM.randomSparse(132);
      final double[] dense = PROBLEM.randomDense(133);
      int absent = 0;
      for (int step = 0; step < 10; step++) {
        final double[] before = sparse.clone();
        final double[] m = new double[sparse.length];
        final double[] v = new double[sparse.length];
        for (int i = 0; i < sparse.length; i++) {
          m[i] = adam.sparseM(i);
          v[i] = adam.sparseV(i);
        }
        final Recorder recorder = new Recorder(PROBLEM.batch(random));
        helen.step(sparse, dense, recorder);
        assertEquals(2, recorder.calls.size());
        final Call at = recorder.calls.get(0);
        for (int r = 0; r < LAYOUT.numRows(); r++) {
          if (contains(at.rows, r)) {
            continue;
          }
          absent++;
          for (int i = r * width; i < (r + 1) * width; i++) {
            assertEquals(before[i], recorder.calls.get(1).sparse[i], "not perturbed: row " + r);
            assertEquals(before[i], sparse[i], "not stepped: row " + r);
            assertEquals(m[i], adam.sparseM(i));
            assertEquals(v[i], adam.sparseV(i));
          }
        }
      }
      assertTrue(absent > 0, "the batches leave rows out");
    }
  }

  /** netPerturbation off: the first-order weights and the dense parameters are never perturbed. */
  @Test
  void withoutNetPerturbationOnlyEmbeddingsMove() {
    for (HelenStep.Mode mode : HelenStep.Mode.values()) {
      final Recorder recorder = new Recorder(PROBLEM.batch(new SplittableRandom(141)));
      helen(mode, 0.2, 0.3, false).step(PROBLEM.randomSparse(142), PROBLEM.randomDense(143), recorder);
      final Call at = recorder.calls.get(0);
      final Call perturbed = recorder.calls.get(1);
      assertArrayEquals(at.dense, perturbed.dense);
      boolean embeddingMoved = false;
      for (int r : at.rows) {
        assertEquals(at.sparse[r * LAYOUT.rowWidth()], perturbed.sparse[r * LAYOUT.rowWidth()], "first-order");
        embeddingMoved |= at.sparse[r * LAYOUT.rowWidth() + 1] != perturbed.sparse[r * LAYOUT.rowWidth() + 1];
      }
      assertTrue(embeddingMoved);
    }
  }

  @Test
  void officialModeNeedsBatchOccurrences() {
    final HelenStep helen = HelenStep.officialCode(new SgdStep(THREE_ROWS, 0.1, 0.1), 0.05, 0.3, false, ONE_FIELD);
    final ConstantGradient noCounts = new ConstantGradient(new int[] {1}, new double[][] {{1, 2, 3}},
        new double[2], new double[] {0});
    final double[] sparse = new double[THREE_ROWS.sparseSize()];
    final double[] dense = new double[2];
    final IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> helen.step(sparse, dense, noCounts));
    assertTrue(error.getMessage().contains("SparseGradient.addOccurrences"), error.getMessage());
    assertArrayEquals(new double[THREE_ROWS.sparseSize()], sparse, "nothing changed");
  }

  @Test
  void anOracleChangingItsBatchBetweenEvaluationsIsRejected() {
    final HelenStep helen = HelenStep.paper(new SgdStep(THREE_ROWS, 0.1, 0.1), 0.05, 0.3, false, ONE_FIELD, N);
    final int[] calls = {0};
    final IllegalStateException error = assertThrows(IllegalStateException.class,
        () -> helen.step(new double[THREE_ROWS.sparseSize()], new double[2], (s, d, g, gd) -> {
          g.add(g.slot(calls[0]++), 1, 1.0);
          return 0.0;
        }));
    assertTrue(error.getMessage().contains("MUST use the same batch"), error.getMessage());
  }

  @Test
  void argumentsAreChecked() {
    final SgdStep sgd = new SgdStep(THREE_ROWS, 0.1, 0.1);
    assertEquals("Helen zeta MUST be finite and in [0, 1], but got 1.5", assertThrows(IllegalArgumentException.class,
        () -> HelenStep.paper(sgd, 0.05, 1.5, true, ONE_FIELD, N)).getMessage());
    assertEquals("Dimension mismatch: layout has 3 rows, counts has 2", assertThrows(IllegalArgumentException.class,
        () -> HelenStep.paper(sgd, 0.05, 0.3, true, ONE_FIELD, new double[2])).getMessage());
    assertEquals("Helen counts MUST be finite and >= 0, but got -1.0 for feature 1",
        assertThrows(IllegalArgumentException.class,
            () -> HelenStep.paper(sgd, 0.05, 0.3, true, ONE_FIELD, new double[] {1, -1, 1})).getMessage());
    assertEquals("Helen field ids MUST be >= 0, but got -1 for feature 2", assertThrows(IllegalArgumentException.class,
        () -> HelenStep.officialCode(sgd, 0.05, 0.3, true, new int[] {0, 0, -1})).getMessage());
    assertThrows(IllegalArgumentException.class, () -> HelenStep.officialCode(sgd, -0.05, 0.3, true, ONE_FIELD));
    assertThrows(IllegalStateException.class,
        () -> HelenStep.officialCode(sgd, 0.05, 0.3, true, ONE_FIELD).featureScale(0));
    // a field whose counts are all 0 gets zeta; the other field is normalised on its own
    final HelenStep twoFields = HelenStep.paper(sgd, 0.05, 0.3, true, new int[] {0, 1, 1}, new double[] {0, 4, 2});
    assertEquals(0.3, twoFields.featureScale(0));
    assertEquals(1.0, twoFields.featureScale(1));
    assertEquals(0.5, twoFields.featureScale(2));
    assertEquals(2, twoFields.numFields());
  }

  @Test
  void copyIsIndependent() {
    final HelenStep helen = helen(HelenStep.Mode.PAPER, 0.05, 0.3, true);
    trajectory(helen, PROBLEM, 3, 151);
    final HelenStep copy = helen.copy();
    assertEquals(3, copy.base().steps());
    assertEquals(HelenStep.Mode.PAPER, copy.mode());
    trajectory(helen, PROBLEM, 2, 152);
    assertEquals(3, copy.base().steps());
    final double[][] a = trajectory(copy, PROBLEM, 4, 153);
    final double[][] b = trajectory(helen.copy(), PROBLEM, 4, 153);
    assertFalse(Arrays.equals(a[3], b[3]), "the copies carry different Adam states");
  }

  private static boolean contains(int[] rows, int r) {
    for (int x : rows) {
      if (x == r) {
        return true;
      }
    }
    return false;
  }
}
