package io.sparkctr.models.fm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.MarginFunction;
import io.sparkctr.models.MarginGradient;
import io.sparkctr.models.lr.LinearMargin;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * FM and FFM margins: central finite differences of the margin against forward's derivatives, a naive
 * O(nnz^2) pairwise reference for FM, FFM with one field against FM, and FM with no factors against
 * logistic regression.
 */
class FactorizationMarginTest {
  private static final int NUM_FEATURES = 12;

  /** A row with distinct indices and random fields and values, written at offset 3 of its arrays. */
  private record Row(int[] indices, double[] values, int[] fields, int from, int to) {}

  private static Row randomRow(SplittableRandom random, int nnz, int numFields) {
    int[] indices = new int[nnz + 5];
    double[] values = new double[nnz + 5];
    int[] fields = new int[nnz + 5];
    Set<Integer> used = new HashSet<>();
    for (int p = 3; p < 3 + nnz; p++) {
      int j;
      do {
        j = random.nextInt(NUM_FEATURES);
      } while (!used.add(j));
      indices[p] = j;
      values[p] = random.nextDouble(-2, 2);
      fields[p] = random.nextInt(numFields);
    }
    return new Row(indices, values, fields, 3, 3 + nnz);
  }

  private static double[] randomWeights(SplittableRandom random, int dimension) {
    double[] w = new double[dimension];
    for (int i = 0; i < dimension; i++) {
      w[i] = random.nextDouble(-1, 1);
    }
    return w;
  }

  private static void checkGradient(MarginFunction model, long seed, int numFields) {
    SplittableRandom random = new SplittableRandom(seed);
    MarginGradient out = new MarginGradient();
    for (int trial = 0; trial < 20; trial++) {
      Row row = randomRow(random, 1 + random.nextInt(7), numFields);
      double[] w = randomWeights(random, model.dimension());
      double margin = model.forward(i -> w[i], row.indices, row.values, row.fields, row.from, row.to, out);
      assertEquals(model.margin(i -> w[i], row.indices, row.values, row.fields, row.from, row.to), margin, 1e-12);
      double[] derivative = new double[model.dimension()];
      Set<Integer> listed = new HashSet<>();
      for (int c = 0; c < out.size; c++) {
        assertTrue(listed.add(out.coordinates[c]), "coordinate " + out.coordinates[c] + " listed twice");
        assertEquals(w[out.coordinates[c]], out.weights[c], 0.0, "the weight read");
        derivative[out.coordinates[c]] = out.derivatives[c];
      }
      final double h = 1e-6;
      for (int i = 0; i < model.dimension(); i++) {
        double saved = w[i];
        w[i] = saved + h;
        double up = model.margin(j -> w[j], row.indices, row.values, row.fields, row.from, row.to);
        w[i] = saved - h;
        double down = model.margin(j -> w[j], row.indices, row.values, row.fields, row.from, row.to);
        w[i] = saved;
        double numeric = (up - down) / (2 * h);
        assertEquals(numeric, derivative[i], 1e-7, "d margin / d coordinate " + i + " (trial " + trial + ")");
        if (numeric != 0.0) {
          assertTrue(listed.contains(i), "coordinate " + i + " moves the margin but is not listed");
        }
      }
    }
  }

  @Test
  void fmGradientMatchesFiniteDifferences() {
    checkGradient(new FmMargin(new FactorLayout(NUM_FEATURES, 1, 3, true, true), 0.1, 1L), 11L, 1);
    checkGradient(new FmMargin(new FactorLayout(NUM_FEATURES, 1, 4, false, false), 0.1, 1L), 12L, 1);
  }

  @Test
  void ffmGradientMatchesFiniteDifferences() {
    checkGradient(new FfmMargin(new FactorLayout(NUM_FEATURES, 4, 3, true, true), 0.1, 1L), 13L, 4);
    checkGradient(new FfmMargin(new FactorLayout(NUM_FEATURES, 2, 2, false, true), 0.1, 1L), 14L, 2);
  }

  @Test
  void fmEqualsTheNaivePairwiseSum() {
    FactorLayout layout = new FactorLayout(NUM_FEATURES, 1, 3, true, true);
    FmMargin fm = new FmMargin(layout, 0.1, 1L);
    SplittableRandom random = new SplittableRandom(5L);
    for (int trial = 0; trial < 20; trial++) {
      Row row = randomRow(random, 1 + random.nextInt(8), 1);
      double[] w = randomWeights(random, layout.dimension());
      double naive = w[layout.interceptIndex()];
      for (int a = row.from; a < row.to; a++) {
        naive += w[row.indices[a]] * row.values[a];
        for (int b = a + 1; b < row.to; b++) {
          double dot = 0.0;
          for (int f = 0; f < 3; f++) {
            dot += w[layout.factor(row.indices[a], 0) + f] * w[layout.factor(row.indices[b], 0) + f];
          }
          naive += dot * row.values[a] * row.values[b];
        }
      }
      assertEquals(naive, fm.margin(i -> w[i], row.indices, row.values, null, row.from, row.to), 1e-12);
    }
  }

  @Test
  void ffmWithOneFieldIsFm() {
    FactorLayout layout = new FactorLayout(NUM_FEATURES, 1, 4, true, true);
    FmMargin fm = new FmMargin(layout, 0.1, 1L);
    FfmMargin ffm = new FfmMargin(layout, 0.1, 1L);
    SplittableRandom random = new SplittableRandom(6L);
    MarginGradient a = new MarginGradient();
    MarginGradient b = new MarginGradient();
    for (int trial = 0; trial < 20; trial++) {
      Row row = randomRow(random, 1 + random.nextInt(8), 1);
      double[] w = randomWeights(random, layout.dimension());
      double fmMargin = fm.forward(i -> w[i], row.indices, row.values, null, row.from, row.to, a);
      double ffmMargin = ffm.forward(i -> w[i], row.indices, row.values, row.fields, row.from, row.to, b);
      assertEquals(fmMargin, ffmMargin, 1e-12);
      double[] da = new double[layout.dimension()];
      double[] db = new double[layout.dimension()];
      for (int c = 0; c < a.size; c++) {
        da[a.coordinates[c]] = a.derivatives[c];
      }
      for (int c = 0; c < b.size; c++) {
        db[b.coordinates[c]] = b.derivatives[c];
      }
      assertArrayEquals(da, db, 1e-12);
    }
  }

  @Test
  void fmWithoutFactorsIsLogisticRegression() {
    FmMargin fm = new FmMargin(new FactorLayout(NUM_FEATURES, 1, 0, true, true), 0.1, 1L);
    LinearMargin lr = new LinearMargin(NUM_FEATURES, true);
    assertEquals(lr.dimension(), fm.dimension());
    assertEquals(lr.numRegularized(), fm.numRegularized());
    SplittableRandom random = new SplittableRandom(7L);
    MarginGradient a = new MarginGradient();
    MarginGradient b = new MarginGradient();
    for (int trial = 0; trial < 20; trial++) {
      Row row = randomRow(random, 1 + random.nextInt(8), 1);
      double[] w = randomWeights(random, lr.dimension());
      assertEquals(lr.forward(i -> w[i], row.indices, row.values, null, row.from, row.to, a),
          fm.forward(i -> w[i], row.indices, row.values, null, row.from, row.to, b), 0.0);
      assertArrayEquals(a.coordinateList(), b.coordinateList());
      for (int c = 0; c < a.size; c++) {
        assertEquals(a.derivatives[c], b.derivatives[c], 0.0);
      }
    }
    assertEquals(null, fm.initialWeights(), "no factors, nothing random");
  }

  @Test
  void ffmListsOnlyFactorsThatInteract() {
    // Fields 0, 0, 1: v(j, 1) of the field-1 entry interacts with nobody (no other field-1 entry).
    FactorLayout layout = new FactorLayout(NUM_FEATURES, 2, 2, false, false);
    FfmMargin ffm = new FfmMargin(layout, 0.1, 1L);
    MarginGradient out = new MarginGradient();
    double[] w = randomWeights(new SplittableRandom(8L), layout.dimension());
    ffm.forward(i -> w[i], new int[] {1, 2, 3}, new double[] {1, 1, 1}, new int[] {0, 0, 1}, 0, 3, out);
    Set<Integer> listed = new HashSet<>();
    for (int c : out.coordinateList()) {
      listed.add(c);
    }
    // entries 1, 2 (field 0): v(.,0) with each other and v(.,1) with entry 3; entry 3: v(3,0) only
    assertEquals(4 * 2 + 2, listed.size());
    assertTrue(!listed.contains(layout.factor(3, 1)) && listed.contains(layout.factor(3, 0)));
  }

  @Test
  void badFieldsAndLayoutsAreRejected() {
    FfmMargin ffm = new FfmMargin(new FactorLayout(NUM_FEATURES, 2, 2, true, true), 0.1, 1L);
    double[] w = new double[ffm.dimension()];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ffm.forward(i -> w[i],
        new int[] {1, 2}, new double[] {1, 1}, new int[] {0, 2}, 0, 2, new MarginGradient()));
    assertTrue(e.getMessage().contains("Field index MUST be in [0, 2), but got 2"), e.getMessage());
    // a later good row is unaffected by the rejected one (the field counters stay clean)
    MarginGradient out = new MarginGradient();
    ffm.forward(i -> w[i], new int[] {1, 2}, new double[] {1, 1}, new int[] {0, 1}, 0, 2, out);
    assertThrows(IllegalArgumentException.class, () -> new FactorLayout(1 << 20, 40, 64, true, true));
    assertThrows(IllegalArgumentException.class, () -> new FmMargin(new FactorLayout(4, 2, 2, true, true), 0.1, 1L));
  }

  @Test
  void randomStartIsSeededAndOnlyOnFactors() {
    FactorLayout layout = new FactorLayout(50, 1, 4, true, true);
    double[] a = layout.randomStart(0.01, 3L);
    assertArrayEquals(a, layout.randomStart(0.01, 3L), 0.0);
    double sumSquares = 0.0;
    for (int i = 0; i < layout.dimension(); i++) {
      boolean factor = i >= layout.factorOffset() && i < layout.numRegularized();
      assertEquals(factor, a[i] != 0.0, "coordinate " + i);
      sumSquares += a[i] * a[i];
    }
    double std = Math.sqrt(sumSquares / (50 * 4));
    assertTrue(std > 0.008 && std < 0.012, "sample std " + std + " of N(0, 0.01^2) over 200 draws");
  }
}
