package io.sparkctr.models.fm;

import io.sparkctr.models.MarginGradient;
import java.util.function.IntToDoubleFunction;

/**
 * Field-aware factorization machine (Juan, Zhuang, Chin, Lin, RecSys 2016; libffm's model): margin =
 * b + sum_j w_j x_j + sum_{a&lt;b} &lt;v(j_a, f_b), v(j_b, f_a)&gt; x_a x_b over a row's entries a, b with
 * fields f_a, f_b; d(margin)/d v(j_a, f) = sum over entries b with field f (b != a) of v(j_b, f_a) x_a x_b.
 * O(nnz^2 k) per row. Departures from libffm: an optional linear term and intercept (libffm has
 * neither), and no instance-wise normalisation of x (normalise in the featurizer if wanted).
 */
public final class FfmMargin extends FactorizedMargin {
  private static final long serialVersionUID = 1L;

  public FfmMargin(FactorLayout layout, double initStd, long seed) {
    super(layout, initStd, seed);
  }

  @Override
  public boolean needsFields() {
    return true;
  }

  private int field(int[] fields, int p) {
    final int f = fields[p];
    if (f < 0 || f >= layout.numFields()) {
      throw new IllegalArgumentException(
          "Field index MUST be in [0, " + layout.numFields() + "), but got " + f + " (feature " + p + " of the row)");
    }
    return f;
  }

  @Override
  public double margin(IntToDoubleFunction weights, int[] indices, double[] values, int[] fields, int from, int to) {
    final int k = layout.factorSize();
    double m = 0.0;
    if (layout.fitLinear()) {
      for (int p = from; p < to; p++) {
        m += weights.applyAsDouble(indices[p]) * values[p];
      }
    }
    if (k > 0) {
      for (int a = from; a < to; a++) {
        final int fa = field(fields, a);
        for (int b = a + 1; b < to; b++) {
          final int fb = field(fields, b);
          final int va = layout.factor(indices[a], fb);
          final int vb = layout.factor(indices[b], fa);
          double dot = 0.0;
          for (int f = 0; f < k; f++) {
            dot += weights.applyAsDouble(va + f) * weights.applyAsDouble(vb + f);
          }
          m += dot * values[a] * values[b];
        }
      }
    }
    return layout.fitIntercept() ? m + weights.applyAsDouble(layout.interceptIndex()) : m;
  }

  @Override
  public double forward(IntToDoubleFunction weights, int[] indices, double[] values, int[] fields, int from, int to,
      MarginGradient out) {
    final int k = layout.factorSize();
    final int nnz = to - from;
    final int numFields = layout.numFields();
    // Count the row's fields (counts[f]) and list the distinct ones in order of appearance
    // (scratch[0, numPresent)), with each one's position in that list (counts[numFields + f]).
    final int[] counts = out.fieldCounts(2 * numFields);
    final int[] scratch = out.slots(nnz + nnz * nnz);
    for (int p = from; p < to; p++) {
      field(fields, p); // validate all first, so a bad row cannot leave the counters dirty
    }
    int numPresent = 0;
    for (int p = from; p < to; p++) {
      final int f = fields[p];
      if (counts[f]++ == 0) {
        counts[numFields + f] = numPresent;
        scratch[numPresent++] = f;
      }
    }
    out.reset(nnz * (numPresent * k + (layout.fitLinear() ? 1 : 0)) + 1);
    double m = 0.0;
    if (layout.fitLinear()) {
      for (int p = from; p < to; p++) {
        final double w = weights.applyAsDouble(indices[p]);
        m += w * values[p];
        out.add(indices[p], values[p], w);
      }
    }
    if (k > 0 && nnz > 1) {
      // slot of v(j_a, f): where its k weights sit in out, or -1 when no other entry has field f
      final int slotStart = nnz;
      for (int a = 0; a < nnz; a++) {
        final int fa = fields[from + a];
        for (int q = 0; q < numPresent; q++) {
          final int f = scratch[q];
          final int count = counts[f];
          final int slot = slotStart + a * numPresent + q;
          if (count - (f == fa ? 1 : 0) > 0) {
            scratch[slot] = out.size;
            final int base = layout.factor(indices[from + a], f);
            for (int c = 0; c < k; c++) {
              out.add(base + c, 0.0, weights.applyAsDouble(base + c));
            }
          } else {
            scratch[slot] = -1;
          }
        }
      }
      final double[] w = out.weights;
      final double[] d = out.derivatives;
      for (int a = 0; a < nnz; a++) {
        final int fa = fields[from + a];
        final int qa = counts[numFields + fa];
        final double xa = values[from + a];
        for (int b = a + 1; b < nnz; b++) {
          final int fb = fields[from + b];
          final int sa = scratch[slotStart + a * numPresent + counts[numFields + fb]];
          final int sb = scratch[slotStart + b * numPresent + qa];
          final double xx = xa * values[from + b];
          double dot = 0.0;
          for (int c = 0; c < k; c++) {
            dot += w[sa + c] * w[sb + c];
            d[sa + c] += w[sb + c] * xx;
            d[sb + c] += w[sa + c] * xx;
          }
          m += dot * xx;
        }
      }
    }
    for (int q = 0; q < numPresent; q++) {
      counts[scratch[q]] = 0; // leave the counters all zero for the next row
      counts[numFields + scratch[q]] = 0;
    }
    if (layout.fitIntercept()) {
      final double b = weights.applyAsDouble(layout.interceptIndex());
      m += b;
      out.add(layout.interceptIndex(), 1.0, b);
    }
    return m;
  }

}
