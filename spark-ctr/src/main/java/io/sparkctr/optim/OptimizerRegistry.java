package io.sparkctr.optim;

import io.sparkctr.optim.fobos.FobosHyperParams;
import io.sparkctr.optim.ftrl.FtrlHyperParams;
import io.sparkctr.optim.group.GroupAdamHyperParams;
import io.sparkctr.optim.group.GroupLayout;
import io.sparkctr.optim.group.SparseGroupFtrlHyperParams;
import io.sparkctr.optim.rda.RdaHyperParams;
import io.sparkctr.optim.schedule.LearningRateSchedule;
import io.sparkctr.optim.sgd.AdaGradHyperParams;
import io.sparkctr.optim.sgd.L1SgdHyperParams;
import io.sparkctr.optim.sgd.SgdHyperParams;
import io.sparkctr.optim.truncatedgradient.TruncatedGradientHyperParams;
import io.sparkctr.optim.truncation.TruncationHyperParams;
import java.util.List;
import java.util.function.Function;

/**
 * Every sparse online optimizer by the name the {@code optimizer} Param and {@code --optimizer} use: its
 * Params, the Param that sets its sparsity (what {@code path} sweeps), a one-line description, and how to
 * build it (its state and merge rule, {@link OptimizerSpec}). Param validation, the ownership check (a Param
 * set for another optimizer is an error), the CLI's help and the README's optimizer table all read this
 * list, so adding an optimizer is one entry here.
 */
public final class OptimizerRegistry {
  private OptimizerRegistry() {}

  /** The values an optimizer is built from, by Param name, already resolved (defaults, refit's zeros). */
  public interface Settings {
    double number(String param);

    int integer(String param);

    String text(String param);

    /** The model's parameter groups (embedding rows), for the group optimizers. */
    GroupLayout groups();
  }

  /**
   * One optimizer.
   *
   * @param sparsity the Param whose strength makes the model sparse (path's sweep), or null
   * @param pathGrid the strengths {@code path} sweeps by default (each optimizer's sparsity has its own scale),
   *     or null
   * @param stepParam the Param of its step size (alpha, gamma or stepSize)
   * @param defaultSteps that Param's default for logistic regression, FM and FFM ({@link OptimizerDefaults})
   */
  public record Entry(String name, String description, List<String> params, String sparsity, double[] pathGrid,
      String stepParam, double[] defaultSteps, Function<Settings, OptimizerSpec> factory)
      implements NamedOptimizers.Named {}

  private static LearningRateSchedule schedule(Settings s) {
    return LearningRateSchedule.fromName(s.text("schedule"));
  }

  private static final double[] L1_GRID = {0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2};
  /** The plain-step family's default stepSize for lr, fm, ffm (scripts/bench-defaults; README "Defaults"). */
  private static final double[] SGD_STEPS = {0.015, 0.005, 0.015};

  private static final NamedOptimizers<Entry> ENTRIES = new NamedOptimizers<>(List.of(
      new Entry("sgd", "plain SGD with optional L2 (lazy), the baseline",
          List.of("stepSize", "schedule", "l2"), null, null,
          "stepSize", SGD_STEPS,
          s -> OptimizerSpec.sgd(new SgdHyperParams(s.number("stepSize"), schedule(s), s.number("l2")))),
      new Entry("adagrad", "diagonal AdaGrad (Duchi et al. 2011), the adaptive baseline",
          List.of("stepSize", "beta"), null, null,
          "stepSize", new double[] {0.1, 0.03, 0.1},
          s -> OptimizerSpec.adagrad(new AdaGradHyperParams(s.number("stepSize"), s.number("beta"), 0.0))),
      new Entry("l1sgd", "SGD with the L1 subgradient (lazy cumulative penalty)",
          List.of("stepSize", "schedule", "l1", "l2"), "l1", L1_GRID,
          "stepSize", SGD_STEPS,
          s -> OptimizerSpec.l1sgd(
              new L1SgdHyperParams(s.number("stepSize"), schedule(s), s.number("l1"), s.number("l2")))),
      new Entry("truncation", "simple truncation: weights under theta set to 0 every truncationPeriod steps",
          List.of("stepSize", "schedule", "theta", "truncationPeriod"), "theta",
          new double[] {0, 0.001, 0.003, 0.01, 0.03, 0.1},
          "stepSize", SGD_STEPS,
          s -> OptimizerSpec.truncation(new TruncationHyperParams(s.number("stepSize"), schedule(s),
              s.number("theta"), s.integer("truncationPeriod")))),
      new Entry("tg", "truncated gradient (Langford, Li and Zhang 2009): l1 is the gravity",
          List.of("stepSize", "schedule", "l1", "theta", "truncationPeriod"), "l1", L1_GRID,
          "stepSize", SGD_STEPS,
          s -> OptimizerSpec.tg(new TruncatedGradientHyperParams(s.number("stepSize"), schedule(s), s.number("l1"),
              s.number("theta"), s.integer("truncationPeriod")))),
      new Entry("fobos", "L1-FOBOS (Duchi and Singer 2009): a gradient step, then the L1/L2 prox",
          List.of("stepSize", "schedule", "l1", "l2"), "l1", L1_GRID,
          "stepSize", SGD_STEPS,
          s -> OptimizerSpec.fobos(
              new FobosHyperParams(s.number("stepSize"), schedule(s), s.number("l1"), s.number("l2")))),
      new Entry("rda", "L1-RDA (Xiao 2010): dual averaging, gamma scales the steps down",
          List.of("gamma", "l1", "rho"), "l1", L1_GRID,
          "gamma", new double[] {1.0, 3.0, 1.0},
          s -> OptimizerSpec.rda(new RdaHyperParams(s.number("gamma"), s.number("l1"), s.number("rho")))),
      new Entry("ftrl", "FTRL-Proximal (McMahan et al. 2013): adaptive per-coordinate steps, L1 sparsity; the default",
          List.of("alpha", "beta", "l1", "l2"), "l1", new double[] {0, 0.3, 1, 3, 10, 30},
          "alpha", new double[] {0.1, 0.03, 0.1},
          s -> OptimizerSpec.ftrl(
              new FtrlHyperParams(s.number("alpha"), s.number("beta"), s.number("l1"), s.number("l2")))),
      new Entry("sparseGroupFtrl", "FTRL with a group lasso (TensorFlow's): whole embedding rows set to 0",
          List.of("alpha", "initialAccumulator", "l1", "l2", "l21"), "l21", new double[] {0, 0.1, 0.3, 1, 3, 10},
          "alpha", new double[] {0.05, 0.015, 0.05},
          s -> OptimizerSpec.sparseGroupFtrl(new SparseGroupFtrlHyperParams(s.number("alpha"),
              s.number("initialAccumulator"), s.number("l1"), s.number("l2"), s.number("l21")), s.groups())),
      new Entry("groupAdam", "Adam with a group-lasso proximal step (TensorFlow's group Adam): rows set to 0",
          List.of("stepSize", "l1", "l2", "l21"), "l21", new double[] {0, 0.003, 0.01, 0.03, 0.1},
          "stepSize", new double[] {0.001, 1e-4, 3e-4},
          s -> OptimizerSpec.groupAdam(
              GroupAdamHyperParams.of(s.number("stepSize"), s.number("l1"), s.number("l2"), s.number("l21")),
              s.groups()))));

  /** Every optimizer, in the order the docs list them. */
  public static List<Entry> all() {
    return ENTRIES.all();
  }

  /** The names, in order. */
  public static String[] names() {
    return ENTRIES.names();
  }

  /** The optimizers with a sparsity Param (what {@code path} can sweep). */
  public static String[] sparseNames() {
    return ENTRIES.all().stream().filter(e -> e.sparsity() != null).map(Entry::name).toArray(String[]::new);
  }

  /** The entry of {@code name}; an error naming the choices when there is none. */
  public static Entry get(String name) {
    return ENTRIES.get(name);
  }

  /** "name (description)" for every optimizer, joined with "; " (the CLI's help). */
  public static String descriptions() {
    return ENTRIES.descriptions();
  }

  /** "name: its Params" for every optimizer, joined with "; " (the optimizer Param's doc). */
  public static String paramsSummary() {
    return ENTRIES.paramsSummary();
  }

  /** Every Param some optimizer owns. */
  public static List<String> ownedParams() {
    return ENTRIES.ownedParams();
  }

  /** The optimizers that own {@code param}, joined with ", ". */
  public static String owners(String param) {
    return ENTRIES.owners(param);
  }
}
