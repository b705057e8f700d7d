package io.sparkctr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stopping rule on scripted epochs: which epoch is best, when training stops, when the step decays. */
class StoppingRuleTest {
  /** Runs the monitor over validation AUCs (log loss 0.5 throughout) and returns the decisions. */
  private static List<StoppingRule.Decision> run(StoppingRule rule, double... aucs) {
    StoppingRule.Monitor monitor = rule.monitor();
    List<StoppingRule.Decision> out = new ArrayList<>();
    for (int e = 0; e < aucs.length; e++) {
      StoppingRule.Decision d = monitor.onEpoch(e + 1, 0.4, new ValidationMetrics(aucs[e], 0.5, 100));
      out.add(d);
      if (d.stop()) {
        break;
      }
    }
    return out;
  }

  @Test
  void aValidationSetThatGetsWorseAfterEpochTwoStopsAfterThePatienceAndKeepsEpochTwo() {
    StoppingRule rule = new StoppingRule(20, 1e-4, 2, "auc", 0.1);
    StoppingRule.Monitor monitor = rule.monitor();
    double[] aucs = {0.70, 0.72, 0.71, 0.715, 0.73};
    int epochs = 0;
    for (double auc : aucs) {
      epochs++;
      StoppingRule.Decision d = monitor.onEpoch(epochs, 0.4, new ValidationMetrics(auc, 0.5, 100));
      assertEquals(epochs <= 2, d.best(), "epoch " + epochs);
      assertEquals(epochs > 2, d.decayStepSize(), "a non-improving epoch decays the step: epoch " + epochs);
      if (d.stop()) {
        break;
      }
    }
    assertEquals(4, epochs, "two epochs in a row without improvement stop training (epoch 5 never runs)");
    assertEquals(2, monitor.bestEpoch());
  }

  @Test
  void improvementsBelowTolDoNotCountAndMaxIterBounds() {
    // 0.7001 beats 0.70 by 1e-4, less than tol 1e-3 times max(0.70, 0.01): not an improvement.
    List<StoppingRule.Decision> d = run(new StoppingRule(20, 1e-3, 1, "auc", 1.0), 0.70, 0.7001, 0.8);
    assertEquals(2, d.size());
    assertFalse(d.get(1).best());
    assertFalse(d.get(1).decayStepSize(), "stepSizeDecay 1 never decays");
    List<StoppingRule.Decision> bounded = run(new StoppingRule(3, 0.0, 5, "auc", 1.0), 0.6, 0.7, 0.8, 0.9);
    assertEquals(3, bounded.size());
    assertTrue(bounded.get(2).stop() && bounded.get(2).best());
  }

  @Test
  void eachMetricPicksItsOwnBest() {
    StoppingRule.Monitor auc = new StoppingRule(3, 0.0, 3, "auc", 1.0).monitor();
    StoppingRule.Monitor logLoss = new StoppingRule(3, 0.0, 3, "logLoss", 1.0).monitor();
    StoppingRule.Monitor both = new StoppingRule(3, 0.0, 3, "aucMinusLogLoss", 1.0).monitor();
    ValidationMetrics[] epochs = {new ValidationMetrics(0.70, 0.50, 1), new ValidationMetrics(0.75, 0.49, 1),
        new ValidationMetrics(0.74, 0.46, 1)};
    for (int e = 0; e < 3; e++) {
      auc.onEpoch(e + 1, 0.4, epochs[e]);
      logLoss.onEpoch(e + 1, 0.4, epochs[e]);
      both.onEpoch(e + 1, 0.4, epochs[e]);
    }
    assertEquals(2, auc.bestEpoch());
    assertEquals(3, logLoss.bestEpoch());
    assertEquals(3, both.bestEpoch(), "0.74 - 0.46 = 0.28 beats 0.75 - 0.49 = 0.26");
    // Validation rows of one class have no AUC: the log loss decides.
    StoppingRule.Monitor oneClass = new StoppingRule(2, 0.0, 3, "auc", 1.0).monitor();
    oneClass.onEpoch(1, 0.4, new ValidationMetrics(Double.NaN, 0.5, 1));
    assertTrue(oneClass.onEpoch(2, 0.4, new ValidationMetrics(Double.NaN, 0.4, 1)).best());
  }

  @Test
  void withoutValidationTheTrainingLossStallingStops() {
    StoppingRule.Monitor monitor = new StoppingRule(20, 0.01, 2, "auc", 0.1).monitor();
    assertFalse(monitor.onEpoch(1, 0.50, null).stop());
    assertFalse(monitor.onEpoch(2, 0.45, null).stop(), "10% better");
    StoppingRule.Decision third = monitor.onEpoch(3, 0.449, null);
    assertTrue(third.stop(), "0.2% better: under tol 1%");
    assertTrue(third.best() && !third.decayStepSize(), "without validation the last epoch is the model");
    assertEquals(3, monitor.bestEpoch());
    StoppingRule.Monitor fixed = StoppingRule.fixed(4).monitor();
    for (int e = 1; e <= 4; e++) {
      assertEquals(e == 4, fixed.onEpoch(e, 0.5 + e, null).stop(), "tol 0 runs every epoch, even when the loss rises");
    }
  }

  @Test
  void aDivergedEpochStopsTrainingAndKeepsTheBestModelSoFar() {
    StoppingRule.Monitor monitor = new StoppingRule(20, 0.0, 5, "auc", 0.1).monitor();
    assertTrue(monitor.onEpoch(1, 0.4, new ValidationMetrics(0.7, 0.5, 10)).best());
    StoppingRule.Decision nan = monitor.onEpoch(2, Double.NaN, new ValidationMetrics(Double.NaN,
        Double.POSITIVE_INFINITY, 10));
    assertTrue(nan.stop() && !nan.best());
    assertEquals(1, monitor.bestEpoch());
    StoppingRule.Monitor plain = new StoppingRule(20, 0.001, 5, "auc", 1.0).monitor();
    assertFalse(plain.onEpoch(1, 0.5, null).stop());
    assertTrue(plain.onEpoch(2, Double.NaN, null).stop(), "a NaN training loss stops training");
  }

  @Test
  void badRulesAreClearErrors() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new StoppingRule(5, 0.0, 0, "auc", 1.0));
    assertTrue(e.getMessage().contains("earlyStoppingPatience") && e.getMessage().contains("0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new StoppingRule(5, 0.0, 1, "accuracy", 1.0));
    assertTrue(e.getMessage().contains("accuracy") && e.getMessage().contains("aucMinusLogLoss"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new StoppingRule(5, -1.0, 1, "auc", 1.0));
    assertTrue(e.getMessage().contains("tol"), e.getMessage());
  }
}
