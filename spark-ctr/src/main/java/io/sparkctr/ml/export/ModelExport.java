package io.sparkctr.ml.export;

import io.sparkctr.featurize.FieldLayout;
import io.sparkctr.ml.classification.FactorizationMachineClassificationModel;
import io.sparkctr.ml.classification.FtrlLogisticRegressionModel;
import io.sparkctr.ml.feature.CtrFeaturizerModel;
import io.sparkctr.models.fm.FactorizationModel;
import io.sparkctr.serving.ServingModel;
import io.sparkctr.serving.ServingModelCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.SparkSession;

/**
 * Turns a fitted spark-ctr PipelineModel (an optional {@link CtrFeaturizerModel}, then a classifier:
 * {@link FtrlLogisticRegressionModel} or {@link FactorizationMachineClassificationModel}, FM or
 * field-aware) into the Spark-free {@link ServingModel} and writes it. Wiring only: which featurizer
 * settings the serving model needs, and that the classifier reads the featurizer's columns; the model and
 * its file format live in {@code io.sparkctr.serving}.
 */
public final class ModelExport {
  private ModelExport() {}

  public static ServingModel of(PipelineModel pipeline) {
    final Transformer[] stages = pipeline.stages();
    final Transformer last = stages.length == 0 ? null : stages[stages.length - 1];
    if (!(last instanceof FtrlLogisticRegressionModel) && !(last instanceof FactorizationMachineClassificationModel)) {
      throw new IllegalArgumentException("The pipeline's last stage MUST be a spark-ctr classifier"
          + " (FtrlLogisticRegressionModel or FactorizationMachineClassificationModel), but the stages are "
          + Arrays.toString(stages));
    }
    if (stages.length == 1) {
      return last instanceof FtrlLogisticRegressionModel lr
          ? ServingModel.indexed(lr.linearModel())
          : ServingModel.indexed(((FactorizationMachineClassificationModel) last).factorizationModel());
    }
    if (stages.length != 2 || !(stages[0] instanceof CtrFeaturizerModel)) {
      throw new IllegalArgumentException("Only a CtrFeaturizerModel may come before the classifier, but the stages are "
          + Arrays.toString(stages));
    }
    final CtrFeaturizerModel featurizer = (CtrFeaturizerModel) stages[0];
    return last instanceof FtrlLogisticRegressionModel lr
        ? of(featurizer, lr)
        : of(featurizer, (FactorizationMachineClassificationModel) last);
  }

  public static ServingModel of(CtrFeaturizerModel featurizer, FtrlLogisticRegressionModel classifier) {
    checkFeaturesCol(featurizer, classifier.getFeaturesCol());
    final boolean keepInvalid = keepInvalid(featurizer);
    if (isVocab(featurizer)) {
      return ServingModel.vocabulary(featurizer.buildFieldLayout(), featurizer.vocabulary(), classifier.linearModel(),
          keepInvalid);
    }
    return ServingModel.hashed(featurizer.buildFieldLayout(), featurizer.getNumBits(), classifier.linearModel(),
        keepInvalid);
  }

  /** An FM, or a field-aware FM reading the featurizer's fields column (each entry's field). */
  public static ServingModel of(CtrFeaturizerModel featurizer, FactorizationMachineClassificationModel classifier) {
    checkFeaturesCol(featurizer, classifier.getFeaturesCol());
    if (classifier.fieldAware() && !classifier.getFieldsCol().equals(featurizer.getFieldsCol())) {
      throw new IllegalArgumentException("The field-aware classifier MUST read its fields from the featurizer's"
          + " fieldsCol '" + featurizer.getFieldsCol() + "', but reads '" + classifier.getFieldsCol()
          + "'; set the classifier's fieldsCol to '" + featurizer.getFieldsCol() + "'");
    }
    final FieldLayout layout = featurizer.buildFieldLayout();
    final FactorizationModel model = classifier.factorizationModel();
    final boolean keepInvalid = keepInvalid(featurizer);
    if (isVocab(featurizer)) {
      return ServingModel.vocabulary(layout, featurizer.vocabulary(), model, keepInvalid);
    }
    return ServingModel.hashed(layout, featurizer.getNumBits(), model, keepInvalid);
  }

  private static void checkFeaturesCol(CtrFeaturizerModel featurizer, String featuresCol) {
    if (!featurizer.getOutputCol().equals(featuresCol)) {
      throw new IllegalArgumentException("The classifier reads column " + featuresCol
          + ", but the featurizer writes " + featurizer.getOutputCol());
    }
  }

  private static boolean keepInvalid(CtrFeaturizerModel featurizer) {
    return "keep".equals(featurizer.getHandleInvalid());
  }

  private static boolean isVocab(CtrFeaturizerModel featurizer) {
    return "vocab".equals(featurizer.getEncoding());
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
