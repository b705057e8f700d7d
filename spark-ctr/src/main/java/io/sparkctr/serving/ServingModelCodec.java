package io.sparkctr.serving;

import io.sparkctr.featurize.FieldLayout;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The exported-model file: versioned, big-endian ({@link DataOutputStream}), nonzero weights only.
 *
 * <pre>
 *   int    magic       0x53435458 ("SCTX")
 *   int    version     1
 *   int    modelType   1 = logistic regression
 *   byte   inputKind   0 = indexed, 1 = hashed, 2 = vocabulary
 *   double intercept
 *   int    numFeatures (the training feature space)
 *   raw kinds (1, 2) only:
 *     byte   keepInvalid (1: an invalid raw token is its own category; 0: it is an error)
 *     int    numInputColumns, then per column: UTF name, byte kind (0 plain, 1 numeric, 2 hour)
 *   indexed and hashed:
 *     int    numBits (hashed) or 0 (indexed)
 *     int    nnz, then nnz x (int index, double weight), ascending index
 *   vocabulary, per field of the layout (an hour column gives two fields):
 *     double oovWeight
 *     int    count, then count x (UTF token, double weight), ascending token
 * </pre>
 *
 * Strings are Java's modified UTF-8 ({@link DataOutputStream#writeUTF}), at most 65,535 bytes each.
 */
public final class ServingModelCodec {
  public static final int MAGIC = 0x53435458;
  public static final int VERSION = 1;
  public static final int TYPE_LOGISTIC_REGRESSION = 1;

  private ServingModelCodec() {}

  public static void write(ServingModel m, OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(MAGIC);
    data.writeInt(VERSION);
    data.writeInt(TYPE_LOGISTIC_REGRESSION);
    data.writeByte(m.kind.ordinal());
    data.writeDouble(m.intercept);
    data.writeInt(m.numFeatures);
    if (m.kind != ServingModel.InputKind.INDEXED) {
      data.writeByte(m.keepInvalid ? 1 : 0);
      String[] columns = m.layout.inputCols();
      data.writeInt(columns.length);
      for (int i = 0; i < columns.length; i++) {
        data.writeUTF(columns[i]);
        data.writeByte(m.layout.kind(i));
      }
    }
    if (m.kind == ServingModel.InputKind.VOCABULARY) {
      for (int f = 0; f < m.tokens.length; f++) {
        data.writeDouble(m.oovWeights[f]);
        data.writeInt(m.tokens[f].length);
        for (int k = 0; k < m.tokens[f].length; k++) {
          data.writeUTF(m.tokens[f][k]);
          data.writeDouble(m.tokenWeights[f][k]);
        }
      }
    } else {
      data.writeInt(m.numBits);
      data.writeInt(m.indices.length);
      for (int k = 0; k < m.indices.length; k++) {
        data.writeInt(m.indices[k]);
        data.writeDouble(m.weights[k]);
      }
    }
    data.flush();
  }

  /** The size in bytes of {@code m}'s file. */
  public static long encodedSize(ServingModel m) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      write(m, bytes);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory write failed", e);
    }
    return bytes.size();
  }

  public static ServingModel read(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int magic = data.readInt();
    if (magic != MAGIC) {
      throw new IOException(String.format("Not a spark-ctr exported model: magic MUST be 0x%08x, but got 0x%08x",
          MAGIC, magic));
    }
    int version = data.readInt();
    if (version != VERSION) {
      throw new IOException("Unsupported exported-model version " + version + " (this build reads " + VERSION + ")");
    }
    int type = data.readInt();
    if (type != TYPE_LOGISTIC_REGRESSION) {
      throw new IOException("Model type MUST be " + TYPE_LOGISTIC_REGRESSION + " (logistic regression), but got " + type);
    }
    int kindOrdinal = data.readByte();
    if (kindOrdinal < 0 || kindOrdinal >= ServingModel.InputKind.values().length) {
      throw new IOException("Corrupt exported model: input kind " + kindOrdinal);
    }
    ServingModel.InputKind kind = ServingModel.InputKind.values()[kindOrdinal];
    double intercept = data.readDouble();
    int numFeatures = data.readInt();
    FieldLayout layout = null;
    boolean keepInvalid = false;
    if (kind != ServingModel.InputKind.INDEXED) {
      keepInvalid = data.readByte() == 1;
      int numColumns = data.readInt();
      String[] columns = new String[numColumns];
      List<String> numeric = new ArrayList<>();
      List<String> hour = new ArrayList<>();
      for (int i = 0; i < numColumns; i++) {
        columns[i] = data.readUTF();
        byte k = data.readByte();
        if (k == FieldLayout.NUMERIC) {
          numeric.add(columns[i]);
        } else if (k == FieldLayout.HOUR) {
          hour.add(columns[i]);
        } else if (k != FieldLayout.PLAIN) {
          throw new IOException("Corrupt exported model: column " + columns[i] + " has kind " + k);
        }
      }
      layout = new FieldLayout(columns, numeric.toArray(new String[0]), hour.toArray(new String[0]));
    }
    if (kind == ServingModel.InputKind.VOCABULARY) {
      int numFields = layout.numFields();
      String[][] tokens = new String[numFields][];
      double[][] weights = new double[numFields][];
      double[] oov = new double[numFields];
      for (int f = 0; f < numFields; f++) {
        oov[f] = data.readDouble();
        int count = data.readInt();
        tokens[f] = new String[count];
        weights[f] = new double[count];
        for (int k = 0; k < count; k++) {
          tokens[f][k] = data.readUTF();
          weights[f][k] = data.readDouble();
          if (k > 0 && tokens[f][k].compareTo(tokens[f][k - 1]) <= 0) {
            throw new IOException("Corrupt exported model: tokens of field " + layout.fieldName(f) + " not ascending");
          }
        }
      }
      return new ServingModel(kind, intercept, numFeatures, layout, 0, keepInvalid, null, null, tokens, weights, oov);
    }
    int numBits = data.readInt();
    int nnz = data.readInt();
    if (nnz < 0 || nnz > numFeatures) {
      throw new IOException("Corrupt exported model: " + nnz + " weights for " + numFeatures + " features");
    }
    int[] indices = new int[nnz];
    double[] weights = new double[nnz];
    for (int k = 0; k < nnz; k++) {
      indices[k] = data.readInt();
      weights[k] = data.readDouble();
      if (indices[k] < 0 || indices[k] >= numFeatures || (k > 0 && indices[k] <= indices[k - 1])) {
        throw new IOException("Corrupt exported model: index " + indices[k] + " at entry " + k);
      }
    }
    return new ServingModel(kind, intercept, numFeatures, layout, numBits, keepInvalid, indices, weights,
        null, null, null);
  }
}
