package io.sparkctr.synth;

import io.sparkctr.metrics.Auc;
import io.sparkctr.metrics.LogLoss;
import io.sparkctr.metrics.Numerics;
import java.io.IOException;
import java.io.Writer;
import java.util.BitSet;

/**
 * A MovieLens-like, time-ordered user-item click log whose labels come from a planted matrix-factorization model,
 * so that default hyperparameters can be checked on data shaped like a recommendation log: few fields, user and
 * item ids with high cardinality relative to the rows, users and items that appear only late in the stream, and a
 * slow drift of tastes, which together make per-id parameters easy to overfit.
 *
 * <h2>Rows</h2>
 *
 * The stream has {@code streamRows} rows (default {@value #DEFAULT_STREAM_ROWS}, MovieLens 100k's ratings) and row
 * {@code r} happens at time {@code r}. Row {@code r} is a pure function of {@code (seed, r)} and the generator's
 * knobs: its generator is SplitMix64 seeded with {@code mix64(mix64(seed ^ salt) + mix64(r))} (see {@link
 * SplitMix64}), so any range of rows can be produced independently, e.g. one range per Spark partition. Rows
 * outside {@code [0, streamRows)} are valid and see the pools and the drift of the nearest end of the stream.
 *
 * <ol>
 *   <li>Arrivals: user ids {@code 0..users-1} and item ids {@code 0..items-1} arrive in id order. At row {@code r}
 *       the first {@code P(r) = N0 + ceil((N - N0) (r + 1) / streamRows)} ids have arrived, {@code N0 = round(N
 *       initialPoolFraction)} (default {@value #DEFAULT_INITIAL_POOL_FRACTION}), so that the pool grows linearly to
 *       {@code N} at the last row: 8% of the ids arrive during the last 20% of the stream (with the defaults).
 *   <li>User and item: a popularity rank {@code k ~ Zipf(N, q)} ({@link ZipfSampler}; {@code q} =
 *       {@value #DEFAULT_USER_ZIPF_EXPONENT} for users, {@value #DEFAULT_ITEM_ZIPF_EXPONENT} for items), mapped to
 *       an id by a seeded affine bijection {@code id = (a (k - 1) + b) mod N} ({@code gcd(a, N) = 1}), so
 *       popularity does not depend on arrival time; drawn again while the id has not arrived yet (rejection:
 *       the draw is Zipf restricted to the arrived ids; under two tries per draw at the start of the stream).
 *       The exponents are flatter than Criteo's ({@value SyntheticCriteo#DEFAULT_ZIPF_EXPONENT}): MovieLens 100k's
 *       most active user and most rated item hold under 1% of its ratings; here the top ranks hold about 2%
 *       (users) and 4.5% (items), and a few dozen late, unpopular items never occur in 100,000 rows.
 *   <li>Hour of day: from a smooth daily profile {@code 1 + 0.6 cos(2 pi (h - 20) / 24)} (evening peak;
 *       illustrative, not measured).
 *   <li>Attributes, deterministic functions of the id ({@code mix64} hashes, no tables): user age bucket (7
 *       values: MovieLens 1M's {@code 1, 18, 25, 35, 45, 50, 56} buckets), gender (2: M, F), occupation (21:
 *       MovieLens 1M's codes 0..20), item genre (19: MovieLens 100k's {@code u.genre} list, unknown..Western, one
 *       primary genre per item) and release-year bucket (8: before 1940, 1940s, 1950s, 1960s, 1970s, 1980s,
 *       1990-94, 1995-98). Their frequencies are shaped like MovieLens's (mostly 18-34, about 70% male, students,
 *       executives and "other" the commonest occupations, Drama and Comedy the commonest genres, mostly 1990s
 *       films; see the {@code *_WEIGHTS} arrays); they are illustrative, not measured here.
 *   <li>The label: Bernoulli(sigmoid(planted margin)), from a second SplitMix64 stream seeded with {@code
 *       mix64(mix64(seed ^ salt) + ~mix64(r))}.
 * </ol>
 *
 * <h2>Planted model</h2>
 *
 * A biased matrix factorization (Koren, Bell and Volinsky, "Matrix factorization techniques for recommender
 * systems", IEEE Computer 2009) with side features and a time-dependent genre preference (in the spirit of
 * Koren's timeSVD++, "Collaborative filtering with temporal dynamics", KDD 2009):
 *
 * <pre>
 * margin(r) = bias + w_u + w_i + &lt;v_u, v_i&gt; + sum_{side fields j} s_j(x_j) + d_g(t),   t = r / streamRows
 * d_g(t)    = driftScale ((1 - t) a_g + t b_g)                               (g: the item's genre)
 * </pre>
 *
 * {@code w_u, w_i ~ N(0, idWeightScale^2)}, {@code v_u, v_i ~ N(0, factorScale^2)^k} with {@code k} =
 * {@value #DEFAULT_FACTOR_DIM}, {@code s_j ~ N(0, attributeScale^2)} for age, gender, occupation, genre, year and
 * hour, {@code a_g, b_g ~ N(0, 1)}: each is a deterministic function of {@code (seed, kind, id)} (Gaussian draws
 * from {@code mix64} hashes, as {@link SyntheticCriteo} does), so no table of size cardinality exists. The genre
 * preference moves from {@code a_g} to {@code b_g} over the stream: a model fitted on the first 80% of rows sees a
 * slightly different world in the last 20%. The bias is calibrated at construction by bisection so that the mean
 * planted probability over {@value #CALIBRATION_ROWS} rows spread evenly over the stream equals {@code labelRate}
 * (default {@value #DEFAULT_LABEL_RATE}, like MovieLens 100k's share of ratings {@code >= 4}). With the defaults,
 * the 100,000 rows of seed 42 have a planted AUC of 0.781 and a label rate of 54.6% (55.0% in the first 80,000
 * rows, 53.0% in the last 20,000: the drift); 9.3% of the last 20,000 rows have a user (4.6%) or an item (4.9%)
 * that never occurs in the first 80,000 (7.8% to 12.5% over seeds 1..7). Without the factors the planted AUC is
 * 0.709, with the factors alone 0.727: a linear model over these fields cannot reach the ceiling. Shorter streams
 * of the same pools are sparser: with 2,500 rows, 43% of the last 500 rows meet a user or an item unseen before.
 *
 * <h2>Feature index layout</h2>
 *
 * Every row has one active feature per field, value 1. Fields (0-based, LibFFM) and their global 0-based index
 * ranges, over a fixed index space sized for the final pools ({@code U = users}, {@code I = items}):
 *
 * <pre>
 * field 0 user        [0, U)
 * field 1 item        [U, U + I)
 * field 2 age         [U + I, U + I + 7)
 * field 3 gender      [U + I + 7, U + I + 9)
 * field 4 occupation  [U + I + 9, U + I + 30)
 * field 5 genre       [U + I + 30, U + I + 49)
 * field 6 year        [U + I + 49, U + I + 57)
 * field 7 hour        [U + I + 57, U + I + 81)
 * </pre>
 *
 * so {@link #numFeatures()} is {@code U + I + 81} (2,706 with the defaults). LibFFM lines ({@link #writeLibFfmRow})
 * are {@code label field:index:1} in field order (indices ascending); LibSVM lines ({@link #writeLibSvmRow}) carry
 * the same features with 1-based indices, {@code label (index + 1):1}.
 *
 * <p>Instances are immutable and thread-safe; every row method allocates one small generator per row.
 */
public final class SyntheticUserItem implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Users at the end of the stream (MovieLens 100k). */
  public static final int DEFAULT_USERS = 943;
  /** Items at the end of the stream (MovieLens 100k). */
  public static final int DEFAULT_ITEMS = 1682;
  /** Rows in the stream (MovieLens 100k's ratings): the time over which pools grow and tastes drift. */
  public static final long DEFAULT_STREAM_ROWS = 100_000;
  /** Target mean click probability (MovieLens 100k: 55% of ratings are 4 or 5). */
  public static final double DEFAULT_LABEL_RATE = 0.55;
  /** Zipf exponent of user activity. */
  public static final double DEFAULT_USER_ZIPF_EXPONENT = 0.5;
  /** Zipf exponent of item popularity. */
  public static final double DEFAULT_ITEM_ZIPF_EXPONENT = 0.7;
  /** Share of users and items present at row 0. */
  public static final double DEFAULT_INITIAL_POOL_FRACTION = 0.6;
  /** Standard deviation of the planted user and item weights. */
  public static final double DEFAULT_ID_WEIGHT_SCALE = 0.5;
  /** Standard deviation of each planted factor entry. */
  public static final double DEFAULT_FACTOR_SCALE = 0.7;
  /** Factor dimension k. */
  public static final int DEFAULT_FACTOR_DIM = 4;
  /** Standard deviation of the planted side-feature weights. */
  public static final double DEFAULT_ATTRIBUTE_SCALE = 0.15;
  /** Scale of the drifting genre preference. */
  public static final double DEFAULT_DRIFT_SCALE = 0.3;

  /** Rows used to calibrate the bias (fewer when the stream is shorter). */
  static final int CALIBRATION_ROWS = 4096;

  /** Number of fields. */
  public static final int NUM_FIELDS = 8;
  /** Field names, in field order. */
  public static final String[] FIELD_NAMES = {"user", "item", "age", "gender", "occupation", "genre", "year", "hour"};
  static final int USER = 0;
  static final int ITEM = 1;
  static final int AGE = 2;
  static final int GENDER = 3;
  static final int OCCUPATION = 4;
  static final int GENRE = 5;
  static final int YEAR = 6;
  static final int HOUR = 7;

  /** Age buckets 1, 18, 25, 35, 45, 50, 56 (MovieLens 1M codes); weights shaped like its users. */
  static final double[] AGE_WEIGHTS = {222, 1103, 2096, 1193, 550, 496, 380};
  /** M, F. */
  static final double[] GENDER_WEIGHTS = {4331, 1709};
  /** MovieLens 1M occupation codes 0 (other) .. 20 (writer). */
  static final double[] OCCUPATION_WEIGHTS = {
    711, 528, 267, 173, 759, 112, 236, 679, 17, 92, 195, 129, 388, 142, 302, 144, 241, 502, 70, 72, 281
  };
  /** MovieLens 100k genres unknown, Action, Adventure, ..., War, Western (u.genre order). */
  static final double[] GENRE_WEIGHTS = {
    2, 251, 135, 42, 122, 505, 109, 50, 725, 22, 24, 92, 56, 61, 247, 101, 251, 71, 27
  };
  /** Release year: before 1940, 1940s, 1950s, 1960s, 1970s, 1980s, 1990-94, 1995-98. */
  static final double[] YEAR_WEIGHTS = {4, 4, 5, 5, 6, 12, 26, 38};
  /** Hours 0..23: {@code 1 + 0.6 cos(2 pi (h - 20) / 24)}. */
  static final double[] HOUR_WEIGHTS = hourWeights();

  private static final double[][] CDF = {
    null, null, cdf(AGE_WEIGHTS), cdf(GENDER_WEIGHTS), cdf(OCCUPATION_WEIGHTS), cdf(GENRE_WEIGHTS),
    cdf(YEAR_WEIGHTS), cdf(HOUR_WEIGHTS)
  };

  /** Salts that separate the hash streams (arbitrary odd constants). */
  private static final long ROW_SALT = 0x3C6EF372FE94F82BL;
  private static final long WEIGHT_SALT = 0x510E527FADE682D1L;
  private static final long ATTRIBUTE_SALT = 0x1F83D9ABFB41BD6BL;
  private static final long PERMUTATION_SALT = 0x5BE0CD19137E2179L;
  /** Tags of the planted parameter kinds inside the weight stream. */
  private static final int TAG_DRIFT_FROM = 100;
  private static final int TAG_DRIFT_TO = 101;

  private final long seed;
  private final int users;
  private final int items;
  private final long streamRows;
  private final double labelRate;
  private final double initialPoolFraction;
  private final double idWeightScale;
  private final double factorScale;
  private final int factorDim;
  private final double attributeScale;
  private final double driftScale;
  private final ZipfSampler userSampler;
  private final ZipfSampler itemSampler;
  private final int[] sizes;
  private final int[] offsets;
  private final int initialUsers;
  private final int initialItems;
  private final long userA;
  private final long userB;
  private final long itemA;
  private final long itemB;
  private final long rowKey;
  private final long weightKey;
  private final long attributeKey;
  private final double bias;

  /**
   * Generator with default knobs.
   *
   * @param seed any long
   */
  public SyntheticUserItem(long seed) {
    this(builder(seed));
  }

  private SyntheticUserItem(Builder b) {
    this.seed = b.seed;
    this.users = b.users;
    this.items = b.items;
    this.streamRows = b.streamRows;
    this.labelRate = b.labelRate;
    this.initialPoolFraction = b.initialPoolFraction;
    this.idWeightScale = b.idWeightScale;
    this.factorScale = b.factorScale;
    this.factorDim = b.factorDim;
    this.attributeScale = b.attributeScale;
    this.driftScale = b.driftScale;
    this.userSampler = new ZipfSampler(users, b.userZipfExponent);
    this.itemSampler = new ZipfSampler(items, b.itemZipfExponent);
    this.sizes = new int[] {
      users, items, AGE_WEIGHTS.length, GENDER_WEIGHTS.length, OCCUPATION_WEIGHTS.length, GENRE_WEIGHTS.length,
      YEAR_WEIGHTS.length, HOUR_WEIGHTS.length
    };
    this.offsets = new int[NUM_FIELDS + 1];
    for (int f = 0; f < NUM_FIELDS; f++) {
      offsets[f + 1] = offsets[f] + sizes[f];
    }
    this.initialUsers = initialPool(users, initialPoolFraction);
    this.initialItems = initialPool(items, initialPoolFraction);
    final long permutationKey = SplitMix64.mix64(seed ^ PERMUTATION_SALT);
    this.userA = coprimeMultiplier(SplitMix64.mix64(permutationKey + 1), users);
    this.userB = Math.floorMod(SplitMix64.mix64(permutationKey + 2), (long) users);
    this.itemA = coprimeMultiplier(SplitMix64.mix64(permutationKey + 3), items);
    this.itemB = Math.floorMod(SplitMix64.mix64(permutationKey + 4), (long) items);
    this.rowKey = SplitMix64.mix64(seed ^ ROW_SALT);
    this.weightKey = SplitMix64.mix64(seed ^ WEIGHT_SALT);
    this.attributeKey = SplitMix64.mix64(seed ^ ATTRIBUTE_SALT);
    this.bias = calibrateBias();
  }

  /** @return a builder with the defaults ({@code DEFAULT_*} constants) */
  public static Builder builder(long seed) {
    return new Builder(seed);
  }

  /** Optional knobs; each setter validates its argument. */
  public static final class Builder {
    private final long seed;
    private int users = DEFAULT_USERS;
    private int items = DEFAULT_ITEMS;
    private long streamRows = DEFAULT_STREAM_ROWS;
    private double labelRate = DEFAULT_LABEL_RATE;
    private double userZipfExponent = DEFAULT_USER_ZIPF_EXPONENT;
    private double itemZipfExponent = DEFAULT_ITEM_ZIPF_EXPONENT;
    private double initialPoolFraction = DEFAULT_INITIAL_POOL_FRACTION;
    private double idWeightScale = DEFAULT_ID_WEIGHT_SCALE;
    private double factorScale = DEFAULT_FACTOR_SCALE;
    private int factorDim = DEFAULT_FACTOR_DIM;
    private double attributeScale = DEFAULT_ATTRIBUTE_SCALE;
    private double driftScale = DEFAULT_DRIFT_SCALE;

    private Builder(long seed) {
      this.seed = seed;
    }

    /** @param n users at the end of the stream, in [1, 2^28] (default 943) */
    public Builder users(int n) {
      require(n >= 1 && n <= (1 << 28), "users MUST be in [1, 2^28]", n);
      this.users = n;
      return this;
    }

    /** @param n items at the end of the stream, in [1, 2^28] (default 1682) */
    public Builder items(int n) {
      require(n >= 1 && n <= (1 << 28), "items MUST be in [1, 2^28]", n);
      this.items = n;
      return this;
    }

    /** @param rows rows in the stream, {@code >= 1}: pools reach their final size at its last row (default 100,000) */
    public Builder streamRows(long rows) {
      require(rows >= 1, "streamRows MUST be >= 1", rows);
      this.streamRows = rows;
      return this;
    }

    /** @param rate target mean click probability, in (0, 1) (default 0.55) */
    public Builder labelRate(double rate) {
      require(rate > 0 && rate < 1, "labelRate MUST be in (0, 1)", rate);
      this.labelRate = rate;
      return this;
    }

    /** @param q Zipf exponent of user activity, in (0, 10) (default 0.5) */
    public Builder userZipfExponent(double q) {
      require(q > 0 && q < 10, "userZipfExponent MUST be in (0, 10)", q);
      this.userZipfExponent = q;
      return this;
    }

    /** @param q Zipf exponent of item popularity, in (0, 10) (default 0.7) */
    public Builder itemZipfExponent(double q) {
      require(q > 0 && q < 10, "itemZipfExponent MUST be in (0, 10)", q);
      this.itemZipfExponent = q;
      return this;
    }

    /**
     * @param fraction share of users and items present at row 0, in [0.1, 1] (default 0.6; 1: no arrivals). The
     *     lower bound keeps the rejection draw of an arrived id cheap.
     */
    public Builder initialPoolFraction(double fraction) {
      require(fraction >= 0.1 && fraction <= 1, "initialPoolFraction MUST be in [0.1, 1]", fraction);
      this.initialPoolFraction = fraction;
      return this;
    }

    /** @param scale standard deviation of the user and item weights, in [0, 100) (default 0.5) */
    public Builder idWeightScale(double scale) {
      require(scale >= 0 && scale < 100, "idWeightScale MUST be in [0, 100)", scale);
      this.idWeightScale = scale;
      return this;
    }

    /** @param scale standard deviation of factor entries, in [0, 100) (default 0.7) */
    public Builder factorScale(double scale) {
      require(scale >= 0 && scale < 100, "factorScale MUST be in [0, 100)", scale);
      this.factorScale = scale;
      return this;
    }

    /** @param k factor dimension, in [1, 64] (default 4) */
    public Builder factorDim(int k) {
      require(k >= 1 && k <= 64, "factorDim MUST be in [1, 64]", k);
      this.factorDim = k;
      return this;
    }

    /** @param scale standard deviation of the side-feature weights, in [0, 100) (default 0.15) */
    public Builder attributeScale(double scale) {
      require(scale >= 0 && scale < 100, "attributeScale MUST be in [0, 100)", scale);
      this.attributeScale = scale;
      return this;
    }

    /** @param scale scale of the drifting genre preference, in [0, 100) (default 0.3; 0: no drift) */
    public Builder driftScale(double scale) {
      require(scale >= 0 && scale < 100, "driftScale MUST be in [0, 100)", scale);
      this.driftScale = scale;
      return this;
    }

    public SyntheticUserItem build() {
      return new SyntheticUserItem(this);
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

  /** @return users at the end of the stream */
  public int users() {
    return users;
  }

  /** @return items at the end of the stream */
  public int items() {
    return items;
  }

  /** @return rows in the stream */
  public long streamRows() {
    return streamRows;
  }

  /** @return the target mean click probability the bias was calibrated to */
  public double labelRate() {
    return labelRate;
  }

  /** @return the calibrated bias of the planted margin */
  public double bias() {
    return bias;
  }

  /** @return the size of the fixed feature index space: {@code users + items + 81} */
  public int numFeatures() {
    return offsets[NUM_FIELDS];
  }

  /**
   * @param field 0..7
   * @return the first global index of the field (see the class comment's layout)
   */
  public int fieldOffset(int field) {
    checkField(field);
    return offsets[field];
  }

  /**
   * @param field 0..7
   * @return the number of values of the field
   */
  public int fieldSize(int field) {
    checkField(field);
    return sizes[field];
  }

  /** @return the number of users that have arrived by row {@code r} (ids {@code 0..} that minus 1) */
  public int poolUsers(long r) {
    return pool(initialUsers, users, r);
  }

  /** @return the number of items that have arrived by row {@code r} */
  public int poolItems(long r) {
    return pool(initialItems, items, r);
  }

  /**
   * The row's field values, each 0-based within its field (add {@link #fieldOffset} for the global index).
   *
   * @param r the row (its time)
   * @param out receives {@value #NUM_FIELDS} values: user, item, age, gender, occupation, genre, year, hour
   */
  public void features(long r, int[] out) {
    if (out.length < NUM_FIELDS) {
      throw new IllegalArgumentException("out MUST hold " + NUM_FIELDS + " values, but got length " + out.length);
    }
    final SplitMix64 rng = new SplitMix64(SplitMix64.mix64(rowKey + SplitMix64.mix64(r)));
    final int user = drawId(rng, userSampler, userA, userB, users, poolUsers(r));
    final int item = drawId(rng, itemSampler, itemA, itemB, items, poolItems(r));
    out[USER] = user;
    out[ITEM] = item;
    out[AGE] = attribute(AGE, user);
    out[GENDER] = attribute(GENDER, user);
    out[OCCUPATION] = attribute(OCCUPATION, user);
    out[GENRE] = attribute(GENRE, item);
    out[YEAR] = attribute(YEAR, item);
    out[HOUR] = bucket(CDF[HOUR], rng.nextDouble());
  }

  /** @return the planted margin of row {@code r}, bias included */
  public double plantedMargin(long r) {
    return bias + margin(r, new int[NUM_FIELDS]);
  }

  /** @return the planted click probability of row {@code r}: its label is Bernoulli of it */
  public double plantedProbability(long r) {
    return Numerics.sigmoid(plantedMargin(r));
  }

  /** @return the label (0 or 1) of row {@code r} */
  public int label(long r) {
    return label(r, plantedProbability(r));
  }

  /**
   * Writes row {@code r} as one LibFFM line {@code label field:index:1 ...} (8 entries, 0-based fields and global
   * indices, no trailing newline) to {@code out}.
   *
   * @return the planted click probability of the row (its label was drawn from it)
   */
  public double writeLibFfmRow(long r, StringBuilder out) {
    return writeIndexed(r, out, true);
  }

  /**
   * Writes row {@code r} as one LibSVM line {@code label index:1 ...} (8 entries, 1-based global indices: the
   * LibFFM line's index plus 1, no trailing newline) to {@code out}.
   *
   * @return the planted click probability of the row
   */
  public double writeLibSvmRow(long r, StringBuilder out) {
    return writeIndexed(r, out, false);
  }

  /**
   * Writes rows {@code [from, to)} as LibFFM or LibSVM lines, each followed by '\n'.
   *
   * <p>The summary holds the planted probability and label of every row (16 bytes per row) to compute the planted
   * AUC, so ranges are limited to {@code Integer.MAX_VALUE - 8} rows.
   *
   * @return counts and the planted model's AUC and log loss on these rows
   * @throws IOException from {@code out}
   */
  public SyntheticCriteo.Summary write(long from, long to, boolean libffm, Writer out) throws IOException {
    final int n = checkRange(from, to);
    final double[] probabilities = new double[n];
    final double[] labels = new double[n];
    long positives = 0;
    final StringBuilder line = new StringBuilder(128);
    for (int i = 0; i < n; i++) {
      line.setLength(0);
      probabilities[i] = writeIndexed(from + i, line, libffm);
      if (line.charAt(0) == '1') {
        labels[i] = 1.0;
        positives++;
      }
      line.append('\n');
      out.append(line);
    }
    return new SyntheticCriteo.Summary(n, positives, Auc.of(probabilities, labels, n),
        LogLoss.of(probabilities, labels, n));
  }

  /**
   * How many rows of {@code [testFrom, testTo)} have a user or an item that occurs in no row of {@code [trainFrom,
   * trainTo)}: the cold-start share a model trained on the first range meets on the second. O(rows) on one thread
   * (a few hundred nanoseconds per row), memory O(users + items).
   *
   * @return {rows, rows with an unseen user, rows with an unseen item, rows with either}
   */
  public long[] unseenCounts(long trainFrom, long trainTo, long testFrom, long testTo) {
    checkRange(trainFrom, trainTo);
    checkRange(testFrom, testTo);
    final BitSet seenUsers = new BitSet(users);
    final BitSet seenItems = new BitSet(items);
    final int[] x = new int[NUM_FIELDS];
    for (long r = trainFrom; r < trainTo; r++) {
      features(r, x);
      seenUsers.set(x[USER]);
      seenItems.set(x[ITEM]);
    }
    final long[] counts = new long[4];
    for (long r = testFrom; r < testTo; r++) {
      features(r, x);
      final boolean user = !seenUsers.get(x[USER]);
      final boolean item = !seenItems.get(x[ITEM]);
      counts[0]++;
      counts[1] += user ? 1 : 0;
      counts[2] += item ? 1 : 0;
      counts[3] += user || item ? 1 : 0;
    }
    return counts;
  }

  private double writeIndexed(long r, StringBuilder out, boolean libffm) {
    final int[] x = new int[NUM_FIELDS];
    final double p = Numerics.sigmoid(bias + margin(r, x));
    out.append(label(r, p) == 1 ? '1' : '0');
    for (int f = 0; f < NUM_FIELDS; f++) {
      out.append(' ');
      if (libffm) {
        out.append(f).append(':').append(offsets[f] + x[f]);
      } else {
        out.append(offsets[f] + x[f] + 1);
      }
      out.append(":1");
    }
    return p;
  }

  /** The label has its own stream, so the features do not depend on the bias or the model. */
  private int label(long r, double p) {
    final SplitMix64 labelRng = new SplitMix64(SplitMix64.mix64(rowKey + ~SplitMix64.mix64(r)));
    return labelRng.nextDouble() < p ? 1 : 0;
  }

  /** Fills {@code x} with the row's field values and returns its planted margin without the bias. */
  private double margin(long r, int[] x) {
    features(r, x);
    final long hUser = paramHash(USER, x[USER]);
    final long hItem = paramHash(ITEM, x[ITEM]);
    double m = idWeightScale * (gaussian(hUser) + gaussian(hItem));
    double dot = 0.0;
    for (int f = 0; f < factorDim; f++) {
      final long uf = SplitMix64.mix64(hUser + (f + 2) * SplitMix64.GOLDEN_GAMMA);
      final long vf = SplitMix64.mix64(hItem + (f + 2) * SplitMix64.GOLDEN_GAMMA);
      dot += gaussian(uf) * gaussian(vf);
    }
    m += factorScale * factorScale * dot;
    for (int j = AGE; j < NUM_FIELDS; j++) {
      m += attributeScale * gaussian(paramHash(j, x[j]));
    }
    final double t = time(r);
    final int genre = x[GENRE];
    m += driftScale * ((1.0 - t) * gaussian(paramHash(TAG_DRIFT_FROM, genre))
        + t * gaussian(paramHash(TAG_DRIFT_TO, genre)));
    return m;
  }

  /** Hash of the planted parameter of (kind, value): a function of the seed, no table. */
  private long paramHash(int kind, int value) {
    return SplitMix64.mix64(weightKey + (kind + 1) * SplitMix64.GOLDEN_GAMMA + SplitMix64.mix64(value));
  }

  /** A standard normal from one hash. */
  private static double gaussian(long h) {
    return SplitMix64.gaussian(h, SplitMix64.mix64(h + 1));
  }

  /** The attribute of field {@code field} of user or item {@code id}: a categorical draw from a hash. */
  private int attribute(int field, int id) {
    final long h = SplitMix64.mix64(attributeKey + (field + 1) * SplitMix64.GOLDEN_GAMMA + SplitMix64.mix64(id));
    return bucket(CDF[field], SplitMix64.unit(h));
  }

  /** Time in [0, 1): the row's position in the stream, clamped at its ends. */
  private double time(long r) {
    return (double) Math.min(Math.max(r, 0L), streamRows - 1) / streamRows;
  }

  /** {@code N0 + ceil((N - N0) (r + 1) / streamRows)}, {@code r} clamped to the stream. */
  private int pool(int initial, int total, long r) {
    final long clamped = Math.min(Math.max(r, 0L), streamRows - 1);
    final long arrived = ((total - initial) * (clamped + 1) + streamRows - 1) / streamRows;
    return (int) (initial + arrived);
  }

  /** A Zipf rank through the affine bijection, drawn again until the id has arrived. */
  private static int drawId(SplitMix64 rng, ZipfSampler sampler, long a, long b, int n, int arrived) {
    while (true) {
      final long id = (a * (sampler.sample(rng) - 1) + b) % n;
      if (id < arrived) {
        return (int) id;
      }
    }
  }

  private static int initialPool(int n, double fraction) {
    return (int) Math.max(1, Math.min(n, Math.round(n * fraction)));
  }

  /** A multiplier in [1, n) coprime with n (1 when n is 1 or 2). */
  private static long coprimeMultiplier(long h, int n) {
    if (n <= 2) {
      return 1;
    }
    long a = 1 + Math.floorMod(h, (long) (n - 1));
    while (gcd(a, n) != 1) {
      a = a + 1 == n ? 1 : a + 1;
    }
    return a;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      final long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  private static int bucket(double[] cdf, double u) {
    for (int i = 0; i < cdf.length - 1; i++) {
      if (u < cdf[i]) {
        return i;
      }
    }
    return cdf.length - 1;
  }

  private static double[] cdf(double[] weights) {
    double total = 0.0;
    for (double w : weights) {
      total += w;
    }
    final double[] cdf = new double[weights.length];
    double acc = 0.0;
    for (int i = 0; i < weights.length; i++) {
      acc += weights[i];
      cdf[i] = acc / total;
    }
    return cdf;
  }

  private static double[] hourWeights() {
    final double[] w = new double[24];
    for (int h = 0; h < 24; h++) {
      w[h] = 1.0 + 0.6 * Math.cos(2.0 * Math.PI * (h - 20) / 24.0);
    }
    return w;
  }

  private static void checkField(int field) {
    if (field < 0 || field >= NUM_FIELDS) {
      throw new IllegalArgumentException("field MUST be in [0, " + NUM_FIELDS + "), but got " + field);
    }
  }

  private static int checkRange(long from, long to) {
    if (to < from || to - from > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "Row range MUST satisfy from <= to and to - from <= " + (Integer.MAX_VALUE - 8) + ", but got [" + from
              + ", " + to + ")");
    }
    return (int) (to - from);
  }

  /** Bisection on the bias so that the mean planted probability over rows spread over the stream is labelRate. */
  private double calibrateBias() {
    final int n = (int) Math.min(CALIBRATION_ROWS, streamRows);
    final double[] margins = new double[n];
    final int[] x = new int[NUM_FIELDS];
    for (int j = 0; j < n; j++) {
      margins[j] = margin((long) Math.floor((double) j * streamRows / n), x);
    }
    double lo = -50.0;
    double hi = 50.0;
    for (int it = 0; it < 100 && hi - lo > 1e-12; it++) {
      final double mid = 0.5 * (lo + hi);
      double mean = 0.0;
      for (double m : margins) {
        mean += Numerics.sigmoid(mid + m);
      }
      mean /= n;
      if (mean < labelRate) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }
}
