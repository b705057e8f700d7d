package io.sparkctr.testing;

import io.sparkctr.train.CsrBlock;
import io.sparkctr.train.CsrBlockBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded one-hot CTR-like rows: {@code fields} fields, each picking one of {@code valuesPerField}
 * values (skewed toward small ids), labels from a planted logistic model.
 */
public final class SparseData {
  public final int numFeatures;
  public final int valuesPerField;
  public final List<int[]> indices = new ArrayList<>();
  public final List<double[]> values = new ArrayList<>();
  public final List<Double> labels = new ArrayList<>();
  public final List<Double> weights = new ArrayList<>();

  public SparseData(long seed, int rows, int fields, int valuesPerField, boolean randomWeights) {
    this.numFeatures = fields * valuesPerField;
    this.valuesPerField = valuesPerField;
    SplittableRandom random = new SplittableRandom(seed);
    double[] planted = new double[numFeatures];
    for (int j = 0; j < numFeatures; j++) {
      planted[j] = random.nextGaussian() * 0.8;
    }
    for (int r = 0; r < rows; r++) {
      int[] idx = new int[fields];
      double[] val = new double[fields];
      double margin = -1.2;
      for (int f = 0; f < fields; f++) {
        double u = random.nextDouble();
        int v = (int) (valuesPerField * u * u * u); // skewed: small ids are frequent
        idx[f] = f * valuesPerField + v;
        val[f] = 1.0;
        margin += planted[idx[f]];
      }
      indices.add(idx);
      values.add(val);
      labels.add(random.nextDouble() < 1.0 / (1.0 + Math.exp(-margin)) ? 1.0 : 0.0);
      weights.add(randomWeights ? random.nextDouble(0.2, 2.0) : 1.0);
    }
  }

  public int numRows() {
    return labels.size();
  }

  /** The fields of row r's entries (feature f * valuesPerField + v is in field f). */
  public int[] fields(int r) {
    int[] idx = indices.get(r);
    int[] out = new int[idx.length];
    for (int p = 0; p < idx.length; p++) {
      out[p] = idx[p] / valuesPerField;
    }
    return out;
  }

  /** Rows [from, to) as one block whose entries carry their fields. */
  public CsrBlock blockWithFields(int from, int to) {
    CsrBlockBuilder builder = new CsrBlockBuilder();
    for (int r = from; r < to; r++) {
      builder.add(labels.get(r), weights.get(r), indices.get(r), values.get(r), fields(r), indices.get(r).length,
          numFeatures, r);
    }
    return builder.build();
  }

  /** Rows [from, to) as one block. */
  public CsrBlock block(int from, int to) {
    CsrBlockBuilder builder = new CsrBlockBuilder();
    for (int r = from; r < to; r++) {
      builder.add(labels.get(r), weights.get(r), indices.get(r), values.get(r), indices.get(r).length, numFeatures, r);
    }
    return builder.build();
  }
}
