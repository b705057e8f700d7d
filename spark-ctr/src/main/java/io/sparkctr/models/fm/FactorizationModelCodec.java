package io.sparkctr.models.fm;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The data file of a saved FM / FFM Spark model: versioned, big-endian, nonzero weights and nonzero
 * embedding rows only.
 *
 * <pre>
 *   int     magic 0x5343464D ("SCFM"), int version 1
 *   byte    fieldAware, int numFeatures, int numFields, int factorSize, byte fitLinear, byte fitIntercept
 *   double  intercept (0 when not fitted)
 *   int     nnz, then nnz x (int feature, double weight), ascending       (linear term)
 *   int     rows, then rows x (int row = feature * numFields + field, k x double), ascending
 * </pre>
 */
public final class FactorizationModelCodec {
  public static final int MAGIC = 0x5343464D;
  public static final int VERSION = 1;

  private FactorizationModelCodec() {}

  public static void write(FactorizationModel model, OutputStream out) throws IOException {
    final FactorLayout layout = model.layout();
    final DataOutputStream data = new DataOutputStream(out);
    data.writeInt(MAGIC);
    data.writeInt(VERSION);
    data.writeByte(model.fieldAware() ? 1 : 0);
    data.writeInt(layout.numFeatures());
    data.writeInt(layout.numFields());
    data.writeInt(layout.factorSize());
    data.writeByte(layout.fitLinear() ? 1 : 0);
    data.writeByte(layout.fitIntercept() ? 1 : 0);
    data.writeDouble(model.intercept());
    data.writeInt(model.numNonzeroLinear());
    if (layout.fitLinear()) {
      for (int j = 0; j < layout.numFeatures(); j++) {
        if (model.linearWeight(j) != 0.0) {
          data.writeInt(j);
          data.writeDouble(model.linearWeight(j));
        }
      }
    }
    data.writeInt(model.numNonzeroEmbeddingRows());
    for (int j = 0; j < layout.numFeatures(); j++) {
      for (int f = 0; f < layout.numFields(); f++) {
        if (model.rowIsNonzero(j, f)) {
          data.writeInt(j * layout.numFields() + f);
          final int start = layout.factor(j, f);
          for (int c = 0; c < layout.factorSize(); c++) {
            data.writeDouble(model.parameter(start + c));
          }
        }
      }
    }
    data.flush();
  }

  public static FactorizationModel read(InputStream in) throws IOException {
    final DataInputStream data = new DataInputStream(in);
    final int magic = data.readInt();
    if (magic != MAGIC) {
      throw new IOException(String.format("Not a spark-ctr FM model file: magic MUST be 0x%08x, but got 0x%08x",
          MAGIC, magic));
    }
    final int version = data.readInt();
    if (version != VERSION) {
      throw new IOException("Unsupported FM model version " + version + " (this build reads " + VERSION + ")");
    }
    final boolean fieldAware = data.readByte() == 1;
    final FactorLayout layout;
    try {
      layout = new FactorLayout(data.readInt(), data.readInt(), data.readInt(), data.readByte() == 1,
          data.readByte() == 1);
    } catch (IllegalArgumentException e) {
      throw new IOException("Corrupt FM model file: " + e.getMessage(), e);
    }
    final double[] parameters = new double[layout.dimension()];
    final double intercept = data.readDouble();
    if (layout.fitIntercept()) {
      parameters[layout.interceptIndex()] = intercept;
    }
    final int nnz = data.readInt();
    int previous = -1;
    for (int e = 0; e < nnz; e++) {
      final int j = data.readInt();
      if (!layout.fitLinear() || j <= previous || j >= layout.numFeatures()) {
        throw new IOException("Corrupt FM model file: linear entry " + e + " has feature " + j);
      }
      parameters[j] = data.readDouble();
      previous = j;
    }
    final int rows = data.readInt();
    previous = -1;
    for (int e = 0; e < rows; e++) {
      final int row = data.readInt();
      if (row <= previous || row >= layout.numEmbeddingRows()) {
        throw new IOException("Corrupt FM model file: embedding entry " + e + " has row " + row);
      }
      final int start = layout.factor(row / layout.numFields(), row % layout.numFields());
      for (int c = 0; c < layout.factorSize(); c++) {
        parameters[start + c] = data.readDouble();
      }
      previous = row;
    }
    return new FactorizationModel(layout, fieldAware, parameters);
  }
}
