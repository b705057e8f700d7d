package io.sparkctr.ml.feature;

import io.sparkctr.featurize.FieldLayout;
import io.sparkctr.featurize.RowEncoder;
import io.sparkctr.featurize.Vocabulary;
import io.sparkctr.featurize.VocabularyCodec;
import io.sparkctr.ml.internal.SparkInternals;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.ArraySeq;

/**
 * A fitted {@link CtrFeaturizer}: appends {@code outputCol} (SparseVector, one-hot values 1.0,
 * sorted unique indices, size {@link #numFeatures()}, ML attribute metadata with that size) and
 * {@code fieldsCol} (array&lt;int&gt;, the field of each vector entry) to every row; all other
 * columns are kept. Rows are processed with {@code mapPartitions} and per-partition buffers; the
 * vocabulary travels as a broadcast.
 *
 * <p>Persistence: {@code path/metadata} (Spark's format, all params) plus, in vocab mode,
 * {@code path/data/vocabulary.bin} ({@link VocabularyCodec}).
 */
public final class CtrFeaturizerModel extends Model<CtrFeaturizerModel>
    implements CtrFeaturizerParams, MLWritable {
  private static final long serialVersionUID = 1L;

  static final String VOCABULARY_FILE = "data/vocabulary.bin";

  private final String uid;
  private final FeaturizerParamSet p;
  private Vocabulary vocabulary;

  /** Required by the reader; the vocabulary (vocab mode) is attached afterwards. */
  public CtrFeaturizerModel(String uid) {
    this(uid, null);
  }

  CtrFeaturizerModel(String uid, Vocabulary vocabulary) {
    this.uid = uid; // before any Param is created
    this.p = new FeaturizerParamSet(this);
    this.vocabulary = vocabulary;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public FeaturizerParamSet featurizerParams() {
    return p;
  }


  // The fields and the index space are fixed by fit; only the output and the invalid policy may change.
  public CtrFeaturizerModel setOutputCol(String value) { set(p.outputCol, value); return this; }
  public CtrFeaturizerModel setFieldsCol(String value) { set(p.fieldsCol, value); return this; }
  public CtrFeaturizerModel setHandleInvalid(String value) { set(p.handleInvalid, value); return this; }

  private boolean isVocab() {
    return FeaturizerParamSet.VOCAB.equals(getEncoding());
  }

  /** Size of the output vectors: 2^numBits (hash) or the vocabulary size (vocab). */
  public int numFeatures() {
    return isVocab() ? vocabulary().size() : 1 << getNumBits();
  }

  /** Number of fields (input columns, hour columns counting twice). */
  public int numFields() {
    return buildFieldLayout().numFields();
  }

  /** Field names in field order: input column names, hour columns as {@code <col>_hour}, {@code <col>_weekday}. */
  public String[] fieldNames() {
    return buildFieldLayout().fieldNames();
  }

  /** The vocabulary (vocab mode); index → field and token for exporting feature names. */
  public Vocabulary vocabulary() {
    if (!isVocab()) {
      throw new IllegalStateException("Model " + uid + " uses encoding 'hash' and has no vocabulary");
    }
    if (vocabulary == null) {
      throw new IllegalStateException("Model " + uid + " has no vocabulary: it was not produced by fit or load");
    }
    return vocabulary;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return outputSchema(this, schema, buildFieldLayout(), numFeatures());
  }

  /** Validates the input columns and appends the two output columns (size < 0: unknown). */
  static StructType outputSchema(CtrFeaturizerParams params, StructType schema, FieldLayout layout, int size) {
    RawColumns.positions(schema, layout);
    final String out = params.getOutputCol();
    final String fields = params.getFieldsCol();
    if (out.equals(fields)) {
      throw new IllegalArgumentException("outputCol and fieldsCol MUST differ, but both are '" + out + "'");
    }
    RawColumns.checkAbsent(schema, out, fields);
    final StructField vectorField = size >= 0
        ? new AttributeGroup(out, size).toStructField()
        : new StructField(out, SQLDataTypes.VectorType(), false, Metadata.empty());
    return schema
        .add(vectorField)
        .add(new StructField(fields, DataTypes.createArrayType(DataTypes.IntegerType, false), false, Metadata.empty()));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    final StructType outSchema = transformSchema(dataset.schema(), true);
    final FieldLayout layout = buildFieldLayout();
    final Broadcast<Vocabulary> vocab = isVocab()
        ? JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext()).broadcast(vocabulary())
        : null;
    final RowFeaturizer featurizer = new RowFeaturizer(layout, RawColumns.positions(dataset.schema(), layout),
        dataset.schema().size(), getNumBits(), numFeatures(), vocab, getHandleInvalid());
    // mapPartitions drops column metadata; re-attach the ML attributes (vector size) of outputCol
    return dataset.toDF().mapPartitions(featurizer, Encoders.row(outSchema))
        .withMetadata(getOutputCol(), outSchema.apply(getOutputCol()).metadata());
  }

  /**
   * Maps a token count table ({@link FeatureCounts#SCHEMA}, the {@code count} command's output) to
   * this model's feature indices ({@link FeatureCounts#INDEXED_SCHEMA}): each index gets the summed
   * counts of the tokens it encodes (in vocab mode the OOV index gets the tokens below minCount, so
   * a table counted over the training rows gives each index the number of rows that have it; with
   * hashing, colliding tokens add up). Fails if the table was counted for other fields.
   */
  public Dataset<Row> indexCounts(Dataset<Row> tokenCounts) {
    FeatureCounts.checkSchema(FeatureCounts.SCHEMA, tokenCounts.schema(), "The count table to index");
    final FieldLayout layout = buildFieldLayout();
    for (Row r : tokenCounts.select("fieldIndex", "field").distinct().collectAsList()) {
      FeatureCounts.checkField(r.getInt(0), r.getString(1), layout);
    }
    final Broadcast<Vocabulary> vocab = isVocab()
        ? JavaSparkContext.fromSparkContext(tokenCounts.sparkSession().sparkContext()).broadcast(vocabulary())
        : null;
    final int numFields = layout.numFields();
    final int numBits = getNumBits();
    final MapPartitionsFunction<Row, Row> toIndex = rows -> {
      final RowEncoder encoder = new RowEncoder(numFields, vocab == null ? null : vocab.value(), numBits);
      return new Iterator<Row>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          final Row r = rows.next();
          return RowFactory.create(encoder.index(r.getInt(0), r.getString(1)), r.getInt(0), r.getLong(2));
        }
      };
    };
    return tokenCounts.select("fieldIndex", "feature", "count")
        .mapPartitions(toIndex, Encoders.row(FeatureCounts.INDEXED_SCHEMA))
        .groupBy("feature")
        .agg(functions.max("fieldIndex").as("fieldIndex"), functions.sum("count").cast("bigint").as("count"));
  }

  @Override
  public CtrFeaturizerModel copy(ParamMap extra) {
    final CtrFeaturizerModel copied = new CtrFeaturizerModel(uid, vocabulary);
    return copyValues(copied, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<CtrFeaturizerModel> read() {
    return new Reader();
  }

  public static CtrFeaturizerModel load(String path) {
    return read().load(path);
  }

  private static final class Writer extends MLWriter {
    private final CtrFeaturizerModel model;

    Writer(CtrFeaturizerModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      SparkInternals.saveMetadata(model, path, sparkSession());
      if (model.isVocab()) {
        try (OutputStream out = SparkInternals.create(path + "/" + VOCABULARY_FILE, sparkSession())) {
          VocabularyCodec.write(model.vocabulary(), out);
        } catch (IOException e) {
          throw new UncheckedIOException("Writing the vocabulary under " + path + " failed", e);
        }
      }
    }
  }

  private static final class Reader extends MLReader<CtrFeaturizerModel> {
    @Override
    public CtrFeaturizerModel load(String path) {
      final CtrFeaturizerModel model = SparkInternals.loadParams(path, sparkSession(), CtrFeaturizerModel.class);
      if (model.isVocab()) {
        final Vocabulary v;
        try (InputStream in = SparkInternals.open(path + "/" + VOCABULARY_FILE, sparkSession())) {
          v = VocabularyCodec.read(in);
        } catch (IOException e) {
          throw new UncheckedIOException("Reading the vocabulary under " + path + " failed", e);
        }
        final String[] expected = model.buildFieldLayout().fieldNames();
        if (!Arrays.equals(expected, v.fieldNames())) {
          throw new IllegalStateException("The vocabulary under " + path + " MUST have the fields "
              + Arrays.toString(expected) + " of the saved params, but has " + Arrays.toString(v.fieldNames()));
        }
        model.vocabulary = v;
      }
      return model;
    }
  }

  /** Turns rows into rows + (vector, fields) with per-partition buffers. */
  private static final class RowFeaturizer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final FieldLayout layout;
    private final int[] positions;
    private final int numInputColumns;
    private final int numBits;
    private final int size;
    private final Broadcast<Vocabulary> vocab;
    private final String handleInvalid;

    RowFeaturizer(FieldLayout layout, int[] positions, int numInputColumns, int numBits, int size,
        Broadcast<Vocabulary> vocab, String handleInvalid) {
      this.layout = layout;
      this.positions = positions;
      this.numInputColumns = numInputColumns;
      this.numBits = numBits;
      this.size = size;
      this.vocab = vocab;
      this.handleInvalid = handleInvalid;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      final int numFields = layout.numFields();
      final String[] raw = new String[layout.numInputCols()];
      final String[] tokens = new String[numFields];
      final RowEncoder encoder = new RowEncoder(numFields, vocab == null ? null : vocab.value(), numBits);
      final int[] scratchIndices = new int[numFields];
      final double[] scratchValues = new double[numFields];
      final int[] scratchFields = new int[numFields];
      final boolean error = FeaturizerParamSet.ERROR.equals(handleInvalid);
      final boolean skip = FeaturizerParamSet.SKIP.equals(handleInvalid);
      return new Iterator<Row>() {
        private Row pending;

        @Override
        public boolean hasNext() {
          while (pending == null && rows.hasNext()) {
            final Row row = rows.next();
            RawColumns.read(row, positions, raw);
            final int bad = layout.toFieldTokens(raw, tokens);
            if (bad >= 0) {
              if (error) {
                throw RawColumns.invalid(layout, bad, raw[bad]);
              }
              if (skip) {
                continue;
              }
            }
            pending = featurize(row);
          }
          return pending != null;
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          final Row r = pending;
          pending = null;
          return r;
        }

        private Row featurize(Row row) {
          final int nnz = encoder.encode(tokens, scratchIndices, scratchValues, scratchFields);
          final int[] indices = Arrays.copyOf(scratchIndices, nnz);
          final double[] values = Arrays.copyOf(scratchValues, nnz);
          final int[] fields = Arrays.copyOf(scratchFields, nnz);
          final Object[] out = new Object[numInputColumns + 2];
          for (int c = 0; c < numInputColumns; c++) {
            out[c] = row.get(c);
          }
          out[numInputColumns] = new SparseVector(size, indices, values);
          out[numInputColumns + 1] = new ArraySeq.ofInt(fields);
          return RowFactory.create(out);
        }
      };
    }
  }
}
