package io.sparkctr.models.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkctr.models.MarginFunction;
import io.sparkctr.models.MarginGradient;
import io.sparkctr.models.fm.FactorLayout;
import io.sparkctr.models.fm.FfmMargin;
import io.sparkctr.models.fm.FmMargin;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The row kernel's FM and FFM against the flat-parameter margins (FmMargin, FfmMargin) they replace. */
class FactorKernelTest {
  private static final int FEATURES = 30;
  private static final int FIELDS = 5;
  private static final int K = 3;

  @Test
  void fmMarginAndDerivativesEqualFmMargin() {
    FactorLayout layout = new FactorLayout(FEATURES, 1, K, true, true);
    check(layout, new FactorKernel(layout, false, 0.1, 7L), new FmMargin(layout, 0.1, 7L), false);
  }

  @Test
  void ffmMarginAndDerivativesEqualFfmMargin() {
    FactorLayout layout = new FactorLayout(FEATURES, FIELDS, K, true, true);
    check(layout, new FactorKernel(layout, true, 0.1, 7L), new FfmMargin(layout, 0.1, 7L), true);
  }

  @Test
  void withoutLinearTermsOrIntercept() {
    FactorLayout fm = new FactorLayout(FEATURES, 1, K, false, false);
    check(fm, new FactorKernel(fm, false, 0.1, 7L), new FmMargin(fm, 0.1, 7L), false);
    FactorLayout ffm = new FactorLayout(FEATURES, FIELDS, K, false, false);
    check(ffm, new FactorKernel(ffm, true, 0.1, 7L), new FfmMargin(ffm, 0.1, 7L), true);
  }

  private static void check(FactorLayout layout, FactorKernel kernel, MarginFunction reference, boolean fieldAware) {
    SplittableRandom random = new SplittableRandom(5);
    // Float-representable parameters, so both sides read the same numbers.
    double[] flat = new double[layout.dimension()];
    for (int i = 0; i < flat.length; i++) {
      flat[i] = (float) random.nextDouble(-1, 1);
    }
    float[][] tables = new float[kernel.numTables()][];
    for (int t = 0; t < tables.length; t++) {
      tables[t] = new float[kernel.tableRows(t) * kernel.width(t)];
    }
    for (int j = 0; j < FEATURES; j++) {
      if (kernel.linearTable() >= 0) {
        tables[kernel.linearTable()][j] = (float) flat[j];
      }
      for (int f = 0; f < layout.numFields(); f++) {
        for (int c = 0; c < K; c++) {
          tables[kernel.factorTable()][(j * layout.numFields() + f) * K + c] = (float) flat[layout.factor(j, f) + c];
        }
      }
    }
    if (kernel.interceptTable() >= 0) {
      tables[kernel.interceptTable()][0] = (float) flat[layout.interceptIndex()];
    }
    int[][] rows = new int[kernel.numTables()][];
    int[][] offsets = new int[kernel.numTables()][];
    double[][] derivatives = new double[kernel.numTables()][];
    int[] counts = new int[kernel.numTables()];
    MarginGradient gradient = new MarginGradient();
    for (int example = 0; example < 200; example++) {
      int nnz = 1 + random.nextInt(8);
      int[] indices = random.ints(0, FEATURES).distinct().limit(nnz).sorted().toArray();
      nnz = indices.length;
      double[] values = new double[nnz];
      int[] fields = new int[nnz];
      for (int p = 0; p < nnz; p++) {
        values[p] = random.nextDouble(0.1, 2);
        fields[p] = fieldAware ? random.nextInt(FIELDS) : 0;
      }
      for (int t = 0; t < kernel.numTables(); t++) {
        int max = kernel.maxRows(t, nnz);
        rows[t] = new int[max];
        offsets[t] = new int[max];
        derivatives[t] = new double[max * kernel.width(t)];
      }
      kernel.rows(indices, fields, 0, nnz, rows, counts);
      for (int t = 0; t < kernel.numTables(); t++) {
        for (int r = 0; r < counts[t]; r++) {
          offsets[t][r] = rows[t][r] * kernel.width(t);
        }
      }
      double margin = kernel.forward(tables, offsets, counts, indices, values, fields, 0, nnz, derivatives);
      double expected = reference.forward(i -> flat[i], indices, values, fields, 0, nnz, gradient);
      assertEquals(expected, margin, 1e-9, "margin of example " + example);
      assertEquals(expected, kernel.forward(tables, offsets, counts, indices, values, fields, 0, nnz, null), 1e-9);
      // Every flat coordinate's derivative, summed over the kernel's (table, row, column) entries.
      double[] fromKernel = new double[flat.length];
      for (int t = 0; t < kernel.numTables(); t++) {
        for (int r = 0; r < counts[t]; r++) {
          for (int c = 0; c < kernel.width(t); c++) {
            fromKernel[flatIndex(layout, kernel, t, rows[t][r], c)] += derivatives[t][r * kernel.width(t) + c];
          }
        }
      }
      double[] fromReference = new double[flat.length];
      for (int e = 0; e < gradient.size; e++) {
        fromReference[gradient.coordinates[e]] += gradient.derivatives[e];
      }
      for (int i = 0; i < flat.length; i++) {
        assertEquals(fromReference[i], fromKernel[i], 1e-9, "d margin / d coordinate " + i + ", example " + example);
      }
    }
  }

  private static int flatIndex(FactorLayout layout, FactorKernel kernel, int t, int row, int c) {
    if (t == kernel.linearTable()) {
      return row;
    }
    if (t == kernel.interceptTable()) {
      return layout.interceptIndex();
    }
    return layout.factor(row / layout.numFields(), row % layout.numFields()) + c;
  }
}
