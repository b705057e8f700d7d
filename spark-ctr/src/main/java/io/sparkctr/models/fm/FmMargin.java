package io.sparkctr.models.fm;

import io.sparkctr.models.MarginGradient;
import java.util.function.IntToDoubleFunction;

/**
 * Rendle's factorization machine (ICDM 2010): margin = b + sum_j w_j x_j + sum_{i&lt;j} &lt;v_i, v_j&gt; x_i x_j,
 * computed in O(k nnz) as b + sum_j w_j x_j + 1/2 sum_f [(sum_j v_jf x_j)^2 - sum_j v_jf^2 x_j^2];
 * d(margin)/d(v_jf) = x_j (S_f - v_jf x_j) with S_f = sum_i v_if x_i. Layout: {@link FactorLayout} with
 * one field. Rows must list each index once (the featurizers and readers merge duplicates).
 */
public final class FmMargin extends FactorizedMargin {
  private static final long serialVersionUID = 1L;

  /**
   * @param layout a one-field layout
   * @param initStd standard deviation of the random factor start, &gt;= 0
   * @param seed seed of the factor start
   */
  public FmMargin(FactorLayout layout, double initStd, long seed) {
    super(layout, initStd, seed);
    if (layout.numFields() != 1) {
      throw new IllegalArgumentException("An FM layout MUST have one field, but got " + layout.numFields()
          + "; use FfmMargin for field-aware FM");
    }
  }

  @Override
  public double margin(IntToDoubleFunction weights, int[] indices, double[] values, int[] fields, int from, int to) {
    final int k = layout.factorSize();
    final int offset = layout.factorOffset();
    double m = 0.0;
    if (layout.fitLinear()) {
      for (int p = from; p < to; p++) {
        m += weights.applyAsDouble(indices[p]) * values[p];
      }
    }
    double pairs = 0.0;
    for (int f = 0; f < k; f++) {
      double sum = 0.0;
      double squares = 0.0;
      for (int p = from; p < to; p++) {
        final double vx = weights.applyAsDouble(offset + indices[p] * k + f) * values[p];
        sum += vx;
        squares += vx * vx;
      }
      pairs += sum * sum - squares;
    }
    m += 0.5 * pairs;
    return layout.fitIntercept() ? m + weights.applyAsDouble(layout.interceptIndex()) : m;
  }

  @Override
  public double forward(IntToDoubleFunction weights, int[] indices, double[] values, int[] fields, int from, int to,
      MarginGradient out) {
    final int k = layout.factorSize();
    final int offset = layout.factorOffset();
    final int nnz = to - from;
    out.reset(nnz * (k + (layout.fitLinear() ? 1 : 0)) + 1);
    double m = 0.0;
    if (layout.fitLinear()) {
      for (int p = from; p < to; p++) {
        final double w = weights.applyAsDouble(indices[p]);
        m += w * values[p];
        out.add(indices[p], values[p], w);
      }
    }
    if (k > 0) {
      final double[] sums = out.sums(k);
      java.util.Arrays.fill(sums, 0, k, 0.0);
      double squares = 0.0;
      final int first = out.size;
      for (int p = from; p < to; p++) {
        final int base = offset + indices[p] * k;
        final double x = values[p];
        for (int f = 0; f < k; f++) {
          final double v = weights.applyAsDouble(base + f);
          final double vx = v * x;
          sums[f] += vx;
          squares += vx * vx;
          out.add(base + f, 0.0, v);
        }
      }
      double sumSquares = 0.0;
      for (int f = 0; f < k; f++) {
        sumSquares += sums[f] * sums[f];
      }
      m += 0.5 * (sumSquares - squares);
      final double[] d = out.derivatives;
      final double[] w = out.weights;
      int c = first;
      for (int p = from; p < to; p++) {
        final double x = values[p];
        for (int f = 0; f < k; f++, c++) {
          d[c] = x * (sums[f] - w[c] * x);
        }
      }
    }
    if (layout.fitIntercept()) {
      final double b = weights.applyAsDouble(layout.interceptIndex());
      m += b;
      out.add(layout.interceptIndex(), 1.0, b);
    }
    return m;
  }

}
