package io.sparkctr.train;

import io.sparkctr.models.kernel.FactorKernel;
import io.sparkctr.optim.RowDelta;
import io.sparkctr.optim.RowStore;
import io.sparkctr.optim.ftrl.FtrlHyperParams;
import io.sparkctr.optim.ftrl.FtrlRows;

/**
 * FTRL-Proximal factorization machines (Rendle's FM, {@link FactorKernel} without fields) fused into one loop
 * per example: the {@link RowPass} of that kernel with {@link FtrlRows}, O(k nnz) with the update inside the
 * row. Per example: the linear weights and the factor sums S_f = sum_j v_jf x_j in one sweep over the
 * entries, the margin b + sum_j w_j x_j + 1/2 sum_f (S_f^2 - sum_j v_jf^2 x_j^2), then one sweep that steps
 * each linear weight (gradient g x_j) and each factor (gradient g x_j (S_f - v_jf x_j), from the factors read
 * before the step, as the generic pass). Float arithmetic as FtrlRows. In place (a local epoch that owns its
 * round) or through views (a task), as {@link FtrlLogisticPass}.
 */
public final class FtrlFactorPass {
  private FtrlFactorPass() {}

  /** Whether the fused loop runs this kernel and optimizer. */
  static boolean applies(Object kernel, Object optimizer, boolean[][] support) {
    return kernel instanceof FactorKernel fm && !fm.fieldAware() && fm.factorTable() >= 0
        && optimizer instanceof FtrlRows && support == null;
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
    final CsrBlock.LocalFeatures local = inPlace ? null : block.localFeatures();
    final RowStore linear = lt < 0 ? null : inPlace ? base.tables[lt] : RowPass.view(kernel, base.tables[lt], lt, local);
    final RowStore factors = inPlace ? base.tables[vt] : RowPass.view(kernel, base.tables[vt], vt, local);
    final RowStore bias = bt < 0 ? null : inPlace ? base.tables[bt] : base.tables[bt].view();
    final int[] order = RowPass.blockShuffledOrder(block.numRows, seed, epoch, partition);
    final int first = RowPass.sliceStart(order.length, round, rounds);
    final int last = RowPass.sliceStart(order.length, round + 1, rounds);
    final int maxNnz = block.maxRowNonzeros();
    final int[] lOff = new int[maxNnz];
    final int[] vOff = new int[maxNnz];
    final float[] sums = new float[k];
    final boolean vectors = FactorSteps.applies(k);
    // the rows the stores name: the owner's (global features) in place, else the block's local numbers
    final int[] indices = inPlace ? block.indices : local.indices();
    final double[] values = block.values;
    int biasOffset = 0;
    if (bias != null) {
      bias.reserve(1);
      biasOffset = bias.touch(0);
    }
    final float[] b = bias == null ? null : bias.data();
    final PassLoss loss = new PassLoss();
    for (int e = first; e < last; e++) {
      final int r = order[e];
      final int from = block.rowStart[r];
      final int nnz = block.rowStart[r + 1] - from;
      factors.reserve(nnz);
      if (linear != null) {
        linear.reserve(nnz);
      }
      final float[] v = factors.data();
      final float[] w = linear == null ? null : linear.data();
      java.util.Arrays.fill(sums, 0f);
      float linearSum = 0f;
      float squares = 0f;
      for (int p = 0; p < nnz; p++) {
        final int j = indices[from + p];
        final float x = (float) values[from + p];
        if (w != null) {
          final int lo = linear.touch(j);
          lOff[p] = lo;
          linearSum += w[lo] * x;
        }
        final int vo = factors.touch(j);
        vOff[p] = vo;
        for (int f = 0; f < k; f++) {
          final float vx = v[vo + f] * x;
          sums[f] += vx;
          squares += vx * vx;
        }
      }
      float pairs = 0f;
      for (int f = 0; f < k; f++) {
        pairs += sums[f] * sums[f];
      }
      double margin = linearSum + 0.5 * (pairs - squares);
      if (b != null) {
        margin += b[biasOffset];
      }
      final double label = block.labels[r];
      final double weight = block.weights[r];
      final double probability = loss.add(margin, label, weight);
      final float g0 = (float) (weight * (probability - label));
      float stepSum = 0f;
      for (int p = 0; p < nnz; p++) {
        final float x = (float) values[from + p];
        if (w != null) {
          stepSum += FtrlRows.step(w, lOff[p], 1, g0 * x, x, l1, l2, invAlpha, beta);
        }
        final int vo = vOff[p];
        if (vectors) {
          stepSum += FactorSteps.step(v, vo, k, sums, x, g0, l1, l2, invAlpha, beta);
          continue;
        }
        for (int f = 0; f < k; f++) {
          final float d = x * (sums[f] - v[vo + f] * x);
          stepSum += FtrlRows.step(v, vo + f, k, g0 * d, d, l1, l2, invAlpha, beta);
        }
      }
      if (b != null) {
        stepSum += FtrlRows.step(b, biasOffset, 1, g0, 1f, 0f, 0f, invAlpha, beta);
      }
      if (!inPlace) {
        final float kappa = (float) (weight * probability * (1.0 - probability) * stepSum);
        for (int p = 0; p < nnz; p++) {
          if (w != null) {
            w[lOff[p] + 3] += kappa;
          }
          v[vOff[p] + 3 * k] += kappa;
        }
        if (b != null) {
          b[biasOffset + 3] += kappa;
        }
      }
    }
    final RowDelta[] deltas = new RowDelta[kernel.numTables()];
    final RowStore[] stores = new RowStore[kernel.numTables()];
    if (lt >= 0) {
      stores[lt] = linear;
    }
    stores[vt] = factors;
    if (bt >= 0) {
      stores[bt] = bias;
    }
    for (int t = 0; t < deltas.length; t++) {
      deltas[t] = inPlace ? RowDelta.empty(opt.merge().valuesPerRow(kernel.width(t)))
          : opt.merge().increments(opt, stores[t], kernel.width(t), kernel.penalized(t));
    }
    return new RowPass.Result(deltas, loss.total(), loss.weights(), last - first);
  }
}
