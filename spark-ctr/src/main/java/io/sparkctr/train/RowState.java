package io.sparkctr.train;

import io.sparkctr.models.RowKernel;
import io.sparkctr.optim.RowOptimizer;
import io.sparkctr.optim.RowStore;
import java.io.Serializable;

/**
 * A model in training: its kernel's tables as {@link RowStore} owners (weights and optimizer state) and the
 * optimizer (hyperparameters and global clock). What the driver keeps between rounds and broadcasts.
 *
 * @param <O> the optimizer
 */
public final class RowState<O extends RowOptimizer<O>> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Replaced, not mutated, by a step-size decay ({@link #decayStepSize}). */
  O optimizer;
  final RowStore[] tables;

  RowState(O optimizer, RowStore[] tables) {
    this.optimizer = optimizer;
    this.tables = tables;
  }

  /**
   * A fresh state: every row of every table at its start (the kernel's initial rows, e.g. random factors,
   * or the warm start {@code initial}), the optimizer's clock at 0.
   *
   * @param initial per table, row-major starting weights (rows x width), or null for the kernel's start
   */
  public static <O extends RowOptimizer<O>> RowState<O> start(RowKernel kernel, O optimizer, double[][] initial) {
    final RowStore[] tables = new RowStore[kernel.numTables()];
    for (int t = 0; t < tables.length; t++) {
      final int width = kernel.width(t);
      final RowStore store = new RowStore(kernel.tableRows(t), optimizer.stride(width), optimizer.clocked(),
          optimizer.viewExtra(width));
      final double[] row = new double[width];
      for (int r = 0; r < kernel.tableRows(t); r++) {
        if (initial != null && initial[t] != null) {
          System.arraycopy(initial[t], r * width, row, 0, width);
        } else {
          kernel.initialRow(t, r, row, 0);
        }
        optimizer.initRow(store, store.ownerOffset(r), width, kernel.penalized(t), row, 0);
      }
      tables[t] = store;
    }
    return new RowState<>(optimizer, tables);
  }

  public O optimizer() {
    return optimizer;
  }

  /** The owner of table t. */
  public RowStore table(int t) {
    return tables[t];
  }

  /**
   * Every table's weights at the current step, row-major (rows x width): brings lazy rows current first
   * (O(model)).
   */
  public double[][] weights(RowKernel kernel) {
    final double[][] out = new double[tables.length][];
    for (int t = 0; t < tables.length; t++) {
      final RowStore store = tables[t];
      final int width = kernel.width(t);
      final int rows = store.rows();
      optimizer.readAll(store, width, kernel.penalized(t));
      final float[] d = store.data();
      final int stride = store.stride();
      final double[] w = new double[rows * width];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < width; c++) {
          w[r * width + c] = d[r * stride + c];
        }
      }
      out[t] = w;
    }
    return out;
  }

  /**
   * Scales the optimizer's step size by {@code factor} (a decay on a validation plateau) when it has one
   * global rate; returns whether it did.
   */
  boolean decayStepSize(RowKernel kernel, double factor) {
    final int[] widths = new int[tables.length];
    final boolean[] penalized = new boolean[tables.length];
    for (int t = 0; t < tables.length; t++) {
      widths[t] = kernel.width(t);
      penalized[t] = kernel.penalized(t);
    }
    final O scaled = optimizer.withStepSizeScaled(factor, tables, widths, penalized);
    if (scaled == null) {
      return false;
    }
    optimizer = scaled;
    return true;
  }

  /** Bytes of weights and optimizer state held by the tables. */
  public long bytes() {
    long b = 0;
    for (RowStore s : tables) {
      b += s.bytes();
    }
    return b;
  }
}
