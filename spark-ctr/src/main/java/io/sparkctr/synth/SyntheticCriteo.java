package io.sparkctr.synth;

import io.sparkctr.metrics.Auc;
import io.sparkctr.metrics.LogLoss;
import io.sparkctr.metrics.Numerics;
import java.io.IOException;
import java.io.Writer;

/**
 * Synthetic data in the Criteo Kaggle {@code train.txt} format (label, I1..I13, C1..C26, tab-separated) whose
 * labels come from a planted logistic-regression or factorization-machine model, so that learners can be checked
 * against a known ceiling.
 *
 * <h2>Rows</h2>
 *
 * Row {@code r} is a pure function of {@code (seed, r)}: its generator is SplitMix64 seeded with {@code
 * mix64(mix64(seed ^ salt) + mix64(r))} (see {@link SplitMix64}), so any range of rows can be produced independently, e.g.
 * one range per Spark partition. Per row, in this order:
 *
 * <ol>
 *   <li>Missing values: one uniform per missing-value group; a column is empty when its group's uniform is below
 *       its rate. Columns sharing a group are missing together, as in the real data (C19, C20, C25, C26 are empty in
 *       the same 45% of rows; C3, C4, C12, C16, C21, C24 in the same 3.6%). Rates were measured on the 10,000-row
 *       Criteo sample in {@code shared/datasets} (aggregate statistics only, no rows).
 *   <li>Integers I1..I13: {@code floor(expm1(max(0, mu + sigma Z)))}, Z standard normal, i.e. log-normal in {@code
 *       ln(1 + x)}: heavy-tailed and zero-inflated; {@code mu}, {@code sigma} are the mean and standard deviation of
 *       {@code ln(1 + x)} on the same sample (I5 reaches 10^5-10^6, I10 is mostly 0 or 1). I2 is -1 in about 9.7%
 *       of rows and -2 in about 0.06% (as in the sample, where 975 of 10,000 are negative).
 *   <li>Categories C1..C26: a Zipf rank {@code k in [1, n_j]} with exponent {@value #DEFAULT_ZIPF_EXPONENT} by
 *       default (O(1) rejection-inversion, {@link ZipfSampler}), written as 8 lower-case hex digits {@code
 *       mix64(seed, column, k)} like Criteo's hashed values. {@code n_j} are the distinct counts of C1..C26 in the
 *       full Criteo Kaggle training set as published with Facebook's DLRM benchmark ({@code --arch-embedding-size
 *       1460-583-10131227-...-142572}): from 3 (C9) to 10,131,227 (C3). Distinct hex strings may collide (32 bits
 *       for up to 10^7 ranks: a few thousand of them in the largest column); a collision just merges two values.
 *   <li>The label: Bernoulli(sigmoid(bias + margin)), from a second SplitMix64 stream seeded with {@code
 *       mix64(mix64(seed ^ salt) + ~mix64(r))}.
 * </ol>
 *
 * <h2>Planted model</h2>
 *
 * Every column value is a feature: for I1..I13 the Criteo convention's bin ({@code floor(ln(x)^2)} for {@code x > 2},
 * else {@code x}), for C1..C26 the rank, and "empty" is its own value in every column. Its weight {@code w} (and for
 * FM its factor vector {@code v} of dimension {@code k = 4}) is a deterministic function of {@code (seed, column,
 * value)}: Gaussian draws from {@code mix64} hashes, so no table of size cardinality exists. Values of rank at most
 * {@code headSize} (and all integer bins and empties) always carry weights; tail values carry one with probability
 * {@code tailDensity}, else 0, so that most signal sits in values frequent enough to be learned.
 *
 * <pre>
 * LR: margin = bias + sum_j w(j, x_j)
 * FM: margin = bias + sum_j w(j, x_j) + sum_{i &lt; j} &lt;v(i, x_i), v(j, x_j)&gt;     (Rendle, ICDM 2010)
 * </pre>
 *
 * The pairwise sum is computed in O(39 k) with Rendle's identity {@code 0.5 (|sum v|^2 - sum |v|^2)}. The bias is
 * calibrated at construction by bisection so that the mean planted probability of rows {@code 0..4095} equals
 * {@code labelRate} (default 0.22, like the 21.8% of the Criteo sample). With the default scales, 50,000 rows of seed 42
 * have a planted AUC of 0.771 (LR) and 0.786 (FM), label rates of 22.4%; the FM interactions alone ({@code
 * weightScale(0)}) reach an AUC of 0.62, so FM data carry signal that LR cannot represent.
 *
 * <p>Instances are immutable and thread-safe; {@link #writeRow} allocates one small generator per row.
 */
public final class SyntheticCriteo implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** The model that produces the labels. */
  public enum PlantedModel {
    LR,
    FM
  }

  /** Zipf exponent of category frequencies. */
  public static final double DEFAULT_ZIPF_EXPONENT = 1.1;
  /** Target mean click probability. */
  public static final double DEFAULT_LABEL_RATE = 0.22;
  /** Standard deviation of planted linear weights. */
  public static final double DEFAULT_WEIGHT_SCALE = 0.22;
  /** Standard deviation of each planted factor entry (FM). */
  public static final double DEFAULT_FACTOR_SCALE = 0.1;
  /** Factor dimension k (FM). */
  public static final int DEFAULT_FACTOR_DIM = 4;
  /** Ranks {@code <=} this always carry a planted weight. */
  public static final long DEFAULT_HEAD_SIZE = 100;
  /** Probability that a rank beyond the head carries a planted weight. */
  public static final double DEFAULT_TAIL_DENSITY = 0.25;

  /** Rows used to calibrate the bias. */
  static final int CALIBRATION_ROWS = 4096;

  /**
   * Distinct values of C1..C26 in the Criteo Kaggle training set (45.8M rows), as in DLRM's benchmark scripts
   * (facebookresearch/dlrm, {@code --arch-embedding-size}).
   */
  static final long[] CARDINALITIES = {
    1460, 583, 10131227, 2202608, 305, 24, 12517, 633, 3, 93145, 5683, 8351593, 3194, 27, 14992, 5461306, 10, 5652,
    2173, 4, 7046547, 18, 15, 286181, 105, 142572
  };

  /** Mean of ln(1 + x) over non-empty I1..I13 in the 10k-row Criteo sample. */
  static final double[] INT_LOG_MEAN = {0.80, 2.12, 2.25, 1.73, 7.24, 3.58, 1.54, 2.06, 3.61, 0.38, 0.85, 0.30, 1.88};
  /** Standard deviation of ln(1 + x) over non-empty I1..I13 in the same sample. */
  static final double[] INT_LOG_SD = {0.98, 2.13, 1.28, 0.96, 2.90, 1.81, 1.36, 1.18, 1.69, 0.39, 0.74, 0.61, 1.06};
  /** Probability that I2 is negative (975 / 10,000 in the sample; -2 in 6 of them). */
  static final double I2_NEGATIVE_RATE = 0.0975;

  /** Missing-value rate of each of the 39 feature columns (I1..I13, C1..C26), measured on the sample. */
  static final double[] MISSING_RATE = {
    0.448, 0, 0.204, 0.198, 0.049, 0.251, 0.049, 0.001, 0.049, 0.448, 0.049, 0.773, 0.198, // I1..I13
    0, 0, 0.036, 0.036, 0, 0.133, 0, 0, 0, 0, 0, 0.036, 0, // C1..C13
    0, 0, 0.036, 0, 0, 0.45, 0.45, 0.036, 0.818, 0, 0.036, 0.45, 0.45 // C14..C26
  };
  /** Missing-value group of each column: columns of one group are empty together. -1: never missing. */
  static final int[] MISSING_GROUP = {
    0, -1, 1, 2, 3, 4, 3, 5, 3, 0, 3, 6, 2, // I1..I13
    -1, -1, 7, 7, -1, 8, -1, -1, -1, -1, -1, 7, -1, // C1..C13
    -1, -1, 7, -1, -1, 9, 9, 7, 10, -1, 7, 9, 9 // C14..C26
  };
  private static final int NUM_MISSING_GROUPS = 11;

  private static final int NUM_INT = 13;
  private static final int NUM_CAT = 26;
  private static final int NUM_COLUMNS = NUM_INT + NUM_CAT;
  /** Value key of an empty column. */
  private static final long EMPTY = Long.MIN_VALUE;
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  /** Salts that separate the hash streams (arbitrary odd constants). */
  private static final long ROW_SALT = 0x5DEECE66DL;
  private static final long WEIGHT_SALT = 0x2545F4914F6CDD1DL;
  private static final long HEX_SALT = 0x6A09E667F3BCC909L;

  private final long seed;
  private final PlantedModel model;
  private final double zipfExponent;
  private final double labelRate;
  private final double weightScale;
  private final double factorScale;
  private final int factorDim;
  private final long headSize;
  private final double tailDensity;
  private final ZipfSampler[] samplers;
  private final long rowKey;
  private final long weightKey;
  private final long hexKey;
  private final double bias;

  /**
   * Generator with default knobs.
   *
   * @param seed any long
   * @param model the planted model
   */
  public SyntheticCriteo(long seed, PlantedModel model) {
    this(builder(seed, model));
  }

  private SyntheticCriteo(Builder b) {
    if (b.model == null) {
      throw new IllegalArgumentException("model MUST be LR or FM, but got null");
    }
    this.seed = b.seed;
    this.model = b.model;
    this.zipfExponent = b.zipfExponent;
    this.labelRate = b.labelRate;
    this.weightScale = b.weightScale;
    this.factorScale = b.factorScale;
    this.factorDim = b.factorDim;
    this.headSize = b.headSize;
    this.tailDensity = b.tailDensity;
    this.samplers = new ZipfSampler[NUM_CAT];
    for (int c = 0; c < NUM_CAT; c++) {
      samplers[c] = new ZipfSampler(CARDINALITIES[c], zipfExponent);
    }
    this.rowKey = SplitMix64.mix64(seed ^ ROW_SALT);
    this.weightKey = SplitMix64.mix64(seed ^ WEIGHT_SALT);
    this.hexKey = SplitMix64.mix64(seed ^ HEX_SALT);
    this.bias = calibrateBias();
  }

  /** @return a builder with the defaults ({@code DEFAULT_*} constants) */
  public static Builder builder(long seed, PlantedModel model) {
    return new Builder(seed, model);
  }

  /** Optional knobs; each setter validates its argument. */
  public static final class Builder {
    private final long seed;
    private final PlantedModel model;
    private double zipfExponent = DEFAULT_ZIPF_EXPONENT;
    private double labelRate = DEFAULT_LABEL_RATE;
    private double weightScale = DEFAULT_WEIGHT_SCALE;
    private double factorScale = DEFAULT_FACTOR_SCALE;
    private int factorDim = DEFAULT_FACTOR_DIM;
    private long headSize = DEFAULT_HEAD_SIZE;
    private double tailDensity = DEFAULT_TAIL_DENSITY;

    private Builder(long seed, PlantedModel model) {
      this.seed = seed;
      this.model = model;
    }

    /** @param q Zipf exponent of category frequencies, {@code > 0} (default 1.1) */
    public Builder zipfExponent(double q) {
      require(q > 0 && q < 10, "zipfExponent MUST be in (0, 10)", q);
      this.zipfExponent = q;
      return this;
    }

    /** @param rate target mean click probability, in (0, 1) (default 0.22) */
    public Builder labelRate(double rate) {
      require(rate > 0 && rate < 1, "labelRate MUST be in (0, 1)", rate);
      this.labelRate = rate;
      return this;
    }

    /** @param scale standard deviation of linear weights, {@code >= 0} (default 0.22) */
    public Builder weightScale(double scale) {
      require(scale >= 0 && scale < 100, "weightScale MUST be in [0, 100)", scale);
      this.weightScale = scale;
      return this;
    }

    /** @param scale standard deviation of factor entries (FM), {@code >= 0} (default 0.1) */
    public Builder factorScale(double scale) {
      require(scale >= 0 && scale < 100, "factorScale MUST be in [0, 100)", scale);
      this.factorScale = scale;
      return this;
    }

    /** @param k factor dimension (FM), in [1, 64] (default 4) */
    public Builder factorDim(int k) {
      require(k >= 1 && k <= 64, "factorDim MUST be in [1, 64]", k);
      this.factorDim = k;
      return this;
    }

    /** @param size ranks up to this always carry a planted weight, {@code >= 0} (default 100) */
    public Builder headSize(long size) {
      require(size >= 0, "headSize MUST be >= 0", size);
      this.headSize = size;
      return this;
    }

    /** @param density probability that a tail rank carries a planted weight, in [0, 1] (default 0.25) */
    public Builder tailDensity(double density) {
      require(density >= 0 && density <= 1, "tailDensity MUST be in [0, 1]", density);
      this.tailDensity = density;
      return this;
    }

    public SyntheticCriteo build() {
      return new SyntheticCriteo(this);
    }

    private static void require(boolean ok, String what, double value) {
      if (!ok) {
        throw new IllegalArgumentException(what + ", but got " + value);
      }
    }
  }

  public long seed() {
    return seed;
  }

  public PlantedModel model() {
    return model;
  }

  /** @return the calibrated bias of the planted margin */
  public double bias() {
    return bias;
  }

  /**
   * Writes row {@code rowIndex} as one Criteo TSV line (40 fields, no trailing newline) to {@code out}.
   *
   * @param rowIndex any long; rows are independent of each other
   * @param out appended to
   * @return the planted click probability of the row (its label was drawn from it)
   */
  public double writeRow(long rowIndex, StringBuilder out) {
    final int labelAt = out.length();
    out.append('0');
    final double p = Numerics.sigmoid(bias + generate(rowIndex, out, null));
    // The label has its own stream, so the features do not depend on the bias or the model.
    final SplitMix64 labelRng = new SplitMix64(SplitMix64.mix64(rowKey + ~SplitMix64.mix64(rowIndex)));
    if (labelRng.nextDouble() < p) {
      out.setCharAt(labelAt, '1');
    }
    return p;
  }

  /**
   * The header of {@link #writeAvazuRow}'s CSV: id, click, hour, then the 39 Criteo columns, which the
   * Avazu reader takes as categorical tokens.
   */
  public static final String AVAZU_HEADER = "id,click,hour," + String.join(",", io.sparkctr.data.CriteoParser.COLUMN_NAMES);

  /** Rows per synthetic hour: a million rows span about ten and a half days from 2014-10-21 00h. */
  static final long AVAZU_ROWS_PER_HOUR = 4000;

  /**
   * Writes row {@code rowIndex} as an Avazu-format CSV line (no trailing newline): its id, the label as
   * {@code click}, an {@code hour} YYMMDDHH that grows with the row index (rows are time-ordered as in
   * Avazu's file), then the same 39 tokens as {@link #writeRow}. The label and the planted probability are
   * the Criteo row's, and every token is kept, so the planted AUC is this format's ceiling too (the hour
   * carries no signal).
   *
   * @return the planted click probability of the row
   */
  public double writeAvazuRow(long rowIndex, StringBuilder out) {
    final int start = out.length();
    final double p = writeRow(rowIndex, out);
    final char label = out.charAt(start);
    final String tokens = out.substring(start + 1).replace('\t', ',');
    out.setLength(start);
    final java.time.LocalDateTime hour = java.time.LocalDateTime.of(2014, 10, 21, 0, 0)
        .plusHours(Math.floorDiv(rowIndex, AVAZU_ROWS_PER_HOUR));
    out.append(rowIndex).append(',').append(label).append(',')
        .append(String.format(java.util.Locale.ROOT, "%02d%02d%02d%02d", hour.getYear() % 100, hour.getMonthValue(),
            hour.getDayOfMonth(), hour.getHour()))
        .append(tokens);
    return p;
  }

  /**
   * Writes rows {@code [from, to)}, each followed by '\n'.
   *
   * <p>The summary holds the planted probability and label of every row (16 bytes per row) to compute the planted
   * AUC, so ranges are limited to {@code Integer.MAX_VALUE - 8} rows; a few million rows need a few tens of MB.
   *
   * @return counts and the planted model's AUC and log loss on these rows
   * @throws IOException from {@code out}
   */
  public Summary write(long from, long to, Writer out) throws IOException {
    if (to < from || to - from > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "Row range MUST satisfy from <= to and to - from <= " + (Integer.MAX_VALUE - 8) + ", but got [" + from
              + ", " + to + ")");
    }
    final int n = (int) (to - from);
    final double[] probabilities = new double[n];
    final double[] labels = new double[n];
    long positives = 0;
    final StringBuilder line = new StringBuilder(512);
    for (int i = 0; i < n; i++) {
      line.setLength(0);
      probabilities[i] = writeRow(from + i, line);
      if (line.charAt(0) == '1') {
        labels[i] = 1.0;
        positives++;
      }
      line.append('\n');
      out.append(line);
    }
    return new Summary(n, positives, Auc.of(probabilities, labels, n), LogLoss.of(probabilities, labels, n));
  }

  /**
   * Draws the features of a row, appending {@code \tI1..\tC26} to {@code out} if not null, and returns the
   * margin without bias.
   */
  private double generate(long rowIndex, StringBuilder out, double[] scratch) {
    final SplitMix64 rng = new SplitMix64(SplitMix64.mix64(rowKey + SplitMix64.mix64(rowIndex)));
    final double[] groupU = new double[NUM_MISSING_GROUPS];
    for (int g = 0; g < NUM_MISSING_GROUPS; g++) {
      groupU[g] = rng.nextDouble();
    }
    final int k = factorDim;
    final boolean fm = model == PlantedModel.FM;
    final double[] sumV = fm ? (scratch != null ? scratch : new double[k]) : null;
    if (fm) {
      java.util.Arrays.fill(sumV, 0, k, 0.0);
    }
    double linear = 0.0;
    double sumSq = 0.0;
    for (int j = 0; j < NUM_COLUMNS; j++) {
      final int g = MISSING_GROUP[j];
      final boolean missing = g >= 0 && groupU[g] < MISSING_RATE[j];
      long value = EMPTY;
      long rank = 0;
      if (j < NUM_INT) {
        // Always draw, so the stream layout does not depend on missingness.
        final double z = rng.nextGaussian();
        final double neg = j == 1 ? rng.nextDouble() : 1.0;
        if (!missing) {
          long x = (long) Math.floor(Math.expm1(Math.max(0.0, INT_LOG_MEAN[j] + INT_LOG_SD[j] * z)));
          if (neg < I2_NEGATIVE_RATE) {
            x = neg < 0.0006 ? -2 : -1;
          }
          if (out != null) {
            out.append('\t').append(x);
          }
          value = x > 2 ? (long) Math.floor(Math.pow(Math.log(x), 2)) : x;
        } else if (out != null) {
          out.append('\t');
        }
      } else {
        final int c = j - NUM_INT;
        rank = samplers[c].sample(rng);
        if (!missing) {
          if (out != null) {
            appendHex(out.append('\t'), (int) SplitMix64.mix64(hexKey + c * SplitMix64.GOLDEN_GAMMA + rank));
          }
          value = rank;
        } else if (out != null) {
          out.append('\t');
        }
      }
      // Planted parameters of (column, value): a hash, no table.
      final long h = SplitMix64.mix64(weightKey + (j + 1) * SplitMix64.GOLDEN_GAMMA + SplitMix64.mix64(value));
      final boolean carries =
          value == EMPTY || j < NUM_INT || rank <= headSize || SplitMix64.unit(SplitMix64.mix64(h ^ 1)) < tailDensity;
      if (!carries) {
        continue;
      }
      linear += weightScale * SplitMix64.gaussian(h, SplitMix64.mix64(h + 1));
      if (fm) {
        for (int f = 0; f < k; f++) {
          final long hf = SplitMix64.mix64(h + (f + 2) * SplitMix64.GOLDEN_GAMMA);
          final double v = factorScale * SplitMix64.gaussian(hf, SplitMix64.mix64(hf));
          sumV[f] += v;
          sumSq += v * v;
        }
      }
    }
    if (!fm) {
      return linear;
    }
    double pair = 0.0;
    for (int f = 0; f < k; f++) {
      pair += sumV[f] * sumV[f];
    }
    return linear + 0.5 * (pair - sumSq);
  }

  private static void appendHex(StringBuilder out, int bits) {
    for (int shift = 28; shift >= 0; shift -= 4) {
      out.append(HEX[(bits >>> shift) & 0xF]);
    }
  }

  /** Bisection on the bias so that the mean planted probability over rows 0..4095 equals labelRate. */
  private double calibrateBias() {
    final double[] margins = new double[CALIBRATION_ROWS];
    final double[] scratch = new double[factorDim];
    for (int r = 0; r < CALIBRATION_ROWS; r++) {
      margins[r] = generate(r, null, scratch);
    }
    double lo = -50.0;
    double hi = 50.0;
    for (int it = 0; it < 100 && hi - lo > 1e-12; it++) {
      final double mid = 0.5 * (lo + hi);
      double mean = 0.0;
      for (double m : margins) {
        mean += Numerics.sigmoid(mid + m);
      }
      mean /= CALIBRATION_ROWS;
      if (mean < labelRate) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  /** What {@link #write} produced. */
  public static final class Summary {
    private final long rows;
    private final long positives;
    private final double plantedAuc;
    private final double plantedLogLoss;

    Summary(long rows, long positives, double plantedAuc, double plantedLogLoss) {
      this.rows = rows;
      this.positives = positives;
      this.plantedAuc = plantedAuc;
      this.plantedLogLoss = plantedLogLoss;
    }

    public long rows() {
      return rows;
    }

    public long positives() {
      return positives;
    }

    /** @return positives / rows, NaN for no rows */
    public double labelRate() {
      return rows == 0 ? Double.NaN : (double) positives / rows;
    }

    /** @return AUC of the planted probabilities against the drawn labels: the ceiling any learner can reach */
    public double plantedAuc() {
      return plantedAuc;
    }

    /** @return mean log loss of the planted probabilities: the floor any learner can reach (in expectation) */
    public double plantedLogLoss() {
      return plantedLogLoss;
    }

    @Override
    public String toString() {
      return "Summary{rows=" + rows + ", positives=" + positives + ", labelRate=" + labelRate() + ", plantedAuc="
          + plantedAuc + ", plantedLogLoss=" + plantedLogLoss + "}";
    }
  }
}
