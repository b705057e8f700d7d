package io.sparkctr.cli;

import io.sparkctr.data.InputFormat;
import io.sparkctr.ml.classification.CtrEstimator;
import io.sparkctr.ml.classification.CtrClassifierModel;
import io.sparkctr.ml.classification.DeepFmClassifier;
import io.sparkctr.ml.feature.CtrFeaturizerModel;
import io.sparkctr.ml.feature.FeatureCounts;
import org.apache.spark.ml.Model;
import io.sparkctr.ml.export.ModelExport;
import io.sparkctr.serving.ServingModelCodec;
import io.sparkctr.ml.io.CtrDataReader;
import io.sparkctr.train.EpochRecord;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Reads, featurizes, trains, evaluates per epoch, saves the PipelineModel and metrics.json. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a CTR model; writes DIR/model (a Spark PipelineModel) and DIR/metrics.json.")
final class TrainCommand implements Callable<Integer> {
  @Mixin JobOptions job;

  @Option(names = "--train", required = true, description = "Training data: a file or a directory.")
  String train;

  @Option(names = "--test", description = "Test data, evaluated after every epoch and at the end.")
  String test;

  @Option(names = "--validation",
      description = "Validation data (same format): scored after every epoch, never trained on; training stops when"
          + " it stops improving and keeps the best epoch's model (the Param validationIndicatorCol).")
  String validation;

  @Option(names = "--validation-fraction",
      description = "Hold out this share of the training rows as validation data instead (the Param"
          + " validationFraction, default 0.1; 0 trains on every row and stops on the training loss). For criteo"
          + " and avazu (time-ordered logs) the last rows are held out, else a seeded random draw (validationSplit).")
  Double validationFraction;

  @Option(names = "--output", required = true, description = "Output directory DIR.")
  String output;

  @Option(names = "--model", defaultValue = "lr",
      description = "Model: lr (logistic regression), fm (factorization machine), ffm (field-aware FM) or deepfm"
          + " (ffm and deepfm need fields: raw formats through the featurizer, or libffm). Default: ${DEFAULT-VALUE}.")
  String model;

  @Option(names = "--optimizer",
      description = "Optimizer (the Param optimizer; overrides --conf and --param). For lr, fm and ffm (default"
          + " ftrl): ${sys:sparkctr.optimizers}. For deepfm (default adam): ${sys:sparkctr.deepFmOptimizers}.")
  String optimizer;

  @Option(names = "--counts",
      description = "deepfm with helen: the count table Helen's radii read instead of running the frequency job;"
          + " the count command's output (indexed through the fitted featurizer into DIR/helen-counts) or an"
          + " indexed table (the Param helenCountsPath).")
  String counts;

  /** Points the DeepFM estimator's helenCountsPath at {@code --counts}, indexing a token table first. */
  private void useStoredCounts(SparkSession spark, PreparedData data) {
    if (!(data.estimator instanceof DeepFmClassifier)
        || !io.sparkctr.optim.dense.MiniBatchOptimizerRegistry.OPTIMIZERS.get(((DeepFmClassifier) data.estimator).getOptimizer())
            .needsCounts()) {
      throw new IllegalArgumentException("--counts feeds Helen's radii: it needs --model deepfm --optimizer helen,"
          + " but got --model " + model + " with optimizer " + data.classifier().$(data.classifier().optimizer()));
    }
    DeepFmClassifier deepFm = (DeepFmClassifier) data.estimator;
    Dataset<Row> table = spark.read().parquet(counts);
    if (FeatureCounts.isIndexed(table.schema())) {
      deepFm.setHelenCountsPath(counts);
      return;
    }
    if (!(data.featurizerModel instanceof CtrFeaturizerModel)) {
      throw new IllegalArgumentException("--counts " + counts + " counts raw tokens, which only a raw format's"
          + " featurizer can map to feature indices; format " + job.inputFormat().cliName()
          + " is already indexed: give an indexed table (feature int, fieldIndex int, count bigint)");
    }
    String indexed = Paths.get(output, "helen-counts").toString();
    FeatureCounts.write(((CtrFeaturizerModel) data.featurizerModel).indexCounts(FeatureCounts.read(spark, counts)),
        indexed);
    deepFm.setHelenCountsPath(indexed);
  }

  @Override
  public Integer call() throws Exception {
    requireOneOf("--model", model, PreparedData.MODELS);
    if (optimizer != null) {
      requireOneOf("--optimizer", optimizer, model.equals("deepfm") ? io.sparkctr.optim.dense.MiniBatchOptimizerRegistry.OPTIMIZERS.names()
          : io.sparkctr.ml.param.CtrParams.SUPPORTED_OPTIMIZERS);
    }
    InputFormat format = job.inputFormat();
    ParamSettings settings = job.settings();
    SparkSession spark = Jobs.session(job.master, "spark-ctr train");
    long start = System.nanoTime();

    PreparedData data = PreparedData.prepare(spark, job, train, test, validation, validationFraction, model,
        optimizer);
    final CtrEstimator estimator = data.classifier();
    if (counts != null) {
      useStoredCounts(spark, data);
    }
    final long rowsTrain = data.rowsTrain;
    final long rowsTest = data.rowsTest;
    final long skipped = data.rowsSkipped;
    final Dataset<Row> trainSet = data.trainSet;
    final Dataset<Row> scoredTestSet = data.testSet;
    List<Transformer> stages = new ArrayList<>();
    if (data.featurizerModel != null) {
      stages.add(data.featurizerModel);
    }

    final List<EpochRecord> history = new ArrayList<>();
    estimator.reportEpochs((phase, record, epochModel) -> {
      if (phase.equals("train")) {
        history.add(record);
      }
      Model<?> current = epochModel.get();
      String testAuc = scoredTestSet == null ? ""
          : String.format(Locale.ROOT, "  test AUC %.5f", Jobs.auc(current.transform(scoredTestSet)));
      System.out.println(epochLine(phase, record, estimator.getMaxIter(), testAuc,
          ((CtrClassifierModel) current).nonzeroParameters()));
      System.out.flush();
    });
    long fitStart = System.nanoTime();
    Model<?> fitted = (Model<?>) data.estimator.fit(trainSet);
    CtrClassifierModel trained = (CtrClassifierModel) fitted;
    double trainSeconds = (System.nanoTime() - fitStart) / 1e9;
    stages.add(fitted);
    PipelineModel pipeline = new PipelineModel(
        org.apache.spark.ml.util.Identifiable$.MODULE$.randomUID("sparkCtrPipeline"), stages);
    pipeline.write().overwrite().save(Paths.get(output, "model").toString());

    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("model", model);
    metrics.put("optimizer", estimator.$(estimator.optimizer()));
    metrics.put("format", format.cliName());
    metrics.put("rowsTrain", rowsTrain);
    metrics.put("rowsTest", rowsTest);
    metrics.put("rowsSkipped", skipped);
    double auc = Double.NaN;
    double logLoss = Double.NaN;
    if (scoredTestSet != null) {
      Dataset<Row> scored = fitted.transform(scoredTestSet).cache();
      auc = Jobs.auc(scored);
      logLoss = Jobs.logLoss(scored);
      scored.unpersist();
    }
    metrics.put("auc", Double.isNaN(auc) ? null : auc);
    metrics.put("logLoss", Double.isNaN(logLoss) ? null : logLoss);
    metrics.put("rowsValidation", data.rowsValidation);
    EpochRecord best = bestEpoch(history);
    metrics.put("validationAuc", best == null || best.validation() == null ? null : best.validation().auc());
    metrics.put("validationLogLoss", best == null || best.validation() == null ? null : best.validation().logLoss());
    metrics.put("unseenFeatures", scoredTestSet == null ? null : trained.countUnseenFeatures(scoredTestSet));
    metrics.put("nonzeroWeights", trained.nonzeroParameters());
    metrics.put("nonzeroEmbeddingRows", trained.nonzeroEmbeddingRows());
    metrics.put("numFeatures", trained.numFeatures());
    metrics.put("modelRows", trained.featureIndex().size());
    // The exported model's size (zero weights dropped; what `spark-ctr export` writes). DeepFM has no
    // serving export: its size is that of its saved model data (nonzero embedding rows, dense layers).
    long modelBytes = fitted instanceof io.sparkctr.ml.classification.DeepFmClassificationModel
        ? io.sparkctr.models.deepfm.DeepFmModelCodec.encodedSize(
            ((io.sparkctr.ml.classification.DeepFmClassificationModel) fitted).deepFmModel())
        : ServingModelCodec.encodedSize(ModelExport.of(pipeline));
    metrics.put("modelBytes", modelBytes);
    metrics.put("trainSeconds", trainSeconds);
    metrics.put("totalSeconds", (System.nanoTime() - start) / 1e9);
    metrics.put("epochs", history.size());
    metrics.put("bestEpoch", best == null ? 0 : best.epoch());
    metrics.put("maxIter", estimator.getMaxIter());
    Map<String, Object> params = new LinkedHashMap<>();
    for (String name : settings.names()) {
      params.put(name, settings.get(name, ""));
    }
    metrics.put("params", params);
    Jobs.writeJson(Paths.get(output, "metrics.json"), metrics);

    StringBuilder summary = new StringBuilder();
    summary.append(String.format(Locale.ROOT, "trained on %d rows (%d skipped) in %.1f s: %d epochs, model of epoch %d%s%n",
        rowsTrain, skipped, trainSeconds, history.size(), best == null ? 0 : best.epoch(),
        best == null || best.validation() == null ? " (no validation rows)"
            : String.format(Locale.ROOT, " (validation AUC %.5f, log loss %.5f on %d rows)", best.validation().auc(),
                best.validation().logLoss(), best.validation().rows())));
    if (scoredTestSet != null) {
      double ceiling = Jobs.plantedAuc(test);
      summary.append(String.format("test AUC %.5f%s, log loss %.5f on %d rows%n", auc,
          Double.isNaN(ceiling) ? "" : String.format(" (planted ceiling %.5f)", ceiling), logLoss, rowsTest));
    }
    summary.append(String.format("model: %d nonzero parameters (%d features), %d bytes; saved to %s%n",
        trained.nonzeroParameters(), trained.numFeatures(), modelBytes, Paths.get(output, "model")));
    System.out.print(summary);
    data.unpersist();
    return 0;
  }

  /** The epoch the run returned: the last one marked best (the last epoch without validation). */
  static EpochRecord bestEpoch(List<EpochRecord> history) {
    EpochRecord best = null;
    for (EpochRecord r : history) {
      if (r.best()) {
        best = r;
      }
    }
    return best;
  }

  /** One line of progress: the epoch's training loss, validation metrics (with * on the best so far), time. */
  static String epochLine(String phase, EpochRecord r, int maxIter, String extra, long nonzeros) {
    StringBuilder line = new StringBuilder();
    line.append(phase.equals("train") ? "epoch " : phase + " epoch ").append(r.epoch()).append('/').append(maxIter);
    line.append(String.format(Locale.ROOT, "  train logloss %.5f", r.trainLogLoss()));
    if (r.validation() != null) {
      line.append(String.format(Locale.ROOT, "  validation AUC %.5f logloss %.5f%s", r.validation().auc(),
          r.validation().logLoss(), r.best() ? " *" : "  "));
    }
    if (r.stepSizeFactor() != 1.0) {
      line.append(String.format(Locale.ROOT, "  step size x%.3g", r.stepSizeFactor()));
    }
    line.append(extra);
    line.append(String.format(Locale.ROOT, "  nonzero weights %d  %.2f s", nonzeros, r.seconds()));
    return line.toString();
  }

  static void requireOneOf(String option, String value, String[] allowed) {
    if (!List.of(allowed).contains(value)) {
      throw new IllegalArgumentException(
          option + " MUST be one of " + String.join(", ", allowed) + ", but got '" + value + "'");
    }
  }

  static void reportSkipped(List<CtrDataReader.Result> reads, long skipped) {
    if (skipped == 0) {
      return;
    }
    System.err.println("skipped " + skipped + " invalid lines, for example:");
    for (CtrDataReader.Result read : reads) {
      for (String message : read.sampleInvalid(3)) {
        System.err.println("  " + message);
      }
    }
  }
}
