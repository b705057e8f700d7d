package io.sparkctr.cli;

import io.sparkctr.ml.classification.DeepFmClassificationModel;
import io.sparkctr.ml.io.CtrDataReader;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The sharpness diagnostic behind Helen: for each saved DeepFM, the top Hessian eigenvalue of the loss
 * on a sample of rows, restricted to the embedding rows of one feature-frequency decile at a time
 * (frequency counted on the sample), by power iteration ({@link EmbeddingSharpness}). Writes
 * DIR/sharpness.csv and DIR/sharpness.png (eigenvalue against decile, one line per model), so Adam and
 * Helen models can be compared.
 */
@Command(name = "sharpness", mixinStandardHelpOptions = true,
    description = "Top Hessian eigenvalue of saved DeepFM models' loss per feature-frequency decile; CSV and PNG.")
final class SharpnessCommand implements Callable<Integer> {
  @Mixin JobOptions job;

  @Option(names = "--model", required = true,
      description = "NAME=DIR/model of a DeepFM trained by train --model deepfm; repeatable (one line each).")
  List<String> models;

  @Option(names = "--data", required = true, description = "Labelled rows the loss is taken on (the training data).")
  String data;

  @Option(names = "--rows", defaultValue = "2048", description = "Rows of the sample. Default: ${DEFAULT-VALUE}.")
  int rows;

  @Option(names = "--deciles", defaultValue = "10", description = "Frequency groups. Default: ${DEFAULT-VALUE}.")
  int deciles;

  @Option(names = "--iterations", defaultValue = "20", description = "Power iterations. Default: ${DEFAULT-VALUE}.")
  int iterations;

  @Option(names = "--output", required = true, description = "Output directory DIR.")
  String output;

  @Override
  public Integer call() throws IOException {
    if (rows < 1) {
      throw new IllegalArgumentException("--rows MUST be >= 1, but got " + rows);
    }
    SparkSession spark = Jobs.session(job.master, "spark-ctr sharpness");
    try (SharpnessDeciles report = new SharpnessDeciles(Paths.get(output), deciles, iterations)) {
      for (String spec : models) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("--model MUST be NAME=DIR, but got '" + spec + "'");
        }
        String name = spec.substring(0, eq);
        PipelineModel pipeline = SavedModels.load(spec.substring(eq + 1));
        Transformer[] stages = pipeline.stages();
        if (!(stages[stages.length - 1] instanceof DeepFmClassificationModel)) {
          throw new IllegalArgumentException("Model " + name + " MUST be a DeepFM (train --model deepfm), but its"
              + " last stage is " + stages[stages.length - 1].getClass().getSimpleName());
        }
        DeepFmClassificationModel classifier = (DeepFmClassificationModel) stages[stages.length - 1];
        Dataset<Row> sample = CtrDataReader.read(spark, data, job.inputFormat(), job.handleInvalid,
            classifier.deepFmModel().numFeatures()).rows().limit(rows);
        for (int s = 0; s < stages.length - 1; s++) {
          sample = stages[s].transform(sample);
        }
        report.measure(name, classifier, sample);
      }
    }
    return 0;
  }
}
