package io.sparkctr.cli;

import io.sparkctr.ml.export.ModelExport;
import io.sparkctr.serving.ServingModel;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes a trained model (logistic regression, FM or field-aware FM) in the exported format
 * ({@code io.sparkctr.serving.ServingModelCodec}): zero weights and all-zero embedding rows dropped,
 * vocabulary features under their original tokens, scorable with {@code io.sparkctr.serving.ServingModel}
 * and no SparkSession.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export a trained model (DIR/model from train) to one compact file for serving without Spark.")
final class ExportCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "The model directory (train's DIR/model).")
  String modelDir;

  @Option(names = "--output", required = true, description = "The file to write (overwritten if it exists).")
  String output;

  @Option(names = "--master", description = "Spark master URL; default: spark-submit's, else local[*].")
  String master;

  @Override
  public Integer call() throws Exception {
    SparkSession spark = Jobs.session(master, "spark-ctr export");
    ServingModel model = ModelExport.of(SavedModels.load(modelDir));
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(output);
    path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, false);
    long bytes = ModelExport.write(model, output, spark);
    System.out.printf("exported %s %s model: %d stored weights, %d embedding rows, %d bytes, to %s%n",
        model.inputKind().name().toLowerCase(java.util.Locale.ROOT), shortName(model.modelType()),
        model.numStoredWeights(), model.numNonzeroEmbeddingRows(), bytes, output);
    return 0;
  }

  private static String shortName(ServingModel.ModelType type) {
    return switch (type) {
      case LOGISTIC_REGRESSION -> "lr";
      case FACTORIZATION_MACHINE -> "fm";
      case FIELD_AWARE_FM -> "ffm";
    };
  }
}
