package io.sparkctr.models.deepfm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.metrics.Numerics;
import io.sparkctr.models.MarginGradient;
import io.sparkctr.models.fm.FactorLayout;
import io.sparkctr.models.fm.FmMargin;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * DeepFM's batch kernel: central finite differences of the batch loss against the analytic gradient for
 * every sparse and dense parameter (with weights and the embedding penalty, without and with dropout),
 * DeepFM without hidden layers against {@link FmMargin}, the batch gradient as the weighted mean of
 * one-row gradients, the touched-feature list, scratch reuse against fresh kernels, the dropout mask
 * against {@link SplittableRandom}'s stream, and bad input. All randomness is seeded.
 */
class DeepFmKernelTest {
  private static final int NUM_FEATURES = 12;
  private static final int NUM_FIELDS = 3;
  private static final int K = 3;
  private static final int[] HIDDEN = {5, 4};
  /** Finite-difference step; the loss is smooth away from ReLU kinks, which h this small does not cross. */
  private static final double H = 1e-6;
  private static final double REL_TOL = 1e-6;
  /** Absolute floor of the tolerance for gradients near 0 (central differences' rounding is ~1e-10 here). */
  private static final double ABS_TOL = 1e-9;

  /** A CSR block of rows with fields, labels and weights, as {@code CsrBlock} holds it. */
  private record Block(int[] rowStart, int[] indices, double[] values, int[] fields, double[] labels,
      double[] weights) {
    int numRows() {
      return rowStart.length - 1;
    }
  }

  /**
   * Rows of 1 to 5 entries with distinct features within a row (features repeat across rows), random
   * fields (so some rows miss a field and some fields have several entries) and values in [-2, 2].
   */
  private static Block randomBlock(SplittableRandom random, int numRows, int numFeatures, int numFields) {
    int[] rowStart = new int[numRows + 1];
    List<Integer> idx = new ArrayList<>();
    List<Double> val = new ArrayList<>();
    List<Integer> fld = new ArrayList<>();
    double[] labels = new double[numRows];
    double[] weights = new double[numRows];
    for (int r = 0; r < numRows; r++) {
      int nnz = 1 + random.nextInt(5);
      Set<Integer> used = new HashSet<>();
      for (int p = 0; p < nnz; p++) {
        int j;
        do {
          j = random.nextInt(numFeatures);
        } while (!used.add(j));
        idx.add(j);
        val.add(random.nextDouble(-2, 2));
        fld.add(random.nextInt(numFields));
      }
      rowStart[r + 1] = idx.size();
      labels[r] = random.nextInt(2);
      weights[r] = random.nextDouble(0.2, 2.0);
    }
    return new Block(rowStart, idx.stream().mapToInt(Integer::intValue).toArray(),
        val.stream().mapToDouble(Double::doubleValue).toArray(), fld.stream().mapToInt(Integer::intValue).toArray(),
        labels, weights);
  }

  private static double[] uniform(SplittableRandom random, int n, double scale) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = random.nextDouble(-scale, scale);
    }
    return w;
  }

  private static DeepFmLayout smallLayout() {
    return new DeepFmLayout(NUM_FEATURES, NUM_FIELDS, K, HIDDEN, true);
  }

  /** The gradient of one evaluation, the sparse part scattered into a full-size array. */
  private record Evaluation(double loss, double[] dense, double[] sparse, int[] touched) {}

  private static Evaluation evaluate(DeepFmKernel kernel, double[] sparse, double[] dense, Block block, int[] rows,
      int rowsFrom, int batchSize, long seed) {
    DeepFmLayout layout = kernel.layout();
    double[] denseGradient = new double[layout.denseSize()];
    DeepFmSparseGradient sparseGradient = new DeepFmSparseGradient(layout, 1);
    double loss = kernel.lossAndGradient(sparse, dense, block.rowStart, block.indices, block.values, block.fields,
        block.labels, block.weights, rows, rowsFrom, batchSize, seed, denseGradient, sparseGradient);
    double[] full = new double[layout.sparseSize()];
    for (int s = 0; s < sparseGradient.size(); s++) {
      int base = layout.sparseRowOffset(sparseGradient.feature(s));
      for (int c = 0; c < layout.sparseRowSize(); c++) {
        assertEquals(0.0, full[base + c], "feature " + sparseGradient.feature(s) + " listed twice");
        full[base + c] = sparseGradient.values()[sparseGradient.valueOffset(s) + c];
      }
    }
    return new Evaluation(loss, denseGradient, full, sparseGradient.featureList());
  }

  private static double loss(DeepFmKernel kernel, double[] sparse, double[] dense, Block block, int[] rows,
      int rowsFrom, int batchSize, long seed) {
    return kernel.loss(sparse, dense, block.rowStart, block.indices, block.values, block.fields, block.labels,
        block.weights, rows, rowsFrom, batchSize, seed);
  }

  private static void assertGradientClose(double numeric, double analytic, String what) {
    assertEquals(numeric, analytic, REL_TOL * Math.abs(analytic) + ABS_TOL, what);
  }

  /**
   * Central differences of {@link DeepFmKernel#loss} for every coordinate of both parameter vectors
   * against {@link DeepFmKernel#lossAndGradient}; the parameters must come back unchanged.
   */
  private static void checkFiniteDifferences(double embeddingL2, double dropout, long seed) {
    DeepFmLayout layout = smallLayout();
    SplittableRandom random = new SplittableRandom(seed);
    Block block = randomBlock(random, 10, NUM_FEATURES, NUM_FIELDS);
    double[] sparse = uniform(random, layout.sparseSize(), 0.5);
    double[] dense = uniform(random, layout.denseSize(), 0.5);
    int[] rows = {9, 3, 7, 0, 3, 5, 1, 8}; // the batch is rows[1 .. 7): row 3 twice
    DeepFmKernel kernel = new DeepFmKernel(layout, 6, embeddingL2, dropout);
    long dropoutSeed = 77L;
    double[] sparseCopy = sparse.clone();
    double[] denseCopy = dense.clone();
    Evaluation e = evaluate(kernel, sparse, dense, block, rows, 1, 6, dropoutSeed);
    assertArrayEquals(sparseCopy, sparse, 0.0, "sparse parameters are read only");
    assertArrayEquals(denseCopy, dense, 0.0, "dense parameters are read only");
    assertEquals(e.loss, loss(kernel, sparse, dense, block, rows, 1, 6, dropoutSeed), 0.0, "loss() = lossAndGradient");
    int nonzero = 0;
    for (int i = 0; i < sparse.length; i++) {
      double saved = sparse[i];
      sparse[i] = saved + H;
      double up = loss(kernel, sparse, dense, block, rows, 1, 6, dropoutSeed);
      sparse[i] = saved - H;
      double down = loss(kernel, sparse, dense, block, rows, 1, 6, dropoutSeed);
      sparse[i] = saved;
      assertGradientClose((up - down) / (2 * H), e.sparse[i], "d loss / d sparse[" + i + "]");
      nonzero += e.sparse[i] != 0.0 ? 1 : 0;
    }
    for (int i = 0; i < dense.length; i++) {
      double saved = dense[i];
      dense[i] = saved + H;
      double up = loss(kernel, sparse, dense, block, rows, 1, 6, dropoutSeed);
      dense[i] = saved - H;
      double down = loss(kernel, sparse, dense, block, rows, 1, 6, dropoutSeed);
      dense[i] = saved;
      assertGradientClose((up - down) / (2 * H), e.dense[i], "d loss / d dense[" + i + "]");
      nonzero += e.dense[i] != 0.0 ? 1 : 0;
    }
    assertTrue(nonzero > layout.denseSize() / 2, "the check is not vacuous: " + nonzero + " nonzero derivatives");
  }

  @Test
  void gradientMatchesFiniteDifferencesForEveryParameter() {
    checkFiniteDifferences(0.3, 0.0, 1L);
    checkFiniteDifferences(0.0, 0.0, 2L);
  }

  @Test
  void gradientMatchesFiniteDifferencesWithAFixedDropoutMask() {
    checkFiniteDifferences(0.3, 0.4, 3L);
    checkFiniteDifferences(0.05, 0.2, 4L);
  }

  @Test
  void dropoutChangesTheLossOnlyThroughItsSeed() {
    DeepFmLayout layout = smallLayout();
    SplittableRandom random = new SplittableRandom(5L);
    Block block = randomBlock(random, 8, NUM_FEATURES, NUM_FIELDS);
    double[] sparse = uniform(random, layout.sparseSize(), 0.5);
    double[] dense = uniform(random, layout.denseSize(), 0.5);
    int[] rows = {0, 1, 2, 3, 4, 5, 6, 7};
    DeepFmKernel plain = new DeepFmKernel(layout, 8, 0.0, 0.0);
    DeepFmKernel dropout = new DeepFmKernel(layout, 8, 0.0, 0.5);
    double a = loss(dropout, sparse, dense, block, rows, 0, 8, 1L);
    assertEquals(a, loss(dropout, sparse, dense, block, rows, 0, 8, 1L), 0.0, "same seed, same loss");
    assertNotEquals(a, loss(dropout, sparse, dense, block, rows, 0, 8, 2L), "another seed, another mask");
    assertNotEquals(a, loss(plain, sparse, dense, block, rows, 0, 8, 1L));
    // scoring never drops: margins equal the plain kernel's
    double[] m1 = new double[8];
    double[] m2 = new double[8];
    dropout.margins(sparse, dense, block.rowStart, block.indices, block.values, block.fields, rows, 0, 8, m1, 0);
    plain.margins(sparse, dense, block.rowStart, block.indices, block.values, block.fields, rows, 0, 8, m2, 0);
    assertArrayEquals(m2, m1, 0.0);
  }

  @Test
  void dropoutMaskReplaysSplittableRandomInLayerRowUnitOrder() {
    DeepFmLayout layout = smallLayout();
    SplittableRandom random = new SplittableRandom(6L);
    Block block = randomBlock(random, 6, NUM_FEATURES, NUM_FIELDS);
    double[] sparse = uniform(random, layout.sparseSize(), 0.5);
    double[] dense = uniform(random, layout.denseSize(), 0.5);
    int[] rows = {0, 1, 2, 3, 4, 5};
    double rate = 0.3;
    DeepFmKernel plain = new DeepFmKernel(layout, 6, 0.0, 0.0);
    DeepFmKernel dropout = new DeepFmKernel(layout, 6, 0.0, rate);
    loss(plain, sparse, dense, block, rows, 0, 6, 0L);
    loss(dropout, sparse, dense, block, rows, 0, 6, 99L);
    // The first hidden layer's outputs (the input of layer 1) see the mask directly.
    double[] kept = plain.activations(1);
    double[] masked = dropout.activations(1);
    SplittableRandom draws = new SplittableRandom(99L);
    int dropped = 0;
    for (int i = 0; i < 6 * HIDDEN[0]; i++) {
      boolean drop = draws.nextDouble() < rate;
      dropped += drop ? 1 : 0;
      assertEquals(drop ? 0.0 : kept[i] * (1.0 / (1.0 - rate)), masked[i], 0.0, "unit " + i);
    }
    assertTrue(dropped > 0 && dropped < 6 * HIDDEN[0], dropped + " of " + 6 * HIDDEN[0] + " dropped");
  }

  /** FM's layout (one field, linear weights) and the DeepFM sparse/dense vectors holding the same weights. */
  private static double[] toFmWeights(FactorLayout fm, DeepFmLayout deep, double[] sparse, double[] dense) {
    double[] w = new double[fm.dimension()];
    for (int j = 0; j < fm.numFeatures(); j++) {
      w[j] = sparse[deep.linearIndex(j)];
      for (int d = 0; d < fm.factorSize(); d++) {
        w[fm.factor(j, 0) + d] = sparse[deep.embeddingOffset(j) + d];
      }
    }
    if (fm.fitIntercept()) {
      w[fm.interceptIndex()] = dense[deep.interceptIndex()];
    }
    return w;
  }

  private static void checkNoHiddenLayersIsFm(boolean fitIntercept, long seed) {
    int k = 4;
    DeepFmLayout deep = new DeepFmLayout(NUM_FEATURES, 1, k, new int[0], fitIntercept);
    FactorLayout fmLayout = new FactorLayout(NUM_FEATURES, 1, k, true, fitIntercept);
    FmMargin fm = new FmMargin(fmLayout, 0.1, 1L);
    assertEquals(fitIntercept ? 1 : 0, deep.denseSize(), "no DNN: only the intercept is dense");
    assertEquals(fmLayout.dimension(), deep.sparseSize() + deep.denseSize());
    SplittableRandom random = new SplittableRandom(seed);
    Block block = randomBlock(random, 20, NUM_FEATURES, 1);
    DeepFmKernel kernel = new DeepFmKernel(deep, 1, 0.0, 0.0);
    MarginGradient out = new MarginGradient();
    for (int r = 0; r < block.numRows(); r++) {
      double[] sparse = uniform(random, deep.sparseSize(), 1.0);
      double[] dense = uniform(random, deep.denseSize(), 1.0);
      double[] w = toFmWeights(fmLayout, deep, sparse, dense);
      int from = block.rowStart[r];
      int to = block.rowStart[r + 1];
      double fmMargin = fm.forward(i -> w[i], block.indices, block.values, null, from, to, out);
      assertEquals(fmMargin, kernel.margin(sparse, dense, block.indices, block.values, null, from, to), 1e-12);
      // the loss gradient of a one-row batch is (p - y) d(margin)/d(w), weight or not
      Evaluation e = evaluate(kernel, sparse, dense, block, new int[] {r}, 0, 1, 0L);
      assertEquals(fmMargin, kernel.lastMargin(0), 1e-12);
      assertEquals(Numerics.logisticLoss(fmMargin, block.labels[r]), e.loss, 1e-12);
      double multiplier = Numerics.sigmoid(fmMargin) - block.labels[r];
      double[] fmGradient = new double[fmLayout.dimension()];
      for (int c = 0; c < out.size; c++) {
        fmGradient[out.coordinates[c]] = multiplier * out.derivatives[c];
      }
      double[] ours = toFmWeights(fmLayout, deep, e.sparse, e.dense);
      assertArrayEquals(fmGradient, ours, 1e-12, "row " + r);
    }
  }

  @Test
  void noHiddenLayersIsFm() {
    checkNoHiddenLayersIsFm(true, 7L);
    checkNoHiddenLayersIsFm(false, 8L);
  }

  @Test
  void batchGradientIsTheWeightedMeanOfRowGradients() {
    DeepFmLayout layout = smallLayout();
    SplittableRandom random = new SplittableRandom(9L);
    Block block = randomBlock(random, 10, NUM_FEATURES, NUM_FIELDS);
    double[] sparse = uniform(random, layout.sparseSize(), 0.5);
    double[] dense = uniform(random, layout.denseSize(), 0.5);
    int[] rows = {4, 2, 9, 2, 0, 6, 7};
    DeepFmKernel kernel = new DeepFmKernel(layout, 7, 0.0, 0.0);
    Evaluation batch = evaluate(kernel, sparse, dense, block, rows, 0, 7, 0L);
    double[] meanSparse = new double[layout.sparseSize()];
    double[] meanDense = new double[layout.denseSize()];
    double meanLoss = 0.0;
    double weightSum = 0.0;
    for (int r : rows) {
      weightSum += block.weights[r];
    }
    for (int b = 0; b < rows.length; b++) {
      double c = block.weights[rows[b]] / weightSum;
      Evaluation one = evaluate(kernel, sparse, dense, block, rows, b, 1, 0L);
      meanLoss += c * one.loss;
      for (int i = 0; i < meanSparse.length; i++) {
        meanSparse[i] += c * one.sparse[i];
      }
      for (int i = 0; i < meanDense.length; i++) {
        meanDense[i] += c * one.dense[i];
      }
    }
    assertEquals(meanLoss, batch.loss, 1e-12);
    assertArrayEquals(meanSparse, batch.sparse, 1e-12);
    assertArrayEquals(meanDense, batch.dense, 1e-12);

    // without weights the mean is the plain mean
    Block unweighted = new Block(block.rowStart, block.indices, block.values, block.fields, block.labels, null);
    Evaluation plain = evaluate(kernel, sparse, dense, unweighted, rows, 0, 7, 0L);
    assertEquals(7.0, kernel.lastWeightSum(), 0.0);
    double plainLoss = 0.0;
    for (int b = 0; b < rows.length; b++) {
      plainLoss += evaluate(kernel, sparse, dense, unweighted, rows, b, 1, 0L).loss / rows.length;
    }
    assertEquals(plainLoss, plain.loss, 1e-12);
  }

  @Test
  void touchedListHoldsExactlyTheBatchFeaturesInFirstTouchOrder() {
    DeepFmLayout layout = smallLayout();
    SplittableRandom random = new SplittableRandom(10L);
    Block block = randomBlock(random, 10, NUM_FEATURES, NUM_FIELDS);
    double[] sparse = uniform(random, layout.sparseSize(), 0.5);
    double[] dense = uniform(random, layout.denseSize(), 0.5);
    int[] rows = {1, 5, 5, 8, 2};
    DeepFmKernel kernel = new DeepFmKernel(layout, 5, 0.1, 0.0);
    LinkedHashSet<Integer> expected = new LinkedHashSet<>();
    for (int r : rows) {
      for (int p = block.rowStart[r]; p < block.rowStart[r + 1]; p++) {
        expected.add(block.indices[p]);
      }
    }
    Evaluation e = evaluate(kernel, sparse, dense, block, rows, 0, 5, 0L);
    assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), e.touched);
    // untouched rows have no gradient, not even from the penalty
    for (int j = 0; j < NUM_FEATURES; j++) {
      if (!expected.contains(j)) {
        for (int c = 0; c < layout.sparseRowSize(); c++) {
          assertEquals(0.0, e.sparse[layout.sparseRowOffset(j) + c]);
        }
      }
    }
    // the penalty counts each touched embedding once (row 5 is in the batch twice)
    double squares = 0.0;
    for (int j : expected) {
      for (int d = 0; d < K; d++) {
        double v = sparse[layout.embeddingOffset(j) + d];
        squares += v * v;
      }
    }
    assertEquals(0.5 * 0.1 * squares, kernel.lastPenalty(), 1e-15);
    assertEquals(kernel.lastLogLoss() + kernel.lastPenalty(), e.loss, 0.0);
  }

  @Test
  void scratchReuseGivesTheResultsOfFreshKernels() {
    DeepFmLayout layout = smallLayout();
    SplittableRandom random = new SplittableRandom(11L);
    Block block = randomBlock(random, 12, NUM_FEATURES, NUM_FIELDS);
    double[] sparse = uniform(random, layout.sparseSize(), 0.5);
    double[] dense = uniform(random, layout.denseSize(), 0.5);
    int[] rows = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    DeepFmKernel reused = new DeepFmKernel(layout, 8, 0.2, 0.25);
    // a large batch, then a smaller one over other rows, then the large one again
    int[][] batches = {{0, 8}, {8, 3}, {2, 7}, {0, 8}};
    DeepFmSparseGradient sparseGradient = new DeepFmSparseGradient(layout, 1); // grows on the way
    for (int[] batch : batches) {
      long seed = 1000L + batch[0];
      Evaluation fresh = evaluate(new DeepFmKernel(layout, 8, 0.2, 0.25), sparse, dense, block, rows, batch[0],
          batch[1], seed);
      double[] denseGradient = new double[layout.denseSize()];
      Arrays.fill(denseGradient, Double.NaN); // overwritten, not accumulated
      double loss = reused.lossAndGradient(sparse, dense, block.rowStart, block.indices, block.values, block.fields,
          block.labels, block.weights, rows, batch[0], batch[1], seed, denseGradient, sparseGradient);
      assertEquals(fresh.loss, loss, 0.0);
      assertArrayEquals(fresh.dense, denseGradient, 0.0);
      assertArrayEquals(fresh.touched, sparseGradient.featureList());
      for (int s = 0; s < sparseGradient.size(); s++) {
        for (int c = 0; c < layout.sparseRowSize(); c++) {
          assertEquals(fresh.sparse[layout.sparseRowOffset(sparseGradient.feature(s)) + c],
              sparseGradient.values()[sparseGradient.valueOffset(s) + c], 0.0);
        }
      }
    }
  }

  @Test
  void marginsAgreeAcrossScoringPaths() {
    DeepFmLayout layout = smallLayout();
    SplittableRandom random = new SplittableRandom(12L);
    Block block = randomBlock(random, 6, NUM_FEATURES, NUM_FIELDS);
    double[] sparse = uniform(random, layout.sparseSize(), 0.5);
    double[] dense = uniform(random, layout.denseSize(), 0.5);
    int[] rows = {5, 4, 3, 2, 1, 0};
    DeepFmKernel kernel = new DeepFmKernel(layout, 6, 0.0, 0.0);
    double[] batch = new double[8];
    kernel.margins(sparse, dense, block.rowStart, block.indices, block.values, block.fields, rows, 0, 6, batch, 2);
    evaluate(kernel, sparse, dense, block, rows, 0, 6, 0L);
    for (int b = 0; b < 6; b++) {
      int r = rows[b];
      double one = kernel.margin(sparse, dense, block.indices, block.values, block.fields, block.rowStart[r],
          block.rowStart[r + 1]);
      // one-row and batch products may round differently inside the BLAS
      assertEquals(batch[2 + b], one, 1e-12);
      assertEquals(naiveMargin(layout, sparse, dense, block, r), one, 1e-12, "row " + r);
    }
    evaluate(kernel, sparse, dense, block, rows, 0, 6, 0L);
    for (int b = 0; b < 6; b++) {
      assertEquals(batch[2 + b], kernel.lastMargin(b), 1e-12);
    }
  }

  /** The model written out directly from its definition: pairwise FM, field embeddings, loops for the MLP. */
  private static double naiveMargin(DeepFmLayout layout, double[] sparse, double[] dense, Block block, int r) {
    int k = layout.embeddingDim();
    double m = layout.fitIntercept() ? dense[layout.interceptIndex()] : 0.0;
    double[] a = new double[layout.mlpInputSize()];
    for (int p = block.rowStart[r]; p < block.rowStart[r + 1]; p++) {
      int j = block.indices[p];
      double x = block.values[p];
      m += sparse[layout.linearIndex(j)] * x;
      for (int q = p + 1; q < block.rowStart[r + 1]; q++) {
        double dot = 0.0;
        for (int d = 0; d < k; d++) {
          dot += sparse[layout.embeddingOffset(j) + d] * sparse[layout.embeddingOffset(block.indices[q]) + d];
        }
        m += dot * x * block.values[q];
      }
      for (int d = 0; d < k; d++) {
        a[block.fields[p] * k + d] += x * sparse[layout.embeddingOffset(j) + d];
      }
    }
    for (int l = 0; l < layout.numDenseLayers(); l++) {
      double[] z = new double[layout.layerOutput(l)];
      for (int o = 0; o < z.length; o++) {
        z[o] = dense[layout.biasOffset(l) + o];
        for (int i = 0; i < a.length; i++) {
          z[o] += dense[layout.weightIndex(l, i, o)] * a[i];
        }
        if (l + 1 < layout.numDenseLayers()) {
          z[o] = Math.max(z[o], 0.0);
        }
      }
      a = z;
    }
    return layout.hasDnn() ? m + a[0] : m;
  }

  @Test
  void oneFieldNeedsNoFieldsArray() {
    DeepFmLayout layout = new DeepFmLayout(NUM_FEATURES, 1, K, HIDDEN, true);
    SplittableRandom random = new SplittableRandom(13L);
    Block block = randomBlock(random, 4, NUM_FEATURES, 1);
    double[] sparse = uniform(random, layout.sparseSize(), 0.5);
    double[] dense = uniform(random, layout.denseSize(), 0.5);
    int[] rows = {0, 1, 2, 3};
    DeepFmKernel kernel = new DeepFmKernel(layout, 4, 0.1, 0.0);
    Block noFields = new Block(block.rowStart, block.indices, block.values, null, block.labels, block.weights);
    Evaluation a = evaluate(kernel, sparse, dense, block, rows, 0, 4, 0L);
    Evaluation b = evaluate(kernel, sparse, dense, noFields, rows, 0, 4, 0L);
    assertEquals(a.loss, b.loss, 0.0);
    assertArrayEquals(a.dense, b.dense, 0.0);
    assertArrayEquals(a.sparse, b.sparse, 0.0);
  }

  @Test
  void badInputIsRejectedAndLeavesTheKernelClean() {
    DeepFmLayout layout = smallLayout();
    SplittableRandom random = new SplittableRandom(14L);
    Block block = randomBlock(random, 6, NUM_FEATURES, NUM_FIELDS);
    double[] sparse = uniform(random, layout.sparseSize(), 0.5);
    double[] dense = uniform(random, layout.denseSize(), 0.5);
    int[] rows = {0, 1, 2, 3, 4, 5};
    DeepFmKernel kernel = new DeepFmKernel(layout, 4, 0.1, 0.0);
    Evaluation before = evaluate(kernel, sparse, dense, block, rows, 0, 4, 0L);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> evaluate(kernel, sparse, dense, block, rows, 0, 5, 0L));
    assertTrue(e.getMessage().contains("batchSize MUST be in [1, 4]"), e.getMessage());
    int[] badIndices = block.indices.clone();
    badIndices[block.rowStart[2]] = NUM_FEATURES;
    Block badFeature = new Block(block.rowStart, badIndices, block.values, block.fields, block.labels, block.weights);
    e = assertThrows(IllegalArgumentException.class, () -> evaluate(kernel, sparse, dense, badFeature, rows, 0, 4, 0L));
    assertTrue(e.getMessage().contains("Feature index MUST be in [0, 12), but got 12 (row 2)"), e.getMessage());
    int[] badFields = block.fields.clone();
    badFields[block.rowStart[1]] = NUM_FIELDS;
    Block badField = new Block(block.rowStart, block.indices, block.values, badFields, block.labels, block.weights);
    e = assertThrows(IllegalArgumentException.class, () -> evaluate(kernel, sparse, dense, badField, rows, 0, 4, 0L));
    assertTrue(e.getMessage().contains("Field index MUST be in [0, 3), but got 3 (row 1)"), e.getMessage());
    Block noFields = new Block(block.rowStart, block.indices, block.values, null, block.labels, block.weights);
    e = assertThrows(IllegalArgumentException.class, () -> evaluate(kernel, sparse, dense, noFields, rows, 0, 4, 0L));
    assertTrue(e.getMessage().contains("MUST get the field of every entry"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> evaluate(kernel, sparse, dense, block, new int[] {0, 6}, 0, 2, 0L));
    assertTrue(e.getMessage().contains("Row id MUST be in [0, 6), but got 6"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> evaluate(kernel, new double[3], dense, block, rows, 0, 4, 0L));
    assertTrue(e.getMessage().contains("sparse parameters"), e.getMessage());

    Evaluation after = evaluate(kernel, sparse, dense, block, rows, 0, 4, 0L);
    assertEquals(before.loss, after.loss, 0.0);
    assertArrayEquals(before.sparse, after.sparse, 0.0);
    assertArrayEquals(before.dense, after.dense, 0.0);

    assertThrows(IllegalArgumentException.class, () -> new DeepFmKernel(layout, 0, 0.0, 0.0));
    assertThrows(IllegalArgumentException.class, () -> new DeepFmKernel(layout, 4, -1.0, 0.0));
    assertThrows(IllegalArgumentException.class, () -> new DeepFmKernel(layout, 4, 0.0, 1.0));
    assertThrows(IllegalArgumentException.class, () -> new DeepFmKernel(layout, 4, 0.0, Double.NaN));
  }
}
