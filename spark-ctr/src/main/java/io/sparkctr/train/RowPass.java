package io.sparkctr.train;

import io.sparkctr.models.RowKernel;
import io.sparkctr.models.kernel.FactorKernel;
import io.sparkctr.models.kernel.LinearKernel;
import io.sparkctr.optim.RowDelta;
import io.sparkctr.optim.RowMerge;
import io.sparkctr.optim.RowOptimizer;
import io.sparkctr.optim.RowStore;
import io.sparkctr.optim.ftrl.FtrlRows;
import java.io.Serializable;

/**
 * One online pass of a model with log loss over one slice of one block of examples, from a round's start
 * state: the unit of work of the local trainer and of each Spark task. It reads and writes the state only
 * through copy-on-touch views ({@link RowStore#view()}), so the shared state is never written and a pass's
 * memory is O(rows it touched); it returns, per table, the optimizer's {@link RowDelta} of those rows.
 *
 * <p>Per example, one step (the step loss is the example's weighted log loss): the kernel lists the rows
 * the example touches, the views touch them, the optimizer brings them current, the kernel computes the
 * margin and its derivatives from the weights in the rows, and the optimizer updates each table's rows in
 * one call. Examples are visited in a shuffled order that depends only on (seed, epoch, partition).
 */
public final class RowPass {
  private RowPass() {}

  /** What a pass returns: per table the touched rows' deltas, and the progressive training loss. */
  public static final class Result implements Serializable {
    private static final long serialVersionUID = 1L;

    final RowDelta[] deltas;
    final double lossSum;
    final double weightSum;
    final long rows;
    /** Bytes of the deltas the passes returned, summed over the passes. */
    final long shippedBytes;

    /** One pass's result: what it ships is its deltas. */
    Result(RowDelta[] deltas, double lossSum, double weightSum, long rows) {
      this(deltas, lossSum, weightSum, rows, payloadBytes(deltas));
    }

    private Result(RowDelta[] deltas, double lossSum, double weightSum, long rows, long shippedBytes) {
      this.deltas = deltas;
      this.lossSum = lossSum;
      this.weightSum = weightSum;
      this.rows = rows;
      this.shippedBytes = shippedBytes;
    }

    /** No rows: the identity of {@link #merge}. */
    public static Result empty(int[] valuesPerRow) {
      final RowDelta[] deltas = new RowDelta[valuesPerRow.length];
      for (int t = 0; t < deltas.length; t++) {
        deltas[t] = RowDelta.empty(valuesPerRow[t]);
      }
      return new Result(deltas, 0.0, 0.0, 0L);
    }

    /** The sum of two passes' results. */
    public static Result merge(Result a, Result b) {
      if (a.rows == 0 && a.totalRows() == 0) {
        return b;
      }
      if (b.rows == 0 && b.totalRows() == 0) {
        return a;
      }
      final RowDelta[] deltas = new RowDelta[a.deltas.length];
      for (int t = 0; t < deltas.length; t++) {
        deltas[t] = RowDelta.merge(a.deltas[t], b.deltas[t]);
      }
      return new Result(deltas, a.lossSum + b.lossSum, a.weightSum + b.weightSum, a.rows + b.rows,
          a.shippedBytes + b.shippedBytes);
    }

    private long totalRows() {
      long n = 0;
      for (RowDelta d : deltas) {
        n += d.size();
      }
      return n;
    }

    public RowDelta delta(int t) {
      return deltas[t];
    }

    public long rows() {
      return rows;
    }

    public double lossSum() {
      return lossSum;
    }

    public double weightSum() {
      return weightSum;
    }

    /** Bytes of the (merged) deltas, sized to the touched rows: what the driver applies. */
    public long payloadBytes() {
      return payloadBytes(deltas);
    }

    /**
     * Bytes of the deltas every pass returned, summed over the passes: what the round's tasks shipped to be
     * aggregated.
     */
    public long shippedBytes() {
      return shippedBytes;
    }

    private static long payloadBytes(RowDelta[] deltas) {
      long b = 0;
      for (RowDelta d : deltas) {
        b += d.payloadBytes();
      }
      return b;
    }

    /** Rows of every table the deltas carry. */
    public long touchedRows() {
      return totalRows();
    }
  }

  /** The rows per table a result's deltas carry, for {@link Result#empty}. */
  public static <O extends RowOptimizer<O>> int[] valuesPerRow(RowKernel kernel, O optimizer) {
    final int[] v = new int[kernel.numTables()];
    for (int t = 0; t < v.length; t++) {
      v[t] = optimizer.merge().valuesPerRow(kernel.width(t));
    }
    return v;
  }

  /**
   * Runs the pass.
   *
   * @param base the round's start state (read only)
   * @param support per table, the rows allowed to change (a refit's support), or null for all; the others
   *     keep their weights (their derivatives are taken as 0)
   * @param rounds the epoch's merges: this pass runs slice {@code round} of {@code rounds}
   */
  public static <O extends RowOptimizer<O>> Result run(RowKernel kernel, RowState<O> base, boolean[][] support,
      CsrBlock block, long seed, int epoch, int round, int rounds, int partition) {
    check(kernel, block);
    if (FtrlLogisticPass.applies(kernel, base.optimizer, support)) {
      @SuppressWarnings("unchecked")
      final RowState<FtrlRows> ftrl = (RowState<FtrlRows>) (RowState<?>) base;
      return FtrlLogisticPass.run((LinearKernel) kernel, ftrl, block, seed, epoch, round, rounds, partition, false);
    }
    if (FtrlFactorPass.applies(kernel, base.optimizer, support)) {
      @SuppressWarnings("unchecked")
      final RowState<FtrlRows> ftrl = (RowState<FtrlRows>) (RowState<?>) base;
      return FtrlFactorPass.run((FactorKernel) kernel, ftrl, block, seed, epoch, round, rounds, partition, false);
    }
    if (FtrlFieldPass.applies(kernel, base.optimizer, support)) {
      @SuppressWarnings("unchecked")
      final RowState<FtrlRows> ftrl = (RowState<FtrlRows>) (RowState<?>) base;
      return FtrlFieldPass.run((FactorKernel) kernel, ftrl, block, seed, epoch, round, rounds, partition, false);
    }
    final int numTables = kernel.numTables();
    final O opt = base.optimizer.copy();
    final RowMerge<O> merge = opt.merge();
    final RowStore[] views = new RowStore[numTables];
    final int[] widths = new int[numTables];
    final boolean[] penalized = new boolean[numTables];
    final int[][] rows = new int[numTables][];
    final int[][] offsets = new int[numTables][];
    final double[][] derivatives = new double[numTables][];
    final float[][] data = new float[numTables][];
    final int[] counts = new int[numTables];
    final int maxNnz = block.maxRowNonzeros();
    final CsrBlock.LocalFeatures local = block.localFeatures();
    final int[] localIndices = local.indices();
    for (int t = 0; t < numTables; t++) {
      views[t] = view(kernel, base.tables[t], t, local);
      widths[t] = kernel.width(t);
      penalized[t] = kernel.penalized(t);
      final int max = kernel.maxRows(t, maxNnz);
      rows[t] = new int[max];
      offsets[t] = new int[max];
      derivatives[t] = new double[max * widths[t]];
    }
    final boolean contraction = opt.tracksContraction();
    final int[] order = blockShuffledOrder(block.numRows, seed, epoch, partition);
    final int first = sliceStart(order.length, round, rounds);
    final int last = sliceStart(order.length, round + 1, rounds);
    final PassLoss loss = new PassLoss();
    for (int e = first; e < last; e++) {
      final int r = order[e];
      final int from = block.rowStart[r];
      final int to = block.rowStart[r + 1];
      kernel.rows(localIndices, block.fields, from, to, rows, counts);
      for (int t = 0; t < numTables; t++) {
        final RowStore view = views[t];
        final int[] rt = rows[t];
        final int[] ot = offsets[t];
        view.reserve(counts[t]);
        for (int k = 0; k < counts[t]; k++) {
          ot[k] = view.touch(rt[k]);
        }
      }
      for (int t = 0; t < numTables; t++) {
        opt.read(views[t], offsets[t], counts[t], widths[t], penalized[t]);
        data[t] = views[t].data();
      }
      final double margin = kernel.forward(data, offsets, counts, localIndices, block.values, block.fields, from,
          to, derivatives);
      final double weight = block.weights[r];
      final double label = block.labels[r];
      final double probability = loss.add(margin, label, weight);
      if (support != null) {
        dropOutsideSupport(support, views, rows, offsets, counts, widths, derivatives);
      }
      final double multiplier = weight * (probability - label);
      double stepSum = 0.0;
      for (int t = 0; t < numTables; t++) {
        stepSum += opt.update(views[t], offsets[t], counts[t], widths[t], penalized[t], multiplier, derivatives[t]);
      }
      if (contraction) {
        final double kappa = weight * probability * (1.0 - probability) * stepSum;
        for (int t = 0; t < numTables; t++) {
          opt.addContraction(views[t], offsets[t], counts[t], widths[t], kappa);
        }
      }
      opt.endStep();
    }
    final RowDelta[] deltas = new RowDelta[numTables];
    for (int t = 0; t < numTables; t++) {
      deltas[t] = views[t].isView() ? merge.increments(opt, views[t], widths[t], penalized[t])
          : RowDelta.empty(merge.valuesPerRow(widths[t]));
    }
    return new Result(deltas, loss.total(), loss.weights(), last - first);
  }

  /**
   * A whole epoch's pass stepping {@code state}'s own tables, for a caller that owns the round (one
   * partition, one merge per epoch): the same steps as {@link #run} then {@link #apply}, without views or
   * deltas. The fused kernels use it; the others run through a view and merge.
   */
  public static <O extends RowOptimizer<O>> Result runInPlace(RowKernel kernel, RowState<O> state, CsrBlock block,
      long seed, int epoch) {
    check(kernel, block);
    if (FtrlLogisticPass.applies(kernel, state.optimizer, null)) {
      @SuppressWarnings("unchecked")
      final RowState<FtrlRows> ftrl = (RowState<FtrlRows>) (RowState<?>) state;
      return FtrlLogisticPass.run((LinearKernel) kernel, ftrl, block, seed, epoch, 0, 1, 0, true);
    }
    if (FtrlFactorPass.applies(kernel, state.optimizer, null)) {
      @SuppressWarnings("unchecked")
      final RowState<FtrlRows> ftrl = (RowState<FtrlRows>) (RowState<?>) state;
      return FtrlFactorPass.run((FactorKernel) kernel, ftrl, block, seed, epoch, 0, 1, 0, true);
    }
    if (FtrlFieldPass.applies(kernel, state.optimizer, null)) {
      @SuppressWarnings("unchecked")
      final RowState<FtrlRows> ftrl = (RowState<FtrlRows>) (RowState<?>) state;
      return FtrlFieldPass.run((FactorKernel) kernel, ftrl, block, seed, epoch, 0, 1, 0, true);
    }
    final Result result = run(kernel, state, null, block, seed, epoch, 0, 1, 0);
    apply(kernel, state, result);
    return result;
  }

  /**
   * A pass's copy-on-touch view of table t of {@code base}, naming rows through the block's dictionary
   * ({@link CsrBlock#localFeatures}) when the table's rows are per feature: the pass then touches rows by the
   * block's local feature numbers ({@code local.indices()}).
   */
  static RowStore view(RowKernel kernel, RowStore owner, int t, CsrBlock.LocalFeatures local) {
    final int perFeature = kernel.rowsPerFeature(t);
    return perFeature == 0 ? owner.view() : owner.view(local.features(), perFeature);
  }

  /** Rejects a block whose rows reach beyond the model's features or fields. */
  static void check(RowKernel kernel, CsrBlock block) {
    block.checkFits(kernel.numFeatures(), kernel.numFields() > 0);
    if (kernel.numFields() > 0 && block.numFields() > kernel.numFields()) {
      throw new IllegalArgumentException("Dimension mismatch: model has " + kernel.numFields() + " fields, rows have "
          + block.numFields());
    }
  }

  /** The first position of slice {@code round} of {@code rounds} over {@code n} examples (an epoch's merges). */
  static int sliceStart(int n, int round, int rounds) {
    return (int) ((long) n * round / rounds);
  }

  /** Rows per shuffled block of {@link #blockShuffledOrder}. */
  static final int SHUFFLE_BLOCK = 64;

  /**
   * A permutation of [0, numRows) that depends only on (seed, epoch, partition): the rows are cut into blocks
   * of {@link #SHUFFLE_BLOCK} consecutive rows, the blocks are visited in a shuffled order and the rows of each
   * block in a shuffled order. Every epoch sees the rows in another order, as a full shuffle gives, while a
   * block's rows (a few kilobytes) stay together in the cache: a full shuffle reads every row from a random
   * place in memory, which halved the pass's speed.
   */
  static int[] blockShuffledOrder(int numRows, long seed, int epoch, int partition) {
    final int numBlocks = (numRows + SHUFFLE_BLOCK - 1) / SHUFFLE_BLOCK;
    final int[] blocks = LogisticPass.shuffledOrder(numBlocks, seed, epoch, partition);
    final java.util.SplittableRandom random = new java.util.SplittableRandom(seed * 31 + epoch * 1_000_003L + partition);
    final int[] order = new int[numRows];
    int n = 0;
    for (int b : blocks) {
      final int from = b * SHUFFLE_BLOCK;
      final int to = Math.min(numRows, from + SHUFFLE_BLOCK);
      final int start = n;
      for (int r = from; r < to; r++) {
        order[n++] = r;
      }
      for (int i = n - 1; i > start; i--) {
        final int j = start + random.nextInt(i - start + 1);
        final int tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
      }
    }
    return order;
  }

  /**
   * Leaves the rows outside a refit's support out of the example's update (its margin still read them): they
   * are never updated, as in the double engine, whatever an optimizer does with a zero gradient (Adam's
   * momentum still moves a row).
   */
  private static void dropOutsideSupport(boolean[][] support, RowStore[] views, int[][] rows, int[][] offsets,
      int[] counts, int[] widths, double[][] derivatives) {
    for (int t = 0; t < rows.length; t++) {
      if (support[t] == null) {
        continue;
      }
      final int width = widths[t];
      int kept = 0;
      for (int k = 0; k < counts[t]; k++) {
        if (support[t][views[t].ownerRow(rows[t][k])]) {
          if (kept != k) {
            rows[t][kept] = rows[t][k];
            offsets[t][kept] = offsets[t][k];
            System.arraycopy(derivatives[t], k * width, derivatives[t], kept * width, width);
          }
          kept++;
        }
      }
      counts[t] = kept;
    }
  }

  /** Applies a round's summed results to the state they started from (the driver's merge). */
  public static <O extends RowOptimizer<O>> void apply(RowKernel kernel, RowState<O> state, Result summed) {
    final int numTables = kernel.numTables();
    final int[] widths = new int[numTables];
    final boolean[] penalized = new boolean[numTables];
    for (int t = 0; t < numTables; t++) {
      widths[t] = kernel.width(t);
      penalized[t] = kernel.penalized(t);
    }
    state.optimizer.merge().apply(state.optimizer, state.tables, widths, penalized, summed.deltas, summed.rows);
  }
}
