package io.sparkctr.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkctr.data.CriteoParser;
import io.sparkctr.data.InputFormat;
import io.sparkctr.ml.feature.CtrFeaturizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Shared wiring of the commands (and of the benchmarks in {@code cli.bench}): sessions, default
 * featurization per format, metrics, JSON.
 */
public final class Jobs {
  private Jobs() {}

  /** A session on {@code master}, else spark-submit's master, else local[*]. */
  public static SparkSession session(String master, String appName) {
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (master != null) {
      builder.master(master);
    } else if (!conf.contains("spark.master")) {
      builder.master("local[*]");
    }
    if (!conf.contains("spark.ui.showConsoleProgress")) {
      builder.config("spark.ui.showConsoleProgress", "false");
    }
    String effectiveMaster = master != null ? master : conf.get("spark.master", "local[*]");
    if (!effectiveMaster.startsWith("local") && !conf.contains("spark.jars")) {
      // Launched with plain java (scripts/spark-ctr), not spark-submit: ship our own jar to the executors.
      String jar = Jobs.class.getProtectionDomain().getCodeSource().getLocation().getPath();
      if (jar.endsWith(".jar")) {
        builder.config("spark.jars", jar);
      }
    }
    String localIp = System.getenv("SPARK_LOCAL_IP");
    if (localIp != null && !localIp.isEmpty() && !conf.contains("spark.driver.host")) {
      builder.config("spark.driver.host", localIp).config("spark.driver.bindAddress", localIp);
    }
    return builder.getOrCreate();
  }

  /**
   * The featurizer a raw format needs (null for the indexed formats libsvm and libffm): every raw
   * column is a field; Criteo's I1..I13 are log-binned; Avazu's hour becomes hour-of-day and weekday.
   */
  public static CtrFeaturizer featurizerFor(InputFormat format, String[] rawColumns) {
    switch (format) {
      case CRITEO:
        return new CtrFeaturizer().setInputCols(rawColumns)
            .setNumericCols(Arrays.copyOf(CriteoParser.COLUMN_NAMES, CriteoParser.NUM_INTEGER_COLUMNS));
      case AVAZU:
        return new CtrFeaturizer().setInputCols(rawColumns).setHourCols("hour");
      default:
        return null;
    }
  }

  /**
   * The featurizer {@code train} and {@code path} use for a raw format unless the settings say otherwise:
   * {@link #featurizerFor}'s columns with the literature's preprocessing (BARS/FuxiCTR, also the Helen
   * paper's; shared/datasets README): a per-field vocabulary whose tokens seen fewer than 10 times (Criteo)
   * or 2 times (Avazu) share their field's out-of-vocabulary feature. Null for the indexed formats.
   */
  public static CtrFeaturizer defaultFeaturizer(InputFormat format, String[] rawColumns) {
    CtrFeaturizer featurizer = featurizerFor(format, rawColumns);
    if (featurizer == null) {
      return null;
    }
    return featurizer.setEncoding("vocab").setMinCount(format == InputFormat.CRITEO ? 10 : 2);
  }

  /** The {@code --model} names, in the order {@link #estimatorFor} knows them. */
  public static final String[] MODELS = {"lr", "fm", "ffm", "deepfm"};

  /** A fresh estimator for a {@code --model} name. */
  public static org.apache.spark.ml.Estimator<?> estimatorFor(String model) {
    switch (model) {
      case "lr":
        return new io.sparkctr.ml.classification.FtrlLogisticRegression();
      case "fm":
        return new io.sparkctr.ml.classification.FactorizationMachineClassifier();
      case "ffm":
        return new io.sparkctr.ml.classification.FieldAwareFMClassifier();
      case "deepfm":
        return new io.sparkctr.ml.classification.DeepFmClassifier();
      default:
        throw new IllegalArgumentException(
            "--model MUST be one of " + String.join(", ", MODELS) + ", but got '" + model + "'");
    }
  }

  /**
   * The CLI's defaults that depend on the input format, set before the user's settings (which override
   * them): Criteo and Avazu are time-ordered logs, so validation holds out the last rows (validation is the
   * future of training, as the test set is).
   */
  public static void applyFormatDefaults(InputFormat format, org.apache.spark.ml.Estimator<?> estimator) {
    if (format.isRaw()) {
      estimator.set(estimator.getParam("validationSplit"), "rowOrder");
    }
  }

  /**
   * Exact area under ROC of a scored frame (columns label, rawPrediction). numBins = 0: the evaluator's
   * default of 1000 bins approximates, and its bins depend on the partitioning.
   */
  public static double auc(Dataset<Row> scored) {
    return new BinaryClassificationEvaluator().setMetricName("areaUnderROC").setNumBins(0).evaluate(scored);
  }

  /** Mean log loss of a scored frame (columns label, probability; probabilities clipped at 1e-15). */
  public static double logLoss(Dataset<Row> scored) {
    return new MulticlassClassificationEvaluator().setMetricName("logLoss").evaluate(scored);
  }

  static void writeJson(Path file, Map<String, Object> values) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), values);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The planted model's AUC on {@code dataFile} when it was written by {@code spark-ctr synth}
   * (recorded in {@code _planted.json} beside it), else NaN.
   */
  @SuppressWarnings("unchecked")
  static double plantedAuc(String dataFile) {
    try {
      Path path = Paths.get(dataFile);
      Path sidecar = path.toAbsolutePath().getParent().resolve(SynthCommand.SIDECAR);
      if (!Files.isRegularFile(sidecar)) {
        return Double.NaN;
      }
      Map<String, Object> all = new ObjectMapper().readValue(sidecar.toFile(), Map.class);
      Object entry = all.get(path.getFileName().toString());
      if (entry instanceof Map) {
        Object auc = ((Map<String, Object>) entry).get("plantedAuc");
        return auc instanceof Number ? ((Number) auc).doubleValue() : Double.NaN;
      }
      return Double.NaN;
    } catch (IOException | RuntimeException e) {
      return Double.NaN; // not a local synthetic file: no ceiling to show
    }
  }
}
