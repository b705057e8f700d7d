package io.sparkctr.cli;

import io.sparkctr.ml.io.CtrDataReader;
import java.util.concurrent.Callable;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Writes one click probability per input row, in input order: the text files part-00000, part-00001,
 * ... of the output directory, read in name order, follow the input's rows (no shuffle happens).
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Write one click probability per input row, in input order, as text files in DIR.")
final class PredictCommand implements Callable<Integer> {
  @Mixin JobOptions job;

  @Option(names = "--model", required = true, description = "The model directory (train's DIR/model).")
  String modelDir;

  @Option(names = "--input", required = true, description = "Rows to score (labels are read but not used).")
  String input;

  @Option(names = "--output", required = true, description = "Output directory of probability text files.")
  String output;

  @Override
  public Integer call() {
    SparkSession spark = Jobs.session(job.master, "spark-ctr predict");
    PipelineModel model = SavedModels.load(modelDir);
    String probabilityCol = SavedModels.classifier(model).getProbabilityCol();
    CtrDataReader.Result read = CtrDataReader.read(
        spark, input, job.inputFormat(), job.handleInvalid, SavedModels.numFeatures(model)).cache();
    Dataset<Row> scored = model.transform(read.rows());
    long unseen = SavedModels.classifier(model).countUnseenFeatures(scored);
    Dataset<Row> probabilities = scored
        .select(functions.vector_to_array(org.apache.spark.sql.functions.col(probabilityCol), "float64")
            .getItem(1).cast("string").as("probability"));
    probabilities.write().mode(SaveMode.Overwrite).text(output);
    long skipped = read.countInvalid();
    TrainCommand.reportSkipped(java.util.List.of(read), skipped);
    System.out.printf("wrote %d probabilities to %s (%d invalid lines skipped; %d feature entries unseen in training,"
        + " scored as zero)%n", read.rows().count(), output, skipped, unseen);
    read.unpersist();
    return 0;
  }
}
