package io.sparkctr.models;

import java.io.Serializable;

/**
 * A model as tables of parameter rows and the one routine that turns a row of features into its margin and,
 * when asked, the margin's derivative with respect to every parameter it read: what training and scoring
 * share, so the two cannot disagree. Logistic regression, FM and FFM are its cases (rows of width 1, k, and
 * one k-row per (feature, field) pair); the weights are read as {@code float}s from tables whose rows are
 * {@code stride} apart, so the same code scores a trained model (weights only) and an optimizer's tables
 * (weights followed by state).
 *
 * <p>Per example: {@link #rows} lists, per table, the rows the example touches (each once); the caller turns
 * them into offsets in its tables (a training pass through a copy-on-touch view, a scorer directly); then
 * {@link #forward} reads the weights there. Knows nothing about optimizers or Spark.
 */
public interface RowKernel extends Serializable {
  /** The tables: e.g. linear weights, factor rows, the intercept. */
  int numTables();

  /** Features the model has rows for: an example's indices MUST be below it. */
  int numFeatures();

  /** Fields a field-aware kernel has rows for (an example's fields MUST be below it); 0 when fields are not read. */
  default int numFields() {
    return 0;
  }

  /** Rows of table t. */
  int tableRows(int t);

  /** Parameters per row of table t. */
  int width(int t);

  /**
   * Rows of table t per feature: its row for entry j is {@code j * rowsPerFeature + (0 or the field)}, so a
   * pass may renumber features into a block's dictionary; 0 for a table whose rows are not per feature (the
   * intercept's one row).
   */
  int rowsPerFeature(int t);

  /** Whether table t's parameters are penalised (everything but the intercept). */
  boolean penalized(int t);

  /** The most rows an example with {@code nnz} entries touches in table t (scratch sizing). */
  int maxRows(int t, int nnz);

  /**
   * Lists the rows of each table the example's entries {@code indices/fields[from, to)} touch, each row once,
   * into {@code rows[t][0, counts[t])}.
   *
   * @param fields the entries' fields, or null for models without fields
   */
  void rows(int[] indices, int[] fields, int from, int to, int[][] rows, int[] counts);

  /**
   * The example's margin from the weights at {@code data[t][offsets[t][k] + c]} (row k of table t as listed
   * by {@link #rows}, parameter c), and, when {@code derivatives} is not null, d(margin)/d(parameter) into
   * {@code derivatives[t][k * width(t) + c]}.
   */
  double forward(float[][] data, int[][] offsets, int[] counts, int[] indices, double[] values, int[] fields,
      int from, int to, double[][] derivatives);

  /** The parameters a training run starts from for row r of table t (a random factor start), or zeros. */
  default void initialRow(int t, int r, double[] out, int from) {
    java.util.Arrays.fill(out, from, from + width(t), 0.0);
  }
}
