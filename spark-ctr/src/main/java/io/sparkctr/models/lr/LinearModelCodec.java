package io.sparkctr.models.lr;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Versioned binary format of a {@link LinearModel}, nonzero weights only. Big-endian (Java's
 * DataOutput):
 *
 * <pre>
 *   int    magic        0x53435452 ("SCTR")
 *   int    version      1
 *   int    modelType    1 = logistic regression
 *   int    numFeatures
 *   double intercept
 *   int    nnz
 *   nnz x (int index, double weight)   ascending index, weight != 0
 * </pre>
 *
 * A model with {@code nnz} nonzeros takes {@code 28 + 12 nnz} bytes. This is the Spark model's data
 * file; the exported, Spark-free file is {@code io.sparkctr.serving.ServingModelCodec}'s.
 */
public final class LinearModelCodec {
  public static final int MAGIC = 0x53435452;
  public static final int VERSION = 1;
  public static final int TYPE_LOGISTIC_REGRESSION = 1;

  private LinearModelCodec() {}


  public static void write(LinearModel model, OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(MAGIC);
    data.writeInt(VERSION);
    data.writeInt(TYPE_LOGISTIC_REGRESSION);
    data.writeInt(model.numFeatures());
    data.writeDouble(model.intercept());
    data.writeInt(model.numNonzeros());
    for (int j = 0; j < model.numFeatures(); j++) {
      final double w = model.weight(j);
      if (w != 0.0) {
        data.writeInt(j);
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
    if (version != VERSION) {
      throw new IOException("Unsupported spark-ctr model format version " + version + " (this build reads " + VERSION + ")");
    }
    int type = data.readInt();
    if (type != TYPE_LOGISTIC_REGRESSION) {
      throw new IOException("Model type MUST be " + TYPE_LOGISTIC_REGRESSION + " (logistic regression), but got " + type);
    }
    int numFeatures = data.readInt();
    double intercept = data.readDouble();
    int nnz = data.readInt();
    if (numFeatures < 0 || nnz < 0 || nnz > numFeatures) {
      throw new IOException("Corrupt model header: numFeatures " + numFeatures + ", nnz " + nnz);
    }
    double[] weights = new double[numFeatures];
    int previous = -1;
    for (int k = 0; k < nnz; k++) {
      int j = data.readInt();
      if (j <= previous || j >= numFeatures) {
        throw new IOException("Corrupt model: index " + j + " after " + previous + " (numFeatures " + numFeatures + ")");
      }
      weights[j] = data.readDouble();
      previous = j;
    }
    return new LinearModel(weights, intercept);
  }
}
