package io.sparkctr.ml.feature;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.sparkctr.featurize.FieldLayout;
import io.sparkctr.featurize.Vocabulary;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * The frequency-count job: N(field, feature) over a dataset, stored as Parquet.
 *
 * <p>Fields and feature tokens come from {@link FieldLayout}, the code the featurizer uses too.
 * Result schema ({@link #SCHEMA}): {@code field: string, fieldIndex: int, feature: string, count:
 * bigint, fieldMax: bigint} (fieldMax = the largest count within the field). Row order is
 * unspecified.
 */
public final class FeatureCounts {
  private FeatureCounts() {}

  /** Schema of a count table. */
  public static final StructType SCHEMA = new StructType(new StructField[] {
    DataTypes.createStructField("field", DataTypes.StringType, false),
    DataTypes.createStructField("fieldIndex", DataTypes.IntegerType, false),
    DataTypes.createStructField("feature", DataTypes.StringType, false),
    DataTypes.createStructField("count", DataTypes.LongType, false),
    DataTypes.createStructField("fieldMax", DataTypes.LongType, false)});

  /**
   * Schema of an indexed count table: N per feature index of a fitted featurizer
   * ({@link CtrFeaturizerModel#indexCounts}), the table Helen's radii read ({@code countsPath} of the
   * DeepFM estimator). {@code feature: int, fieldIndex: int, count: bigint}, one row per index.
   */
  public static final StructType INDEXED_SCHEMA = new StructType(new StructField[] {
    DataTypes.createStructField("feature", DataTypes.IntegerType, false),
    DataTypes.createStructField("fieldIndex", DataTypes.IntegerType, false),
    DataTypes.createStructField("count", DataTypes.LongType, false)});

  /**
   * Counts every (field, feature) over {@code raw}. Invalid tokens (non-integer numeric, non-YYMMDDHH
   * hour) fail the job with the column and value; see {@link #compute(Dataset, FieldLayout, String)}
   * for the other policies.
   *
   * @param inputCols string (or integral) columns, one field each
   * @param numericCols subset of inputCols to log-bin first
   * @param hourCols subset of inputCols expanded to the fields "&lt;col&gt;_hour" and "&lt;col&gt;_weekday"
   */
  public static Dataset<Row> compute(Dataset<?> raw, String[] inputCols, String[] numericCols, String[] hourCols) {
    return compute(raw, new FieldLayout(inputCols, numericCols, hourCols), FeaturizerParamSet.ERROR);
  }

  /**
   * As {@link #compute(Dataset, String[], String[], String[])} for a given layout and invalid-token
   * policy: "error" fails, "skip" drops the row, "keep" counts the token as
   * {@link FieldLayout#INVALID_TOKEN}.
   */
  public static Dataset<Row> compute(Dataset<?> raw, FieldLayout layout, String handleInvalid) {
    final int[] positions = RawColumns.positions(raw.schema(), layout);
    final Dataset<Tuple2<Integer, String>> pairs = raw.toDF().mapPartitions(
        new PairEmitter(layout, positions, handleInvalid), Encoders.tuple(Encoders.INT(), Encoders.STRING()));
    final Dataset<Row> counts = pairs.toDF("fieldIndex", "feature").groupBy("fieldIndex", "feature").count();
    final Column[] names = new Column[layout.numFields()];
    for (int f = 0; f < names.length; f++) {
      names[f] = lit(layout.fieldName(f));
    }
    return counts.select(
        element_at(functions.array(names), col("fieldIndex").plus(1)).as("field"),
        col("fieldIndex"),
        col("feature"),
        col("count"),
        max("count").over(Window.partitionBy("fieldIndex")).as("fieldMax"));
  }

  /** Writes a count table ({@link #SCHEMA} or {@link #INDEXED_SCHEMA}) as Parquet at {@code path}, replacing what is there. */
  public static void write(Dataset<Row> counts, String path) {
    final StructType schema = isIndexed(counts.schema()) ? INDEXED_SCHEMA : SCHEMA;
    checkSchema(schema, counts.schema(), "The count table to write");
    counts.select(columns(schema)).write().mode(SaveMode.Overwrite).parquet(path);
  }

  /** Reads a count table written by {@link #write}; fails if the schema is not {@link #SCHEMA}. */
  public static Dataset<Row> read(SparkSession spark, String path) {
    final Dataset<Row> table = spark.read().parquet(path);
    checkSchema(SCHEMA, table.schema(), "The count table at " + path);
    return table.select(columns(SCHEMA));
  }

  /**
   * Reads an indexed count table ({@link #INDEXED_SCHEMA}); fails if the schema is not that one. A
   * token table from the {@code count} command is named as such in the error: it must first be indexed
   * with the featurizer that produced the training rows ({@link CtrFeaturizerModel#indexCounts}).
   */
  public static Dataset<Row> readIndexed(SparkSession spark, String path) {
    final Dataset<Row> table = spark.read().parquet(path);
    if (!isIndexed(table.schema()) && Arrays.asList(table.schema().fieldNames()).contains("field")) {
      throw new IllegalArgumentException("The count table at " + path + " counts raw tokens (the count command's"
          + " output); Helen needs counts per feature index: index it with the fitted featurizer"
          + " (CtrFeaturizerModel.indexCounts, or train --counts, which does so)");
    }
    checkSchema(INDEXED_SCHEMA, table.schema(), "The indexed count table at " + path);
    return table.select(columns(INDEXED_SCHEMA));
  }

  /** Whether {@code schema} is an indexed table's: its {@code feature} column is an int. */
  public static boolean isIndexed(StructType schema) {
    final List<String> names = Arrays.asList(schema.fieldNames());
    final int at = names.indexOf("feature");
    return at >= 0 && schema.fields()[at].dataType().equals(DataTypes.IntegerType);
  }

  private static Column[] columns(StructType schema) {
    return Arrays.stream(schema.fieldNames()).map(functions::col).toArray(Column[]::new);
  }

  static void checkSchema(StructType expectedSchema, StructType schema, String what) {
    for (StructField expected : expectedSchema.fields()) {
      final List<String> names = Arrays.asList(schema.fieldNames());
      final int at = names.indexOf(expected.name());
      final DataType actual = at < 0 ? null : schema.fields()[at].dataType();
      if (!expected.dataType().equals(actual)) {
        throw new IllegalArgumentException(what + " MUST have the columns " + describe(expectedSchema)
            + ", but has " + describe(schema) + " (column " + expected.name() + " is "
            + (actual == null ? "missing" : actual.simpleString()) + ")");
      }
    }
  }

  private static String describe(StructType schema) {
    final StringBuilder sb = new StringBuilder("[");
    for (StructField f : schema.fields()) {
      sb.append(sb.length() > 1 ? ", " : "").append(f.name()).append(": ").append(f.dataType().simpleString());
    }
    return sb.append(']').toString();
  }

  /**
   * Builds the vocabulary of {@code layout} from a count table with one small aggregation: kept
   * tokens keep their counts, the others are summed into one OOV row per field, and only that is
   * collected. Fails if the table's fields are not the layout's.
   */
  static Vocabulary toVocabulary(Dataset<Row> counts, FieldLayout layout, long minCount) {
    final Column kept = col("count").geq(minCount);
    final List<Row> rows = counts
        .select(col("fieldIndex"), col("field"), when(kept, col("feature")).as("token"), col("count"))
        .groupBy("fieldIndex", "field", "token")
        .agg(sum("count").as("total"))
        .collectAsList();
    final Vocabulary.Builder builder = Vocabulary.builder(Arrays.asList(layout.fieldNames()), minCount);
    for (Row r : rows) {
      final int f = r.getInt(0);
      final String name = r.getString(1);
      checkField(f, name, layout);
      if (r.isNullAt(2)) {
        builder.addToOov(f, r.getLong(3));
      } else {
        builder.add(f, r.getString(2), r.getLong(3));
      }
    }
    return builder.build();
  }

  /** Fails unless field {@code f} of a count table, named {@code name}, is field f of {@code layout}. */
  static void checkField(int f, String name, FieldLayout layout) {
    if (f < 0 || f >= layout.numFields() || !layout.fieldName(f).equals(name)) {
      throw new IllegalArgumentException("The count table MUST have been computed for the fields "
          + Arrays.toString(layout.fieldNames()) + ", but its field " + f + " is '" + name
          + "'; recompute it with the same inputCols, numericCols and hourCols");
    }
  }

  /** Emits (fieldIndex, feature) for every field of every row, from reused buffers. */
  private static final class PairEmitter implements MapPartitionsFunction<Row, Tuple2<Integer, String>> {
    private static final long serialVersionUID = 1L;
    private final FieldLayout layout;
    private final int[] positions;
    private final String handleInvalid;

    PairEmitter(FieldLayout layout, int[] positions, String handleInvalid) {
      this.layout = layout;
      this.positions = positions;
      this.handleInvalid = handleInvalid;
    }

    @Override
    public Iterator<Tuple2<Integer, String>> call(Iterator<Row> rows) {
      final String[] raw = new String[layout.numInputCols()];
      final String[] tokens = new String[layout.numFields()];
      final int numFields = layout.numFields();
      return new Iterator<Tuple2<Integer, String>>() {
        private int next = numFields; // next field to emit from `tokens`; numFields = need a new row

        @Override
        public boolean hasNext() {
          while (next == numFields) {
            if (!rows.hasNext()) {
              return false;
            }
            RawColumns.read(rows.next(), positions, raw);
            final int bad = layout.toFieldTokens(raw, tokens);
            if (bad >= 0) {
              if (FeaturizerParamSet.ERROR.equals(handleInvalid)) {
                throw RawColumns.invalid(layout, bad, raw[bad]);
              }
              if (FeaturizerParamSet.SKIP.equals(handleInvalid)) {
                continue;
              }
            }
            next = 0;
          }
          return true;
        }

        @Override
        public Tuple2<Integer, String> next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          final int f = next++;
          return new Tuple2<>(f, tokens[f]);
        }
      };
    }
  }
}
