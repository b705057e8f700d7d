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
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** SAM: the oracles of algorithms.md section 11.8, on the toy DeepFM-like problem and by hand. */
class SamStepTest {
  private static final ToyProblem PROBLEM = ToyProblem.standard();
  private static final ParameterLayout LAYOUT = PROBLEM.layout;

  private static final List<Function<ParameterLayout, DenseOptimizer>> BASES = List.of(
      l -> new SgdStep(l, 0.1, 0.05), l -> new AdaGradStep(l, 0.1, 0.05), l -> new AdamStep(l, 0.01, 0.002));

  /** ||e||_2 = rho over all perturbed parameters (touched rows and dense), e along g, untouched rows 0. */
  @Test
  void perturbationHasNormRhoOverAllParametersAlongTheGradient() {
    final double rho = 0.05;
    final SplittableRandom random = new SplittableRandom(11);
    final double[] sparse = PROBLEM.randomSparse(12);
    final double[] dense = PROBLEM.randomDense(13);
    final SamStep sam = new SamStep(new AdamStep(LAYOUT, 0.01, 0.01), rho);
    for (int step = 0; step < 5; step++) {
      final Recorder recorder = new Recorder(PROBLEM.batch(random));
      sam.step(sparse, dense, recorder);
      final Call at = recorder.calls.get(0);
      final Call perturbed = recorder.calls.get(1);
      final double[] e = minus(concat(perturbed.sparse, perturbed.dense), concat(at.sparse, at.dense));
      final double[] g = new double[e.length];
      final int width = LAYOUT.rowWidth();
      for (int i = 0; i < LAYOUT.sparseSize(); i++) {
        g[i] = at.rowGradient(i / width, i % width, width);
      }
      System.arraycopy(at.denseGrad, 0, g, LAYOUT.sparseSize(), at.denseGrad.length);
      final double gNorm = norm(g);
      // ||e|| = rho ||g|| / (||g|| + 1e-12): rho up to the reference code's 1e-12 guard
      assertEquals(rho, norm(e), rho * 1e-12 / gNorm + 1e-15, "||e||, ||g|| = " + gNorm);
      for (int i = 0; i < e.length; i++) {
        assertEquals(rho * g[i] / (gNorm + 1e-12), e[i], 1e-15, "e along g at " + i);
      }
      assertTrue(at.rows.length < LAYOUT.numRows(), "the batch leaves some rows untouched");
      for (int r = 0; r < LAYOUT.numRows(); r++) {
        if (contains(at.rows, r)) {
          continue;
        }
        for (int c = 0; c < width; c++) {
          assertEquals(0.0, e[r * width + c], "untouched row " + r + " is not perturbed");
        }
      }
    }
  }

  /** rho = 0 is the base optimizer: whole trajectories, bit for bit, one evaluation per step. */
  @Test
  void rhoZeroIsTheBaseOptimizerBitForBit() {
    for (Function<ParameterLayout, DenseOptimizer> base : BASES) {
      final SamStep sam = new SamStep(base.apply(LAYOUT), 0.0);
      final double[][] expected = trajectory(new PlainStep(base.apply(LAYOUT)), PROBLEM, 40, 21);
      final double[][] actual = trajectory(sam, PROBLEM, 40, 21);
      for (int s = 0; s < expected.length; s++) {
        assertArrayEquals(expected[s], actual[s], "step " + (s + 1));
      }
      assertEquals(1, sam.lastEvaluations());
      final double[][] perturbed = trajectory(new SamStep(base.apply(LAYOUT), 0.05), PROBLEM, 40, 21);
      assertFalse(java.util.Arrays.equals(expected[39], perturbed[39]), "rho > 0 changes the trajectory");
    }
  }

  /** A linear loss has a constant gradient, so SAM equals the base optimizer for any rho (e is undone). */
  @Test
  void linearLossMakesSamTheBaseOptimizerForAnyRho() {
    final ConstantGradient oracle = ConstantGradient.random(LAYOUT, 31);
    for (Function<ParameterLayout, DenseOptimizer> base : BASES) {
      for (double rho : new double[] {0.05, 1.0, 1e3}) {
        final PlainStep plain = new PlainStep(base.apply(LAYOUT));
        final SamStep sam = new SamStep(base.apply(LAYOUT), rho);
        final double[] s1 = PROBLEM.randomSparse(32);
        final double[] d1 = PROBLEM.randomDense(33);
        final double[] s2 = s1.clone();
        final double[] d2 = d1.clone();
        for (int step = 0; step < 20; step++) {
          plain.step(s1, d1, oracle);
          sam.step(s2, d2, oracle);
          assertArrayEquals(s1, s2, "rho " + rho + ", step " + step);
          assertArrayEquals(d1, d2);
        }
        assertEquals(2, sam.lastEvaluations());
      }
    }
  }

  /** L = a w^2 / 2, a = 2, w = 1, rho = 0.1, SGD eta = 0.1: w' = 1 - 0.1 * 2 * 1.1 = 0.78 (dense or row). */
  @Test
  void quadraticInOneDimensionGivesZeroPointSevenEight() {
    final double a = 2.0;
    final ParameterLayout denseOnly = new ParameterLayout(0, 0, 1);
    final double[] w = {1.0};
    new SamStep(new SgdStep(denseOnly, 99, 0.1), 0.1).step(new double[0], w, (sparse, dense, g, gDense) -> {
      gDense[0] = a * dense[0];
      return 0.5 * a * dense[0] * dense[0];
    });
    assertEquals(0.78, w[0], 1e-12);

    final ParameterLayout oneRow = new ParameterLayout(1, 0, 0);
    final double[] row = {1.0};
    new SamStep(new SgdStep(oneRow, 0.1, 99), 0.1).step(row, new double[0], (sparse, dense, g, gDense) -> {
      g.add(g.slot(0), 0, a * sparse[0]);
      return 0.5 * a * sparse[0] * sparse[0];
    });
    assertEquals(0.78, row[0], 1e-12);
  }

  /** Exactly two evaluations per step, also at a zero gradient (where e = 0 and nothing is NaN). */
  @Test
  void everyStepEvaluatesTheOracleExactlyTwice() {
    final SamStep sam = new SamStep(new AdamStep(LAYOUT, 0.01, 0.01), 0.05);
    final SplittableRandom random = new SplittableRandom(41);
    final double[] sparse = PROBLEM.randomSparse(42);
    final double[] dense = PROBLEM.randomDense(43);
    for (int step = 0; step < 10; step++) {
      final Recorder recorder = new Recorder(PROBLEM.batch(random));
      sam.step(sparse, dense, recorder);
      assertEquals(2, recorder.calls.size());
      assertEquals(2, sam.lastEvaluations());
    }
    final Recorder zero = new Recorder((s, d, g, gd) -> {
      g.slot(3);
      return 0.0;
    });
    final double[] before = concat(sparse, dense);
    sam.step(sparse, dense, zero);
    assertEquals(2, zero.calls.size());
    assertArrayEquals(before, concat(zero.calls.get(1).sparse, zero.calls.get(1).dense), "zero gradient: e = 0");
    for (double x : concat(sparse, dense)) {
      assertTrue(Double.isFinite(x));
    }
  }

  /**
   * After the step the parameters are w_old - Delta_base(g(w_old + e)): the base optimizer's step from the
   * restored w with the gradient at the perturbed point, bit for bit; nothing of e is left.
   */
  @Test
  void stepIsTheBaseStepFromTheRestoredPointWithThePerturbedGradient() {
    for (Function<ParameterLayout, DenseOptimizer> base : BASES) {
      final SamStep sam = new SamStep(base.apply(LAYOUT), 0.2);
      final SplittableRandom random = new SplittableRandom(51);
      final double[] sparse = PROBLEM.randomSparse(52);
      final double[] dense = PROBLEM.randomDense(53);
      for (int step = 0; step < 8; step++) {
        final DenseOptimizer reference = sam.base().copy();
        final double[] refSparse = sparse.clone();
        final double[] refDense = dense.clone();
        final Recorder recorder = new Recorder(PROBLEM.batch(random));
        sam.step(sparse, dense, recorder);
        final Call perturbed = recorder.calls.get(1);
        reference.step(refSparse, refDense, perturbed.sparseGradient(LAYOUT), perturbed.denseGrad);
        assertArrayEquals(refSparse, sparse, "step " + step);
        assertArrayEquals(refDense, dense);
      }
    }
  }

  /** An oracle failing at w + e leaves w restored and the base optimizer untouched. */
  @Test
  void failingSecondEvaluationRestoresTheParameters() {
    final SamStep sam = new SamStep(new AdamStep(LAYOUT, 0.01, 0.01), 0.5);
    final DenseTesting.Batch batch = PROBLEM.batch(new SplittableRandom(61));
    final double[] sparse = PROBLEM.randomSparse(62);
    final double[] dense = PROBLEM.randomDense(63);
    final double[] before = concat(sparse, dense);
    final int[] calls = {0};
    assertThrows(IllegalStateException.class, () -> sam.step(sparse, dense, (s, d, g, gd) -> {
      if (++calls[0] == 2) {
        throw new IllegalStateException("kernel failed");
      }
      return batch.evaluate(s, d, g, gd);
    }));
    assertArrayEquals(before, concat(sparse, dense));
    assertEquals(0, sam.base().steps());
  }

  @Test
  void copyIsIndependentAndRhoIsChecked() {
    final SamStep sam = new SamStep(new AdamStep(LAYOUT, 0.01, 0.01), 0.05);
    trajectory(sam, PROBLEM, 3, 71);
    final SamStep copy = sam.copy();
    assertEquals(3, copy.base().steps());
    trajectory(sam, PROBLEM, 2, 72);
    assertEquals(3, copy.base().steps());
    assertEquals("SAM rho MUST be finite and >= 0, but got -1.0",
        assertThrows(IllegalArgumentException.class, () -> new SamStep(new SgdStep(LAYOUT, 1, 1), -1)).getMessage());
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
