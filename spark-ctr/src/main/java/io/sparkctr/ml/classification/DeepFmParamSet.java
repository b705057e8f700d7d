package io.sparkctr.ml.classification;

import io.sparkctr.ml.param.CtrParams;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The params of {@link DeepFmClassifier} and {@link DeepFmClassificationModel}, built once per stage
 * with their defaults (algorithms.md section 12: k = 16, 400-400-400, no dropout, Adam 1e-3, batch
 * 4096, embeddings N(0, 1e-4), embedding L2 1e-5; Helen: rho 0.05, zeta 0.3).
 */
public final class DeepFmParamSet implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  final Param<String> fieldsCol;
  final IntParam embeddingDim;
  final IntArrayParam hiddenLayers;
  final DoubleParam dropout;
  final IntParam batchSize;
  final DoubleParam initStd;
  final DoubleParam embeddingL2;
  final Param<String> optimizer;
  final DoubleParam stepSize;
  final DoubleParam rho;
  final DoubleParam zeta;
  final BooleanParam netPerturbation;
  final Param<String> helenMode;
  final Param<String> helenCountsPath;
  final DoubleParam l1;
  final DoubleParam l21;
  final ClassifierParamSet classifier;
  final TrainingControlParamSet control;


  DeepFmParamSet(Params owner) {
    fieldsCol = CtrParams.fieldsCol(owner);
    embeddingDim = CtrParams.embeddingDim(owner);
    hiddenLayers = CtrParams.hiddenLayers(owner);
    dropout = CtrParams.dropout(owner);
    batchSize = CtrParams.batchSize(owner);
    initStd = CtrParams.initStd(owner);
    embeddingL2 = CtrParams.embeddingL2(owner);
    optimizer = CtrParams.deepFmOptimizer(owner);
    stepSize = CtrParams.learningRate(owner);
    rho = CtrParams.samRho(owner);
    zeta = CtrParams.zeta(owner);
    netPerturbation = CtrParams.netPerturbation(owner);
    helenMode = CtrParams.helenMode(owner);
    helenCountsPath = CtrParams.helenCountsPath(owner);
    l1 = CtrParams.l1(owner);
    l21 = CtrParams.l21(owner);
    classifier = new ClassifierParamSet(owner, DeepFmClassifier.class);
    control = new TrainingControlParamSet(owner);

    owner.setDefault(fieldsCol, "fields");
    owner.setDefault(embeddingDim, 16);
    owner.setDefault(hiddenLayers, new int[] {400, 400, 400});
    owner.setDefault(dropout, 0.0);
    owner.setDefault(batchSize, 0);
    owner.setDefault(initStd, 1e-4);
    owner.setDefault(embeddingL2, 1e-5);
    owner.setDefault(optimizer, "adam");
    owner.setDefault(stepSize, 0.0);
    owner.setDefault(rho, 0.05);
    owner.setDefault(zeta, 0.3);
    owner.setDefault(netPerturbation, true);
    owner.setDefault(helenMode, "paper");
    owner.setDefault(helenCountsPath, "");
    owner.setDefault(l1, 0.0);
    owner.setDefault(l21, 0.0);
  }
}
