package io.sparkctr.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.RowKernel;
import io.sparkctr.models.fm.FactorLayout;
import io.sparkctr.models.kernel.FactorKernel;
import io.sparkctr.models.kernel.LinearKernel;
import io.sparkctr.optim.ftrl.FtrlHyperParams;
import io.sparkctr.optim.ftrl.FtrlRows;
import io.sparkctr.testing.NaiveFtrl;
import io.sparkctr.testing.SparseData;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The row engine's pass: float rows against the naive double FTRL, overlays, and what a round ships. */
class RowPassTest {
  private static final FtrlHyperParams HYPER = new FtrlHyperParams(0.2, 1.0, 0.5, 0.1);

  @Test
  void onePartitionFollowsTheNaiveDoubleFtrlWithinFloatRounding() {
    SparseData data = new SparseData(17, 3000, 5, 30, true);
    CsrBlock block = data.block(0, data.numRows());
    LinearKernel kernel = new LinearKernel(data.numFeatures, true);
    RowState<FtrlRows> state = RowState.start(kernel, new FtrlRows(HYPER), null);
    RowPass.Result result = RowPass.run(kernel, state, null, block, 8L, 1, 0, 1, 0);
    RowPass.apply(kernel, state, result);
    double[][] w = state.weights(kernel);
    double[] expected = NaiveFtrl.weights(data, RowPass.blockShuffledOrder(data.numRows(), 8L, 1, 0), HYPER,
        data.numFeatures);
    double max = 0;
    double error = 0;
    for (int j = 0; j <= data.numFeatures; j++) {
      double actual = j < data.numFeatures ? w[0][j] : w[1][0];
      max = Math.max(max, Math.abs(expected[j]));
      error = Math.max(error, Math.abs(actual - expected[j]));
    }
    assertTrue(max > 0.1, "the model learned something: " + max);
    // Float rows: the weights round to 24 bits at every step (FtrlRowsTest's tolerance).
    assertTrue(error <= 1e-4 * max, "max |float - double| " + error + " vs max |w| " + max);
    assertEquals(data.numRows(), result.rows());
  }

  /** The linear kernel behind another class: the generic pass, not the fused FTRL-LR loop. */
  private static RowKernel generic(RowKernel k) {
    return new RowKernel() {
      @Override public int numTables() { return k.numTables(); }
      @Override public int numFeatures() { return k.numFeatures(); }
      @Override public int numFields() { return k.numFields(); }
      @Override public int tableRows(int t) { return k.tableRows(t); }
      @Override public int width(int t) { return k.width(t); }
      @Override public int rowsPerFeature(int t) { return k.rowsPerFeature(t); }
      @Override public boolean penalized(int t) { return k.penalized(t); }
      @Override public int maxRows(int t, int nnz) { return k.maxRows(t, nnz); }
      @Override public void rows(int[] indices, int[] fields, int from, int to, int[][] rows, int[] counts) {
        k.rows(indices, fields, from, to, rows, counts);
      }
      @Override public void initialRow(int t, int r, double[] out, int from) { k.initialRow(t, r, out, from); }
      @Override public double forward(float[][] data, int[][] offsets, int[] counts, int[] indices, double[] values,
          int[] fields, int from, int to, double[][] derivatives) {
        return k.forward(data, offsets, counts, indices, values, fields, from, to, derivatives);
      }
    };
  }

  @Test
  void theFusedLoopInPlaceAndThroughAViewEqualsTheGenericPass() {
    // Real-valued entries (scaled one-hot rows), then the one-hot rows the fused loop reads without values.
    SparseData data = new SparseData(23, 3000, 6, 40, true);
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    CsrBlockBuilder builder = new CsrBlockBuilder();
    for (int r = 0; r < data.numRows(); r++) {
      int[] idx = data.indices.get(r);
      double[] scaled = new double[idx.length];
      for (int p = 0; p < idx.length; p++) {
        scaled[p] = random.nextDouble(0.2, 2.0);
      }
      builder.add(data.labels.get(r), data.weights.get(r), idx, scaled, idx.length, data.numFeatures, r);
    }
    CsrBlock scaled = builder.build();
    assertFalse(scaled.binary());
    assertFusedEqualsGeneric(data, scaled);
    CsrBlock oneHot = data.block(0, data.numRows());
    assertTrue(oneHot.binary());
    assertFusedEqualsGeneric(data, oneHot);
  }

  @Test
  void theFusedFmLoopEqualsTheGenericPass() {
    SparseData data = new SparseData(31, 3000, 6, 40, true);
    for (boolean linear : new boolean[] {true, false}) {
      FactorKernel fm = new FactorKernel(new FactorLayout(data.numFeatures, 1, 4, linear, true), false, 0.05, 9L);
      assertFusedEqualsGeneric(fm, data.block(0, data.numRows()));
    }
  }

  @Test
  void theFusedFfmLoopEqualsTheGenericPass() {
    SparseData data = new SparseData(37, 800, 6, 30, true);
    for (boolean linear : new boolean[] {true, false}) {
      FactorKernel ffm = new FactorKernel(new FactorLayout(data.numFeatures, 6, 4, linear, true), true, 0.05, 9L);
      assertFusedEqualsGeneric(ffm, data.blockWithFields(0, data.numRows()));
      assertFusedEqualsGeneric(ffm, someFieldsRepeated(data));
    }
  }

  /**
   * The rows of {@code data} with their fields, where every other row folds fields f and f + 1 together: the
   * fused FFM loop steps rows inside the pair loop only for distinct fields, the rest as the generic pass.
   */
  private static CsrBlock someFieldsRepeated(SparseData data) {
    CsrBlockBuilder builder = new CsrBlockBuilder();
    int repeated = 0;
    for (int r = 0; r < data.numRows(); r++) {
      int[] fields = data.fields(r);
      if (r % 2 == 1) {
        for (int p = 0; p < fields.length; p++) {
          fields[p] -= fields[p] % 2;
        }
        repeated += fields.length > java.util.Arrays.stream(fields).distinct().count() ? 1 : 0;
      }
      int[] idx = data.indices.get(r);
      builder.add(data.labels.get(r), data.weights.get(r), idx, data.values.get(r), fields, idx.length,
          data.numFeatures, r);
    }
    assertTrue(repeated > data.numRows() / 4, "rows with a repeated field: " + repeated);
    return builder.build();
  }

  private static void assertFusedEqualsGeneric(SparseData data, CsrBlock block) {
    assertFusedEqualsGeneric(new LinearKernel(data.numFeatures, true), block);
  }

  private static void assertFusedEqualsGeneric(RowKernel kernel, CsrBlock block) {
    RowState<FtrlRows> generic = RowState.start(kernel, new FtrlRows(HYPER), null);
    RowState<FtrlRows> fused = RowState.start(kernel, new FtrlRows(HYPER), null);
    RowState<FtrlRows> inPlace = RowState.start(kernel, new FtrlRows(HYPER), null);
    for (int epoch = 1; epoch <= 3; epoch++) {
      RowPass.Result g = RowPass.run(generic(kernel), generic, null, block, 4L, epoch, 0, 1, 0);
      RowPass.apply(kernel, generic, g);
      RowPass.Result f = RowPass.run(kernel, fused, null, block, 4L, epoch, 0, 1, 0);
      RowPass.apply(kernel, fused, f);
      RowPass.Result p = RowPass.runInPlace(kernel, inPlace, block, 4L, epoch);
      assertEquals(g.lossSum(), f.lossSum(), 1e-6 * g.lossSum());
      assertEquals(g.lossSum(), p.lossSum(), 1e-6 * g.lossSum());
    }
    double[][] a = generic.weights(kernel);
    double[][] b = fused.weights(kernel);
    double[][] c = inPlace.weights(kernel);
    for (int t = 0; t < kernel.numTables(); t++) {
      assertArrayEquals(a[t], b[t], 1e-5, "fused through a view, table " + t);
      assertArrayEquals(a[t], c[t], 1e-5, "fused in place, table " + t);
    }
  }

  @Test
  void aPassNeverWritesTheSharedStateAndShipsOnlyTheRowsItTouched() {
    SparseData data = new SparseData(5, 4000, 4, 2000, false);
    CsrBlock block = data.block(0, data.numRows());
    LinearKernel kernel = new LinearKernel(data.numFeatures, true);
    RowState<FtrlRows> state = RowState.start(kernel, new FtrlRows(HYPER), null);
    RowPass.apply(kernel, state, RowPass.run(kernel, state, null, block, 1L, 1, 0, 1, 0)); // a trained start
    float[] before = state.table(0).data().clone();
    float[] interceptBefore = state.table(1).data().clone();

    int rounds = 16;
    int round = 3;
    RowPass.Result result = RowPass.run(kernel, state, null, block, 2L, 2, round, rounds, 0);
    assertArrayEquals(before, state.table(0).data(), "the pass wrote only its overlay");
    assertArrayEquals(interceptBefore, state.table(1).data());

    int[] order = RowPass.blockShuffledOrder(block.numRows, 2L, 2, 0);
    TreeSet<Integer> touched = new TreeSet<>();
    int first = order.length * round / rounds;
    int last = order.length * (round + 1) / rounds;
    for (int e = first; e < last; e++) {
      for (int p = block.rowStart[order[e]]; p < block.rowStart[order[e] + 1]; p++) {
        touched.add(block.indices[p]);
      }
    }
    assertTrue(touched.size() < data.numFeatures / 2, "the slice touches a minority of the features");
    assertArrayEquals(touched.stream().mapToInt(Integer::intValue).toArray(), result.delta(0).rows(),
        "the round ships exactly the touched rows");
    assertEquals(1, result.delta(1).size(), "and the intercept");
    assertEquals(4L * (touched.size() + 1) * (1 + result.delta(0).valuesPerRow()), result.payloadBytes());

    RowPass.apply(kernel, state, result);
    float[] after = state.table(0).data();
    int stride = state.table(0).stride();
    for (int r = 0; r < data.numFeatures; r++) {
      if (!touched.contains(r)) {
        for (int c = 0; c < stride; c++) {
          assertEquals(before[r * stride + c], after[r * stride + c], "an untouched row keeps its state");
        }
      }
    }
  }

  @Test
  void rowsOutsideARefitsSupportAreNeverUpdatedEvenByAnOptimizerThatMovesOnZeroGradients() {
    SparseData data = new SparseData(41, 500, 5, 10, true);
    LinearKernel kernel = new LinearKernel(data.numFeatures, true);
    double[][] start = {new double[data.numFeatures], {0.1}};
    boolean[][] support = {new boolean[data.numFeatures], null};
    for (int j = 0; j < data.numFeatures; j++) {
      start[0][j] = 0.01 * (j + 1);
      support[0][j] = j % 2 == 0;
    }
    // Adam's momentum moves a row at a zero gradient: a frozen row must not reach the optimizer at all
    RowState<io.sparkctr.optim.group.GroupAdamRows> state = RowState.start(kernel,
        new io.sparkctr.optim.group.GroupAdamRows(io.sparkctr.optim.group.GroupAdamHyperParams.of(0.05, 0, 0, 0)), start);
    // a first epoch without a support gives every row momentum; then the frozen rows must keep their weights
    RowPass.apply(kernel, state, RowPass.run(kernel, state, null, data.block(0, data.numRows()), 3L, 1, 0, 1, 0));
    double[] before = state.weights(kernel)[0];
    for (int epoch = 2; epoch <= 3; epoch++) {
      RowPass.apply(kernel, state, RowPass.run(kernel, state, support, data.block(0, data.numRows()), 3L, epoch, 0, 1, 0));
    }
    double[] w = state.weights(kernel)[0];
    int moved = 0;
    for (int j = 0; j < data.numFeatures; j++) {
      if (support[0][j]) {
        moved += w[j] != before[j] ? 1 : 0;
      } else {
        assertEquals(before[j], w[j], 0.0, "frozen feature " + j);
      }
    }
    assertTrue(moved > data.numFeatures / 4, "the supported rows trained: " + moved);
  }
}
