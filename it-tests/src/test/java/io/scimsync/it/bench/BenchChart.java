package io.scimsync.it.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The report as a picture: on the left the distribution of membership-change latencies
 * (histogram and CDF), on the right the throughput of each scenario (bars, log scale) next to
 * the capacity it is judged against.
 */
final class BenchChart {
  private static final int WIDTH = 1400;
  private static final int HEIGHT = 620;
  private static final Color BAR = new Color(0x3a7bd5);
  private static final Color CAPACITY = new Color(0xb0b0b0);
  private static final Color CDF = new Color(0xd5573a);

  private BenchChart() {}

  static void write(Path file, String title, double[] latenciesMs, List<BenchReport.Scenario> rows)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(title, 20, 28);
      latency(g, 20, 50, 600, 540, latenciesMs);
      throughput(g, 660, 50, 720, 540, rows);
    } finally {
      g.dispose();
    }
    Files.createDirectories(file.getParent());
    ImageIO.write(image, "png", file.toFile());
  }

  private static void latency(Graphics2D g, int x, int y, int w, int h, double[] values) {
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.setColor(Color.BLACK);
    g.drawString("Membership change -> PATCH received (ms), idle daemon, 100 changes/s", x, y + 12);
    int left = x + 50;
    int top = y + 30;
    int plotW = w - 70;
    int plotH = h - 80;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    if (values.length == 0) {
      g.drawString("no latencies measured", left + 20, top + 40);
      return;
    }
    double[] sorted = Bench.sorted(values);
    double p50 = Bench.percentile(sorted, 0.50);
    double p99 = Bench.percentile(sorted, 0.99);
    double max = sorted[sorted.length - 1];
    // the x axis ends a little past p99 (or at 50 ms, the target, whichever is larger), so that
    // the body of the distribution stays readable; what lies beyond is counted in the last bin
    double axisMax = Math.max(p99 * 1.3, 10);
    axisMax = Math.min(Math.max(axisMax, Math.min(max, 55)), Math.max(max, 1));
    axisMax = niceCeil(axisMax);
    int bins = 50;
    int[] counts = new int[bins];
    for (double v : sorted) {
      int b = (int) Math.floor(Math.max(0, v) / axisMax * bins);
      counts[Math.min(bins - 1, b)]++;
    }
    int highest = 1;
    for (int c : counts) {
      highest = Math.max(highest, c);
    }
    axes(g, left, top, plotW, plotH);
    double binW = plotW / (double) bins;
    g.setColor(BAR);
    for (int b = 0; b < bins; b++) {
      int bh = (int) Math.round(counts[b] / (double) highest * plotH);
      g.fillRect(left + (int) Math.round(b * binW) + 1, top + plotH - bh,
          Math.max(1, (int) Math.round(binW) - 1), bh);
    }
    // CDF over the same x axis, right-hand scale 0..100 %
    g.setColor(CDF);
    g.setStroke(new BasicStroke(2f));
    int prevX = left;
    int prevY = top + plotH;
    for (int i = 0; i < sorted.length; i++) {
      int px = left + (int) Math.round(Math.min(axisMax, Math.max(0, sorted[i])) / axisMax * plotW);
      int py = top + plotH - (int) Math.round((i + 1) / (double) sorted.length * plotH);
      g.drawLine(prevX, prevY, px, py);
      prevX = px;
      prevY = py;
    }
    g.setStroke(new BasicStroke(1f));
    // ticks
    g.setColor(Color.DARK_GRAY);
    for (int t = 0; t <= 5; t++) {
      double v = axisMax * t / 5;
      int px = left + (int) Math.round(v / axisMax * plotW);
      g.drawLine(px, top + plotH, px, top + plotH + 4);
      center(g, fmt(v), px, top + plotH + 17);
      int py = top + plotH - plotH * t / 5;
      g.drawString(String.format(Locale.ROOT, "%d%%", t * 20), left + plotW + 4, py + 4);
      String count = String.format(Locale.ROOT, "%d", Math.round(highest * t / 5.0));
      g.drawString(count, left - 6 - g.getFontMetrics().stringWidth(count), py + 4);
    }
    center(g, "latency (ms)", left + plotW / 2, top + plotH + 34);
    marker(g, left, top, plotW, plotH, axisMax, p50, "p50 " + fmt(p50) + " ms", 0);
    marker(g, left, top, plotW, plotH, axisMax, p99, "p99 " + fmt(p99) + " ms", 14);
    if (axisMax >= 50) {
      g.setColor(new Color(0x2a9d4b));
      int px = left + (int) Math.round(50 / axisMax * plotW);
      g.drawLine(px, top, px, top + plotH);
      g.drawString("target: p99 < 50 ms", px + 4, top + 42);
    }
    g.setColor(Color.BLACK);
    g.drawString(String.format(Locale.ROOT, "%d changes, max %s ms; bars: count per bin (left), "
        + "line: cumulative %% (right)", sorted.length, fmt(max)), left, top + plotH + 50);
  }

  private static void marker(Graphics2D g, int left, int top, int plotW, int plotH, double axisMax,
                             double value, String label, int dy) {
    int px = left + (int) Math.round(Math.min(value, axisMax) / axisMax * plotW);
    g.setColor(Color.BLACK);
    g.drawLine(px, top, px, top + plotH);
    g.drawString(label, px + 4, top + 12 + dy);
  }

  private static void throughput(Graphics2D g, int x, int y, int w, int h,
                                 List<BenchReport.Scenario> rows) {
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.setColor(Color.BLACK);
    g.drawString("Throughput per scenario (requests/s, log scale); grey: capacity of the target",
        x, y + 12);
    List<BenchReport.Scenario> shown = rows.stream()
        .filter(r -> r.requestsPerSecond() != null && r.requestsPerSecond() > 0).toList();
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    int labelW = 170;
    int left = x + labelW;
    int top = y + 30;
    int plotW = w - labelW - 20;
    int plotH = h - 80;
    if (shown.isEmpty()) {
      g.drawString("no throughput measured", left, top + 40);
      return;
    }
    double highest = 1;
    for (BenchReport.Scenario r : shown) {
      highest = Math.max(highest, r.requestsPerSecond());
      if (r.serverCapacityRps() != null) {
        highest = Math.max(highest, r.serverCapacityRps());
      }
    }
    int decades = Math.max(1, (int) Math.ceil(Math.log10(highest)));
    double maxLog = decades;
    axes(g, left, top, plotW, plotH);
    for (int d = 0; d <= decades; d++) {
      int px = left + (int) Math.round(d / maxLog * plotW);
      g.setColor(new Color(0xe6e6e6));
      g.drawLine(px, top, px, top + plotH - 1);
      g.setColor(Color.DARK_GRAY);
      center(g, fmt(Math.pow(10, d)), px, top + plotH + 17);
    }
    center(g, "requests per second", left + plotW / 2, top + plotH + 34);
    double slot = plotH / (double) shown.size();
    int barH = (int) Math.max(6, Math.min(34, slot * 0.6));
    for (int i = 0; i < shown.size(); i++) {
      BenchReport.Scenario r = shown.get(i);
      int cy = top + (int) Math.round(slot * i + slot / 2);
      if (r.serverCapacityRps() != null && r.serverCapacityRps() > 0) {
        g.setColor(CAPACITY);
        int cw = width(r.serverCapacityRps(), maxLog, plotW);
        g.fillRect(left + 1, cy - barH / 2 - 3, cw, barH + 6);
      }
      g.setColor(BAR);
      int bw = width(r.requestsPerSecond(), maxLog, plotW);
      g.fillRect(left + 1, cy - barH / 2, bw, barH);
      g.setColor(Color.BLACK);
      String label = r.name();
      FontMetrics fm = g.getFontMetrics();
      g.drawString(label, left - 8 - fm.stringWidth(label), cy + 4);
      String value = fmt(r.requestsPerSecond())
          + (r.ratio() != null ? String.format(Locale.ROOT, " (%.0f%% of %s)", r.ratio() * 100,
          fmt(r.serverCapacityRps())) : "");
      int vx = left + bw + 6;
      if (vx + fm.stringWidth(value) > left + plotW) {
        vx = Math.max(left + 4, left + bw - fm.stringWidth(value) - 6);
        g.setColor(Color.WHITE);
      }
      g.drawString(value, vx, cy + 4);
    }
  }

  private static int width(double value, double maxLog, int plotW) {
    double log = Math.max(0, Math.log10(Math.max(1, value)));
    return Math.max(2, (int) Math.round(log / maxLog * plotW));
  }

  private static void axes(Graphics2D g, int left, int top, int w, int h) {
    g.setColor(Color.BLACK);
    g.drawLine(left, top + h, left + w, top + h);
    g.drawLine(left, top, left, top + h);
  }

  private static void center(Graphics2D g, String text, int cx, int baseline) {
    g.drawString(text, cx - g.getFontMetrics().stringWidth(text) / 2, baseline);
  }

  private static double niceCeil(double v) {
    double[] steps = {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10};
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (double s : steps) {
      if (s * magnitude >= v) {
        return s * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String fmt(double v) {
    if (v >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (v >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
