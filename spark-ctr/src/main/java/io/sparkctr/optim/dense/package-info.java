/**
 * Mini-batch optimizers for a deep CTR model (DeepFM and its relatives): the base steps (SGD,
 * AdaGrad, Adam) and the sharpness-aware wrappers SAM and Helen (algorithms.md sections 8 and 9).
 *
 * <p><b>Parameters.</b> Two flat {@code double[]} groups, described by {@link
 * io.sparkctr.optim.dense.ParameterLayout}:
 *
 * <ul>
 *   <li>{@code sparse}: one row per feature, {@code rowWidth = 1 + factorSize} doubles; row {@code r}
 *       occupies {@code [r * rowWidth, (r + 1) * rowWidth)}, its column 0 is the feature's first-order
 *       weight and columns {@code 1..factorSize} its embedding;
 *   <li>{@code dense}: the MLP's weights and biases (any order; the optimizers treat them uniformly).
 * </ul>
 *
 * <p><b>Gradients.</b> A mini-batch gradient is the dense gradient ({@code double[]}, full size) plus a
 * {@link io.sparkctr.optim.dense.SparseGradient}: the touched rows, each once, with their full
 * {@code rowWidth} gradients. The loss is the <em>mean</em> over the batch (algorithms.md section 0, as
 * Helen, FuxiCTR, TF/Keras and Spark MLlib), so the learning rates mean what they mean there.
 *
 * <p><b>Laziness.</b> Every base step updates every dense coordinate and only the touched sparse rows
 * (all of a touched row's columns, also those whose gradient entry is 0); an untouched row's weights and
 * state do not change (TensorFlow's {@code LazyAdam}, and the sparse-apply kernels).
 *
 * <p><b>Steps with an oracle.</b> {@link io.sparkctr.optim.dense.BatchStep} runs one mini-batch given a
 * {@link io.sparkctr.optim.dense.GradientOracle} (the model kernel on the current batch): {@link
 * io.sparkctr.optim.dense.PlainStep} evaluates once, {@link io.sparkctr.optim.dense.SamStep} and {@link
 * io.sparkctr.optim.dense.HelenStep} twice, the second time at a perturbed point that they undo exactly
 * (by copying the saved values back) before the base step.
 *
 * <p>Nothing here is thread-safe; {@code copy()} gives independent state. No Spark imports.
 */
package io.sparkctr.optim.dense;
