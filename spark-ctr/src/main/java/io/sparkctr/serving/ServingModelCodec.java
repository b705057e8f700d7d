package io.sparkctr.serving;

import io.sparkctr.featurize.FieldHashing;
import io.sparkctr.featurize.FieldLayout;
import io.sparkctr.serving.ServingModel.Entries;
import io.sparkctr.serving.ServingModel.InputKind;
import io.sparkctr.serving.ServingModel.ModelType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The exported-model file: versioned, big-endian ({@link DataOutputStream}), nonzero parameters only.
 * This build writes version 2 and reads versions 1 and 2; version 1 is version 2 restricted to logistic
 * regression (model type 1), whose layout is the same in both.
 *
 * <pre>
 *   int    magic       0x53435458 ("SCTX")
 *   int    version     2 (1: logistic regression only)
 *   int    modelType   1 = logistic regression, 2 = factorization machine (FM), 3 = field-aware FM (FFM)
 *   byte   inputKind   0 = indexed, 1 = hashed, 2 = vocabulary
 *   double intercept
 *   int    numFeatures (the training feature space)
 *   raw kinds (1, 2) only:
 *     byte   keepInvalid (1: an invalid raw token is its own category; 0: it is an error)
 *     int    numInputColumns, then per column: UTF name, byte kind (0 plain, 1 numeric, 2 hour)
 *   FM and FFM only:
 *     int    factorSize k (&gt;= 0)
 *     int    numFields F (1 for FM; an FFM's rows have fields in [0, F))
 *     byte   fitLinear (1: the model has a linear term)
 *
 *   logistic regression (the version 1 layout):
 *     indexed and hashed:
 *       int    numBits (hashed) or 0 (indexed)
 *       int    nnz, then nnz x (int index, double weight), ascending index
 *     vocabulary, per field of the layout (an hour column gives two fields):
 *       double oovWeight
 *       int    count, then count x (UTF token, double weight), ascending token
 *
 *   FM and FFM:
 *     indexed and hashed:
 *       int    numBits (hashed) or 0 (indexed)
 *       int    count, then count x (int index, entry), ascending index
 *     vocabulary, per field of the layout:
 *       entry  the field's OOV feature
 *       int    count, then count x (UTF token, entry), ascending token
 *     entry, one feature's nonzero parameters:
 *       byte   hasLinear (1: a nonzero linear weight follows; 0 without a linear term)
 *       double linear weight (only if hasLinear)
 *       int    rows, then rows x embedding row, ascending field (FM: 0 or 1 row)
 *     embedding row, one with a nonzero entry:
 *       int    field (FFM only: v(feature, field) for interacting with that field)
 *       double factors[k]
 * </pre>
 *
 * Indexed and hashed files list every feature with a nonzero parameter. A vocabulary file lists a
 * token whose parameters are all zero only when its field's OOV feature has a nonzero one: a token not
 * listed scores as OOV. Strings are Java's modified UTF-8 ({@link DataOutputStream#writeUTF}), at most
 * 65,535 bytes each. {@link #read} rejects a file that breaks any of this with an {@link IOException}
 * naming what is wrong (an {@link EOFException} for a truncated file).
 */
public final class ServingModelCodec {
  public static final int MAGIC = 0x53435458;
  /** The version this build writes; it also reads {@link #VERSION_1}. */
  public static final int VERSION = 2;
  public static final int VERSION_1 = 1;
  public static final int TYPE_LOGISTIC_REGRESSION = 1;
  public static final int TYPE_FACTORIZATION_MACHINE = 2;
  public static final int TYPE_FIELD_AWARE_FM = 3;

  private ServingModelCodec() {}

  static int typeCode(ModelType type) {
    return switch (type) {
      case LOGISTIC_REGRESSION -> TYPE_LOGISTIC_REGRESSION;
      case FACTORIZATION_MACHINE -> TYPE_FACTORIZATION_MACHINE;
      case FIELD_AWARE_FM -> TYPE_FIELD_AWARE_FM;
    };
  }

  public static void write(ServingModel m, OutputStream out) throws IOException {
    final DataOutputStream data = new DataOutputStream(out);
    data.writeInt(MAGIC);
    data.writeInt(VERSION);
    data.writeInt(typeCode(m.type));
    data.writeByte(m.kind.ordinal());
    data.writeDouble(m.intercept);
    data.writeInt(m.numFeatures);
    if (m.kind != InputKind.INDEXED) {
      data.writeByte(m.keepInvalid ? 1 : 0);
      final String[] columns = m.layout.inputCols();
      data.writeInt(columns.length);
      for (int i = 0; i < columns.length; i++) {
        data.writeUTF(columns[i]);
        data.writeByte(m.layout.kind(i));
      }
    }
    final boolean linearOnly = m.type == ModelType.LOGISTIC_REGRESSION;
    if (!linearOnly) {
      data.writeInt(m.factorSize);
      data.writeInt(m.numFields);
      data.writeByte(m.fitLinear ? 1 : 0);
    }
    final Entries entries = m.entries;
    if (m.kind == InputKind.VOCABULARY) {
      for (int f = 0; f < m.tokens.length; f++) {
        final int oov = m.fieldStart[f];
        if (linearOnly) {
          data.writeDouble(entries.linear[oov]);
        } else {
          writeEntry(m, oov, data);
        }
        data.writeInt(m.tokens[f].length);
        for (int t = 0; t < m.tokens[f].length; t++) {
          data.writeUTF(m.tokens[f][t]);
          if (linearOnly) {
            data.writeDouble(entries.linear[oov + 1 + t]);
          } else {
            writeEntry(m, oov + 1 + t, data);
          }
        }
      }
    } else {
      data.writeInt(m.numBits);
      data.writeInt(m.indices.length);
      for (int e = 0; e < m.indices.length; e++) {
        data.writeInt(m.indices[e]);
        if (linearOnly) {
          data.writeDouble(entries.linear[e]);
        } else {
          writeEntry(m, e, data);
        }
      }
    }
    data.flush();
  }

  private static void writeEntry(ServingModel m, int e, DataOutputStream data) throws IOException {
    final Entries entries = m.entries;
    final double linear = entries.linear[e];
    data.writeByte(linear != 0.0 ? 1 : 0);
    if (linear != 0.0) {
      data.writeDouble(linear);
    }
    data.writeInt(entries.rowStart[e + 1] - entries.rowStart[e]);
    final int k = m.factorSize;
    for (int r = entries.rowStart[e]; r < entries.rowStart[e + 1]; r++) {
      if (m.type == ModelType.FIELD_AWARE_FM) {
        data.writeInt(entries.rowFields[r]);
      }
      for (int c = 0; c < k; c++) {
        data.writeDouble(entries.factors[r * k + c]);
      }
    }
  }

  /** The size in bytes of {@code m}'s file. */
  public static long encodedSize(ServingModel m) {
    final CountingStream counter = new CountingStream();
    try {
      write(m, counter);
    } catch (IOException e) {
      throw new IllegalStateException("counting write failed", e);
    }
    return counter.count;
  }

  /** Counts the bytes written to it and drops them. */
  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }

  /**
   * Reads a version 1 or 2 file.
   *
   * @throws IOException naming what is wrong when the file is not a valid exported model; an
   *     {@link EOFException} when it ends early
   */
  public static ServingModel read(InputStream in) throws IOException {
    final Reader reader = new Reader(new DataInputStream(in));
    try {
      return reader.model();
    } catch (EOFException e) {
      final EOFException truncated =
          new EOFException("Truncated exported model: the file ends inside " + reader.where());
      truncated.initCause(e);
      throw truncated;
    }
  }

  /** One read; it tracks where it is, for messages (built only when one is needed). */
  private static final class Reader {
    private final DataInputStream data;
    private String part = "the header";
    /** Inside the feature list: the current feature index, or -1. */
    private int feature = -1;
    /** Inside a vocabulary: the current field, and the current token (null for the field's OOV feature). */
    private String fieldName;
    private String token;

    private ModelType type;
    private int numFeatures;
    private int k;
    private int numFields = 1;
    private boolean fitLinear = true;
    private Entries.Builder entries;

    Reader(DataInputStream data) {
      this.data = data;
    }

    String where() {
      if (feature >= 0) {
        return "feature " + feature;
      }
      if (fieldName != null) {
        return (token == null ? "the OOV feature" : "token '" + token + "'") + " of field " + fieldName;
      }
      return part;
    }

    ServingModel model() throws IOException {
      final int magic = data.readInt();
      if (magic != MAGIC) {
        throw new IOException(String.format(
            "Not a spark-ctr exported model: magic MUST be 0x%08x, but got 0x%08x", MAGIC, magic));
      }
      final int version = data.readInt();
      if (version != VERSION && version != VERSION_1) {
        throw new IOException("Unsupported exported-model version " + version + " (this build reads "
            + VERSION_1 + " and " + VERSION + ")");
      }
      final int typeCode = data.readInt();
      if (typeCode == TYPE_LOGISTIC_REGRESSION) {
        type = ModelType.LOGISTIC_REGRESSION;
      } else if (version == VERSION_1) {
        throw corrupt("model type MUST be " + TYPE_LOGISTIC_REGRESSION + " (logistic regression) in version "
            + VERSION_1 + ", but got " + typeCode);
      } else if (typeCode == TYPE_FACTORIZATION_MACHINE) {
        type = ModelType.FACTORIZATION_MACHINE;
      } else if (typeCode == TYPE_FIELD_AWARE_FM) {
        type = ModelType.FIELD_AWARE_FM;
      } else {
        throw corrupt("model type MUST be " + TYPE_LOGISTIC_REGRESSION + ", " + TYPE_FACTORIZATION_MACHINE + " or "
            + TYPE_FIELD_AWARE_FM + ", but got " + typeCode);
      }
      final int kindOrdinal = data.readByte();
      if (kindOrdinal < 0 || kindOrdinal >= InputKind.values().length) {
        throw corrupt("input kind MUST be 0 (indexed), 1 (hashed) or 2 (vocabulary), but got " + kindOrdinal);
      }
      final InputKind kind = InputKind.values()[kindOrdinal];
      final double intercept = data.readDouble();
      numFeatures = data.readInt();
      if (numFeatures < 0) {
        throw corrupt("numFeatures MUST be >= 0, but got " + numFeatures);
      }
      FieldLayout layout = null;
      boolean keepInvalid = false;
      if (kind != InputKind.INDEXED) {
        part = "the input columns";
        keepInvalid = flag("keepInvalid");
        layout = layout();
      }
      if (type != ModelType.LOGISTIC_REGRESSION) {
        part = "the factorization settings";
        k = data.readInt();
        if (k < 0) {
          throw corrupt("factorSize MUST be >= 0, but got " + k);
        }
        numFields = data.readInt();
        if (numFields < 1 || (type == ModelType.FACTORIZATION_MACHINE && numFields != 1)) {
          throw corrupt("numFields MUST be " + (type == ModelType.FACTORIZATION_MACHINE ? "1 for an FM" : ">= 1")
              + ", but got " + numFields);
        }
        if (layout != null && numFields > layout.numFields()) {
          throw corrupt("numFields MUST be at most the layout's " + layout.numFields() + " fields, but got "
              + numFields);
        }
        fitLinear = flag("fitLinear");
      }
      entries = new Entries.Builder(k);
      if (kind == InputKind.VOCABULARY) {
        final int numLayoutFields = layout.numFields();
        final int[] fieldStart = new int[numLayoutFields + 1];
        final String[][] tokens = new String[numLayoutFields][];
        for (int f = 0; f < numLayoutFields; f++) {
          fieldName = layout.fieldName(f);
          token = null;
          fieldStart[f] = entries.size();
          entry();
          final int count = count("tokens of field " + fieldName, numFeatures - entries.size());
          final List<String> names = new ArrayList<>(Math.min(count, 1 << 16));
          for (int t = 0; t < count; t++) {
            final String previous = token;
            token = data.readUTF();
            if (t > 0 && token.compareTo(previous) <= 0) {
              throw corrupt("the tokens of field " + fieldName + " MUST ascend, but '" + token + "' follows '"
                  + previous + "'");
            }
            names.add(token);
            entry();
          }
          tokens[f] = names.toArray(new String[0]);
        }
        fieldStart[numLayoutFields] = entries.size();
        return new ServingModel(type, kind, intercept, numFeatures, layout, 0, keepInvalid, k, numFields,
            fitLinear, entries.build(), null, fieldStart, tokens);
      }
      final int numBits = data.readInt();
      if (kind == InputKind.HASHED
          ? numBits < 1 || numBits > FieldHashing.MAX_BITS || numFeatures != 1 << numBits : numBits != 0) {
        throw corrupt(kind == InputKind.HASHED
            ? "numBits MUST be in [1, " + FieldHashing.MAX_BITS + "] with numFeatures = 2^numBits, but got "
                + numBits + " and " + numFeatures
            : "numBits MUST be 0 for indexed input, but got " + numBits);
      }
      part = "the feature list";
      final int count = count("features", numFeatures);
      int[] indices = new int[Math.min(count, 1 << 16)];
      for (int e = 0; e < count; e++) {
        final int j = data.readInt();
        if (j < 0 || j >= numFeatures || (e > 0 && j <= indices[e - 1])) {
          throw corrupt("feature indices MUST ascend in [0, " + numFeatures + "), but entry " + e + " has "
              + j + (e > 0 ? " after " + indices[e - 1] : ""));
        }
        if (e == indices.length) {
          indices = Arrays.copyOf(indices, 2 * e);
        }
        indices[e] = j;
        feature = j;
        entry();
      }
      return new ServingModel(type, kind, intercept, numFeatures, layout, numBits, keepInvalid, k, numFields,
          fitLinear, entries.build(), Arrays.copyOf(indices, count), null, null);
    }

    private FieldLayout layout() throws IOException {
      final int numColumns = data.readInt();
      if (numColumns < 1) {
        throw corrupt("numInputColumns MUST be >= 1, but got " + numColumns);
      }
      final List<String> columns = new ArrayList<>();
      final List<String> numeric = new ArrayList<>();
      final List<String> hour = new ArrayList<>();
      for (int i = 0; i < numColumns; i++) {
        final String column = data.readUTF();
        columns.add(column);
        final byte kind = data.readByte();
        if (kind == FieldLayout.NUMERIC) {
          numeric.add(column);
        } else if (kind == FieldLayout.HOUR) {
          hour.add(column);
        } else if (kind != FieldLayout.PLAIN) {
          throw corrupt("the kind of column " + column + " MUST be 0 (plain), 1 (numeric) or 2 (hour), but got "
              + kind);
        }
      }
      try {
        return new FieldLayout(columns.toArray(new String[0]), numeric.toArray(new String[0]),
            hour.toArray(new String[0]));
      } catch (IllegalArgumentException e) {
        throw new IOException("Corrupt exported model: " + e.getMessage(), e);
      }
    }

    private boolean flag(String name) throws IOException {
      final byte b = data.readByte();
      if (b != 0 && b != 1) {
        throw corrupt(name + " MUST be 0 or 1, but got " + b + " (in " + where() + ")");
      }
      return b == 1;
    }

    private int count(String what, int max) throws IOException {
      final int count = data.readInt();
      if (count < 0 || count > max) {
        throw corrupt("the number of " + what + " MUST be in [0, " + max + "], but got " + count);
      }
      return count;
    }

    /** Reads the current feature's entry: its weight (logistic regression), or an FM / FFM entry. */
    private void entry() throws IOException {
      if (entries.size() >= numFeatures) {
        throw corrupt("a model of " + numFeatures + " features MUST list at most as many, but lists "
            + where() + " too");
      }
      if (type == ModelType.LOGISTIC_REGRESSION) {
        entries.addEntry(data.readDouble());
        return;
      }
      final boolean hasLinear = flag("hasLinear");
      if (hasLinear && !fitLinear) {
        throw corrupt(where() + " MUST NOT have a linear weight in a model without a linear term, but has one");
      }
      final double linear = hasLinear ? data.readDouble() : 0.0;
      if (hasLinear && linear == 0.0) {
        throw corrupt("a stored linear weight MUST be nonzero, but the one of " + where() + " is 0");
      }
      entries.addEntry(linear);
      final int maxRows = k == 0 ? 0 : numFields;
      final int rows = data.readInt();
      if (rows < 0 || rows > maxRows) {
        throw corrupt("the number of embedding rows of " + where() + " MUST be in [0, " + maxRows + "], but got "
            + rows);
      }
      int previous = -1;
      for (int r = 0; r < rows; r++) {
        final int field = type == ModelType.FIELD_AWARE_FM ? data.readInt() : 0;
        if (field <= previous || field >= numFields) {
          throw corrupt("the embedding rows of " + where() + " MUST have ascending fields in [0, " + numFields
              + "), but row " + r + " has field " + field + (r > 0 ? " after " + previous : ""));
        }
        previous = field;
        final int at = entries.addRow(field);
        boolean nonzero = false;
        for (int c = 0; c < k; c++) {
          final double v = data.readDouble();
          entries.factors[at + c] = v;
          nonzero |= v != 0.0;
        }
        if (!nonzero) {
          throw corrupt("a stored embedding row MUST have a nonzero entry, but the one of " + where()
              + " for field " + field + " is all zero");
        }
      }
    }
  }

  private static IOException corrupt(String message) {
    return new IOException("Corrupt exported model: " + message);
  }
}
