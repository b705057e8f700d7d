package io.sparkctr.optim.dense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.optim.dense.DenseTesting.ToyProblem;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sparse gradient buffer, the layout's checks, and the toy oracle the other tests rely on. */
class DenseSparseGradientTest {

  @Test
  void slotAddsEachRowOnceInFirstTouchOrderAndAccumulates() {
    final SparseGradient g = new SparseGradient(10, 3, 1);
    final int a = g.slot(7);
    final int b = g.slot(2);
    assertEquals(a, g.slot(7));
    g.add(a, 1, 0.5);
    g.add(g.slot(7), 1, 0.25);
    g.add(b, 0, -1.0);
    g.addOccurrences(a, 2);
    g.addOccurrences(a, 1);
    assertEquals(2, g.count());
    assertEquals(7, g.row(0));
    assertEquals(2, g.row(1));
    assertEquals(0.75, g.get(a, 1));
    assertEquals(-1.0, g.values()[g.offset(b)]);
    assertEquals(3.0, g.occurrences(a));
    assertEquals(0.0, g.occurrences(b));
    assertEquals(-1, g.slotOf(3));
  }

  @Test
  void clearForgetsRowsAndReusedSlotsStartAtZero() {
    final SparseGradient g = new SparseGradient(5, 2, 4);
    g.add(g.slot(1), 0, 3.0);
    g.addOccurrences(g.slot(1), 4);
    g.clear();
    assertEquals(0, g.count());
    assertEquals(-1, g.slotOf(1));
    final int s = g.slot(4);
    assertEquals(0, s);
    assertEquals(0.0, g.get(s, 0), "a reused slot is zeroed");
    assertEquals(0.0, g.occurrences(s));
  }

  @Test
  void growingKeepsTheValuesAndEnsureCapacityPreSizes() {
    final SparseGradient g = new SparseGradient(100, 2, 0);
    for (int r = 0; r < 40; r++) {
      g.add(g.slot(r), 1, r);
    }
    for (int r = 0; r < 40; r++) {
      assertEquals(r, g.get(g.slotOf(r), 1));
    }
    final SparseGradient sized = new SparseGradient(100, 2, 0);
    sized.ensureCapacity(30);
    final double[] values = sized.values();
    for (int r = 0; r < 30; r++) {
      sized.slot(r);
    }
    assertTrue(values == sized.values(), "no reallocation within the ensured capacity");
    sized.ensureCapacity(1000);
    assertEquals(100, sized.capacity(), "never more than numRows");
  }

  @Test
  void badRowsAndShapesAreRejectedWithTheirValues() {
    final SparseGradient g = new SparseGradient(3, 2, 1);
    assertEquals("Row MUST be in [0, 3), but got 3", assertThrows(IllegalArgumentException.class, () -> g.slot(3))
        .getMessage());
    final ParameterLayout layout = new ParameterLayout(3, 1, 4);
    assertEquals("Dimension mismatch: layout has 4 dense parameters, array has 5",
        assertThrows(IllegalArgumentException.class, () -> layout.checkParameters(new double[6], new double[5]))
            .getMessage());
    assertEquals("Dimension mismatch: layout has 3 rows of 2, sparse gradient has 3 rows of 3",
        assertThrows(IllegalArgumentException.class,
            () -> layout.checkGradient(new SparseGradient(3, 3, 0), new double[4])).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ParameterLayout(-1, 2, 2));
    assertThrows(IllegalArgumentException.class, () -> new ParameterLayout(Integer.MAX_VALUE / 2, 2, 2));
  }

  /** The toy oracle is a true gradient (central differences), so the SAM/Helen tests test real steps. */
  @Test
  void toyOracleMatchesFiniteDifferences() {
    final ToyProblem problem = ToyProblem.standard();
    final DenseTesting.Batch batch = problem.batch(new SplittableRandom(5));
    final double[] sparse = problem.randomSparse(6);
    final double[] dense = problem.randomDense(7);
    final SparseGradient g = new SparseGradient(problem.layout);
    final double[] gDense = new double[problem.layout.denseSize()];
    batch.evaluate(sparse, dense, g, gDense);
    final double h = 1e-6;
    final double[] numeric = new double[sparse.length];
    for (int i = 0; i < sparse.length; i++) {
      numeric[i] = difference(batch, sparse, dense, sparse, i, h);
    }
    final double[] analytic = new double[sparse.length];
    final int width = problem.layout.rowWidth();
    for (int s = 0; s < g.count(); s++) {
      for (int c = 0; c < width; c++) {
        analytic[g.row(s) * width + c] = g.get(s, c);
      }
    }
    assertArrayEquals(numeric, analytic, 1e-8);
    for (int i = 0; i < dense.length; i++) {
      assertEquals(difference(batch, sparse, dense, dense, i, h), gDense[i], 1e-8);
    }
  }

  private static double difference(GradientOracle oracle, double[] sparse, double[] dense, double[] target, int i,
      double h) {
    final ParameterLayout layout = new ParameterLayout(sparse.length / 4, 3, dense.length);
    final double saved = target[i];
    target[i] = saved + h;
    final double up = oracle.evaluate(sparse, dense, new SparseGradient(layout), new double[dense.length]);
    target[i] = saved - h;
    final double down = oracle.evaluate(sparse, dense, new SparseGradient(layout), new double[dense.length]);
    target[i] = saved;
    return (up - down) / (2 * h);
  }
}
