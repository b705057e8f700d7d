package io.sparkctr.ml.classification;

/**
 * Params shared by {@link FtrlLogisticRegression} and {@link FtrlLogisticRegressionModel}: the sparse online
 * optimizers' params ({@link SparseOnlineParams}); logistic regression adds none of its own.
 */
public interface FtrlLogisticRegressionParams extends SparseOnlineParams {}
