package io.sparkctr.cli;

import io.sparkctr.data.InputFormat;
import io.sparkctr.ml.classification.FtrlLogisticRegression;
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
  final FtrlLogisticRegression estimator;
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

  private PreparedData(FtrlLogisticRegression estimator, Transformer featurizerModel, Dataset<Row> trainSet,
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

  /**
   * @param optimizer {@code --optimizer}, or null to keep the settings' (or the default) choice
   */
  static PreparedData prepare(SparkSession spark, JobOptions job, String train, String test, String optimizer) {
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
    FtrlLogisticRegression estimator = new FtrlLogisticRegression();
    if (featurizer != null) {
      settings.applyTo(featurizer, estimator);
    } else {
      settings.applyTo(estimator);
    }
    if (optimizer != null) {
      estimator.setOptimizer(optimizer);
    }
    estimator.optimizerSpec(); // a hyperparameter of another optimizer fails here, before training

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
