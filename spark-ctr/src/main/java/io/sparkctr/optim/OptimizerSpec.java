package io.sparkctr.optim;

import io.sparkctr.optim.ftrl.FtrlContractionMerge;
import io.sparkctr.optim.ftrl.FtrlHyperParams;
import io.sparkctr.optim.ftrl.FtrlOptimizer;
import io.sparkctr.optim.group.GroupAdamHyperParams;
import io.sparkctr.optim.group.GroupAdamMerge;
import io.sparkctr.optim.group.GroupAdamOptimizer;
import io.sparkctr.optim.group.GroupLayout;
import io.sparkctr.optim.group.SparseGroupFtrlHyperParams;
import io.sparkctr.optim.group.SparseGroupFtrlOptimizer;
import io.sparkctr.optim.group.SparseGroupFtrlSumMerge;
import io.sparkctr.optim.rda.RdaHyperParams;
import io.sparkctr.optim.rda.RdaOptimizer;
import io.sparkctr.optim.rda.RdaSumMerge;
import java.io.Serializable;

/**
 * Which optimizer a training run uses: how to create its zero state and how partitions' passes
 * merge. A value object, shipped to the tasks with the training configuration.
 */
public interface OptimizerSpec extends Serializable {
  /** The name the {@code optimizer} Param and {@code --optimizer} use. */
  String name();

  /** A fresh state over {@code dimension} coordinates, {@code [0, numRegularized)} penalised. */
  SparseOnlineOptimizer create(int dimension, int numRegularized);

  MergeRule merge();

  /** A state whose weights start at {@code initialWeights} (a warm start, e.g. a refit). */
  SparseOnlineOptimizer createFrom(double[] initialWeights, int numRegularized);

  /**
   * The same optimizer over float parameter rows ({@link RowOptimizer}): what the trainers step for every
   * model with a row kernel (logistic regression, FM, FFM). The double state ({@link #create}) is the
   * reference the rows are measured against.
   */
  RowOptimizer<?> rowOptimizer();

  /** FTRL-Proximal (McMahan et al. 2013), merged by {@link FtrlContractionMerge}. */
  static OptimizerSpec ftrl(FtrlHyperParams hyper) {
    return new Simple("ftrl", hyper, (d, r) -> new FtrlOptimizer(hyper, d, r),
        (w, r) -> FtrlOptimizer.withWeights(hyper, w, r), new FtrlContractionMerge(),
        () -> new io.sparkctr.optim.ftrl.FtrlRows(hyper));
  }

  /** L1-RDA (Xiao 2010), merged by summing (G, t) ({@link RdaSumMerge}). */
  static OptimizerSpec rda(RdaHyperParams hyper) {
    return new Simple("rda", hyper, (d, r) -> new RdaOptimizer(hyper, d, r), (w, r) -> new RdaOptimizer(hyper, w, r),
        new RdaSumMerge(), () -> new io.sparkctr.optim.rda.RdaRows(hyper));
  }

  /**
   * Sparse group FTRL (tfplus, algorithms.md section 7.1) over {@code layout}'s groups, merged by summing
   * the increments of z and n ({@link SparseGroupFtrlSumMerge}). On float rows a group is a row (the layout's
   * embedding rows and singletons are the kernels' rows). {@code create} and {@code createFrom}
   * check that the dimension and numRegularized they are given are the layout's.
   */
  static OptimizerSpec sparseGroupFtrl(SparseGroupFtrlHyperParams hyper, GroupLayout layout) {
    return new Simple("sparseGroupFtrl", hyper,
        (d, r) -> new SparseGroupFtrlOptimizer(hyper, layout.checkShape(d, r)),
        (w, r) -> SparseGroupFtrlOptimizer.withWeights(hyper, layout, w, r), new SparseGroupFtrlSumMerge(),
        () -> new io.sparkctr.optim.group.SparseGroupFtrlRows(hyper));
  }

  /**
   * Group Adam (tfplus, algorithms.md section 7.2) over {@code layout}'s groups, merged by
   * {@link GroupAdamMerge} (moments averaged, weight changes summed, steps summed). {@code create} and
   * {@code createFrom} check that the dimension and numRegularized they are given are the layout's.
   */
  static OptimizerSpec groupAdam(GroupAdamHyperParams hyper, GroupLayout layout) {
    return new Simple("groupAdam", hyper, (d, r) -> new GroupAdamOptimizer(hyper, layout.checkShape(d, r)),
        (w, r) -> GroupAdamOptimizer.withWeights(hyper, layout, w, r), new GroupAdamMerge(),
        () -> new io.sparkctr.optim.group.GroupAdamRows(hyper));
  }

  /** Creates a zero state; serializable so a spec can travel to the tasks. */
  @FunctionalInterface
  interface Factory extends Serializable {
    SparseOnlineOptimizer create(int dimension, int numRegularized);
  }

  /** Creates a warm-started state. */
  @FunctionalInterface
  interface WarmFactory extends Serializable {
    SparseOnlineOptimizer create(double[] initialWeights, int numRegularized);
  }

  /** Plain SGD (baseline), merged by averaging weights. */
  static OptimizerSpec sgd(io.sparkctr.optim.sgd.SgdHyperParams hyper) {
    return new Simple("sgd", hyper, (d, r) -> new io.sparkctr.optim.sgd.SgdOptimizer(hyper, d, r),
        (w, r) -> new io.sparkctr.optim.sgd.SgdOptimizer(hyper, w, r), new AveragingMerge(),
        () -> new io.sparkctr.optim.sgd.SgdRows(hyper));
  }

  /** AdaGrad (baseline), merged by averaging weights and summing accumulators. */
  static OptimizerSpec adagrad(io.sparkctr.optim.sgd.AdaGradHyperParams hyper) {
    return new Simple("adagrad", hyper, (d, r) -> new io.sparkctr.optim.sgd.AdaGradOptimizer(hyper, d, r),
        (w, r) -> new io.sparkctr.optim.sgd.AdaGradOptimizer(hyper, w, r),
        new AveragingMerge(), () -> new io.sparkctr.optim.sgd.AdaGradRows(hyper));
  }

  /** L1-regularized SGD (subgradient), merged by averaging weights. */
  static OptimizerSpec l1sgd(io.sparkctr.optim.sgd.L1SgdHyperParams hyper) {
    return new Simple("l1sgd", hyper, (d, r) -> new io.sparkctr.optim.sgd.L1SgdOptimizer(hyper, d, r),
        (w, r) -> new io.sparkctr.optim.sgd.L1SgdOptimizer(hyper, w, r),
        new AveragingMerge(), () -> new io.sparkctr.optim.sgd.L1SgdRows(hyper));
  }

  /** Simple truncation (Langford et al. 2009), merged by averaging weights, then truncating. */
  static OptimizerSpec truncation(io.sparkctr.optim.truncation.TruncationHyperParams hyper) {
    return new Simple("truncation", hyper,
        (d, r) -> new io.sparkctr.optim.truncation.TruncationOptimizer(hyper, d, r),
        (w, r) -> new io.sparkctr.optim.truncation.TruncationOptimizer(hyper, w, r), new AveragingMerge(),
        () -> new io.sparkctr.optim.truncation.TruncationRows(hyper));
  }

  /** Truncated gradient (Langford, Li, Zhang 2009), merged by averaging weights, then truncating. */
  static OptimizerSpec tg(io.sparkctr.optim.truncatedgradient.TruncatedGradientHyperParams hyper) {
    return new Simple("tg", hyper,
        (d, r) -> new io.sparkctr.optim.truncatedgradient.TruncatedGradientOptimizer(hyper, d, r),
        (w, r) -> new io.sparkctr.optim.truncatedgradient.TruncatedGradientOptimizer(hyper, w, r), new AveragingMerge(),
        () -> new io.sparkctr.optim.truncatedgradient.TruncatedGradientRows(hyper));
  }

  /** L1/elastic-net FOBOS (Duchi and Singer 2009), merged by averaging weights, then the prox. */
  static OptimizerSpec fobos(io.sparkctr.optim.fobos.FobosHyperParams hyper) {
    return new Simple("fobos", hyper, (d, r) -> new io.sparkctr.optim.fobos.FobosOptimizer(hyper, d, r),
        (w, r) -> new io.sparkctr.optim.fobos.FobosOptimizer(hyper, w, r),
        new AveragingMerge(), () -> new io.sparkctr.optim.fobos.FobosRows(hyper));
  }

  /** Creates the row form of an optimizer. */
  @FunctionalInterface
  interface RowFactory extends Serializable {
    RowOptimizer<?> create();
  }

  /** A spec from a name, its hyperparameter record, its double state's factories and merge rule, and its row form. */
  final class Simple implements OptimizerSpec {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final Serializable hyper;
    private final Factory factory;
    private final WarmFactory warmFactory;
    private final MergeRule merge;
    private final RowFactory rowFactory;

    Simple(String name, Serializable hyper, Factory factory, WarmFactory warmFactory, MergeRule merge,
        RowFactory rowFactory) {
      this.name = name;
      this.hyper = hyper;
      this.factory = factory;
      this.warmFactory = warmFactory;
      this.merge = merge;
      this.rowFactory = rowFactory;
    }

    @Override
    public RowOptimizer<?> rowOptimizer() {
      return rowFactory.create();
    }

    @Override
    public SparseOnlineOptimizer createFrom(double[] initialWeights, int numRegularized) {
      return warmFactory.create(initialWeights, numRegularized);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public SparseOnlineOptimizer create(int dimension, int numRegularized) {
      return factory.create(dimension, numRegularized);
    }

    @Override
    public MergeRule merge() {
      return merge;
    }

    /** The hyperparameter record (FtrlHyperParams, RdaHyperParams, ...). */
    public Serializable hyper() {
      return hyper;
    }

    @Override
    public String toString() {
      return name + hyper;
    }
  }
}
