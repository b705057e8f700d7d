package io.sparkctr.train;

import io.sparkctr.models.kernel.FactorKernel;
import io.sparkctr.optim.RowDelta;
import io.sparkctr.optim.RowStore;
import io.sparkctr.optim.ftrl.FtrlHyperParams;
import io.sparkctr.optim.ftrl.FtrlRows;

/**
 * FTRL-Proximal field-aware FM ({@link FactorKernel} with fields; libffm's model) fused into one loop per
 * example: the {@link RowPass} of that kernel with {@link FtrlRows}. Per example: the kernel lists the
 * (feature, field) rows the example touches; one sweep over the entry pairs (a, b) computes the margin
 * sum &lt;v(j_a, f_b), v(j_b, f_a)&gt; x_a x_b and accumulates each row's derivative into a per-task buffer; then
 * each touched row takes its FTRL step in SIMD lanes ({@link FactorSteps}). The same gradient as the generic
 * pass (every row's derivative from the factors before the example's steps). When the example's fields are
 * distinct (the featurizers' rows) each row belongs to one pair, so the rows step inside the pair loop as in
 * libffm, with the same result and without the row list, slot lookups and derivative buffer (1.5x faster);
 * libffm steps inside the pair loop in any case, which differs when a field has several entries. Float
 * arithmetic; in place or through views.
 */
public final class FtrlFieldPass {
  private FtrlFieldPass() {}

  /** Whether the fused loop runs this kernel and optimizer. */
  static boolean applies(Object kernel, Object optimizer, boolean[][] support) {
    return kernel instanceof FactorKernel ffm && ffm.fieldAware() && ffm.factorTable() >= 0
        && FactorSteps.applies(ffm.layout().factorSize()) && optimizer instanceof FtrlRows && support == null;
  }

  static RowPass.Result run(FactorKernel kernel, RowState<FtrlRows> base, CsrBlock block, long seed, int epoch,
      int round, int rounds, int partition, boolean inPlace) {
    final FtrlRows opt = base.optimizer;
    final FtrlHyperParams h = opt.hyper();
    final float l1 = (float) h.l1();
    final float l2 = (float) h.l2();
    final float invAlpha = (float) (1.0 / h.alpha());
    final float beta = (float) h.beta();
    final int k = kernel.layout().factorSize();
    final int lt = kernel.linearTable();
    final int vt = kernel.factorTable();
    final int bt = kernel.interceptTable();
    final int numTables = kernel.numTables();
    final RowStore[] stores = new RowStore[numTables];
    final CsrBlock.LocalFeatures local = inPlace ? null : block.localFeatures();
    for (int t = 0; t < numTables; t++) {
      stores[t] = inPlace ? base.tables[t] : RowPass.view(kernel, base.tables[t], t, local);
    }
    final RowStore linear = lt < 0 ? null : stores[lt];
    final RowStore factors = stores[vt];
    final RowStore bias = bt < 0 ? null : stores[bt];
    final int[] order = RowPass.blockShuffledOrder(block.numRows, seed, epoch, partition);
    final int first = RowPass.sliceStart(order.length, round, rounds);
    final int last = RowPass.sliceStart(order.length, round + 1, rounds);
    final int maxNnz = block.maxRowNonzeros();
    final int[][] rows = new int[numTables][];
    for (int t = 0; t < numTables; t++) {
      rows[t] = new int[kernel.maxRows(t, maxNnz)];
    }
    final int[] counts = new int[numTables];
    final int[] lOff = new int[maxNnz];
    final int[] vOff = new int[rows[vt].length];
    final float[] derivatives = new float[rows[vt].length * k];
    // the rows the stores name: the owner's (global features) in place, else the block's local numbers
    final int[] indices = inPlace ? block.indices : local.indices();
    final int[] fields = block.fields;
    final double[] values = block.values;
    int biasOffset = 0;
    if (bias != null) {
      bias.reserve(1);
      biasOffset = bias.touch(0);
    }
    final float[] b = bias == null ? null : bias.data();
    final PassLoss loss = new PassLoss();
    final int[] fieldStamp = new int[kernel.layout().numFields()];
    int stamp = 0;
    // distinct fields: the offset of row (j_a, f_b) at a * nnz + b
    final int[] pairOffsets = new int[maxNnz * maxNnz];
    for (int e = first; e < last; e++) {
      final int r = order[e];
      final int from = block.rowStart[r];
      final int to = block.rowStart[r + 1];
      final int nnz = to - from;
      final boolean distinct = distinctFields(fields, from, to, fieldStamp, ++stamp);
      int numRows = 0;
      if (distinct) {
        touchPairs(factors, kernel.layout().numFields(), indices, fields, from, nnz, pairOffsets);
      } else {
        kernel.rows(indices, fields, from, to, rows, counts);
        numRows = counts[vt];
        factors.reserve(numRows);
        for (int s = 0; s < numRows; s++) {
          vOff[s] = factors.touch(rows[vt][s]);
        }
      }
      final float[] v = factors.data();
      float linearSum = 0f;
      float[] w = null;
      if (linear != null) {
        linear.reserve(nnz);
        w = linear.data();
        for (int p = 0; p < nnz; p++) {
          lOff[p] = linear.touch(indices[from + p]);
          linearSum += w[lOff[p]] * (float) values[from + p];
        }
      }
      final float pairs = distinct ? pairSum(v, pairOffsets, values, from, nnz, k)
          : pairSumAndDerivatives(kernel, v, vOff, values, fields, from, nnz, k, derivatives, numRows);
      double margin = linearSum + pairs;
      if (b != null) {
        margin += b[biasOffset];
      }
      final double label = block.labels[r];
      final double weight = block.weights[r];
      final double probability = loss.add(margin, label, weight);
      final float g0 = (float) (weight * (probability - label));
      float stepSum = 0f;
      if (w != null) {
        for (int p = 0; p < nnz; p++) {
          final float x = (float) values[from + p];
          stepSum += FtrlRows.step(w, lOff[p], 1, g0 * x, x, l1, l2, invAlpha, beta);
        }
      }
      if (distinct) {
        // Row (j_a, f_b) belongs to pair (a, b) alone: its derivative is v(j_b, f_a) x_a x_b, so both rows of
        // a pair step inside the pair loop (libffm's order) with the result of stepping after the sweep.
        for (int a = 0; a < nnz; a++) {
          final float xa = (float) values[from + a];
          for (int c = a + 1; c < nnz; c++) {
            stepSum += FactorSteps.stepPair(v, pairOffsets[a * nnz + c], pairOffsets[c * nnz + a], k,
                xa * (float) values[from + c], g0, l1, l2, invAlpha, beta);
          }
        }
      } else {
        for (int s = 0; s < numRows; s++) {
          stepSum += FactorSteps.stepAlong(v, vOff[s], k, derivatives, s * k, g0, l1, l2, invAlpha, beta);
        }
      }
      if (b != null) {
        stepSum += FtrlRows.step(b, biasOffset, 1, g0, 1f, 0f, 0f, invAlpha, beta);
      }
      if (!inPlace) {
        final float kappa = (float) (weight * probability * (1.0 - probability) * stepSum);
        if (distinct) {
          for (int a = 0; a < nnz; a++) {
            for (int c = 0; c < nnz; c++) {
              if (c != a) {
                v[pairOffsets[a * nnz + c] + 3 * k] += kappa;
              }
            }
          }
        } else {
          for (int s = 0; s < numRows; s++) {
            v[vOff[s] + 3 * k] += kappa;
          }
        }
        if (w != null) {
          for (int p = 0; p < nnz; p++) {
            w[lOff[p] + 3] += kappa;
          }
        }
        if (b != null) {
          b[biasOffset + 3] += kappa;
        }
      }
    }
    final RowDelta[] deltas = new RowDelta[numTables];
    for (int t = 0; t < numTables; t++) {
      deltas[t] = inPlace ? RowDelta.empty(opt.merge().valuesPerRow(kernel.width(t)))
          : opt.merge().increments(opt, stores[t], kernel.width(t), kernel.penalized(t));
    }
    return new RowPass.Result(deltas, loss.total(), loss.weights(), last - first);
  }

  /** Whether the example's entries have pairwise distinct fields (stamps instead of clearing the marks). */
  private static boolean distinctFields(int[] fields, int from, int to, int[] fieldStamp, int stamp) {
    for (int p = from; p < to; p++) {
      final int f = fields[p];
      if (f < 0 || f >= fieldStamp.length || fieldStamp[f] == stamp) {
        return false; // a repeated field (or one the generic path rejects with its message)
      }
      fieldStamp[f] = stamp;
    }
    return true;
  }

  /** Touches row (j_a, f_b) of every ordered pair a != b of a distinct-field example; its offset at a * nnz + b. */
  private static void touchPairs(RowStore factors, int numFields, int[] indices, int[] fields, int from, int nnz,
      int[] pairOffsets) {
    factors.reserve(nnz * (nnz - 1));
    for (int a = 0; a < nnz; a++) {
      final int base = indices[from + a] * numFields;
      for (int c = 0; c < nnz; c++) {
        if (c != a) {
          pairOffsets[a * nnz + c] = factors.touch(base + fields[from + c]);
        }
      }
    }
  }

  /** sum over pairs a &lt; b of &lt;v(j_a, f_b), v(j_b, f_a)&gt; x_a x_b, rows at {@link #touchPairs}' offsets. */
  private static float pairSum(float[] v, int[] pairOffsets, double[] values, int from, int nnz, int k) {
    float pairs = 0f;
    for (int a = 0; a < nnz; a++) {
      final float xa = (float) values[from + a];
      for (int c = a + 1; c < nnz; c++) {
        final int oa = pairOffsets[a * nnz + c];
        final int ob = pairOffsets[c * nnz + a];
        float dot = 0f;
        for (int f = 0; f < k; f++) {
          dot += v[oa + f] * v[ob + f];
        }
        pairs += dot * (xa * (float) values[from + c]);
      }
    }
    return pairs;
  }

  /**
   * The same sum for any example (a field may have several entries), rows found through the kernel's slots,
   * and each listed row's derivative accumulated into {@code derivatives} (k per row, in list order).
   */
  private static float pairSumAndDerivatives(FactorKernel kernel, float[] v, int[] vOff, double[] values,
      int[] fields, int from, int nnz, int k, float[] derivatives, int numRows) {
    java.util.Arrays.fill(derivatives, 0, numRows * k, 0f);
    float pairs = 0f;
    for (int a = 0; a < nnz; a++) {
      final int fa = fields[from + a];
      final float xa = (float) values[from + a];
      for (int bb = a + 1; bb < nnz; bb++) {
        final int sa = kernel.slotOf(a, fields[from + bb]);
        final int sb = kernel.slotOf(bb, fa);
        final int oa = vOff[sa];
        final int ob = vOff[sb];
        final float xx = xa * (float) values[from + bb];
        float dot = 0f;
        for (int c = 0; c < k; c++) {
          dot += v[oa + c] * v[ob + c];
        }
        pairs += dot * xx;
        final int da = sa * k;
        final int db = sb * k;
        for (int c = 0; c < k; c++) {
          derivatives[da + c] += v[ob + c] * xx;
          derivatives[db + c] += v[oa + c] * xx;
        }
      }
    }
    return pairs;
  }
}
