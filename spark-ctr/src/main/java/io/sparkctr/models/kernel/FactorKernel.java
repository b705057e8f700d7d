package io.sparkctr.models.kernel;

import io.sparkctr.models.Gaussian;
import io.sparkctr.models.RowKernel;
import io.sparkctr.models.fm.FactorLayout;
import java.util.SplittableRandom;

/**
 * Rendle's factorization machine (ICDM 2010) and the field-aware FM (Juan, Zhuang, Chin and Lin, RecSys 2016;
 * libffm's model) as row tables: the linear weights (width 1, when {@code fitLinear}), the factor rows (width
 * k: one per feature for FM, one per (feature, field) pair for FFM, row {@code feature * F + field}) and the
 * intercept (one unpenalised row, when fitted).
 *
 * <pre>
 *   FM:  margin = b + sum_j w_j x_j + 1/2 sum_f [(sum_j v_jf x_j)^2 - sum_j v_jf^2 x_j^2]           O(k nnz)
 *        d margin / d v_jf = x_j (S_f - v_jf x_j),   S_f = sum_i v_if x_i
 *   FFM: margin = b + sum_j w_j x_j + sum_{a&lt;b} &lt;v(j_a, f_b), v(j_b, f_a)&gt; x_a x_b                 O(k nnz^2)
 *        d margin / d v(j_a, f) = sum over entries b != a of field f of v(j_b, f_a) x_a x_b
 * </pre>
 *
 * An FFM example touches v(j_a, f) only when another of its entries has field f. Departures from libffm: an
 * optional linear term and intercept, and no instance-wise normalisation of x. Factors start at
 * N(0, initStd^2), drawn per row from (seed, row), so the start does not depend on the order rows are made.
 * An example's entries must list each index once. Keeps per-example scratch: one instance per thread.
 */
public final class FactorKernel implements RowKernel {
  private static final long serialVersionUID = 1L;

  private final FactorLayout layout;
  private final boolean fieldAware;
  private final double initStd;
  private final long seed;
  private final int linear;
  private final int factors;
  private final int intercept;
  private final int numTables;
  private transient Scratch scratch;

  /** Per-example buffers: FM's sums; FFM's fields present and the slot of each (entry, field). */
  private static final class Scratch {
    double[] sums;
    int[] fieldCount;
    int[] fieldPosition;
    int[] present = new int[16];
    int numPresent;
    int[] slot = new int[256];
  }

  /**
   * @param layout the model's layout: numFeatures rows, numFields fields (1 for FM), factorSize k
   * @param fieldAware FFM (rows need fields) rather than FM (layout must have one field)
   */
  public FactorKernel(FactorLayout layout, boolean fieldAware, double initStd, long seed) {
    if (!fieldAware && layout.numFields() != 1) {
      throw new IllegalArgumentException("An FM layout MUST have one field, but got " + layout.numFields());
    }
    if (!(initStd >= 0) || !Double.isFinite(initStd)) {
      throw new IllegalArgumentException("initStd MUST be finite and >= 0, but got " + initStd);
    }
    this.layout = layout;
    this.fieldAware = fieldAware;
    this.initStd = initStd;
    this.seed = seed;
    int t = 0;
    this.linear = layout.fitLinear() ? t++ : -1;
    this.factors = layout.factorSize() > 0 ? t++ : -1;
    this.intercept = layout.fitIntercept() ? t++ : -1;
    this.numTables = t;
  }

  public FactorLayout layout() {
    return layout;
  }

  public boolean fieldAware() {
    return fieldAware;
  }

  /** The table of the linear weights, or -1. */
  public int linearTable() {
    return linear;
  }

  /** The table of the factor rows, or -1 when k = 0. */
  public int factorTable() {
    return factors;
  }

  /** The intercept's table, or -1. */
  public int interceptTable() {
    return intercept;
  }

  @Override
  public int numFeatures() {
    return layout.numFeatures();
  }

  @Override
  public int numFields() {
    return fieldAware ? layout.numFields() : 0;
  }

  @Override
  public int numTables() {
    return numTables;
  }

  @Override
  public int tableRows(int t) {
    if (t == factors) {
      return layout.numFeatures() * layout.numFields();
    }
    return t == linear ? layout.numFeatures() : 1;
  }

  @Override
  public int width(int t) {
    return t == factors ? layout.factorSize() : 1;
  }

  @Override
  public boolean penalized(int t) {
    return t != intercept;
  }

  @Override
  public int maxRows(int t, int nnz) {
    if (t == factors) {
      return fieldAware ? nnz * Math.min(nnz, layout.numFields()) : nnz;
    }
    return t == linear ? nnz : 1;
  }

  private Scratch scratch() {
    if (scratch == null) {
      scratch = new Scratch();
      scratch.sums = new double[Math.max(1, layout.factorSize())];
      scratch.fieldCount = new int[layout.numFields()];
      scratch.fieldPosition = new int[layout.numFields()];
    }
    return scratch;
  }

  @Override
  public int rowsPerFeature(int t) {
    if (t == factors) {
      return layout.numFields();
    }
    return t == linear ? 1 : 0;
  }

  @Override
  public void rows(int[] indices, int[] fields, int from, int to, int[][] rows, int[] counts) {
    final int nnz = to - from;
    if (linear >= 0) {
      System.arraycopy(indices, from, rows[linear], 0, nnz);
      counts[linear] = nnz;
    }
    if (intercept >= 0) {
      rows[intercept][0] = 0;
      counts[intercept] = 1;
    }
    if (factors < 0) {
      return;
    }
    if (!fieldAware) {
      System.arraycopy(indices, from, rows[factors], 0, nnz);
      counts[factors] = nnz;
      return;
    }
    // FFM: the fields present, in order of appearance, and for each entry a and present field f with another
    // entry, the row (j_a, f) and its slot in the list.
    final Scratch s = scratch();
    final int numFields = layout.numFields();
    final int[] count = s.fieldCount;
    int numPresent = 0;
    if (s.present.length < nnz) {
      s.present = new int[nnz];
    }
    for (int p = from; p < to; p++) {
      final int f = fields[p];
      if (f < 0 || f >= numFields) {
        for (int q = 0; q < numPresent; q++) {
          count[s.present[q]] = 0;
        }
        throw new IllegalArgumentException(
            "Field index MUST be in [0, " + numFields + "), but got " + f + " (entry " + (p - from) + " of the row)");
      }
      if (count[f]++ == 0) {
        s.fieldPosition[f] = numPresent;
        s.present[numPresent++] = f;
      }
    }
    s.numPresent = numPresent;
    if (s.slot.length < nnz * numPresent) {
      s.slot = new int[Math.max(nnz * numPresent, 2 * s.slot.length)];
    }
    final int[] out = rows[factors];
    int n = 0;
    for (int a = 0; a < nnz; a++) {
      final int fa = fields[from + a];
      final int base = indices[from + a] * numFields;
      for (int q = 0; q < numPresent; q++) {
        final int f = s.present[q];
        if (count[f] - (f == fa ? 1 : 0) > 0) {
          s.slot[a * numPresent + q] = n;
          out[n++] = base + f;
        } else {
          s.slot[a * numPresent + q] = -1;
        }
      }
    }
    counts[factors] = n;
    for (int q = 0; q < numPresent; q++) {
      count[s.present[q]] = 0; // all zero again for the next example
    }
  }

  /**
   * FFM, after {@link #rows}: the index in the factor table's row list of v(j_a, f) for entry a (0-based in the
   * example) and field f, or -1 when no other entry of the example has field f.
   */
  public int slotOf(int a, int field) {
    final Scratch s = scratch();
    return s.slot[a * s.numPresent + s.fieldPosition[field]];
  }

  @Override
  public double forward(float[][] data, int[][] offsets, int[] counts, int[] indices, double[] values, int[] fields,
      int from, int to, double[][] derivatives) {
    final int nnz = to - from;
    double m = 0.0;
    if (linear >= 0) {
      final float[] w = data[linear];
      final int[] off = offsets[linear];
      for (int k = 0; k < nnz; k++) {
        m += w[off[k]] * values[from + k];
      }
      if (derivatives != null) {
        System.arraycopy(values, from, derivatives[linear], 0, nnz);
      }
    }
    if (factors >= 0) {
      m += fieldAware ? ffm(data[factors], offsets[factors], counts[factors], values, fields, from, nnz,
          derivatives == null ? null : derivatives[factors])
          : fm(data[factors], offsets[factors], values, from, nnz, derivatives == null ? null : derivatives[factors]);
    }
    if (intercept >= 0) {
      m += data[intercept][offsets[intercept][0]];
      if (derivatives != null) {
        derivatives[intercept][0] = 1.0;
      }
    }
    return m;
  }

  private double fm(float[] v, int[] off, double[] values, int from, int nnz, double[] d) {
    final int k = layout.factorSize();
    final double[] sums = scratch().sums;
    java.util.Arrays.fill(sums, 0, k, 0.0);
    double squares = 0.0;
    for (int p = 0; p < nnz; p++) {
      final int o = off[p];
      final double x = values[from + p];
      for (int f = 0; f < k; f++) {
        final double vx = v[o + f] * x;
        sums[f] += vx;
        squares += vx * vx;
      }
    }
    double pairs = 0.0;
    for (int f = 0; f < k; f++) {
      pairs += sums[f] * sums[f];
    }
    if (d != null) {
      for (int p = 0, c = 0; p < nnz; p++) {
        final int o = off[p];
        final double x = values[from + p];
        for (int f = 0; f < k; f++, c++) {
          d[c] = x * (sums[f] - v[o + f] * x);
        }
      }
    }
    return 0.5 * (pairs - squares);
  }

  private double ffm(float[] v, int[] off, int count, double[] values, int[] fields, int from, int nnz, double[] d) {
    final int k = layout.factorSize();
    final Scratch s = scratch();
    final int numPresent = s.numPresent;
    final int[] slot = s.slot;
    final int[] position = s.fieldPosition;
    if (d != null) {
      java.util.Arrays.fill(d, 0, count * k, 0.0);
    }
    double m = 0.0;
    for (int a = 0; a < nnz; a++) {
      final int qa = position[fields[from + a]];
      final double xa = values[from + a];
      for (int b = a + 1; b < nnz; b++) {
        final int sa = slot[a * numPresent + position[fields[from + b]]];
        final int sb = slot[b * numPresent + qa];
        final int oa = off[sa];
        final int ob = off[sb];
        final double xx = xa * values[from + b];
        double dot = 0.0;
        for (int c = 0; c < k; c++) {
          dot += (double) v[oa + c] * v[ob + c];
        }
        m += dot * xx;
        if (d != null) {
          final int da = sa * k;
          final int db = sb * k;
          for (int c = 0; c < k; c++) {
            d[da + c] += v[ob + c] * xx;
            d[db + c] += v[oa + c] * xx;
          }
        }
      }
    }
    return m;
  }

  /** Factor rows start at N(0, initStd^2) from (seed, row); linear weights and the intercept at 0. */
  @Override
  public void initialRow(int t, int r, double[] out, int from) {
    if (t != factors || initStd == 0.0) {
      java.util.Arrays.fill(out, from, from + width(t), 0.0);
      return;
    }
    final SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (r + 1L)));
    for (int c = 0; c < layout.factorSize(); c++) {
      out[from + c] = initStd * Gaussian.next(random);
    }
  }

  @Override
  public String toString() {
    return "FactorKernel(" + layout + ", fieldAware=" + fieldAware + ", initStd=" + initStd + ", seed=" + seed + ")";
  }
}
