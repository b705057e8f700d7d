package io.sparkctr.models.deepfm;

import dev.ludovic.netlib.blas.BLAS;
import io.sparkctr.metrics.Numerics;
import java.util.Arrays;

/**
 * DeepFM's forward and backward pass over a mini-batch of sparse rows: the batch loss and its gradient
 * with respect to the dense parameters and to the sparse rows of the touched features. No optimizer
 * and no Spark: parameters are read from the arrays passed in and never written, so an optimizer can
 * evaluate the loss and gradient at any point, e.g. twice per step at perturbed parameters (SAM,
 * Helen).
 *
 * <p><b>Model</b> (Guo, Tang, Ye, Li, He, "DeepFM: A Factorization-Machine based Neural Network for CTR
 * Prediction", IJCAI 2017, https://www.ijcai.org/proceedings/2017/0239.pdf; layout in {@link DeepFmLayout}).
 * A row is a list of entries p with feature j_p, value x_p and field f_p. With the first-order weights
 * w and embeddings v of the sparse rows:
 *
 * <pre>
 *   e_f     = sum_{p : f_p = f} x_p v_{j_p}                                  (field embedding, k values)
 *   y_FM    = sum_p w_{j_p} x_p + 1/2 sum_d [(sum_p x_p v_{j_p,d})^2 - sum_p x_p^2 v_{j_p,d}^2]
 *   a_0     = concat(e_0, ..., e_{F-1})                                        (F k values)
 *   a_{l+1} = ReLU(W_l^T a_l + b_l)            for the hidden layers l = 0 .. L-1
 *   y_DNN   = W_L^T a_L + b_L                                                  (linear output layer)
 *   margin  = intercept + y_FM + y_DNN,        P(click) = sigmoid(margin)
 * </pre>
 *
 * y_FM is {@code FmMargin}'s margin without its intercept (one field, fitLinear). With no hidden layers
 * there is no DNN part: margin = intercept + y_FM, exactly {@code FmMargin}'s margin on the same weights.
 *
 * <p><b>How we depart from the paper.</b> (1) The paper assumes one active feature per field, so that
 * e_f = x v_j; we allow any number of entries per field and sum-pool them (a missing field gives a zero
 * vector), which reduces to the paper for one-hot fields. (2) The paper's FM has a bias in its linear
 * part (Helen's code puts it in the MLP's output bias instead); we keep the output bias b_L and add an
 * optional global intercept, which is the only bias without hidden layers. With hidden layers, b_L and
 * the intercept are redundant (the same gradient; fitIntercept = false removes the copy). (3) No batch
 * normalization. (4) Optional inverted dropout on the hidden layers' outputs while training (below).
 *
 * <p><b>Loss</b> (algorithms.md section 0: the step loss is a mean). For a batch of rows r with labels
 * y_r in {0, 1} and weights c_r &gt;= 0 (1 when no weights are given), and W = sum_r c_r:
 *
 * <pre>
 *   loss = (1 / W) sum_r c_r logloss(margin_r, y_r)  +  embeddingL2 / 2 * sum_{j touched} ||v_j||^2
 * </pre>
 *
 * the weighted mean log loss (the plain mean for unit weights; 0 when W = 0) plus an L2 penalty on the
 * embeddings of the batch's distinct touched features, each counted once per batch however often it
 * occurs (the lazy convention of sparse trainers: untouched rows are neither penalized nor decayed;
 * first-order weights and dense parameters are not penalized). Its gradient is embeddingL2 v_j.
 *
 * <p><b>Dropout</b> (inverted: a kept unit is scaled by 1 / (1 - rate), so scoring needs no
 * rescaling). Only {@link #lossAndGradient} and {@link #loss} drop units; {@link #margin} and
 * {@link #margins} never do. The mask is a function of {@code dropoutSeed} and the batch's shape
 * alone: unit u of hidden layer l of the batch's b-th row is dropped iff its draw is &lt; rate, where
 * the draws are consecutive {@code new SplittableRandom(dropoutSeed).nextDouble()} values taken in the
 * order (layer, row, unit). The same seed therefore gives the same mask at any parameters, so the loss
 * is a deterministic function of the parameters (finite differences and SAM's two evaluations apply).
 *
 * <p><b>Computation.</b> Each layer is one matrix product on the batch: activations are stored row after
 * row (row b's layer-l activations at [b in_l, (b + 1) in_l)), i.e. column-major in_l x B, and multiplied
 * by {@code dev.ludovic.netlib.blas.BLAS.getInstance().dgemm} (Spark's BLAS). Activations, deltas and
 * per-row sums live in arrays sized at construction for {@code maxBatchSize} rows and reused; the only
 * other scratch is the caller's {@link DeepFmSparseGradient}, which grows geometrically. Nothing is
 * allocated per row or per batch once that scratch is large enough. The results depend on the BLAS
 * implementation picked at run time only through rounding.
 *
 * <p>Not thread-safe: one kernel per task. Memory: about maxBatchSize (F k + sum of hidden sizes + 2 max
 * width + k) doubles, plus one int per feature (the touched-feature slot map).
 */
public final class DeepFmKernel {
  private static final BLAS NETLIB = BLAS.getInstance();

  /** SplittableRandom's increment (2^64 / golden ratio): the dropout draws replay its stream. */
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private final DeepFmLayout layout;
  private final int maxBatchSize;
  private final double embeddingL2;
  private final double dropoutRate;

  private final int numFeatures;
  private final int numFields;
  private final int k;
  private final int rowSize;
  private final int inputWidth;
  private final int numLayers;
  private final int[] layerIn;
  private final int[] layerOut;
  private final int[] weightOffset;
  private final int[] biasOffset;

  /** activations[l] = the input of layer l, B x layerIn[l] row after row; [0] = the field embeddings. */
  private final double[][] activations;
  /** y_DNN per row. */
  private final double[] dnnOutput;
  /** y_FM per row. */
  private final double[] fmOutput;
  /** The margin per row of the last batch. */
  private final double[] margins;
  /** d(loss)/d(margin) per row. */
  private final double[] multipliers;
  /** S_{b,d} = sum_p x_p v_{j_p,d} per row (B x k): FM's gradient needs it. */
  private final double[] sums;
  /** sum_p (x_p v_{j_p,d})^2 of the current row (k). */
  private final double[] squares;
  /** Ping-pong buffers for the backward pass's deltas, B x max width each. */
  private final double[] deltaA;
  private final double[] deltaB;
  /** slotOf[j] = feature j's entry in the sparse gradient being filled, or -1; all -1 between calls. */
  private final int[] slotOf;
  /** The touched list of {@link #loss}, which needs the distinct features for the penalty only. */
  private final DeepFmSparseGradient lossTouched;

  private int lastBatchSize;
  private double lastLogLoss;
  private double lastWeightSum;
  private double lastPenalty;

  /**
   * @param layout the model's layout
   * @param maxBatchSize the largest batch that will be passed, &gt;= 1 (scratch is sized for it)
   * @param embeddingL2 the penalty embeddingL2 / 2 ||v_j||^2 per touched embedding row, finite and &gt;= 0
   * @param dropoutRate the probability of dropping a hidden unit while training, in [0, 1)
   */
  public DeepFmKernel(DeepFmLayout layout, int maxBatchSize, double embeddingL2, double dropoutRate) {
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize MUST be >= 1, but got " + maxBatchSize);
    }
    if (!(embeddingL2 >= 0) || !Double.isFinite(embeddingL2)) {
      throw new IllegalArgumentException("embeddingL2 MUST be finite and >= 0, but got " + embeddingL2);
    }
    if (!(dropoutRate >= 0 && dropoutRate < 1)) {
      throw new IllegalArgumentException("dropoutRate MUST be in [0, 1), but got " + dropoutRate);
    }
    this.layout = layout;
    this.maxBatchSize = maxBatchSize;
    this.embeddingL2 = embeddingL2;
    this.dropoutRate = dropoutRate;
    this.numFeatures = layout.numFeatures();
    this.numFields = layout.numFields();
    this.k = layout.embeddingDim();
    this.rowSize = layout.sparseRowSize();
    this.inputWidth = layout.mlpInputSize();
    this.numLayers = layout.numDenseLayers();
    this.layerIn = new int[numLayers];
    this.layerOut = new int[numLayers];
    this.weightOffset = new int[numLayers];
    this.biasOffset = new int[numLayers];
    int maxWidth = 1;
    for (int l = 0; l < numLayers; l++) {
      layerIn[l] = layout.layerInput(l);
      layerOut[l] = layout.layerOutput(l);
      weightOffset[l] = layout.weightOffset(l);
      biasOffset[l] = layout.biasOffset(l);
      maxWidth = Math.max(maxWidth, Math.max(layerIn[l], layerOut[l]));
    }
    this.activations = new double[numLayers][];
    for (int l = 0; l < numLayers; l++) {
      activations[l] = new double[checkedSize(maxBatchSize, layerIn[l])];
    }
    this.dnnOutput = new double[maxBatchSize];
    this.fmOutput = new double[maxBatchSize];
    this.margins = new double[maxBatchSize];
    this.multipliers = new double[maxBatchSize];
    this.sums = new double[checkedSize(maxBatchSize, k)];
    this.squares = new double[k];
    final int deltaSize = numLayers == 0 ? 0 : checkedSize(maxBatchSize, maxWidth);
    this.deltaA = new double[deltaSize];
    this.deltaB = new double[deltaSize];
    this.slotOf = new int[numFeatures];
    Arrays.fill(slotOf, -1);
    this.lossTouched = new DeepFmSparseGradient(layout, 64);
  }

  private static int checkedSize(int rows, int width) {
    final long size = (long) rows * width;
    if (size >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("A batch of " + rows + " rows x " + width + " activations needs " + size
          + " doubles in one array; it MUST be fewer than 2^31 - 1. Use a smaller maxBatchSize.");
    }
    return (int) size;
  }

  public DeepFmLayout layout() {
    return layout;
  }

  public int maxBatchSize() {
    return maxBatchSize;
  }

  public double embeddingL2() {
    return embeddingL2;
  }

  public double dropoutRate() {
    return dropoutRate;
  }

  /**
   * The batch loss (see the class comment) at the given parameters, its gradient with respect to the
   * dense parameters and to the touched sparse rows. Reads the parameters, never writes them.
   *
   * <p>The batch is rows {@code rows[rowsFrom .. rowsFrom + batchSize)} of a CSR block: row r's entries
   * are {@code indices/values/fields[rowStart[r], rowStart[r + 1])}, its label {@code labels[r]} and its
   * weight {@code weights[r]}.
   *
   * @param sparse the sparse parameters ({@link DeepFmLayout#sparseSize()})
   * @param dense the dense parameters ({@link DeepFmLayout#denseSize()})
   * @param fields the field of each entry, in [0, F); may be null when F = 1 or there are no hidden layers
   * @param labels 0 or 1 per row
   * @param weights a non-negative weight per row, or null for unit weights
   * @param dropoutSeed fixes the dropout mask (ignored when the dropout rate is 0)
   * @param denseGradient overwritten with d(loss)/d(dense), length {@link DeepFmLayout#denseSize()}
   * @param sparseGradient overwritten with d(loss)/d(sparse row) of every feature in the batch
   * @return the loss: weighted mean log loss plus the embedding penalty
   * @throws IllegalArgumentException on mismatched array lengths, a batch larger than maxBatchSize, a row
   *     id outside the block, or a feature or field index out of range
   */
  public double lossAndGradient(double[] sparse, double[] dense, int[] rowStart, int[] indices, double[] values,
      int[] fields, double[] labels, double[] weights, int[] rows, int rowsFrom, int batchSize, long dropoutSeed,
      double[] denseGradient, DeepFmSparseGradient sparseGradient) {
    checkParameters(sparse, dense);
    if (denseGradient == null || denseGradient.length != dense.length) {
      throw new IllegalArgumentException("denseGradient MUST have the dense size " + dense.length + ", but has "
          + (denseGradient == null ? "null" : String.valueOf(denseGradient.length)));
    }
    if (sparseGradient.rowSize() != rowSize) {
      throw new IllegalArgumentException("Dimension mismatch: the sparse gradient has rows of "
          + sparseGradient.rowSize() + ", the layout " + rowSize);
    }
    forwardLoss(sparse, dense, rowStart, indices, values, fields, labels, weights, rows, rowsFrom, batchSize,
        dropoutSeed, false);
    final int batch = batchSize;

    // d(loss)/d(margin) per row; the intercept's gradient is their sum.
    final double inverse = lastWeightSum > 0 ? 1.0 / lastWeightSum : 0.0;
    double interceptGradient = 0.0;
    for (int b = 0; b < batch; b++) {
      final int r = rows[rowsFrom + b];
      final double c = weights == null ? 1.0 : weights[r];
      final double g = c * (Numerics.sigmoid(margins[b]) - labels[r]) * inverse;
      multipliers[b] = g;
      interceptGradient += g;
    }
    Arrays.fill(denseGradient, 0.0);
    if (layout.fitIntercept()) {
      denseGradient[layout.interceptIndex()] = interceptGradient;
    }
    final double[] inputDelta = numLayers == 0 ? null : dnnBackward(batch, dense, denseGradient);

    // Sparse rows: the FM part and, through the field embeddings, the DNN part.
    final int k = this.k;
    final int rowSize = this.rowSize;
    final int[] slotOf = this.slotOf;
    final double[] sums = this.sums;
    sparseGradient.clear();
    double[] g = sparseGradient.values();
    for (int b = 0; b < batch; b++) {
      final int r = rows[rowsFrom + b];
      final double multiplier = multipliers[b];
      final int rowSum = b * k;
      final int rowInput = b * inputWidth;
      for (int p = rowStart[r], end = rowStart[r + 1]; p < end; p++) {
        final int j = indices[p];
        int s = slotOf[j];
        if (s < 0) {
          s = sparseGradient.append(j);
          slotOf[j] = s;
          g = sparseGradient.values();
        }
        final double x = values[p];
        final int out = s * rowSize;
        final int base = j * rowSize + DeepFmLayout.EMBEDDING_IN_ROW;
        g[out + DeepFmLayout.LINEAR_IN_ROW] += multiplier * x;
        final int gv = out + DeepFmLayout.EMBEDDING_IN_ROW;
        if (inputDelta == null) {
          for (int d = 0; d < k; d++) {
            g[gv + d] += multiplier * x * (sums[rowSum + d] - sparse[base + d] * x);
          }
        } else {
          final int e = rowInput + (fields == null ? 0 : fields[p]) * k;
          for (int d = 0; d < k; d++) {
            g[gv + d] += x * (multiplier * (sums[rowSum + d] - sparse[base + d] * x) + inputDelta[e + d]);
          }
        }
      }
    }
    final int touched = sparseGradient.size();
    final int[] features = sparseGradient.features();
    double squaredNorms = 0.0;
    if (embeddingL2 > 0) {
      for (int s = 0; s < touched; s++) {
        final int base = features[s] * rowSize + DeepFmLayout.EMBEDDING_IN_ROW;
        final int gv = s * rowSize + DeepFmLayout.EMBEDDING_IN_ROW;
        for (int d = 0; d < k; d++) {
          final double v = sparse[base + d];
          squaredNorms += v * v;
          g[gv + d] += embeddingL2 * v;
        }
      }
    }
    for (int s = 0; s < touched; s++) {
      slotOf[features[s]] = -1;
    }
    lastPenalty = 0.5 * embeddingL2 * squaredNorms;
    return lastLogLoss + lastPenalty;
  }

  /**
   * The batch loss of {@link #lossAndGradient} (same arguments, same dropout mask for the same seed)
   * without the gradient.
   */
  public double loss(double[] sparse, double[] dense, int[] rowStart, int[] indices, double[] values, int[] fields,
      double[] labels, double[] weights, int[] rows, int rowsFrom, int batchSize, long dropoutSeed) {
    checkParameters(sparse, dense);
    forwardLoss(sparse, dense, rowStart, indices, values, fields, labels, weights, rows, rowsFrom, batchSize,
        dropoutSeed, true);
    return lastLogLoss + lastPenalty;
  }

  /**
   * The margins of a batch of rows, without dropout (scoring), into {@code out[outFrom .. outFrom +
   * batchSize)}. Arguments as in {@link #lossAndGradient}.
   */
  public void margins(double[] sparse, double[] dense, int[] rowStart, int[] indices, double[] values, int[] fields,
      int[] rows, int rowsFrom, int batchSize, double[] out, int outFrom) {
    checkParameters(sparse, dense);
    checkBatch(rowStart, fields, rows, rowsFrom, batchSize);
    for (int b = 0; b < batchSize; b++) {
      final int r = rows[rowsFrom + b];
      fmOutput[b] = gatherRow(b, sparse, indices, values, fields, rowStart[r], rowStart[r + 1], r);
    }
    if (numLayers > 0) {
      dnnForward(batchSize, dense, false, 0L);
    }
    combineMargins(batchSize, dense);
    System.arraycopy(margins, 0, out, outFrom, batchSize);
  }

  /**
   * The margin of one row, {@code indices/values/fields[from, to)}, without dropout (scoring).
   *
   * @param fields the entries' fields; may be null when F = 1 or there are no hidden layers
   */
  public double margin(double[] sparse, double[] dense, int[] indices, double[] values, int[] fields, int from,
      int to) {
    checkParameters(sparse, dense);
    checkFields(fields);
    fmOutput[0] = gatherRow(0, sparse, indices, values, fields, from, to, -1);
    if (numLayers > 0) {
      dnnForward(1, dense, false, 0L);
    }
    combineMargins(1, dense);
    return margins[0];
  }

  /** The margin of the b-th row of the last batch evaluated (or scored). */
  public double lastMargin(int b) {
    if (b < 0 || b >= lastBatchSize) {
      throw new IndexOutOfBoundsException("Row MUST be in [0, " + lastBatchSize + "), but got " + b);
    }
    return margins[b];
  }

  /** The weighted mean log loss of the last batch evaluated, without the penalty. */
  public double lastLogLoss() {
    return lastLogLoss;
  }

  /** The sum of the row weights of the last batch evaluated (W; the batch size for unit weights). */
  public double lastWeightSum() {
    return lastWeightSum;
  }

  /** The embedding penalty of the last batch evaluated. */
  public double lastPenalty() {
    return lastPenalty;
  }

  // ---- forward ----

  /**
   * Forward in training mode: the margins, lastLogLoss, lastWeightSum and, when {@code withPenalty}, the
   * embedding penalty (else lastPenalty = 0, for the caller to set).
   */
  private void forwardLoss(double[] sparse, double[] dense, int[] rowStart, int[] indices, double[] values,
      int[] fields, double[] labels, double[] weights, int[] rows, int rowsFrom, int batchSize, long dropoutSeed,
      boolean withPenalty) {
    checkBatch(rowStart, fields, rows, rowsFrom, batchSize);
    for (int b = 0; b < batchSize; b++) {
      final int r = rows[rowsFrom + b];
      fmOutput[b] = gatherRow(b, sparse, indices, values, fields, rowStart[r], rowStart[r + 1], r);
    }
    if (numLayers > 0) {
      dnnForward(batchSize, dense, true, dropoutSeed);
    }
    combineMargins(batchSize, dense);
    double lossSum = 0.0;
    double weightSum = 0.0;
    for (int b = 0; b < batchSize; b++) {
      final int r = rows[rowsFrom + b];
      final double c = weights == null ? 1.0 : weights[r];
      lossSum += c * Numerics.logisticLoss(margins[b], labels[r]);
      weightSum += c;
    }
    lastWeightSum = weightSum;
    lastLogLoss = weightSum > 0 ? lossSum / weightSum : 0.0;
    lastPenalty = withPenalty && embeddingL2 > 0 ? penalty(sparse, rowStart, indices, rows, rowsFrom, batchSize) : 0.0;
  }

  /** embeddingL2 / 2 times the squared norms of the batch's distinct features' embeddings. */
  private double penalty(double[] sparse, int[] rowStart, int[] indices, int[] rows, int rowsFrom, int batchSize) {
    final DeepFmSparseGradient touched = lossTouched;
    touched.clear();
    double sum = 0.0;
    for (int b = 0; b < batchSize; b++) {
      final int r = rows[rowsFrom + b];
      for (int p = rowStart[r], end = rowStart[r + 1]; p < end; p++) {
        final int j = indices[p];
        if (slotOf[j] < 0) {
          slotOf[j] = touched.append(j);
          final int base = j * rowSize + DeepFmLayout.EMBEDDING_IN_ROW;
          for (int d = 0; d < k; d++) {
            sum += sparse[base + d] * sparse[base + d];
          }
        }
      }
    }
    final int[] features = touched.features();
    for (int s = 0, n = touched.size(); s < n; s++) {
      slotOf[features[s]] = -1;
    }
    return 0.5 * embeddingL2 * sum;
  }

  /**
   * Row b's FM part (returned), its sums S_{b,d} and, with a DNN, its field embeddings in
   * activations[0]. Summation order as in {@code FmMargin}, so that without hidden layers the margins
   * agree to the last bit.
   *
   * @param row the row id for error messages, or -1
   */
  private double gatherRow(int b, double[] sparse, int[] indices, double[] values, int[] fields, int from, int to,
      int row) {
    final int k = this.k;
    final int rowSize = this.rowSize;
    final double[] sums = this.sums;
    final double[] squares = this.squares;
    final int rowSum = b * k;
    Arrays.fill(sums, rowSum, rowSum + k, 0.0);
    Arrays.fill(squares, 0.0);
    final double[] input = numLayers == 0 ? null : activations[0];
    final int rowInput = b * inputWidth;
    if (input != null) {
      Arrays.fill(input, rowInput, rowInput + inputWidth, 0.0);
    }
    double linear = 0.0;
    for (int p = from; p < to; p++) {
      final int j = indices[p];
      if (j < 0 || j >= numFeatures) {
        throw new IllegalArgumentException("Feature index MUST be in [0, " + numFeatures + "), but got " + j
            + (row >= 0 ? " (row " + row + ")" : ""));
      }
      final double x = values[p];
      final int base = j * rowSize;
      linear += sparse[base + DeepFmLayout.LINEAR_IN_ROW] * x;
      final int v = base + DeepFmLayout.EMBEDDING_IN_ROW;
      if (input == null) {
        for (int d = 0; d < k; d++) {
          final double vx = sparse[v + d] * x;
          sums[rowSum + d] += vx;
          squares[d] += vx * vx;
        }
      } else {
        final int f = fields == null ? 0 : fields[p];
        if (f < 0 || f >= numFields) {
          throw new IllegalArgumentException("Field index MUST be in [0, " + numFields + "), but got " + f
              + (row >= 0 ? " (row " + row + ")" : ""));
        }
        final int e = rowInput + f * k;
        for (int d = 0; d < k; d++) {
          final double vx = sparse[v + d] * x;
          sums[rowSum + d] += vx;
          squares[d] += vx * vx;
          input[e + d] += vx;
        }
      }
    }
    double pairs = 0.0;
    for (int d = 0; d < k; d++) {
      final double s = sums[rowSum + d];
      pairs += s * s - squares[d];
    }
    return linear + 0.5 * pairs;
  }

  /**
   * The MLP on activations[0]: each layer Z = W^T A + b as one dgemm on the batch, then ReLU (and
   * dropout when training) into the next layer's input; the output layer into dnnOutput.
   */
  private void dnnForward(int batch, double[] dense, boolean training, long dropoutSeed) {
    final boolean dropout = training && dropoutRate > 0;
    final double rate = dropoutRate;
    final double keepScale = 1.0 / (1.0 - rate);
    long state = dropoutSeed;
    for (int l = 0; l < numLayers; l++) {
      final int in = layerIn[l];
      final int out = layerOut[l];
      final double[] a = activations[l];
      final boolean hidden = l + 1 < numLayers;
      final double[] z = hidden ? activations[l + 1] : dnnOutput;
      final int bias = biasOffset[l];
      for (int b = 0, i = 0; b < batch; b++) {
        for (int o = 0; o < out; o++, i++) {
          z[i] = dense[bias + o];
        }
      }
      // z (out x B) += W^T (out x in) a (in x B); W column-major in x out, lda = in.
      NETLIB.dgemm("T", "N", out, batch, in, 1.0, dense, weightOffset[l], in, a, 0, in, 1.0, z, 0, out);
      if (hidden) {
        final int n = batch * out;
        if (dropout) {
          for (int i = 0; i < n; i++) {
            state += GOLDEN_GAMMA;
            final double u = (mix64(state) >>> 11) * 0x1.0p-53; // SplittableRandom.nextDouble()
            final double zi = z[i];
            z[i] = u < rate ? 0.0 : (zi <= 0 ? 0.0 : zi * keepScale);
          }
        } else {
          for (int i = 0; i < n; i++) {
            if (z[i] <= 0) {
              z[i] = 0.0; // ReLU; NaN passes through
            }
          }
        }
      }
    }
  }

  /** margin_b = (y_FM + intercept) + y_DNN. */
  private void combineMargins(int batch, double[] dense) {
    final boolean intercept = layout.fitIntercept();
    final double b0 = intercept ? dense[layout.interceptIndex()] : 0.0;
    for (int b = 0; b < batch; b++) {
      double m = fmOutput[b];
      if (intercept) {
        m += b0;
      }
      if (numLayers > 0) {
        m += dnnOutput[b];
      }
      margins[b] = m;
    }
    lastBatchSize = batch;
  }

  // ---- backward ----

  /**
   * Back-propagates the multipliers through the MLP: each layer's weight gradient (dgemm, A dZ^T),
   * bias gradient (row sums of dZ) and input delta (dgemm, W dZ), through the ReLU and the dropout mask
   * of the layer below. Returns the delta of the field embeddings (B x F k row after row).
   */
  private double[] dnnBackward(int batch, double[] dense, double[] denseGradient) {
    final double scale = dropoutRate > 0 ? 1.0 / (1.0 - dropoutRate) : 1.0;
    double[] delta = deltaA;
    double[] next = deltaB;
    System.arraycopy(multipliers, 0, delta, 0, batch);
    for (int l = numLayers - 1; l >= 0; l--) {
      final int in = layerIn[l];
      final int out = layerOut[l];
      final double[] a = activations[l];
      // dW (in x out) = a (in x B) delta^T (B x out)
      NETLIB.dgemm("N", "T", in, out, batch, 1.0, a, 0, in, delta, 0, out, 0.0, denseGradient, weightOffset[l], in);
      final int bias = biasOffset[l];
      for (int b = 0, i = 0; b < batch; b++) {
        for (int o = 0; o < out; o++, i++) {
          denseGradient[bias + o] += delta[i];
        }
      }
      // d(input) (in x B) = W (in x out) delta (out x B)
      NETLIB.dgemm("N", "N", in, batch, out, 1.0, dense, weightOffset[l], in, delta, 0, out, 0.0, next, 0, in);
      if (l > 0) {
        // a = z * scale where the unit was kept and z > 0, else 0: da/dz = scale where a > 0, else 0.
        final int n = batch * in;
        for (int i = 0; i < n; i++) {
          next[i] = a[i] > 0 ? next[i] * scale : 0.0;
        }
      }
      final double[] t = delta;
      delta = next;
      next = t;
    }
    return delta;
  }

  // ---- checks and helpers ----

  private void checkParameters(double[] sparse, double[] dense) {
    if (sparse == null || sparse.length != layout.sparseSize()) {
      throw new IllegalArgumentException("Dimension mismatch: the layout has " + layout.sparseSize()
          + " sparse parameters, the array " + (sparse == null ? "is null" : "has " + sparse.length));
    }
    if (dense == null || dense.length != layout.denseSize()) {
      throw new IllegalArgumentException("Dimension mismatch: the layout has " + layout.denseSize()
          + " dense parameters, the array " + (dense == null ? "is null" : "has " + dense.length));
    }
  }

  private void checkFields(int[] fields) {
    if (fields == null && numLayers > 0 && numFields > 1) {
      throw new IllegalArgumentException("DeepFM with " + numFields + " fields MUST get the field of every entry,"
          + " but got no fields");
    }
  }

  private void checkBatch(int[] rowStart, int[] fields, int[] rows, int rowsFrom, int batchSize) {
    if (batchSize < 1 || batchSize > maxBatchSize) {
      throw new IllegalArgumentException("batchSize MUST be in [1, " + maxBatchSize + "] (the kernel's"
          + " maxBatchSize), but got " + batchSize);
    }
    if (rowsFrom < 0 || rowsFrom + batchSize > rows.length) {
      throw new IllegalArgumentException("Rows [" + rowsFrom + ", " + (rowsFrom + batchSize)
          + ") MUST lie within the row list of " + rows.length);
    }
    checkFields(fields);
    final int numRows = rowStart.length - 1;
    for (int b = rowsFrom, end = rowsFrom + batchSize; b < end; b++) {
      if (rows[b] < 0 || rows[b] >= numRows) {
        throw new IllegalArgumentException("Row id MUST be in [0, " + numRows + "), but got " + rows[b]);
      }
    }
  }

  /** SplittableRandom's mix64 (Stafford's variant 13 of MurmurHash3's finalizer). */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Test access: the input of layer l (l &gt;= 1: hidden layer l-1's output) of the last batch. */
  double[] activations(int l) {
    return activations[l];
  }
}
