package io.sparkctr.ml.io;

import io.sparkctr.data.CriteoParser;
import io.sparkctr.data.RawRecord;
import io.sparkctr.metrics.LogLoss;
import io.sparkctr.synth.SyntheticCriteo;
import io.sparkctr.synth.SyntheticUserItem;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * {@link SyntheticCriteo} rows generated in the tasks, at any scale: as Criteo TSV lines, or parsed
 * into the frame {@link CtrDataReader} gives for Criteo input (label plus 39 raw string columns);
 * and {@link SyntheticUserItem} rows as LibFFM or LibSVM lines. Row i is the same whatever the
 * partitioning (rows are independent functions of their index), so any number of partitions writes
 * the same data. No math here: the generators are the engine's.
 */
public final class SyntheticRows {
  private SyntheticRows() {}

  /** Rows {@code [from, to)} as Criteo TSV lines, {@code partitions} contiguous ranges in row order. */
  public static JavaRDD<String> criteoLines(SparkSession spark, SyntheticCriteo generator, long from, long to,
      int partitions) {
    return ids(spark, from, to, partitions).mapPartitions((Iterator<Long> it) -> new Iterator<String>() {
      private final StringBuilder line = new StringBuilder(512);

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public String next() {
        line.setLength(0);
        generator.writeRow(it.next(), line);
        return line.toString();
      }
    });
  }

  /**
   * Rows {@code [from, to)} as Avazu CSV lines ({@link SyntheticCriteo#writeAvazuRow}); every partition
   * starts with the header, so each part file reads on its own.
   */
  public static JavaRDD<String> avazuLines(SparkSession spark, SyntheticCriteo generator, long from, long to,
      int partitions) {
    return ids(spark, from, to, partitions).mapPartitions((Iterator<Long> it) -> new Iterator<String>() {
      private final StringBuilder line = new StringBuilder(512);
      private boolean headerDone;

      @Override
      public boolean hasNext() {
        return !headerDone || it.hasNext();
      }

      @Override
      public String next() {
        if (!headerDone) {
          headerDone = true;
          return SyntheticCriteo.AVAZU_HEADER;
        }
        line.setLength(0);
        generator.writeAvazuRow(it.next(), line);
        return line.toString();
      }
    });
  }

  /** Rows {@code [from, to)} parsed as Criteo input: columns label, I1..I13, C1..C26 (strings, null when empty). */
  public static Dataset<Row> criteoFrame(SparkSession spark, SyntheticCriteo generator, long from, long to,
      int partitions) {
    JavaRDD<Row> rows = criteoLines(spark, generator, from, to, partitions).mapPartitions((Iterator<String> lines) -> {
      final CriteoParser parser = new CriteoParser("synthetic");
      final RawRecord record = new RawRecord(CriteoParser.COLUMN_NAMES.length);
      return new Iterator<Row>() {
        private long n = from;

        @Override
        public boolean hasNext() {
          return lines.hasNext();
        }

        @Override
        public Row next() {
          parser.parse(lines.next(), ++n, record);
          Object[] values = new Object[record.tokens.length + 1];
          values[0] = record.label;
          System.arraycopy(record.tokens, 0, values, 1, record.tokens.length);
          return RowFactory.create(values);
        }
      };
    });
    StructType schema = new StructType().add("label", DataTypes.DoubleType, false);
    for (String c : CriteoParser.COLUMN_NAMES) {
      schema = schema.add(c, DataTypes.StringType, true);
    }
    return spark.createDataFrame(rows, schema);
  }

  /**
   * Featurized rows (label, features, fields; CtrFeaturizer's output) as libsvm lines ({@code label
   * index:value}, 1-based indices) or libffm lines ({@code label field:index:value}, 0-based).
   */
  public static JavaRDD<String> indexedLines(Dataset<Row> featurized, boolean libffm) {
    return featurized.select("label", "features", "fields").javaRDD().map(row -> {
      org.apache.spark.ml.linalg.SparseVector v = ((org.apache.spark.ml.linalg.Vector) row.get(1)).toSparse();
      scala.collection.Seq<Object> fields = row.getSeq(2);
      StringBuilder line = new StringBuilder(16 * v.indices().length + 2);
      line.append(row.getDouble(0) == 1.0 ? '1' : '0');
      for (int p = 0; p < v.indices().length; p++) {
        line.append(' ');
        if (libffm) {
          line.append(fields.apply(p)).append(':').append(v.indices()[p]);
        } else {
          line.append(v.indices()[p] + 1);
        }
        line.append(':').append(v.values()[p]);
      }
      return line.toString();
    });
  }

  /** What the planted model scores on rows {@code [from, to)}: counts, exact AUC and log loss. */
  public record Planted(long rows, long positives, double auc, double logLoss) {}

  /**
   * Rows {@code [from, to)} of a user-item stream as LibFFM lines ({@link SyntheticUserItem#writeLibFfmRow}) or
   * LibSVM lines ({@link SyntheticUserItem#writeLibSvmRow}), {@code partitions} contiguous ranges in row order.
   */
  public static JavaRDD<String> userItemLines(SparkSession spark, SyntheticUserItem generator, long from, long to,
      int partitions, boolean libffm) {
    return ids(spark, from, to, partitions).mapPartitions((Iterator<Long> it) -> new Iterator<String>() {
      private final StringBuilder line = new StringBuilder(128);

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public String next() {
        line.setLength(0);
        if (libffm) {
          generator.writeLibFfmRow(it.next(), line);
        } else {
          generator.writeLibSvmRow(it.next(), line);
        }
        return line.toString();
      }
    });
  }

  /** The planted model's exact AUC and log loss over rows {@code [from, to)}, computed by a Spark job. */
  public static Planted planted(SparkSession spark, SyntheticCriteo generator, long from, long to, int partitions) {
    return planted(spark, from, to, partitions, generator::writeRow);
  }

  /** The same for a user-item stream. */
  public static Planted planted(SparkSession spark, SyntheticUserItem generator, long from, long to,
      int partitions) {
    return planted(spark, from, to, partitions, generator::writeLibSvmRow);
  }

  /**
   * Cold start in a user-item stream: of rows {@code [testFrom, testTo)}, how many have a user or an item that
   * occurs in no row of {@code [trainFrom, trainTo)}; a Spark job ({@link SyntheticUserItem#unseenCounts} is its
   * one-thread twin).
   */
  public static Unseen unseen(SparkSession spark, SyntheticUserItem generator, long trainFrom, long trainTo,
      long testFrom, long testTo, int partitions) {
    BitSet[] seen = ids(spark, trainFrom, trainTo, partitions).mapPartitions((Iterator<Long> it) -> {
      final BitSet users = new BitSet(generator.users());
      final BitSet items = new BitSet(generator.items());
      final int[] x = new int[SyntheticUserItem.NUM_FIELDS];
      while (it.hasNext()) {
        generator.features(it.next(), x);
        users.set(x[0]);
        items.set(x[1]);
      }
      return java.util.Collections.singletonList(new BitSet[] {users, items}).iterator();
    }).fold(new BitSet[] {new BitSet(), new BitSet()}, (a, b) -> {
      BitSet users = (BitSet) a[0].clone();
      BitSet items = (BitSet) a[1].clone();
      users.or(b[0]);
      items.or(b[1]);
      return new BitSet[] {users, items};
    });
    final BitSet seenUsers = seen[0];
    final BitSet seenItems = seen[1];
    long[] counts = ids(spark, testFrom, testTo, partitions).mapPartitions((Iterator<Long> it) -> {
      final long[] c = new long[4];
      final int[] x = new int[SyntheticUserItem.NUM_FIELDS];
      while (it.hasNext()) {
        generator.features(it.next(), x);
        final boolean user = !seenUsers.get(x[0]);
        final boolean item = !seenItems.get(x[1]);
        c[0]++;
        c[1] += user ? 1 : 0;
        c[2] += item ? 1 : 0;
        c[3] += user || item ? 1 : 0;
      }
      return List.of(c).iterator();
    }).fold(new long[4], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]});
    return new Unseen(counts[0], counts[1], counts[2], counts[3]);
  }

  /** Rows of a test range, and those among them whose user, item, or either was not in the training range. */
  public record Unseen(long rows, long unseenUser, long unseenItem, long unseenEither) {}

  /** Writes one row (label first) to the builder and returns its planted probability. */
  private interface RowWriter extends java.io.Serializable {
    double write(long row, StringBuilder line);
  }

  private static Planted planted(SparkSession spark, long from, long to, int partitions, RowWriter writer) {
    JavaRDD<Tuple2<Object, Object>> scored = ids(spark, from, to, partitions).mapPartitions((Iterator<Long> it) -> {
      final StringBuilder line = new StringBuilder(512);
      List<Tuple2<Object, Object>> out = new ArrayList<>();
      while (it.hasNext()) {
        line.setLength(0);
        double p = writer.write(it.next(), line);
        out.add(new Tuple2<>(p, line.charAt(0) == '1' ? 1.0 : 0.0));
      }
      return out.iterator();
    }).cache();
    try {
      // Per partition: rows, positives and the summed log loss (LogLoss's mean times the rows).
      double[] totals = scored.mapPartitions((Iterator<Tuple2<Object, Object>> it) -> {
        List<Double> p = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        it.forEachRemaining(t -> {
          p.add((Double) t._1());
          y.add((Double) t._2());
        });
        double[] probabilities = p.stream().mapToDouble(Double::doubleValue).toArray();
        double[] labels = y.stream().mapToDouble(Double::doubleValue).toArray();
        int n = probabilities.length;
        double positives = y.stream().mapToDouble(Double::doubleValue).sum();
        double loss = n == 0 ? 0.0 : LogLoss.of(probabilities, labels, n) * n;
        return List.of(new double[] {n, positives, loss}).iterator();
      }).fold(new double[3], (a, b) -> new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
      double auc = new BinaryClassificationMetrics(scored.rdd(), 0).areaUnderROC();
      return new Planted((long) totals[0], (long) totals[1], auc, totals[2] / totals[0]);
    } finally {
      scored.unpersist(false);
    }
  }

  private static JavaRDD<Long> ids(SparkSession spark, long from, long to, int partitions) {
    if (to < from || partitions < 1) {
      throw new IllegalArgumentException(
          "Rows MUST satisfy from <= to and partitions >= 1, but got [" + from + ", " + to + ") and " + partitions);
    }
    return spark.range(from, to, 1, partitions).javaRDD();
  }
}
