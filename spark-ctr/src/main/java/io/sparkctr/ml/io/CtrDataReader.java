package io.sparkctr.ml.io;

import io.sparkctr.data.AvazuParser;
import io.sparkctr.data.CriteoParser;
import io.sparkctr.data.InputFormat;
import io.sparkctr.data.InvalidInputException;
import io.sparkctr.data.LibFfmParser;
import io.sparkctr.data.LibSvmParser;
import io.sparkctr.data.RawRecord;
import io.sparkctr.data.SparseRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Reads Criteo TSV, Avazu CSV, LibSVM and LibFFM files into DataFrames, in input order (files sorted
 * by name, lines in file order). Parsing is {@code io.sparkctr.data}'s; this class only distributes it.
 *
 * <ul>
 *   <li>criteo, avazu: {@code label} (double) plus one string column per raw field, for
 *       {@code CtrFeaturizer}; empty values are "".
 *   <li>libsvm: {@code label}, {@code features} (SparseVector, 0-based).
 *   <li>libffm: {@code label}, {@code features} (SparseVector) and {@code fields} (array&lt;int&gt;,
 *       the field of each feature, aligned with the vector's indices). An index listed under two
 *       fields in one line becomes one entry: values summed, lowest field kept.
 * </ul>
 *
 * With {@code handleInvalid = "error"} the first malformed line fails the job with an
 * {@link InvalidInputException} naming the file, line, column and what was expected. With
 * {@code "skip"} such lines are dropped and counted ({@link Result#countInvalid()}); valid lines are
 * never lost.
 */
public final class CtrDataReader {
  public static final String LABEL = "label";
  public static final String FEATURES = "features";
  public static final String FIELDS = "fields";
  /** Error message of an invalid line in skip mode; null for valid lines. */
  static final String INVALID = "_invalid";
  public static final String[] HANDLE_INVALID = {"error", "skip"};

  private CtrDataReader() {}

  /** What was read: the rows, and how to get the valid ones and the number of skipped lines. */
  public static final class Result {
    private final Dataset<Row> withInvalid;
    private final InputFormat format;
    private final String[] columnNames;
    private final int numFeatures;

    Result(Dataset<Row> withInvalid, InputFormat format, String[] columnNames, int numFeatures) {
      this.withInvalid = withInvalid;
      this.format = format;
      this.columnNames = columnNames;
      this.numFeatures = numFeatures;
    }

    /** Valid rows only (the invalid-line column is dropped). */
    public Dataset<Row> rows() {
      return withInvalid.filter(functions.col(INVALID).isNull()).drop(INVALID);
    }

    /** Lines skipped as invalid (always 0 with handleInvalid = error, which fails instead). */
    public long countInvalid() {
      return withInvalid.filter(functions.col(INVALID).isNotNull()).count();
    }

    /** A few invalid lines' messages, for reporting what was skipped. */
    public List<String> sampleInvalid(int max) {
      List<String> out = new ArrayList<>();
      for (Row r : withInvalid.filter(functions.col(INVALID).isNotNull()).select(INVALID).takeAsList(max)) {
        out.add(r.getString(0));
      }
      return out;
    }

    /** Caches the underlying rows, so counting and training read the files once. */
    public Result cache() {
      withInvalid.cache();
      return this;
    }

    public void unpersist() {
      withInvalid.unpersist();
    }

    public InputFormat format() {
      return format;
    }

    /** Raw string columns (criteo, avazu), in file order; empty for indexed formats. */
    public String[] rawColumns() {
      return columnNames.clone();
    }

    /** Size of the feature vectors (indexed formats); -1 for raw formats. */
    public int numFeatures() {
      return numFeatures;
    }
  }

  /**
   * @param path a file or a directory of files (hidden files and names starting with '_' are ignored)
   * @param handleInvalid "error" or "skip"
   * @param numFeatures smallest vector size for libsvm/libffm (e.g. the training set's); the size is the
   *     larger of it and the largest index read plus one, so rows with features training never saw are read
   *     (a model scores such features as zero)
   */
  public static Result read(SparkSession spark, String path, InputFormat format, String handleInvalid,
      int numFeatures) {
    if (!Arrays.asList(HANDLE_INVALID).contains(handleInvalid)) {
      throw new IllegalArgumentException(
          "handleInvalid MUST be one of " + Arrays.toString(HANDLE_INVALID) + ", but got '" + handleInvalid + "'");
    }
    final boolean skip = handleInvalid.equals("skip");
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<String> files = listFiles(spark, path);
    String[] columns = new String[0];
    JavaRDD<Row> all = null;
    for (String file : files) {
      JavaRDD<String> text = jsc.textFile(file);
      if (text.isEmpty()) {
        throw InvalidInputException.emptyFile(file);
      }
      JavaRDD<Tuple2<String, Long>> lines = text.zipWithIndex().map(t -> t);
      JavaRDD<Row> rows;
      switch (format) {
        case CRITEO: {
          final CriteoParser parser = new CriteoParser(file);
          columns = parser.columnNames();
          rows = lines.mapPartitions(it -> rawRows(it, parser.columnNames().length, skip,
              (line, number, out) -> parser.parse(line, number, out)));
          break;
        }
        case AVAZU: {
          String header = text.first();
          final AvazuParser parser = new AvazuParser(file, header);
          if (columns.length > 0 && !Arrays.equals(columns, parser.columnNames())) {
            throw new IllegalArgumentException("File " + file + " has columns " + Arrays.toString(parser.columnNames())
                + ", but the files before it have " + Arrays.toString(columns));
          }
          columns = parser.columnNames();
          JavaRDD<Tuple2<String, Long>> data = lines.filter(t -> t._2() > 0);
          if (data.isEmpty()) {
            throw InvalidInputException.emptyFile(file);
          }
          rows = data.mapPartitions(it -> rawRows(it, parser.columnNames().length, skip,
              (line, number, out) -> parser.parse(line, number, out)));
          break;
        }
        case LIBSVM: {
          final LibSvmParser parser = new LibSvmParser(file);
          rows = lines.mapPartitions(it -> sparseRows(it, skip, false,
              (line, number, out) -> parser.parse(line, number, out)));
          break;
        }
        case LIBFFM: {
          final LibFfmParser parser = new LibFfmParser(file);
          rows = lines.mapPartitions(it -> sparseRows(it, skip, true,
              (line, number, out) -> parser.parse(line, number, out)));
          break;
        }
        default:
          throw new IllegalArgumentException("Unsupported format " + format);
      }
      all = all == null ? rows : all.union(rows);
    }

    StructType schema = new StructType().add(LABEL, DataTypes.DoubleType, true);
    if (format.isRaw()) {
      for (String c : columns) {
        schema = schema.add(c, DataTypes.StringType, true);
      }
      Dataset<Row> df = spark.createDataFrame(all, schema.add(INVALID, DataTypes.StringType, true));
      return new Result(df, format, columns, -1);
    }
    schema = schema.add(FEATURES + "_indices", DataTypes.createArrayType(DataTypes.IntegerType), true)
        .add(FEATURES + "_values", DataTypes.createArrayType(DataTypes.DoubleType), true);
    if (format == InputFormat.LIBFFM) {
      schema = schema.add(FIELDS, DataTypes.createArrayType(DataTypes.IntegerType), true);
    }
    Dataset<Row> parsed = spark.createDataFrame(all, schema.add(INVALID, DataTypes.StringType, true));
    int size = Math.max(numFeatures, maxIndexPlusOne(parsed));
    return new Result(toVectors(parsed, size, format), format, new String[0], size);
  }

  /** Parses one line into a reused record. */
  @FunctionalInterface
  private interface LineParser<R> extends java.io.Serializable {
    void parse(String line, long lineNumber, R out);
  }

  private static Iterator<Row> rawRows(
      Iterator<Tuple2<String, Long>> lines, int numColumns, boolean skip, LineParser<RawRecord> parser) {
    final RawRecord record = new RawRecord(numColumns);
    return new MappedIterator<>(lines, t -> {
      try {
        parser.parse(t._1(), t._2() + 1, record);
      } catch (InvalidInputException e) {
        if (!skip) {
          throw e;
        }
        Object[] values = new Object[numColumns + 2];
        values[numColumns + 1] = e.getMessage();
        return RowFactory.create(values);
      }
      Object[] values = new Object[numColumns + 2];
      values[0] = record.label;
      System.arraycopy(record.tokens, 0, values, 1, numColumns);
      return RowFactory.create(values);
    });
  }

  private static Iterator<Row> sparseRows(
      Iterator<Tuple2<String, Long>> lines, boolean skip, boolean withFields, LineParser<SparseRecord> parser) {
    final SparseRecord record = new SparseRecord();
    final int width = withFields ? 5 : 4;
    return new MappedIterator<>(lines, t -> {
      Object[] values = new Object[width];
      try {
        parser.parse(t._1(), t._2() + 1, record);
      } catch (InvalidInputException e) {
        if (!skip) {
          throw e;
        }
        values[width - 1] = e.getMessage();
        return RowFactory.create(values);
      }
      record.mergeDuplicateIndices();
      values[0] = record.label;
      values[1] = boxed(record.indices, record.nnz);
      values[2] = boxed(record.values, record.nnz);
      if (withFields) {
        values[3] = boxed(record.fields, record.nnz);
      }
      return RowFactory.create(values);
    });
  }

  private static Integer[] boxed(int[] a, int n) {
    Integer[] out = new Integer[n];
    for (int i = 0; i < n; i++) {
      out[i] = a[i];
    }
    return out;
  }

  private static Double[] boxed(double[] a, int n) {
    Double[] out = new Double[n];
    for (int i = 0; i < n; i++) {
      out[i] = a[i];
    }
    return out;
  }

  private static int maxIndexPlusOne(Dataset<Row> parsed) {
    Row r = parsed.filter(functions.col(INVALID).isNull())
        .select(functions.max(functions.array_max(functions.col(FEATURES + "_indices")))).first();
    return r.isNullAt(0) ? 0 : r.getInt(0) + 1;
  }

  private static Dataset<Row> toVectors(Dataset<Row> parsed, int size, InputFormat format) {
    org.apache.spark.sql.expressions.UserDefinedFunction toVector = functions.udf(
        (org.apache.spark.sql.api.java.UDF2<scala.collection.immutable.Seq<Integer>,
            scala.collection.immutable.Seq<Double>, org.apache.spark.ml.linalg.Vector>) (idx, val) -> {
          if (idx == null) {
            return null;
          }
          int n = idx.size();
          int[] i = new int[n];
          double[] v = new double[n];
          for (int k = 0; k < n; k++) {
            i[k] = idx.apply(k);
            v[k] = val.apply(k);
          }
          return Vectors.sparse(size, i, v);
        }, SQLDataTypes.VectorType());
    List<org.apache.spark.sql.Column> cols = new ArrayList<>();
    cols.add(functions.col(LABEL));
    cols.add(toVector.apply(functions.col(FEATURES + "_indices"), functions.col(FEATURES + "_values")).as(FEATURES));
    if (format == InputFormat.LIBFFM) {
      cols.add(functions.col(FIELDS));
    }
    cols.add(functions.col(INVALID));
    return parsed.select(cols.toArray(new org.apache.spark.sql.Column[0]));
  }

  /** Data files under {@code path}, sorted by name (a single file is returned as is). */
  static List<String> listFiles(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        throw new IllegalArgumentException("Input path " + path + " does not exist");
      }
      FileStatus status = fs.getFileStatus(p);
      List<String> files = new ArrayList<>();
      if (status.isFile()) {
        files.add(status.getPath().toString());
      } else {
        for (FileStatus s : fs.listStatus(p)) {
          String name = s.getPath().getName();
          if (s.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
            files.add(s.getPath().toString());
          }
        }
        if (files.isEmpty()) {
          throw new IllegalArgumentException("Input directory " + path + " has no data files");
        }
        files.sort(null);
      }
      return files;
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot list input path " + path + ": " + e.getMessage(), e);
    }
  }

  /** An iterator that maps each element lazily (one output row per input line, no buffering). */
  private static final class MappedIterator<A, B> implements Iterator<B> {
    private final Iterator<A> source;
    private final java.util.function.Function<A, B> f;

    MappedIterator(Iterator<A> source, java.util.function.Function<A, B> f) {
      this.source = source;
      this.f = f;
    }

    @Override
    public boolean hasNext() {
      return source.hasNext();
    }

    @Override
    public B next() {
      return f.apply(source.next());
    }
  }
}
