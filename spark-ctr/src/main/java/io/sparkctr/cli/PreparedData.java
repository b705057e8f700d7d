package io.sparkctr.cli;

import io.sparkctr.data.InputFormat;
import io.sparkctr.ml.classification.CtrEstimator;
import io.sparkctr.ml.feature.CtrFeaturizer;
import io.sparkctr.ml.io.CtrDataReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * What {@code train} and {@code path} share: read the training (and test, and validation) files, apply
 * the {@code --conf}/{@code --param} settings to the featurizer and the estimator, fit the featurizer on
 * the training rows, and cache the feature vectors. A validation file joins the training rows marked by
 * an indicator column (the estimator's {@code validationIndicatorCol}), so it is scored every epoch and
 * never trained on.
 */
final class PreparedData {
  /** The {@code --model} names and what they train. */
  static final String[] MODELS = Jobs.MODELS;
  /** The indicator column that marks the rows of a {@code --validation} file. */
  static final String VALIDATION_COLUMN = "_sparkctr_validation";

  /** The estimator (a {@link CtrEstimator}) with the settings applied. */
  final Estimator<?> estimator;
  /** The fitted featurizer, or null for indexed formats. */
  final Transformer featurizerModel;
  /** The rows to fit on: the training rows, plus the validation file's rows marked by the indicator column. */
  final Dataset<Row> trainSet;
  /** Null without a test file. */
  final Dataset<Row> testSet;
  final long rowsTrain;
  final long rowsTest;
  /** Rows of the validation file (0 without one; rows held out by validationFraction are not counted here). */
  final long rowsValidation;
  final long rowsSkipped;
  private final List<CtrDataReader.Result> reads;

  private PreparedData(Estimator<?> estimator, Transformer featurizerModel, Dataset<Row> trainSet,
      Dataset<Row> testSet, long rowsTrain, long rowsTest, long rowsValidation, long rowsSkipped,
      List<CtrDataReader.Result> reads) {
    this.estimator = estimator;
    this.featurizerModel = featurizerModel;
    this.trainSet = trainSet;
    this.testSet = testSet;
    this.rowsTrain = rowsTrain;
    this.rowsTest = rowsTest;
    this.rowsValidation = rowsValidation;
    this.rowsSkipped = rowsSkipped;
    this.reads = reads;
  }

  /** The estimator's spark-ctr side (epoch reports, optimizer params). */
  CtrEstimator classifier() {
    return (CtrEstimator) estimator;
  }

  /** A fresh estimator for a {@code --model} name. */
  static Estimator<?> estimatorFor(String model) {
    return Jobs.estimatorFor(model);
  }

  /** As {@link #prepare(SparkSession, JobOptions, String, String, String, Double, String, String)}, no validation options. */
  static PreparedData prepare(SparkSession spark, JobOptions job, String train, String test, String model,
      String optimizer) {
    return prepare(spark, job, train, test, null, null, model, optimizer);
  }

  /**
   * @param validation a validation file, or null
   * @param validationFraction {@code --validation-fraction}, or null to keep the settings' (or the default)
   * @param model {@code --model}: lr, fm, ffm or deepfm
   * @param optimizer {@code --optimizer}, or null to keep the settings' (or the default) choice
   */
  static PreparedData prepare(SparkSession spark, JobOptions job, String train, String test, String validation,
      Double validationFraction, String model, String optimizer) {
    if (validation != null && validationFraction != null) {
      throw new IllegalArgumentException("Give --validation (a file) or --validation-fraction (a share of the"
          + " training rows), not both");
    }
    InputFormat format = job.inputFormat();
    ParamSettings settings = job.settings();
    List<CtrDataReader.Result> reads = new ArrayList<>();
    CtrDataReader.Result trainRead = CtrDataReader.read(spark, train, format, job.handleInvalid, 0).cache();
    reads.add(trainRead);
    Dataset<Row> trainRows = trainRead.rows();
    long rowsTrain = trainRows.count();
    long skipped = trainRead.countInvalid();
    CtrDataReader.Result testRead = null;
    long rowsTest = 0;
    if (test != null) {
      testRead = CtrDataReader.read(spark, test, format, job.handleInvalid, trainRead.numFeatures()).cache();
      reads.add(testRead);
      rowsTest = testRead.rows().count();
      skipped += testRead.countInvalid();
    }
    CtrDataReader.Result validationRead = null;
    long rowsValidation = 0;
    if (validation != null) {
      validationRead = CtrDataReader.read(spark, validation, format, job.handleInvalid, trainRead.numFeatures())
          .cache();
      reads.add(validationRead);
      rowsValidation = validationRead.rows().count();
      skipped += validationRead.countInvalid();
    }
    TrainCommand.reportSkipped(reads, skipped);

    CtrFeaturizer featurizer = Jobs.defaultFeaturizer(format, trainRead.rawColumns());
    Estimator<?> estimator = estimatorFor(model);
    Jobs.applyFormatDefaults(format, estimator);
    if (featurizer != null) {
      settings.applyTo(featurizer, estimator);
    } else {
      settings.applyTo(estimator);
    }
    CtrEstimator classifier = (CtrEstimator) estimator;
    if (optimizer != null) {
      estimator.set(classifier.optimizer(), optimizer);
    }
    if (validationFraction != null) {
      estimator.set(estimator.getParam("validationFraction"), validationFraction);
    }
    classifier.checkOptimizerParams(); // a hyperparameter of another optimizer fails here, before training

    Transformer featurizerModel = null;
    Dataset<Row> trainSet = trainRows;
    Dataset<Row> testSet = testRead == null ? null : testRead.rows();
    Dataset<Row> validationSet = validationRead == null ? null : validationRead.rows();
    if (featurizer != null) {
      featurizerModel = featurizer.fit(trainRows);
      trainSet = featurizerModel.transform(trainRows);
      testSet = testSet == null ? null : featurizerModel.transform(testSet);
      validationSet = validationSet == null ? null : featurizerModel.transform(validationSet);
    }
    if (validationSet != null) {
      trainSet = trainSet.withColumn(VALIDATION_COLUMN, functions.lit(false))
          .unionByName(validationSet.withColumn(VALIDATION_COLUMN, functions.lit(true)));
      estimator.set(estimator.getParam("validationIndicatorCol"), VALIDATION_COLUMN);
    }
    return new PreparedData(estimator, featurizerModel, trainSet.cache(), testSet == null ? null : testSet.cache(),
        rowsTrain, rowsTest, rowsValidation, skipped, reads);
  }

  void unpersist() {
    trainSet.unpersist();
    if (testSet != null) {
      testSet.unpersist();
    }
    for (CtrDataReader.Result read : reads) {
      read.unpersist();
    }
  }
}
