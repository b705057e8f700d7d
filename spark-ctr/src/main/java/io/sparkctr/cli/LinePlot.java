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

/**
 * Line charts as PNG (JFreeChart), one line per key: the size path (test AUC against nonzero weights,
 * log x) and the sharpness diagnostic (top Hessian eigenvalue against frequency decile).
 */
final class LinePlot {
  private LinePlot() {}

  record Point(double x, double y) {}

  /** The size path's picture: test AUC against nonzero weights (log scale), one line per optimizer. */
  static void writePath(Map<String, List<Point>> lines, String title, File png) throws IOException {
    write(lines, title, "nonzero weights (log scale)", "test AUC", true, png);
  }

  /**
   * @param logX a log-scale x axis (x values below 1 are drawn at 1)
   */
  static void write(Map<String, List<Point>> lines, String title, String xLabel, String yLabel, boolean logX,
      File png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<String, List<Point>> line : lines.entrySet()) {
      XYSeries series = new XYSeries(line.getKey());
      for (Point p : line.getValue()) {
        series.add(logX ? Math.max(p.x(), 1.0) : p.x(), p.y()); // log axis: an empty model is drawn at 1
      }
      data.addSeries(series);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data,
        PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    if (logX) {
      plot.setDomainAxis(new LogAxis(xLabel));
    }
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
