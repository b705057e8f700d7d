package io.sparkctr.optim.dense;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Small problems, oracles and recorders shared by the tests of this package. */
final class DenseTesting {
  private DenseTesting() {}

  /**
   * A tiny DeepFM-like model on random batches: {@code numFields} fields of {@code rowsPerField} features
   * each (feature j in field j / rowsPerField), factor size k, dense = (d_1..d_k, b). One example picks
   * one feature per field (skewed, so some are frequent and some absent from a batch) and a label;
   *
   * <pre>
   *   S_c    = sum_f v[j_f, c]
   *   margin = sum_f w[j_f] + sum_c S_c d_c + b + 0.5 sum_c (S_c^2 - sum_f v[j_f, c]^2)
   *   loss   = mean log loss
   * </pre>
   *
   * Non-linear in every parameter, so a perturbation changes the gradient.
   */
  static final class ToyProblem {
    final int numFields;
    final int rowsPerField;
    final int k;
    final int batchSize;
    final ParameterLayout layout;
    final int[] fieldOfFeature;

    ToyProblem(int numFields, int rowsPerField, int k, int batchSize) {
      this.numFields = numFields;
      this.rowsPerField = rowsPerField;
      this.k = k;
      this.batchSize = batchSize;
      this.layout = new ParameterLayout(numFields * rowsPerField, k, k + 1);
      this.fieldOfFeature = new int[layout.numRows()];
      for (int j = 0; j < fieldOfFeature.length; j++) {
        fieldOfFeature[j] = j / rowsPerField;
      }
    }

    static ToyProblem standard() {
      return new ToyProblem(3, 4, 3, 6);
    }

    double[] randomSparse(long seed) {
      return random(layout.sparseSize(), seed, 0.5);
    }

    double[] randomDense(long seed) {
      return random(layout.denseSize(), seed, 0.5);
    }

    /** The step's batch: features[example][field] and labels, drawn from {@code random}. */
    Batch batch(SplittableRandom random) {
      final int[][] features = new int[batchSize][numFields];
      final double[] labels = new double[batchSize];
      for (int e = 0; e < batchSize; e++) {
        for (int f = 0; f < numFields; f++) {
          final double u = random.nextDouble();
          final int local = (int) Math.floor(u * u * rowsPerField); // skewed towards the field's first feature
          features[e][f] = f * rowsPerField + local;
        }
        labels[e] = random.nextDouble() < 0.4 ? 1.0 : 0.0;
      }
      return new Batch(this, features, labels);
    }

    /** Dataset counts: the occurrences of each feature in {@code batches} batches from {@code seed}. */
    double[] counts(long seed, int batches) {
      final double[] counts = new double[layout.numRows()];
      final SplittableRandom random = new SplittableRandom(seed);
      for (int b = 0; b < batches; b++) {
        for (int[] example : batch(random).features) {
          for (int j : example) {
            counts[j]++;
          }
        }
      }
      return counts;
    }
  }

  /** One batch of the toy problem, as an oracle. */
  static final class Batch implements GradientOracle {
    final ToyProblem problem;
    final int[][] features;
    final double[] labels;

    Batch(ToyProblem problem, int[][] features, double[] labels) {
      this.problem = problem;
      this.features = features;
      this.labels = labels;
    }

    @Override
    public double evaluate(double[] sparse, double[] dense, SparseGradient sparseGrad, double[] denseGrad) {
      final int k = problem.k;
      final int width = k + 1;
      final double scale = 1.0 / features.length; // mean loss
      double loss = 0.0;
      final double[] sum = new double[k];
      for (int e = 0; e < features.length; e++) {
        Arrays.fill(sum, 0.0);
        double margin = dense[k];
        double squares = 0.0;
        for (int j : features[e]) {
          margin += sparse[j * width];
          for (int c = 0; c < k; c++) {
            final double v = sparse[j * width + 1 + c];
            sum[c] += v;
            squares += v * v;
          }
        }
        for (int c = 0; c < k; c++) {
          margin += sum[c] * dense[c] + 0.5 * sum[c] * sum[c];
        }
        margin -= 0.5 * squares;
        final double p = 1.0 / (1.0 + Math.exp(-margin));
        final double y = labels[e];
        loss += -(y * Math.log(p) + (1 - y) * Math.log(1 - p)) * scale;
        final double multiplier = (p - y) * scale;
        for (int j : features[e]) {
          final int slot = sparseGrad.slot(j);
          sparseGrad.addOccurrences(slot, 1.0);
          sparseGrad.add(slot, 0, multiplier);
          for (int c = 0; c < k; c++) {
            sparseGrad.add(slot, 1 + c, multiplier * (dense[c] + sum[c] - sparse[j * width + 1 + c]));
          }
        }
        for (int c = 0; c < k; c++) {
          denseGrad[c] += multiplier * sum[c];
        }
        denseGrad[k] += multiplier;
      }
      return loss;
    }
  }

  /** An oracle whose gradient does not depend on the parameters: a linear loss. */
  static final class ConstantGradient implements GradientOracle {
    final int[] rows;
    final double[][] rowGradients;
    final double[] denseGradient;
    final double[] occurrences;

    ConstantGradient(int[] rows, double[][] rowGradients, double[] denseGradient, double[] occurrences) {
      this.rows = rows;
      this.rowGradients = rowGradients;
      this.denseGradient = denseGradient;
      this.occurrences = occurrences;
    }

    /** Random rows (a seeded subset) and gradients for {@code layout}. */
    static ConstantGradient random(ParameterLayout layout, long seed) {
      final SplittableRandom random = new SplittableRandom(seed);
      final List<Integer> chosen = new ArrayList<>();
      for (int r = 0; r < layout.numRows(); r++) {
        if (random.nextDouble() < 0.6) {
          chosen.add(r);
        }
      }
      final int[] rows = chosen.stream().mapToInt(Integer::intValue).toArray();
      final double[][] g = new double[rows.length][];
      final double[] occurrences = new double[rows.length];
      for (int s = 0; s < rows.length; s++) {
        g[s] = DenseTesting.random(layout.rowWidth(), random.nextLong(), 1.0);
        occurrences[s] = 1 + random.nextInt(5);
      }
      return new ConstantGradient(rows, g, DenseTesting.random(layout.denseSize(), random.nextLong(), 1.0),
          occurrences);
    }

    @Override
    public double evaluate(double[] sparse, double[] dense, SparseGradient sparseGrad, double[] denseGrad) {
      double loss = 0.0;
      for (int s = 0; s < rows.length; s++) {
        final int slot = sparseGrad.slot(rows[s]);
        sparseGrad.addOccurrences(slot, occurrences[s]);
        final int base = rows[s] * sparseGrad.rowWidth();
        for (int c = 0; c < rowGradients[s].length; c++) {
          sparseGrad.add(slot, c, rowGradients[s][c]);
          loss += rowGradients[s][c] * sparse[base + c];
        }
      }
      for (int i = 0; i < denseGradient.length; i++) {
        denseGrad[i] += denseGradient[i];
        loss += denseGradient[i] * dense[i];
      }
      return loss;
    }
  }

  /** One recorded oracle call: the parameters it saw and the gradient it returned. */
  static final class Call {
    final double[] sparse;
    final double[] dense;
    final int[] rows;
    final double[] rowValues;
    final double[] occurrences;
    final double[] denseGrad;

    Call(double[] sparse, double[] dense, SparseGradient g, double[] denseGrad) {
      this.sparse = sparse.clone();
      this.dense = dense.clone();
      this.rows = new int[g.count()];
      this.occurrences = new double[g.count()];
      for (int s = 0; s < rows.length; s++) {
        rows[s] = g.row(s);
        occurrences[s] = g.occurrences(s);
      }
      this.rowValues = Arrays.copyOf(g.values(), g.count() * g.rowWidth());
      this.denseGrad = denseGrad.clone();
    }

    /** The recorded gradient as a fresh SparseGradient. */
    SparseGradient sparseGradient(ParameterLayout layout) {
      final SparseGradient g = new SparseGradient(layout);
      final int width = layout.rowWidth();
      for (int s = 0; s < rows.length; s++) {
        final int slot = g.slot(rows[s]);
        g.addOccurrences(slot, occurrences[s]);
        for (int c = 0; c < width; c++) {
          g.add(slot, c, rowValues[s * width + c]);
        }
      }
      return g;
    }

    /** Row r's gradient entry at column c, 0 when r was not touched. */
    double rowGradient(int r, int c, int width) {
      for (int s = 0; s < rows.length; s++) {
        if (rows[s] == r) {
          return rowValues[s * width + c];
        }
      }
      return 0.0;
    }
  }

  /** Wraps an oracle and records every call. */
  static final class Recorder implements GradientOracle {
    final GradientOracle inner;
    final List<Call> calls = new ArrayList<>();

    Recorder(GradientOracle inner) {
      this.inner = inner;
    }

    @Override
    public double evaluate(double[] sparse, double[] dense, SparseGradient sparseGrad, double[] denseGrad) {
      final double loss = inner.evaluate(sparse, dense, sparseGrad, denseGrad);
      calls.add(new Call(sparse, dense, sparseGrad, denseGrad));
      return loss;
    }
  }

  /**
   * Runs {@code steps} steps of the toy problem (batches from {@code seed}) from a seeded start and
   * returns the parameters after each step, sparse then dense.
   */
  static double[][] trajectory(BatchStep step, ToyProblem problem, int steps, long seed) {
    final double[] sparse = problem.randomSparse(seed + 1);
    final double[] dense = problem.randomDense(seed + 2);
    final SplittableRandom random = new SplittableRandom(seed);
    final double[][] out = new double[steps][];
    for (int s = 0; s < steps; s++) {
      step.step(sparse, dense, problem.batch(random));
      out[s] = concat(sparse, dense);
    }
    return out;
  }

  static double[] concat(double[] a, double[] b) {
    final double[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static double[] random(int n, long seed, double scale) {
    final SplittableRandom random = new SplittableRandom(seed);
    final double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = random.nextDouble(-scale, scale);
    }
    return out;
  }

  static double[] minus(double[] a, double[] b) {
    final double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }

  static double norm(double[] a) {
    double sq = 0.0;
    for (double x : a) {
      sq += x * x;
    }
    return Math.sqrt(sq);
  }
}
