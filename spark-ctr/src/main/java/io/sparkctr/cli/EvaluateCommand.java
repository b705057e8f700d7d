package io.sparkctr.cli;

import io.sparkctr.ml.io.CtrDataReader;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Scores a labelled data set with a saved model and prints AUC and log loss. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Evaluate a saved model (DIR/model from train) on labelled data: AUC and log loss.")
final class EvaluateCommand implements Callable<Integer> {
  @Mixin JobOptions job;

  @Option(names = "--model", required = true, description = "The model directory (train's DIR/model).")
  String modelDir;

  @Option(names = "--test", required = true, description = "Labelled data to evaluate on.")
  String test;

  @Option(names = "--output", description = "Optional metrics JSON file to write.")
  String output;

  @Override
  public Integer call() {
    SparkSession spark = Jobs.session(job.master, "spark-ctr evaluate");
    PipelineModel model = SavedModels.load(modelDir);
    CtrDataReader.Result read = CtrDataReader.read(
        spark, test, job.inputFormat(), job.handleInvalid, SavedModels.numFeatures(model)).cache();
    Dataset<Row> scored = model.transform(read.rows()).cache();
    long rows = scored.count();
    long skipped = read.countInvalid();
    TrainCommand.reportSkipped(java.util.List.of(read), skipped);
    double auc = Jobs.auc(scored);
    double logLoss = Jobs.logLoss(scored);
    long unseen = SavedModels.classifier(model).countUnseenFeatures(scored);
    System.out.printf("test AUC %.5f, log loss %.5f on %d rows (%d skipped; %d feature entries unseen in training,"
        + " scored as zero)%n", auc, logLoss, rows, skipped, unseen);
    if (output != null) {
      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("rowsTest", rows);
      metrics.put("rowsSkipped", skipped);
      metrics.put("auc", auc);
      metrics.put("logLoss", logLoss);
      metrics.put("unseenFeatures", unseen);
      Jobs.writeJson(Paths.get(output), metrics);
    }
    scored.unpersist();
    read.unpersist();
    return 0;
  }
}
