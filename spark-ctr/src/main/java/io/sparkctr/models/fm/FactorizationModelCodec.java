package io.sparkctr.models.fm;

import io.sparkctr.models.FeatureIndex;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The data file of a saved FM / FFM Spark model: versioned, big-endian, the model rows (features seen in
 * training), nonzero weights and nonzero embedding rows only.
 *
 * <pre>
 *   int     magic 0x5343464D ("SCFM"), int version 2
 *   byte    fieldAware, int numFeatures (the feature space), int numFields, int factorSize,
 *           byte fitLinear, byte fitIntercept
 *   int     modelRows, then modelRows x int feature, ascending             (the model's rows)
 *   double  intercept (0 when not fitted)
 *   int     nnz, then nnz x (int modelRow, double weight), ascending      (linear term)
 *   int     rows, then rows x (int row = modelRow * numFields + field, k x double), ascending
 * </pre>
 *
 * Version 1 (before models had rows only for seen features) has no row list: every feature of the space
 * is a model row, and the entries carry features.
 */
public final class FactorizationModelCodec {
  public static final int MAGIC = 0x5343464D;
  public static final int VERSION = 2;
  public static final int VERSION_1 = 1;

  private FactorizationModelCodec() {}

  public static void write(FactorizationModel model, OutputStream out) throws IOException {
    final FactorLayout layout = model.layout();
    final DataOutputStream data = new DataOutputStream(out);
    data.writeInt(MAGIC);
    data.writeInt(VERSION);
    data.writeByte(model.fieldAware() ? 1 : 0);
    data.writeInt(model.numFeatures());
    data.writeInt(layout.numFields());
    data.writeInt(layout.factorSize());
    data.writeByte(layout.fitLinear() ? 1 : 0);
    data.writeByte(layout.fitIntercept() ? 1 : 0);
    final FeatureIndex index = model.featureIndex();
    data.writeInt(index.size());
    for (int r = 0; r < index.size(); r++) {
      data.writeInt(index.feature(r));
    }
    data.writeDouble(model.intercept());
    data.writeInt(model.numNonzeroLinear());
    if (layout.fitLinear()) {
      for (int j = 0; j < layout.numFeatures(); j++) {
        if (model.rowLinearWeight(j) != 0.0) {
          data.writeInt(j);
          data.writeDouble(model.rowLinearWeight(j));
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
    if (version != VERSION && version != VERSION_1) {
      throw new IOException("Unsupported FM model version " + version + " (this build reads " + VERSION_1 + " and "
          + VERSION + ")");
    }
    final boolean fieldAware = data.readByte() == 1;
    final int numFeatures = data.readInt();
    final int numFields = data.readInt();
    final int factorSize = data.readInt();
    final boolean fitLinear = data.readByte() == 1;
    final boolean fitIntercept = data.readByte() == 1;
    final FeatureIndex index;
    try {
      index = version == VERSION_1 ? FeatureIndex.identity(numFeatures) : FeatureIndex.of(numFeatures,
          readFeatures(data, numFeatures));
    } catch (IllegalArgumentException e) {
      throw new IOException("Corrupt FM model file: " + e.getMessage(), e);
    }
    final FactorLayout layout;
    try {
      layout = new FactorLayout(index.size(), numFields, factorSize, fitLinear, fitIntercept);
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
    return new FactorizationModel(index, layout, fieldAware, parameters);
  }

  private static int[] readFeatures(DataInputStream data, int numFeatures) throws IOException {
    final int rows = data.readInt();
    if (rows < 0 || rows > numFeatures) {
      throw new IOException("Corrupt FM model file: " + rows + " model rows in a space of " + numFeatures);
    }
    final int[] features = new int[rows];
    for (int r = 0; r < rows; r++) {
      features[r] = data.readInt();
    }
    return features;
  }
}
