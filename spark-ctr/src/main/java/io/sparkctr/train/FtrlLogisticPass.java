package io.sparkctr.train;

import io.sparkctr.models.kernel.LinearKernel;
import io.sparkctr.optim.RowDelta;
import io.sparkctr.optim.RowStore;
import io.sparkctr.optim.ftrl.FtrlHyperParams;
import io.sparkctr.optim.ftrl.FtrlRows;

/**
 * FTRL-Proximal logistic regression fused into one loop per example: the {@link RowPass} of a
 * {@link LinearKernel} with {@link FtrlRows}, without an interface call or a derivative buffer per
 * coordinate. Per example: touch the rows (weights are stored, so reading is one load each), the margin, one
 * exponential and one log1p for the probability and the loss, then the FTRL step of every coordinate in float
 * arithmetic (FtrlRows' rule and layout {@code [w | z | sqrt(n) | kappa]}) and the example's contraction for
 * the merge. Same order, same arithmetic and same result as the generic pass up to float rounding order.
 *
 * <p>Two modes: over copy-on-touch views of the round's state (a Spark task, or one of several local
 * partitions), returning the touched rows' deltas; or in place on the state's own tables when one pass owns
 * the whole round (the local trainer with one partition and one merge per epoch), where there is nothing to
 * merge and the view's hash lookups (about half the time at 2^20 rows) are saved.
 */
public final class FtrlLogisticPass {
  private FtrlLogisticPass() {}

  /** Whether the fused loop runs this kernel and optimizer (else the generic {@link RowPass}). */
  static boolean applies(Object kernel, Object optimizer, boolean[][] support) {
    return kernel instanceof LinearKernel && optimizer instanceof FtrlRows && support == null;
  }

  /**
   * The pass of {@link RowPass#run} for FTRL-LR.
   *
   * @param inPlace step the state's own tables (the caller owns the whole round: no merge follows), instead of
   *     views of them
   */
  static RowPass.Result run(LinearKernel kernel, RowState<FtrlRows> base, CsrBlock block, long seed, int epoch,
      int round, int rounds, int partition, boolean inPlace) {
    final FtrlRows opt = base.optimizer;
    final FtrlHyperParams h = opt.hyper();
    final float l1 = (float) h.l1();
    final float l2 = (float) h.l2();
    final float invAlpha = (float) (1.0 / h.alpha());
    final float beta = (float) h.beta();
    final boolean intercept = kernel.fitIntercept();
    final RowStore weights = inPlace ? base.tables[0] : RowPass.view(kernel, base.tables[0], 0, block.localFeatures());
    final RowStore bias = intercept ? (inPlace ? base.tables[1] : base.tables[1].view()) : null;
    final int[] order = RowPass.blockShuffledOrder(block.numRows, seed, epoch, partition);
    final int first = RowPass.sliceStart(order.length, round, rounds);
    final int last = RowPass.sliceStart(order.length, round + 1, rounds);
    final int maxNnz = block.maxRowNonzeros();
    final int[] offsets = new int[maxNnz];
    // the rows the stores name: the owner's (global features) in place, else the block's local numbers
    final int[] indices = inPlace ? block.indices : block.localFeatures().indices();
    final double[] values = block.values;
    int biasOffset = 0;
    if (intercept) {
      bias.reserve(1);
      biasOffset = bias.touch(0);
    }
    final float[] b = intercept ? bias.data() : null;
    final int stride = weights.stride();
    final boolean binary = block.binary();
    final PassLoss loss = new PassLoss();
    for (int e = first; e < last; e++) {
      final int r = order[e];
      final int from = block.rowStart[r];
      final int nnz = block.rowStart[r + 1] - from;
      weights.reserve(nnz);
      final float[] d = weights.data();
      double margin = 0.0;
      if (binary && inPlace) { // the owner's rows: offset = row * stride, no lookup
        float sum = 0f;
        for (int k = 0; k < nnz; k++) {
          final int off = indices[from + k] * stride;
          offsets[k] = off;
          sum += d[off];
        }
        margin = sum;
      } else if (binary) {
        float sum = 0f;
        for (int k = 0; k < nnz; k++) {
          final int off = weights.touch(indices[from + k]);
          offsets[k] = off;
          sum += d[off];
        }
        margin = sum;
      } else {
        for (int k = 0; k < nnz; k++) {
          final int off = weights.touch(indices[from + k]);
          offsets[k] = off;
          margin += d[off] * values[from + k];
        }
      }
      if (intercept) {
        margin += b[biasOffset];
      }
      // One exponential for both the probability and the loss: e = exp(-|m|).
      final double label = block.labels[r];
      final double weight = block.weights[r];
      final double probability = loss.add(margin, label, weight);
      final float g0 = (float) (weight * (probability - label));
      float stepSum = 0f;
      if (binary) { // one-hot rows (the featurizers' output): x = 1, no value loads
        for (int k = 0; k < nnz; k++) {
          stepSum += FtrlRows.step(d, offsets[k], 1, g0, 1f, l1, l2, invAlpha, beta);
        }
      } else {
        for (int k = 0; k < nnz; k++) {
          final float x = (float) values[from + k];
          stepSum += FtrlRows.step(d, offsets[k], 1, g0 * x, x, l1, l2, invAlpha, beta);
        }
      }
      if (intercept) {
        stepSum += FtrlRows.step(b, biasOffset, 1, g0, 1f, 0f, 0f, invAlpha, beta);
      }
      if (!inPlace) {
        final float kappa = (float) (weight * probability * (1.0 - probability) * stepSum);
        for (int k = 0; k < nnz; k++) {
          d[offsets[k] + 3] += kappa;
        }
        if (intercept) {
          b[biasOffset + 3] += kappa;
        }
      }
    }
    final RowDelta[] deltas = new RowDelta[kernel.numTables()];
    deltas[0] = inPlace ? RowDelta.empty(opt.merge().valuesPerRow(1))
        : opt.merge().increments(opt, weights, 1, true);
    if (intercept) {
      deltas[1] = inPlace ? RowDelta.empty(opt.merge().valuesPerRow(1))
          : opt.merge().increments(opt, bias, 1, false);
    }
    return new RowPass.Result(deltas, loss.total(), loss.weights(), last - first);
  }
}
