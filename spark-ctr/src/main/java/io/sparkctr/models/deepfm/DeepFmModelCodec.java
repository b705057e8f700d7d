package io.sparkctr.models.deepfm;

import io.sparkctr.models.FeatureIndex;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The data file of a saved DeepFM Spark model: versioned, big-endian, the sparse rows with a nonzero
 * entry only, and of those the embedding only when it is nonzero (group lasso zeroes whole embeddings
 * and keeps first-order weights), the dense parameters whole.
 *
 * <pre>
 *   int magic 0x53434446 ("SCDF"), int version 3
 *   int numFeatures (the feature space), int numFields, int embeddingDim, byte fitIntercept, int layers,
 *       layers x int size
 *   int modelRows, then modelRows x int feature, ascending                 (the features seen in training)
 *   int rows, then rows x (int modelRow, double firstOrder, byte hasEmbedding,
 *                          [embeddingDim x double if hasEmbedding]), ascending model row
 *   int denseSize, then denseSize x double
 * </pre>
 *
 * Versions 1 and 2 (still read) have no row list: every feature of the space is a model row. Version 1
 * stored every kept row whole: (int feature, (1 + embeddingDim) x double).
 */
public final class DeepFmModelCodec {
  public static final int MAGIC = 0x53434446;
  public static final int VERSION = 3;

  private DeepFmModelCodec() {}

  public static void write(DeepFmModel model, OutputStream out) throws IOException {
    final DeepFmLayout layout = model.layout();
    final DataOutputStream data = new DataOutputStream(out);
    data.writeInt(MAGIC);
    data.writeInt(VERSION);
    data.writeInt(model.numFeatures());
    data.writeInt(layout.numFields());
    data.writeInt(layout.embeddingDim());
    data.writeByte(layout.fitIntercept() ? 1 : 0);
    final int[] hidden = layout.hiddenLayers();
    data.writeInt(hidden.length);
    for (int h : hidden) {
      data.writeInt(h);
    }
    final FeatureIndex index = model.featureIndex();
    data.writeInt(index.size());
    for (int r = 0; r < index.size(); r++) {
      data.writeInt(index.feature(r));
    }
    final int width = layout.sparseRowSize();
    int rows = 0;
    for (int j = 0; j < layout.numFeatures(); j++) {
      rows += rowIsNonzero(model, layout.sparseRowOffset(j), width) ? 1 : 0;
    }
    data.writeInt(rows);
    for (int j = 0; j < layout.numFeatures(); j++) {
      if (rowIsNonzero(model, layout.sparseRowOffset(j), width)) {
        final int from = layout.sparseRowOffset(j);
        data.writeInt(j);
        data.writeDouble(model.sparse(from));
        final boolean embedding = rowIsNonzero(model, from + 1, width - 1);
        data.writeByte(embedding ? 1 : 0);
        for (int c = 1; embedding && c < width; c++) {
          data.writeDouble(model.sparse(from + c));
        }
      }
    }
    data.writeInt(layout.denseSize());
    for (int i = 0; i < layout.denseSize(); i++) {
      data.writeDouble(model.dense(i));
    }
    data.flush();
  }

  /** Whether any of the {@code width} sparse parameters from {@code from} is nonzero. */
  private static boolean rowIsNonzero(DeepFmModel model, int from, int width) {
    for (int c = 0; c < width; c++) {
      if (model.sparse(from + c) != 0.0) {
        return true;
      }
    }
    return false;
  }

  /** The size in bytes of {@code model}'s data file. */
  public static long encodedSize(DeepFmModel model) {
    final long[] bytes = {0};
    try {
      write(model, new OutputStream() {
        @Override
        public void write(int b) {
          bytes[0]++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
          bytes[0] += len;
        }
      });
    } catch (IOException e) {
      throw new IllegalStateException("counting write failed", e);
    }
    return bytes[0];
  }

  public static DeepFmModel read(InputStream in) throws IOException {
    final DataInputStream data = new DataInputStream(in);
    final int magic = data.readInt();
    if (magic != MAGIC) {
      throw new IOException(String.format("Not a spark-ctr DeepFM model file: magic MUST be 0x%08x, but got 0x%08x",
          MAGIC, magic));
    }
    final int version = data.readInt();
    if (version < 1 || version > VERSION) {
      throw new IOException("Unsupported DeepFM model version " + version + " (this build reads 1 to " + VERSION + ")");
    }
    final DeepFmLayout layout;
    final FeatureIndex index;
    try {
      final int numFeatures = data.readInt();
      final int numFields = data.readInt();
      final int dim = data.readInt();
      final boolean intercept = data.readByte() == 1;
      final int layers = data.readInt();
      if (layers < 0 || layers > 64) {
        throw new IOException("Corrupt DeepFM model file: " + layers + " hidden layers");
      }
      final int[] hidden = new int[layers];
      for (int l = 0; l < layers; l++) {
        hidden[l] = data.readInt();
      }
      if (version < 3) {
        index = FeatureIndex.identity(numFeatures);
      } else {
        final int modelRows = data.readInt();
        if (modelRows < 0 || modelRows > numFeatures) {
          throw new IOException("Corrupt DeepFM model file: " + modelRows + " model rows in a space of " + numFeatures);
        }
        final int[] features = new int[modelRows];
        for (int r = 0; r < modelRows; r++) {
          features[r] = data.readInt();
        }
        index = FeatureIndex.of(numFeatures, features);
      }
      layout = new DeepFmLayout(index.size(), numFields, dim, hidden, intercept);
    } catch (IllegalArgumentException e) {
      throw new IOException("Corrupt DeepFM model file: " + e.getMessage(), e);
    }
    final double[] sparse = new double[layout.sparseSize()];
    final int width = layout.sparseRowSize();
    final int rows = data.readInt();
    int previous = -1;
    for (int r = 0; r < rows; r++) {
      final int j = data.readInt();
      if (j <= previous || j >= layout.numFeatures()) {
        throw new IOException("Corrupt DeepFM model file: row " + r + " has feature " + j);
      }
      final int from = layout.sparseRowOffset(j);
      sparse[from] = data.readDouble();
      final boolean embedding = version == 1 || data.readByte() == 1;
      for (int c = 1; embedding && c < width; c++) {
        sparse[from + c] = data.readDouble();
      }
      previous = j;
    }
    final int denseSize = data.readInt();
    if (denseSize != layout.denseSize()) {
      throw new IOException("Corrupt DeepFM model file: " + denseSize + " dense parameters, the layout has "
          + layout.denseSize());
    }
    final double[] dense = new double[denseSize];
    for (int i = 0; i < denseSize; i++) {
      dense[i] = data.readDouble();
    }
    return new DeepFmModel(index, layout, sparse, dense);
  }
}
