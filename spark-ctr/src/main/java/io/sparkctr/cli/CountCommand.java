package io.sparkctr.cli;

import io.sparkctr.data.InputFormat;
import io.sparkctr.ml.feature.CtrFeaturizer;
import io.sparkctr.ml.feature.FeatureCounts;
import io.sparkctr.ml.io.CtrDataReader;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The frequency-count job: N(field, feature) over raw data, stored as Parquet with each field's
 * maximum. Its output feeds the featurizer's min-count vocabulary ({@code --param countsPath=DIR}).
 */
@Command(name = "count", mixinStandardHelpOptions = true,
    description = "Count N(field, feature) over raw data (criteo, avazu) and store it as Parquet in DIR.")
final class CountCommand implements Callable<Integer> {
  @Mixin JobOptions job;

  @Option(names = "--input", required = true, description = "Raw data: a file or a directory.")
  String input;

  @Option(names = "--output", required = true, description = "Output directory (Parquet).")
  String output;

  @Override
  public Integer call() {
    InputFormat format = job.inputFormat();
    if (!format.isRaw()) {
      throw new IllegalArgumentException("count works on the raw formats criteo and avazu, whose fields the"
          + " featurizer encodes; " + format.cliName() + " rows are already indexed");
    }
    SparkSession spark = Jobs.session(job.master, "spark-ctr count");
    CtrDataReader.Result read = CtrDataReader.read(spark, input, format, job.handleInvalid, 0).cache();
    CtrFeaturizer featurizer = Jobs.featurizerFor(format, read.rawColumns());
    job.settings().applyTo(featurizer);
    Dataset<Row> counts = FeatureCounts.compute(read.rows(), featurizer.getInputCols(),
        featurizer.getNumericCols(), featurizer.getHourCols());
    FeatureCounts.write(counts, output);
    Dataset<Row> stored = FeatureCounts.read(spark, output);
    long skipped = read.countInvalid();
    TrainCommand.reportSkipped(java.util.List.of(read), skipped);
    System.out.printf("counted %d distinct (field, feature) pairs over %d rows (%d skipped); wrote %s%n",
        stored.count(), read.rows().count(), skipped, output);
    read.unpersist();
    return 0;
  }
}
