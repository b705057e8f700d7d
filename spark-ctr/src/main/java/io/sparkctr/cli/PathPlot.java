package io.sparkctr.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The size path's picture: test AUC against nonzero weights (log scale), one line per optimizer. */
final class PathPlot {
  private PathPlot() {}

  /** A point of the path: nonzero weights and test AUC. */
  record Point(double nonzeros, double auc) {}

  static void write(Map<String, List<Point>> lines, String title, File png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<String, List<Point>> line : lines.entrySet()) {
      XYSeries series = new XYSeries(line.getKey());
      for (Point p : line.getValue()) {
        series.add(Math.max(p.nonzeros(), 1.0), p.auc()); // log axis: an empty model is drawn at 1
      }
      data.addSeries(series);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, "nonzero weights", "test AUC", data,
        PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    LogAxis x = new LogAxis("nonzero weights (log scale)");
    plot.setDomainAxis(x);
    ((org.jfree.chart.axis.NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int s = 0; s < data.getSeriesCount(); s++) {
      renderer.setSeriesStroke(s, new BasicStroke(2.0f));
    }
    plot.setRenderer(renderer);
    ChartUtils.saveChartAsPNG(png, chart, 900, 600);
  }
}
