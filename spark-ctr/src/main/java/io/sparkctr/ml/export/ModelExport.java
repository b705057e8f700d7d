package io.sparkctr.ml.export;

import io.sparkctr.ml.classification.FtrlLogisticRegressionModel;
import io.sparkctr.ml.feature.CtrFeaturizerModel;
import io.sparkctr.serving.ServingModel;
import io.sparkctr.serving.ServingModelCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.SparkSession;

/**
 * Turns a fitted spark-ctr PipelineModel (an optional {@link CtrFeaturizerModel}, then a
 * classifier) into the Spark-free {@link ServingModel} and writes it. Wiring only: which featurizer
 * settings the serving model needs; the model and its file format live in {@code io.sparkctr.serving}.
 */
public final class ModelExport {
  private ModelExport() {}

  public static ServingModel of(PipelineModel pipeline) {
    Transformer[] stages = pipeline.stages();
    if (stages.length == 0 || !(stages[stages.length - 1] instanceof FtrlLogisticRegressionModel)) {
      throw new IllegalArgumentException("The pipeline's last stage MUST be a spark-ctr classifier, but the stages are "
          + java.util.Arrays.toString(stages));
    }
    FtrlLogisticRegressionModel classifier = (FtrlLogisticRegressionModel) stages[stages.length - 1];
    if (stages.length == 1) {
      return ServingModel.indexed(classifier.linearModel());
    }
    if (stages.length != 2 || !(stages[0] instanceof CtrFeaturizerModel)) {
      throw new IllegalArgumentException("Only a CtrFeaturizerModel may come before the classifier, but the stages are "
          + java.util.Arrays.toString(stages));
    }
    return of((CtrFeaturizerModel) stages[0], classifier);
  }

  public static ServingModel of(CtrFeaturizerModel featurizer, FtrlLogisticRegressionModel classifier) {
    if (!featurizer.getOutputCol().equals(classifier.getFeaturesCol())) {
      throw new IllegalArgumentException("The classifier reads column " + classifier.getFeaturesCol()
          + ", but the featurizer writes " + featurizer.getOutputCol());
    }
    boolean keepInvalid = "keep".equals(featurizer.getHandleInvalid());
    if ("vocab".equals(featurizer.getEncoding())) {
      return ServingModel.vocabulary(featurizer.buildFieldLayout(), featurizer.vocabulary(), classifier.linearModel(),
          keepInvalid);
    }
    return ServingModel.hashed(featurizer.buildFieldLayout(), featurizer.getNumBits(), classifier.linearModel(),
        keepInvalid);
  }

  /** Writes the exported model to {@code path} on the file system the path names; returns its size. */
  public static long write(ServingModel model, String path, SparkSession spark) {
    try (OutputStream out = io.sparkctr.ml.internal.SparkInternals.create(path, spark)) {
      ServingModelCodec.write(model, out);
    } catch (IOException e) {
      throw new UncheckedIOException("Writing the exported model to " + path + " failed", e);
    }
    return ServingModelCodec.encodedSize(model);
  }
}
