package io.sparkctr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.ml.classification.DeepFmClassificationModel;
import io.sparkctr.ml.classification.FactorizationMachineClassificationModel;
import io.sparkctr.ml.classification.FtrlLogisticRegressionModel;
import io.sparkctr.models.deepfm.DeepFmModel;
import io.sparkctr.models.fm.FactorizationModel;
import io.sparkctr.testing.SharedDatasets;
import io.sparkctr.testing.SparkTestSession;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real Spark standalone cluster (scripts/cluster: a Master and two one-core Workers on 127.0.0.1)
 * runs the CLI through Spark's own SparkSubmit, and gives exactly the model that local[2] gives with
 * the same partitions and seed, also when a task's first attempt fails. Bounded in time; the cluster
 * is stopped even when a test fails.
 */
@Tag("cluster")
class StandaloneClusterTest {
  private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();
  private static Path work;
  private static Path clusterDir;
  private static Path jar;
  private static Path train;
  private static Path test;
  private static String masterUrl;

  @BeforeAll
  static void startCluster() throws Exception {
    SparkTestSession.get();
    work = Files.createTempDirectory("sparkctr-cluster-test");
    clusterDir = work.resolve("cluster");
    jar = SparkSubmitTest.jarOf(Paths.get("target/classes"), work.resolve("spark-ctr-app.jar"));
    Path sample = SharedDatasets.require("criteo_kaggle_head10000/train.txt");
    train = CliEndToEndTest.slice(sample, false, 0, 3000, work.resolve("train.tsv"));
    test = CliEndToEndTest.slice(sample, false, 3000, 4000, work.resolve("test.tsv"));
    int port = freePort();
    int webUi = freePortBlock(3);
    String classpath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(p -> p.endsWith(".jar")).collect(Collectors.joining(":"));
    Run started = script(List.of("start", "--workers", "2", "--port", String.valueOf(port), "--webui-port",
        String.valueOf(webUi), "--worker-memory", "1g", "--dir", clusterDir.toString()), classpath, 180);
    if (started.code != 0) {
      stopCluster();
    }
    assertEquals(0, started.code, "scripts/cluster start failed:\n" + started.log);
    masterUrl = "spark://127.0.0.1:" + port;
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (clusterDir != null) {
      Run stopped = script(List.of("stop", "--dir", clusterDir.toString()), "", 60);
      assertEquals(0, stopped.code, stopped.log);
      Run status = script(List.of("status", "--dir", clusterDir.toString()), "", 30);
      assertEquals(3, status.code, "nothing may keep running:\n" + status.log);
    }
  }

  @Test
  void ftrlLogisticRegressionOnTheClusterIsTheLocalModelEvenWhenATaskFails() throws Exception {
    PipelineModel local = train("lr", "local[2]", "lr-local");
    PipelineModel cluster = train("lr", masterUrl, "lr-cluster");
    PipelineModel retried = train("lr", masterUrl, "lr-retried",
        "--conf", "spark.sparkctr.faultInjection.failTaskOnce=2:3:1");
    double[] expected = ((FtrlLogisticRegressionModel) last(local)).linearModel().weights();
    assertTrue(((FtrlLogisticRegressionModel) last(local)).numNonzeros() > 100, "a real model");
    for (PipelineModel other : List.of(cluster, retried)) {
      FtrlLogisticRegressionModel m = (FtrlLogisticRegressionModel) last(other);
      // Two partitions: the merge sums two deltas, and a + b == b + a exactly, whichever task ends first.
      assertEquals(expected.length, m.numFeatures());
      for (int j = 0; j < expected.length; j++) {
        assertEquals(expected[j], m.linearModel().weight(j), 0.0, "weight " + j);
      }
      assertEquals(((FtrlLogisticRegressionModel) last(local)).intercept(), m.intercept(), 0.0);
    }
    String log = Files.readString(work.resolve("lr-retried.log"));
    assertTrue(log.contains("Injected failure"), "the injected failure must have happened:\n" + tail(log));
  }

  @Test
  void factorizationMachineOnTheClusterIsTheLocalModel() throws Exception {
    PipelineModel local = train("fm", "local[2]", "fm-local", "--param", "factorSize=2");
    PipelineModel cluster = train("fm", masterUrl, "fm-cluster", "--param", "factorSize=2");
    FactorizationModel expected = ((FactorizationMachineClassificationModel) last(local)).factorizationModel();
    FactorizationModel actual = ((FactorizationMachineClassificationModel) last(cluster)).factorizationModel();
    assertEquals(expected.layout(), actual.layout());
    for (int i = 0; i < expected.layout().dimension(); i++) {
      assertEquals(expected.parameter(i), actual.parameter(i), 0.0, "parameter " + i);
    }
  }

  @Test
  void deepFmWithHelenOnTheClusterIsTheLocalModel() throws Exception {
    String[] params = {"--optimizer", "helen", "--param", "embeddingDim=4", "--param", "hiddenLayers=8",
        "--param", "batchSize=256", "--param", "syncsPerEpoch=2"};
    PipelineModel local = train("deepfm", "local[2]", "deepfm-local", params);
    PipelineModel cluster = train("deepfm", masterUrl, "deepfm-cluster", params);
    DeepFmModel expected = ((DeepFmClassificationModel) last(local)).deepFmModel();
    DeepFmModel actual = ((DeepFmClassificationModel) last(cluster)).deepFmModel();
    assertEquals(expected.layout(), actual.layout());
    for (int i = 0; i < expected.layout().sparseSize(); i++) {
      assertEquals(expected.sparse(i), actual.sparse(i), 0.0, "sparse " + i);
    }
    for (int i = 0; i < expected.layout().denseSize(); i++) {
      assertEquals(expected.dense(i), actual.dense(i), 0.0, "dense " + i);
    }
  }

  /** Trains through SparkSubmit in its own JVM; returns the saved PipelineModel. */
  private static PipelineModel train(String model, String master, String name, String... extra) throws Exception {
    Path out = work.resolve(name);
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("-XX:+IgnoreUnrecognized") || arg.startsWith("-Dio.netty")) {
        command.add(arg); // Spark's module flags, which surefire's argLine gave this JVM
      }
    }
    command.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"),
        "org.apache.spark.deploy.SparkSubmit", "--master", master, "--deploy-mode", "client",
        "--conf", "spark.ui.enabled=false", "--conf", "spark.executor.memory=512m",
        "--conf", "spark.task.maxFailures=4", "--conf", "spark.driver.host=127.0.0.1"));
    List<String> sparkConf = new ArrayList<>();
    List<String> cliArgs = new ArrayList<>();
    for (int i = 0; i < extra.length; i += 2) {
      (extra[i].equals("--conf") ? sparkConf : cliArgs).addAll(List.of(extra[i], extra[i + 1]));
    }
    command.addAll(sparkConf);
    command.addAll(List.of("--class", "io.sparkctr.cli.SparkCtr", jar.toString(),
        "train", "--train", train.toString(), "--test", test.toString(), "--format", "criteo",
        "--model", model, "--output", out.toString(), "--param", "maxIter=2", "--param", "seed=11",
        "--param", "encoding=vocab", "--param", "minCount=5"));
    command.addAll(cliArgs);
    Path log = work.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    boolean finished = process.waitFor(300, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String text = Files.readString(log);
    assertTrue(finished, name + " did not finish in 300 s:\n" + tail(text));
    assertEquals(0, process.exitValue(), name + ":\n" + tail(text));
    assertTrue(text.contains("epoch 2/2"), name + ":\n" + tail(text));
    return PipelineModel.load(out.resolve("model").toString());
  }

  private static Transformer last(PipelineModel pipeline) {
    return pipeline.stages()[pipeline.stages().length - 1];
  }

  private record Run(int code, String log) {}

  private static Run script(List<String> args, String classpath, int seconds) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("scripts/cluster").toString()));
    command.addAll(args);
    Path log = Files.createTempFile(work, "cluster", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    if (!classpath.isEmpty()) {
      builder.environment().put("SPARK_CTR_CLASSPATH", classpath);
    }
    Process process = builder.start();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Run(-1, "timed out after " + seconds + " s\n" + Files.readString(log));
    }
    return new Run(process.exitValue(), Files.readString(log));
  }

  private static String tail(String text) {
    String[] lines = text.split("\n");
    return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 40), lines.length));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The first of {@code count} consecutive free ports (the Master's web UI, then one per Worker). */
  private static int freePortBlock(int count) throws IOException {
    for (int base = 20000 + (int) (ProcessHandle.current().pid() % 20000); ; base += count) {
      boolean free = true;
      for (int p = base; p < base + count && free; p++) {
        try (ServerSocket socket = new ServerSocket(p)) {
          free = socket.getLocalPort() == p;
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
  }
}
