package io.sparkctr.optim.dense;

import io.sparkctr.optim.NamedOptimizers;
import java.util.ArrayList;
import java.util.List;

/**
 * Every mini-batch optimizer of DeepFM by the name its {@code optimizer} Param and {@code --optimizer} use: its
 * Params, a one-line description, its default learning rate, and how to build it: the base optimizer whose
 * state the partitions average (algorithms.md section 10, pattern 3) and the step around it (plain, or SAM's
 * and Helen's two evaluations). Param validation, the ownership check (a Param set for another optimizer is an
 * error), the CLI's help and the README's table read this list, so adding an optimizer is one entry here.
 */
public final class MiniBatchOptimizerRegistry {
  private MiniBatchOptimizerRegistry() {}

  /** The values an optimizer is built from, by Param name. */
  public interface Settings {
    double number(String param);

    boolean flag(String param);

    String text(String param);
  }

  /** Builds the base optimizer over a layout. */
  @FunctionalInterface
  public interface BaseFactory {
    DenseOptimizer create(ParameterLayout layout, double learningRate, Settings settings);
  }

  /** Builds the step around a base optimizer. */
  @FunctionalInterface
  public interface StepFactory {
    /**
     * @param rows the statistics of base's rows, when the entry {@link Entry#needsCounts}; else null
     */
    BatchStep wrap(DenseOptimizer base, Settings settings, FeatureCounts rows);
  }

  /**
   * One optimizer.
   *
   * @param params the Params it owns besides {@code stepSize}
   * @param defaultStepSize its learning rate when {@code stepSize} is 0 (scripts/bench-defaults; README "Defaults")
   * @param needsCounts whether its step needs each feature's field and count N (the frequency job's table)
   */
  public record Entry(String name, String description, List<String> params, double defaultStepSize,
      boolean needsCounts, BaseFactory base, StepFactory step) implements NamedOptimizers.Named {}

  private static final BaseFactory ADAM = (layout, lr, s) -> new AdamStep(layout, lr, lr);
  private static final StepFactory PLAIN = (base, s, rows) -> new PlainStep(base);

  /** Every optimizer, in the order the docs list them. */
  public static final NamedOptimizers<Entry> OPTIMIZERS = new NamedOptimizers<>(List.of(
      new Entry("sgd", "plain mini-batch SGD", List.of(), 0.15, false,
          (layout, lr, s) -> new SgdStep(layout, lr, lr), PLAIN),
      new Entry("adagrad", "AdaGrad (Duchi et al. 2011), lazy on the embedding rows", List.of(), 0.01, false,
          (layout, lr, s) -> new AdaGradStep(layout, lr, lr), PLAIN),
      new Entry("adam", "Adam (Kingma and Ba 2015), lazy on the embedding rows; the default", List.of(), 1e-3, false,
          ADAM, PLAIN),
      new Entry("sam", "SAM (Foret et al. 2021) around Adam: the step's gradient at a perturbed point",
          List.of("rho"), 1e-3, false, ADAM, (base, s, rows) -> new SamStep(base, s.number("rho"))),
      new Entry("helen", "Helen (Zhu et al. 2024) around Adam: SAM with radii scaled by feature frequency",
          List.of("rho", "zeta", "netPerturbation", "helenMode", "helenCountsPath"), 3e-3, true, ADAM,
          (base, s, rows) -> s.text("helenMode").equals("officialCode")
              ? HelenStep.officialCode(base, s.number("rho"), s.number("zeta"), s.flag("netPerturbation"), rows)
              : HelenStep.paper(base, s.number("rho"), s.number("zeta"), s.flag("netPerturbation"), rows)),
      new Entry("groupAdam", "Adam with a group-lasso proximal step (tfplus's GroupAdam): embedding rows set to 0",
          List.of("l1", "l21"), 1e-3, false,
          (layout, lr, s) -> new GroupAdamStep(layout, lr, s.number("l1"), s.number("l21")), PLAIN)));

  /** "name value" of every default learning rate, joined with ", " (the stepSize Param's doc). */
  public static String defaultStepSizes() {
    final List<String> parts = new ArrayList<>();
    for (Entry e : OPTIMIZERS.all()) {
      parts.add(e.name() + " " + e.defaultStepSize());
    }
    return String.join(", ", parts);
  }
}
