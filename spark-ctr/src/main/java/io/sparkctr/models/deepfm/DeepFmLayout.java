package io.sparkctr.models.deepfm;

import io.sparkctr.models.Gaussian;
import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The parameter layout of a DeepFM model (Guo, Tang, Ye, Li, He, "DeepFM: A Factorization-Machine based
 * Neural Network for CTR Prediction", IJCAI 2017, https://www.ijcai.org/proceedings/2017/0239.pdf): two
 * flat {@code double[]} vectors with named offsets. The model itself, its margin and how it departs
 * from the paper are documented on {@link DeepFmKernel}.
 *
 * <p><b>Sparse parameters</b> ({@link #sparseSize()} = n (1 + k) doubles): one row per feature j, the
 * group an embedding optimizer updates lazily,
 *
 * <pre>
 *   sparse[j (1 + k)]                       w_j, first-order weight         ({@link #linearIndex})
 *   sparse[j (1 + k) + 1 .. j (1 + k) + k]   v_j, the k-dimensional embedding ({@link #embeddingOffset})
 * </pre>
 *
 * <p><b>Dense parameters</b> ({@link #denseSize()} doubles): the MLP, then the global intercept. With
 * hidden sizes h_0 .. h_{L-1} (L &gt; 0) there are {@link #numDenseLayers()} = L + 1 affine layers; layer
 * l maps {@link #layerInput}(l) inputs to {@link #layerOutput}(l) outputs, with layerInput(0) = F k (the
 * concatenated field embeddings, field-major: field f's embedding at [f k, f k + k)), layerInput(l) =
 * h_{l-1}, layerOutput(l) = h_l for l &lt; L and 1 for the output layer l = L. Stored in order
 *
 * <pre>
 *   [ W_0 | b_0 | W_1 | b_1 | ... | W_L | b_L | intercept ]
 *                                               (fitIntercept)
 * </pre>
 *
 * W_l is an in x out matrix stored <b>column-major</b>: element (i, o), the weight from input i to
 * output o, is at {@link #weightIndex}(l, i, o) = weightOffset(l) + o in + i. Each output unit's
 * incoming weights are contiguous, which is also the row-major [out][in] order of PyTorch's
 * {@code nn.Linear.weight}. With no hidden layers (L = 0) there is no DNN part at all: no layers, and
 * the dense vector holds only the intercept (or is empty).
 *
 * <p>Immutable and serializable; {@link #hiddenLayers()} returns a copy.
 */
public final class DeepFmLayout implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Position of the first-order weight w_j within feature j's sparse row. */
  public static final int LINEAR_IN_ROW = 0;

  /** Position of the embedding v_j within feature j's sparse row. */
  public static final int EMBEDDING_IN_ROW = 1;

  /** Mixed into the seed of {@link #randomDense} so that one seed may serve both random starts. */
  private static final long DENSE_STREAM = 0x5DEECE66DL;

  private final int numFeatures;
  private final int numFields;
  private final int embeddingDim;
  private final int[] hiddenLayers;
  private final boolean fitIntercept;

  // derived, recomputed on deserialization (the fields above determine them)
  private transient int[] layerOffsets;
  private transient int denseSize;

  /**
   * @param numFeatures n &gt;= 1, the size of the feature space
   * @param numFields F &gt;= 1, the number of fields (the MLP input has F k entries)
   * @param embeddingDim k &gt;= 1
   * @param hiddenLayers the hidden layer sizes, each &gt;= 1 (e.g. {400, 400, 400}); empty for no DNN part
   * @param fitIntercept whether the dense vector ends with a global intercept
   */
  public DeepFmLayout(int numFeatures, int numFields, int embeddingDim, int[] hiddenLayers, boolean fitIntercept) {
    if (numFeatures < 1) {
      throw new IllegalArgumentException("numFeatures MUST be >= 1, but got " + numFeatures);
    }
    if (numFields < 1) {
      throw new IllegalArgumentException("numFields MUST be >= 1, but got " + numFields);
    }
    if (embeddingDim < 1) {
      throw new IllegalArgumentException("embeddingDim MUST be >= 1, but got " + embeddingDim);
    }
    if (hiddenLayers == null) {
      throw new IllegalArgumentException("hiddenLayers MUST be given (empty for no DNN part), but got null");
    }
    for (int l = 0; l < hiddenLayers.length; l++) {
      if (hiddenLayers[l] < 1) {
        throw new IllegalArgumentException("Hidden layer sizes MUST be >= 1, but layer " + l + " has "
            + hiddenLayers[l]);
      }
    }
    final long sparse = (long) numFeatures * (1 + embeddingDim);
    if (sparse >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("A DeepFM of " + numFeatures + " features and embedding dimension "
          + embeddingDim + " has " + sparse + " sparse parameters; it MUST have fewer than 2^31 - 1."
          + " Use fewer hash bits or a smaller embeddingDim.");
    }
    this.numFeatures = numFeatures;
    this.numFields = numFields;
    this.embeddingDim = embeddingDim;
    this.hiddenLayers = hiddenLayers.clone();
    this.fitIntercept = fitIntercept;
    computeOffsets();
  }

  private void computeOffsets() {
    final int layers = numDenseLayers();
    final int[] offsets = new int[layers + 1];
    long offset = 0;
    for (int l = 0; l < layers; l++) {
      offsets[l] = (int) offset;
      offset += (long) layerInput(l) * layerOutput(l) + layerOutput(l);
      if (offset >= Integer.MAX_VALUE) {
        throw new IllegalArgumentException("The MLP of " + numFields + " fields x " + embeddingDim
            + " inputs and hidden layers " + Arrays.toString(hiddenLayers) + " has more than 2^31 - 2 parameters;"
            + " use fewer or narrower layers.");
      }
    }
    offsets[layers] = (int) offset;
    this.layerOffsets = offsets;
    this.denseSize = (int) offset + (fitIntercept ? 1 : 0);
  }

  private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
    in.defaultReadObject();
    computeOffsets();
  }

  public int numFeatures() {
    return numFeatures;
  }

  /** This layout over another number of feature rows (a task's rows of the model), the rest the same. */
  public DeepFmLayout withNumFeatures(int rows) {
    return new DeepFmLayout(rows, numFields, embeddingDim, hiddenLayers, fitIntercept);
  }

  public int numFields() {
    return numFields;
  }

  /** k, the embedding dimension. */
  public int embeddingDim() {
    return embeddingDim;
  }

  /** A copy of the hidden layer sizes. */
  public int[] hiddenLayers() {
    return hiddenLayers.clone();
  }

  public int numHiddenLayers() {
    return hiddenLayers.length;
  }

  public boolean fitIntercept() {
    return fitIntercept;
  }

  /** Whether there is a DNN part (at least one hidden layer). */
  public boolean hasDnn() {
    return hiddenLayers.length > 0;
  }

  // ---- sparse parameters ----

  /** 1 + k: the doubles of one feature's sparse row. */
  public int sparseRowSize() {
    return 1 + embeddingDim;
  }

  /** n (1 + k): the length of the sparse parameter vector. */
  public int sparseSize() {
    return numFeatures * (1 + embeddingDim);
  }

  /** First coordinate of feature j's sparse row. */
  public int sparseRowOffset(int j) {
    return j * (1 + embeddingDim);
  }

  /** The coordinate of w_j. */
  public int linearIndex(int j) {
    return j * (1 + embeddingDim) + LINEAR_IN_ROW;
  }

  /** The first coordinate of v_j (k consecutive coordinates). */
  public int embeddingOffset(int j) {
    return j * (1 + embeddingDim) + EMBEDDING_IN_ROW;
  }

  // ---- dense parameters ----

  /** F k, the MLP's input width. */
  public int mlpInputSize() {
    return numFields * embeddingDim;
  }

  /** Affine layers of the MLP: hidden layers plus the output layer, or 0 without hidden layers. */
  public int numDenseLayers() {
    return hiddenLayers.length == 0 ? 0 : hiddenLayers.length + 1;
  }

  /** Inputs of layer l: F k for l = 0, else h_{l-1}. */
  public int layerInput(int l) {
    checkLayer(l);
    return l == 0 ? mlpInputSize() : hiddenLayers[l - 1];
  }

  /** Outputs of layer l: h_l for a hidden layer, 1 for the output layer. */
  public int layerOutput(int l) {
    checkLayer(l);
    return l == hiddenLayers.length ? 1 : hiddenLayers[l];
  }

  /** First coordinate of W_l in the dense vector. */
  public int weightOffset(int l) {
    checkLayer(l);
    return layerOffsets[l];
  }

  /** in x out, the coordinates of W_l. */
  public int weightSize(int l) {
    return layerInput(l) * layerOutput(l);
  }

  /** The coordinate of W_l's element (i, o) (column-major). */
  public int weightIndex(int l, int i, int o) {
    return weightOffset(l) + o * layerInput(l) + i;
  }

  /** First coordinate of b_l (right after W_l). */
  public int biasOffset(int l) {
    return weightOffset(l) + weightSize(l);
  }

  /** out, the coordinates of b_l. */
  public int biasSize(int l) {
    return layerOutput(l);
  }

  /** The coordinates of the MLP (all weights and biases); the intercept, if any, follows them. */
  public int mlpSize() {
    return layerOffsets[numDenseLayers()];
  }

  /** The intercept's dense coordinate, or -1 when not fitted. */
  public int interceptIndex() {
    return fitIntercept ? mlpSize() : -1;
  }

  /** The length of the dense parameter vector. */
  public int denseSize() {
    return denseSize;
  }

  private void checkLayer(int l) {
    if (l < 0 || l >= numDenseLayers()) {
      throw new IndexOutOfBoundsException("Layer MUST be in [0, " + numDenseLayers() + "), but got " + l);
    }
  }

  // ---- initialisation ----

  /**
   * The sparse start: embeddings from N(0, initStd^2), drawn in coordinate order from
   * {@code new SplittableRandom(seed)} (Marsaglia's polar method, {@link Gaussian}); first-order
   * weights 0. The recommended initStd is 1e-4 (algorithms.md section 12, Helen's DeepFM).
   */
  public double[] randomSparse(double initStd, long seed) {
    if (!(initStd >= 0) || !Double.isFinite(initStd)) {
      throw new IllegalArgumentException("initStd MUST be finite and >= 0, but got " + initStd);
    }
    final double[] sparse = new double[sparseSize()];
    final SplittableRandom random = new SplittableRandom(seed);
    final int k = embeddingDim;
    for (int j = 0; j < numFeatures; j++) {
      final int base = embeddingOffset(j);
      for (int d = 0; d < k; d++) {
        sparse[base + d] = initStd * Gaussian.next(random);
      }
    }
    return sparse;
  }

  /**
   * The dense start: each W_l from Xavier-normal (Glorot and Bengio, AISTATS 2010), N(0, 2 / (in + out)),
   * drawn in coordinate order; biases and the intercept 0. Draws come from
   * {@code new SplittableRandom(seed ^ 0x5DEECE66D)}, so passing the same seed to
   * {@link #randomSparse} and here does not reuse the embeddings' draws.
   */
  public double[] randomDense(long seed) {
    final double[] dense = new double[denseSize];
    final SplittableRandom random = new SplittableRandom(seed ^ DENSE_STREAM);
    for (int l = 0; l < numDenseLayers(); l++) {
      final double std = Math.sqrt(2.0 / (layerInput(l) + layerOutput(l)));
      final int from = weightOffset(l);
      final int to = from + weightSize(l);
      for (int i = from; i < to; i++) {
        dense[i] = std * Gaussian.next(random);
      }
    }
    return dense;
  }

  // ---- cost ----

  /**
   * Floating-point operations of the MLP's matrix products in a forward pass over a batch: sum over
   * layers of 2 B in out (one multiply and one add per weight and row). Biases, activations, dropout,
   * the FM part and the embedding gather are not counted.
   */
  public long forwardFlops(int batchSize) {
    long flops = 0;
    for (int l = 0; l < numDenseLayers(); l++) {
      flops += 2L * batchSize * layerInput(l) * layerOutput(l);
    }
    return flops;
  }

  /**
   * Floating-point operations of the MLP's matrix products in a backward pass: per layer 2 B in out for
   * the weight gradient and 2 B in out for the gradient of the layer's input (computed for layer 0 too,
   * since the embeddings need it), so twice {@link #forwardFlops}.
   */
  public long backwardFlops(int batchSize) {
    return 2 * forwardFlops(batchSize);
  }

  /** Forward plus backward: the matrix-product work of one gradient evaluation. */
  public long trainingFlops(int batchSize) {
    return forwardFlops(batchSize) + backwardFlops(batchSize);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DeepFmLayout)) {
      return false;
    }
    final DeepFmLayout other = (DeepFmLayout) o;
    return numFeatures == other.numFeatures && numFields == other.numFields && embeddingDim == other.embeddingDim
        && fitIntercept == other.fitIntercept && Arrays.equals(hiddenLayers, other.hiddenLayers);
  }

  @Override
  public int hashCode() {
    int h = Integer.hashCode(numFeatures);
    h = 31 * h + numFields;
    h = 31 * h + embeddingDim;
    h = 31 * h + Arrays.hashCode(hiddenLayers);
    return 31 * h + Boolean.hashCode(fitIntercept);
  }

  @Override
  public String toString() {
    return "DeepFmLayout(numFeatures=" + numFeatures + ", numFields=" + numFields + ", embeddingDim=" + embeddingDim
        + ", hiddenLayers=" + Arrays.toString(hiddenLayers) + ", fitIntercept=" + fitIntercept + ")";
  }
}
