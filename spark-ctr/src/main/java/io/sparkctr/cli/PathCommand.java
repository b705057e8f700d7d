package io.sparkctr.cli;

import io.sparkctr.ml.classification.CtrClassifierModel;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import io.sparkctr.ml.export.ModelExport;
import io.sparkctr.serving.ServingModelCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The AUC-versus-model-size path: for each optimizer, trains over a grid of sparsity strengths (L1;
 * the threshold theta for simple truncation, which has no L1; the group strength l21 for the group
 * optimizers) and writes DIR/path.csv and DIR/path.png. Every point trains to convergence as {@code train}
 * does (early stopping on validation rows, or on the training loss's tol), and so does its refit.
 */
@Command(name = "path", mixinStandardHelpOptions = true,
    description = "Train optimizers over a grid of L1 strengths; write path.csv and path.png (test AUC vs nonzero weights).")
final class PathCommand implements Callable<Integer> {
  @Mixin JobOptions job;

  @Option(names = "--train", required = true, description = "Training data: a file or a directory.")
  String train;

  @Option(names = "--test", required = true, description = "Test data: the path is measured on it.")
  String test;

  @Option(names = "--output", required = true, description = "Output directory DIR.")
  String output;

  @Option(names = "--validation",
      description = "Validation data: every point trains until it stops improving on it (as train's --validation).")
  String validation;

  @Option(names = "--validation-fraction",
      description = "Hold out this share of the training rows for every point's early stopping instead (as train's).")
  Double validationFraction;

  @Option(names = "--model", defaultValue = "lr",
      description = "Model: lr, fm or ffm (as in train). Default: ${DEFAULT-VALUE}.")
  String model;

  @Option(names = "--optimizer", split = ",", defaultValue = "ftrl",
      description = "Comma-separated optimizers with a sparsity strength (the Param it sets): "
          + "${sys:sparkctr.sparseOptimizers}. Default: ${DEFAULT-VALUE}.")
  List<String> optimizers;

  @Option(names = "--refit",
      description = "Also refit each point on the features it kept, with no L1 (relaxed lasso); adds rows and lines '<optimizer>+refit'.")
  boolean refit;

  @Option(names = "--strengths", split = ",",
      description = "L1 strengths (theta for truncation) for every optimizer; default: a grid per optimizer.")
  List<Double> strengths;

  @Override
  public Integer call() throws IOException {
    for (String o : optimizers) {
      TrainCommand.requireOneOf("--optimizer", o, io.sparkctr.optim.OptimizerRegistry.sparseNames());
    }
    SparkSession spark = Jobs.session(job.master, "spark-ctr path");
    TrainCommand.requireOneOf("--model", model, PreparedData.MODELS);
    PreparedData data = PreparedData.prepare(spark, job, train, test, validation, validationFraction, model, null);
    Path dir = Paths.get(output);
    Files.createDirectories(dir);
    Map<String, List<LinePlot.Point>> lines = new LinkedHashMap<>();
    try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(dir.resolve("path.csv"), StandardCharsets.UTF_8))) {
      csv.println("optimizer,strength,auc,log_loss,nonzero_weights,nonzero_embedding_rows,model_bytes,seconds");
      for (String optimizer : optimizers) {
        for (boolean refitted : refit ? new boolean[] {false, true} : new boolean[] {false}) {
          String label = refitted ? optimizer + "+refit" : optimizer;
          double[] grid = strengths == null ? io.sparkctr.optim.OptimizerRegistry.get(optimizer).pathGrid()
              : strengths.stream().mapToDouble(Double::doubleValue).toArray();
          List<LinePlot.Point> points = new ArrayList<>();
          for (double strength : grid) {
            Estimator<?> estimator = forPoint(data.estimator, optimizer, strength);
            estimator.set(estimator.getParam("refit"), refitted);
            points.add(point(data, csv, label, estimator, strength));
          }
          lines.put(label, points);
        }
      }
    }
    LinePlot.writePath(lines, "spark-ctr path: test AUC vs model size", dir.resolve("path.png").toFile());
    System.out.println("wrote " + dir.resolve("path.csv") + " and " + dir.resolve("path.png"));
    data.unpersist();
    return 0;
  }

  /** Trains and measures one point of the path; writes its CSV row and its progress line. */
  private static LinePlot.Point point(PreparedData data, PrintWriter csv, String label,
      Estimator<?> estimator, double strength) {
    long start = System.nanoTime();
    Model<?> model = (Model<?>) estimator.fit(data.trainSet);
    CtrClassifierModel trained = (CtrClassifierModel) model;
    double seconds = (System.nanoTime() - start) / 1e9;
    Dataset<Row> scored = model.transform(data.testSet).cache();
    double auc = Jobs.auc(scored);
    double logLoss = Jobs.logLoss(scored);
    scored.unpersist();
    List<Transformer> stages = new ArrayList<>();
    if (data.featurizerModel != null) {
      stages.add(data.featurizerModel);
    }
    stages.add(model);
    long bytes = ServingModelCodec.encodedSize(ModelExport.of(new PipelineModel("path", stages)));
    csv.printf(Locale.ROOT, "%s,%s,%.6f,%.6f,%d,%d,%d,%.3f%n", label, strength, auc, logLoss,
        trained.nonzeroParameters(), trained.nonzeroEmbeddingRows(), bytes, seconds);
    csv.flush();
    System.out.printf(Locale.ROOT, "%-16s strength %-8s test AUC %.5f  log loss %.5f  nonzero parameters %d"
        + "  embedding rows %d  %d bytes  %.2f s%n", label, strength, auc, logLoss, trained.nonzeroParameters(),
        trained.nonzeroEmbeddingRows(), bytes, seconds);
    return new LinePlot.Point(trained.nonzeroParameters(), auc);
  }

  /** The Param a path point's strength sets: the optimizer's sparsity Param (l1, theta, l21). */
  static String strengthParam(String optimizer) {
    return io.sparkctr.optim.OptimizerRegistry.get(optimizer).sparsity();
  }

  /** The settings' estimator for one optimizer and strength ({@link #strengthParam}). */
  static Estimator<?> forPoint(Estimator<?> base, String optimizer, double strength) {
    Estimator<?> e = base.copy(ParamMap.empty());
    for (String name : new String[] {"l1", "theta", "l21"}) {
      e.clear(e.getParam(name)); // the grid sets the strength; the settings' value would fight it
    }
    e.set(e.getParam("optimizer"), optimizer);
    e.set(e.getParam(strengthParam(optimizer)), strength);
    if (optimizer.equals("tg")) {
      e.set(e.getParam("theta"), Double.POSITIVE_INFINITY); // TG as L1: shrink every weight by the gravity
    }
    return e;
  }
}
