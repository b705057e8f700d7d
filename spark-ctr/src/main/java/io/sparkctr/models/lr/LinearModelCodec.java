package io.sparkctr.models.lr;

import io.sparkctr.models.FeatureIndex;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Versioned binary format of a {@link LinearModel}: its model rows (the features seen in training) and
 * its nonzero weights. Big-endian (Java's DataOutput):
 *
 * <pre>
 *   int    magic        0x53435452 ("SCTR")
 *   int    version      2
 *   int    modelType    1 = logistic regression
 *   int    numFeatures  the feature space's size
 *   double intercept
 *   int    rows, then rows x int feature            ascending: the model's rows
 *   int    nnz, then nnz x (int row, double weight)  ascending row, weight != 0
 * </pre>
 *
 * Version 1 (written before models had rows only for seen features) has no row list and stores
 * {@code (feature, weight)} pairs; it reads as a model whose rows are its nonzero features. This is the
 * Spark model's data file; the exported, Spark-free file is {@code io.sparkctr.serving.ServingModelCodec}'s.
 */
public final class LinearModelCodec {
  public static final int MAGIC = 0x53435452;
  public static final int VERSION = 2;
  public static final int VERSION_1 = 1;
  public static final int TYPE_LOGISTIC_REGRESSION = 1;

  private LinearModelCodec() {}

  public static void write(LinearModel model, OutputStream out) throws IOException {
    final FeatureIndex index = model.featureIndex();
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(MAGIC);
    data.writeInt(VERSION);
    data.writeInt(TYPE_LOGISTIC_REGRESSION);
    data.writeInt(model.numFeatures());
    data.writeDouble(model.intercept());
    data.writeInt(index.size());
    for (int r = 0; r < index.size(); r++) {
      data.writeInt(index.feature(r));
    }
    data.writeInt(model.numNonzeros());
    for (int r = 0; r < index.size(); r++) {
      final double w = model.rowWeight(r);
      if (w != 0.0) {
        data.writeInt(r);
        data.writeDouble(w);
      }
    }
    data.flush();
  }

  public static LinearModel read(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int magic = data.readInt();
    if (magic != MAGIC) {
      throw new IOException(String.format("Not a spark-ctr model: magic MUST be 0x%08x, but got 0x%08x", MAGIC, magic));
    }
    int version = data.readInt();
    if (version != VERSION && version != VERSION_1) {
      throw new IOException("Unsupported spark-ctr model format version " + version + " (this build reads "
          + VERSION_1 + " and " + VERSION + ")");
    }
    int type = data.readInt();
    if (type != TYPE_LOGISTIC_REGRESSION) {
      throw new IOException("Model type MUST be " + TYPE_LOGISTIC_REGRESSION + " (logistic regression), but got " + type);
    }
    int numFeatures = data.readInt();
    double intercept = data.readDouble();
    if (version == VERSION_1) {
      return readVersion1(data, numFeatures, intercept);
    }
    int rows = data.readInt();
    if (numFeatures < 0 || rows < 0 || rows > numFeatures) {
      throw new IOException("Corrupt model header: numFeatures " + numFeatures + ", rows " + rows);
    }
    final int[] features = new int[rows];
    for (int r = 0; r < rows; r++) {
      features[r] = data.readInt();
      if ((r > 0 && features[r] <= features[r - 1]) || features[r] < 0 || features[r] >= numFeatures) {
        throw new IOException("Corrupt model: feature " + features[r] + " of row " + r + " (numFeatures "
            + numFeatures + ")");
      }
    }
    int nnz = data.readInt();
    if (nnz < 0 || nnz > rows) {
      throw new IOException("Corrupt model: " + nnz + " nonzero weights for " + rows + " rows");
    }
    double[] weights = new double[rows];
    int previous = -1;
    for (int k = 0; k < nnz; k++) {
      int r = data.readInt();
      if (r <= previous || r >= rows) {
        throw new IOException("Corrupt model: row " + r + " after " + previous + " (" + rows + " rows)");
      }
      weights[r] = data.readDouble();
      previous = r;
    }
    return new LinearModel(FeatureIndex.of(numFeatures, features), weights, intercept);
  }

  /** Version 1: (feature, weight) pairs of the nonzero weights; they become the model's rows. */
  private static LinearModel readVersion1(DataInputStream data, int numFeatures, double intercept) throws IOException {
    int nnz = data.readInt();
    if (numFeatures < 0 || nnz < 0 || nnz > numFeatures) {
      throw new IOException("Corrupt model header: numFeatures " + numFeatures + ", nnz " + nnz);
    }
    final int[] features = new int[nnz];
    final double[] weights = new double[nnz];
    int previous = -1;
    for (int k = 0; k < nnz; k++) {
      int j = data.readInt();
      if (j <= previous || j >= numFeatures) {
        throw new IOException("Corrupt model: index " + j + " after " + previous + " (numFeatures " + numFeatures + ")");
      }
      features[k] = j;
      weights[k] = data.readDouble();
      previous = j;
    }
    return new LinearModel(FeatureIndex.of(numFeatures, features), weights, intercept);
  }
}
