package io.sparkctr.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
