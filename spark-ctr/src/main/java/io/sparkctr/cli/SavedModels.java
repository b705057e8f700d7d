package io.sparkctr.cli;

import io.sparkctr.ml.classification.CtrClassifierModel;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;

/** Reading back what {@code train} saved in DIR/model. */
final class SavedModels {
  private SavedModels() {}

  static PipelineModel load(String dir) {
    return PipelineModel.load(dir);
  }

  /** The classifier stage (the last one). */
  static CtrClassifierModel classifier(PipelineModel pipeline) {
    Transformer[] stages = pipeline.stages();
    Transformer last = stages[stages.length - 1];
    if (!(last instanceof CtrClassifierModel)) {
      throw new IllegalArgumentException("The model's last stage MUST be a spark-ctr classifier, but got "
          + last.getClass().getName());
    }
    return (CtrClassifierModel) last;
  }

  /** The vector size indexed input must be read with: the model's feature count. */
  static int numFeatures(PipelineModel pipeline) {
    return classifier(pipeline).numFeatures();
  }
}
