package io.sparkctr.cli;

import io.sparkctr.data.InputFormat;
import io.sparkctr.ml.classification.CtrEstimator;
import io.sparkctr.ml.classification.DeepFmClassifier;
import io.sparkctr.ml.classification.FactorizationMachineClassifier;
import io.sparkctr.ml.classification.FieldAwareFMClassifier;
import io.sparkctr.ml.classification.FtrlLogisticRegression;
import org.apache.spark.ml.Estimator;
import io.sparkctr.ml.feature.CtrFeaturizer;
import io.sparkctr.ml.io.CtrDataReader;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What {@code train} and {@code path} share: read the training (and test) files, apply the
 * {@code --conf}/{@code --param} settings to the featurizer and the estimator, fit the featurizer on
 * the training rows, and cache the feature vectors.
 */
final class PreparedData {
  /** The {@code --model} names and what they train. */
  static final String[] MODELS = {"lr", "fm", "ffm", "deepfm"};

  /** The estimator (a {@link CtrEstimator}) with the settings applied. */
  final Estimator<?> estimator;
  /** The fitted featurizer, or null for indexed formats. */
  final Transformer featurizerModel;
  final Dataset<Row> trainSet;
  /** Null without a test file. */
  final Dataset<Row> testSet;
  final long rowsTrain;
  final long rowsTest;
  final long rowsSkipped;
  private final CtrDataReader.Result trainRead;
  private final CtrDataReader.Result testRead;

  private PreparedData(Estimator<?> estimator, Transformer featurizerModel, Dataset<Row> trainSet,
      Dataset<Row> testSet, long rowsTrain, long rowsTest, long rowsSkipped, CtrDataReader.Result trainRead,
      CtrDataReader.Result testRead) {
    this.estimator = estimator;
    this.featurizerModel = featurizerModel;
    this.trainSet = trainSet;
    this.testSet = testSet;
    this.rowsTrain = rowsTrain;
    this.rowsTest = rowsTest;
    this.rowsSkipped = rowsSkipped;
    this.trainRead = trainRead;
    this.testRead = testRead;
  }

  /** The estimator's spark-ctr side (epoch reports, optimizer params). */
  CtrEstimator classifier() {
    return (CtrEstimator) estimator;
  }

  /** A fresh estimator for a {@code --model} name. */
  static Estimator<?> estimatorFor(String model) {
    switch (model) {
      case "lr":
        return new FtrlLogisticRegression();
      case "fm":
        return new FactorizationMachineClassifier();
      case "ffm":
        return new FieldAwareFMClassifier();
      case "deepfm":
        return new DeepFmClassifier();
      default:
        throw new IllegalArgumentException(
            "--model MUST be one of " + String.join(", ", MODELS) + ", but got '" + model + "'");
    }
  }

  /**
   * @param model {@code --model}: lr, fm or ffm
   * @param optimizer {@code --optimizer}, or null to keep the settings' (or the default) choice
   */
  static PreparedData prepare(SparkSession spark, JobOptions job, String train, String test, String model,
      String optimizer) {
    InputFormat format = job.inputFormat();
    ParamSettings settings = job.settings();
    CtrDataReader.Result trainRead = CtrDataReader.read(spark, train, format, job.handleInvalid, 0).cache();
    Dataset<Row> trainRows = trainRead.rows();
    long rowsTrain = trainRows.count();
    long skipped = trainRead.countInvalid();
    CtrDataReader.Result testRead = null;
    long rowsTest = 0;
    if (test != null) {
      testRead = CtrDataReader.read(spark, test, format, job.handleInvalid, trainRead.numFeatures()).cache();
      rowsTest = testRead.rows().count();
      skipped += testRead.countInvalid();
    }
    TrainCommand.reportSkipped(trainRead, testRead, skipped);

    CtrFeaturizer featurizer = Jobs.featurizerFor(format, trainRead.rawColumns());
    Estimator<?> estimator = estimatorFor(model);
    if (featurizer != null) {
      settings.applyTo(featurizer, estimator);
    } else {
      settings.applyTo(estimator);
    }
    CtrEstimator classifier = (CtrEstimator) estimator;
    if (optimizer != null) {
      estimator.set(classifier.optimizer(), optimizer);
    }
    classifier.checkOptimizerParams(); // a hyperparameter of another optimizer fails here, before training

    Transformer featurizerModel = null;
    Dataset<Row> trainSet = trainRows;
    Dataset<Row> testSet = testRead == null ? null : testRead.rows();
    if (featurizer != null) {
      featurizerModel = featurizer.fit(trainRows);
      trainSet = featurizerModel.transform(trainRows);
      testSet = testSet == null ? null : featurizerModel.transform(testSet);
    }
    return new PreparedData(estimator, featurizerModel, trainSet.cache(), testSet == null ? null : testSet.cache(),
        rowsTrain, rowsTest, skipped, trainRead, testRead);
  }

  void unpersist() {
    trainSet.unpersist();
    if (testSet != null) {
      testSet.unpersist();
    }
    trainRead.unpersist();
    if (testRead != null) {
      testRead.unpersist();
    }
  }
}
