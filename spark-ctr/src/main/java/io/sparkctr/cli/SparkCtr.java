package io.sparkctr.cli;

import io.sparkctr.data.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The spark-submit main class: {@code spark-submit --class io.sparkctr.cli.SparkCtr spark-ctr.jar
 * COMMAND ...}, or {@code scripts/spark-ctr COMMAND ...} on local[*] without a Spark installation.
 */
@Command(
    name = "spark-ctr",
    mixinStandardHelpOptions = true,
    version = "spark-ctr 0.1.0",
    description = "Click-through-rate models on Apache Spark with sparse online optimizers.",
    subcommands = {
      TrainCommand.class,
      EvaluateCommand.class,
      PredictCommand.class,
      CountCommand.class,
      SynthCommand.class,
      ExportCommand.class,
      PathCommand.class,
      SharpnessCommand.class
    })
public final class SparkCtr implements Runnable {
  static {
    // The optimizer help text comes from the registry (picocli interpolates ${sys:...} when it renders help).
    System.setProperty("sparkctr.optimizers", io.sparkctr.optim.OptimizerRegistry.descriptions());
    System.setProperty("sparkctr.deepFmOptimizers", io.sparkctr.optim.dense.MiniBatchOptimizerRegistry.OPTIMIZERS.descriptions());
    java.util.List<String> sparse = new java.util.ArrayList<>();
    for (String name : io.sparkctr.optim.OptimizerRegistry.sparseNames()) {
      sparse.add(name + " (" + io.sparkctr.optim.OptimizerRegistry.get(name).sparsity() + ")");
    }
    System.setProperty("sparkctr.sparseOptimizers", String.join(", ", sparse));
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: train, evaluate, predict, count, synth, export or path");
  }

  /** Runs a command line and returns its exit code (0 success, 1 failure, 2 usage error). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new SparkCtr());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("spark-ctr: " + describe(e));
      if (System.getenv("SPARK_CTR_DEBUG") != null) {
        e.printStackTrace(commandLine.getErr());
      }
      return 1;
    });
    return cli.execute(args);
  }

  /**
   * The most useful message in a failure's cause chain: our input errors are wrapped by Spark's task
   * failures, and the user needs the file, line and column, not the stage id.
   */
  static String describe(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof InvalidInputException) {
        return c.getMessage();
      }
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof IllegalArgumentException && c.getMessage() != null) {
        return c.getMessage();
      }
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  public static void main(String[] args) {
    int code = execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
