package org.snnaudio.cli.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.snnaudio.core.SnnaudioException;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's plots as PNG bytes: training curves, confusion heatmap, spike raster, membrane traces,
 * histograms and ROC curves (XChart, except the heatmap, drawn directly so every cell shows its count).
 */
public final class Plots {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
            new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
            new Color(127, 127, 127)};

    private Plots() {
    }

    /** A named line of a line chart. */
    public record Line(String name, double[] x, double[] y) {
    }

    /** A line chart of several series against a shared x axis. */
    public static byte[] lines(String title, String xLabel, String yLabel, List<Line> series, int width, int height) {
        return lines(title, xLabel, yLabel, series, width, height, null);
    }

    /** A line chart with a decimal pattern for the x tick labels (null: XChart's default). */
    public static byte[] lines(String title, String xLabel, String yLabel, List<Line> series, int width, int height,
                               String xPattern) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        style(c);
        // below the plot: inside, a legend hides the lines that end where it sits (accuracy near 1 at the right)
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setMarkerSize(4);
        if (xPattern != null) {
            c.getStyler().setXAxisDecimalPattern(xPattern);
        }
        int i = 0;
        for (Line l : series) {
            if (l.x().length == 0) {
                continue;
            }
            double[] y = finite(l.y());
            XYSeries s = c.addSeries(l.name(), l.x(), y);
            s.setLineColor(PALETTE[i % PALETTE.length]);
            s.setMarkerColor(PALETTE[i % PALETTE.length]);
            s.setMarker(l.x().length > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            i++;
        }
        if (i == 0) {
            c.addSeries("(no data)", new double[]{0}, new double[]{0});
        }
        return png(c);
    }

    /** A histogram of {@code values} with {@code bins} equal-width bins. */
    public static byte[] histogram(String title, String xLabel, double[] values, int bins, int width, int height) {
        CategoryChart c = new CategoryChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel)
                .yAxisTitle("count").build();
        style(c);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setAvailableSpaceFill(0.98);
        c.getStyler().setOverlapped(true);
        c.getStyler().setXAxisLabelRotation(45);
        c.getStyler().setXAxisMaxLabelCount(10);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (!Double.isFinite(min)) {
            min = 0;
            max = 1;
        }
        if (max == min) {
            max = min + 1e-9 + Math.abs(min) * 1e-6;
        }
        double w = (max - min) / bins;
        double[] counts = new double[bins];
        for (double v : values) {
            if (Double.isFinite(v)) {
                counts[Math.min(bins - 1, (int) ((v - min) / w))]++;
            }
        }
        List<String> labels = new ArrayList<>(bins);
        List<Double> ys = new ArrayList<>(bins);
        for (int b = 0; b < bins; b++) {
            labels.add(fmt(min + (b + 0.5) * w));
            ys.add(counts[b]);
        }
        c.addSeries("count", labels, ys).setFillColor(PALETTE[0]);
        return png(c);
    }

    /**
     * A spike raster: one dot per spike at (step * dt, neuron).
     *
     * @param spikes [steps][neurons] raster, non-zero = spike
     */
    public static byte[] raster(String title, float[][] spikes, double dt, int width, int height) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle("time (s)")
                .yAxisTitle("neuron").build();
        style(c);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        int neurons = spikes.length == 0 ? 1 : spikes[0].length;
        c.getStyler().setMarkerSize(neurons > 200 ? 2 : neurons > 60 ? 3 : 5);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int t = 0; t < spikes.length; t++) {
            for (int n = 0; n < spikes[t].length; n++) {
                if (spikes[t][n] != 0) {
                    xs.add(t * dt);
                    ys.add((double) n);
                }
            }
        }
        if (xs.isEmpty()) {
            c.setTitle(title + " (no spikes)");
            xs.add(0.0);
            ys.add(-1.0);
        }
        XYSeries s = c.addSeries("spikes", xs, ys);
        s.setMarker(SeriesMarkers.SQUARE);
        s.setMarkerColor(Color.BLACK);
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setXAxisMax(Math.max(dt, spikes.length * dt));
        c.getStyler().setXAxisDecimalPattern("0.0#");
        c.getStyler().setYAxisMin(-0.5);
        c.getStyler().setYAxisMax(neurons - 0.5);
        return png(c);
    }

    /**
     * Confusion-matrix heatmap with counts in the cells, rows true and columns predicted, shaded by the
     * share of the row (so rare classes read as clearly as common ones).
     */
    public static byte[] confusion(String title, long[][] m, List<String> names) {
        int k = names.size();
        int cell = k <= 10 ? 48 : k <= 20 ? 32 : 20;
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, k <= 10 ? 13 : 10);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        pg.setFont(font);
        FontMetrics fm = pg.getFontMetrics();
        int labelW = 0;
        for (String n : names) {
            labelW = Math.max(labelW, fm.stringWidth(n));
        }
        pg.dispose();
        labelW = Math.min(labelW, 160);
        int left = labelW + 50;
        int top = 64 + labelW;
        int w = left + k * cell + 30;
        int h = top + k * cell + 50;
        BufferedImage img = new BufferedImage(Math.max(w, 40 + 9 * title.length()), h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), h);
        g.setColor(Color.BLACK);
        g.setFont(font.deriveFont(Font.BOLD, 15f));
        g.drawString(title, 10, 22);
        g.setFont(font);
        fm = g.getFontMetrics();
        for (int r = 0; r < k; r++) {
            long rowSum = 0;
            for (long v : m[r]) {
                rowSum += v;
            }
            for (int col = 0; col < k; col++) {
                double share = rowSum == 0 ? 0 : (double) m[r][col] / rowSum;
                Color fill = r == col ? blend(new Color(235, 245, 235), new Color(20, 110, 40), share)
                        : blend(Color.WHITE, new Color(200, 40, 40), Math.min(1, share * 2));
                g.setColor(fill);
                g.fillRect(left + col * cell, top + r * cell, cell, cell);
                g.setColor(new Color(210, 210, 210));
                g.drawRect(left + col * cell, top + r * cell, cell, cell);
                if (m[r][col] != 0 || k <= 10) {
                    String s = Long.toString(m[r][col]);
                    g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                    g.drawString(s, left + col * cell + (cell - fm.stringWidth(s)) / 2,
                            top + r * cell + (cell + fm.getAscent()) / 2 - 2);
                }
            }
            g.setColor(Color.BLACK);
            String n = clip(names.get(r), fm, labelW);
            g.drawString(n, left - 8 - fm.stringWidth(n), top + r * cell + (cell + fm.getAscent()) / 2 - 2);
        }
        for (int col = 0; col < k; col++) {
            String n = clip(names.get(col), fm, labelW);
            Graphics2D rg = (Graphics2D) g.create();
            rg.translate(left + col * cell + (cell + fm.getAscent()) / 2 - 2, top - 8);
            rg.rotate(-Math.PI / 2);
            rg.drawString(n, 0, 0);
            rg.dispose();
        }
        g.setFont(font.deriveFont(Font.ITALIC));
        g.drawString("predicted", left + k * cell / 2 - 30, top - labelW - 14);
        Graphics2D rg = (Graphics2D) g.create();
        rg.setFont(font.deriveFont(Font.ITALIC));
        rg.translate(16, top + k * cell / 2 + 20);
        rg.rotate(-Math.PI / 2);
        rg.drawString("true", 0, 0);
        rg.dispose();
        g.setStroke(new BasicStroke(1f));
        g.dispose();
        return encode(img);
    }

    /** ROC curve with the chance diagonal; the AUC goes in the title. */
    public static byte[] roc(String title, double[] fpr, double[] tpr, double auc) {
        XYChart c = new XYChartBuilder().width(520).height(460)
                .title(String.format(Locale.ROOT, "%s (AUC %.3f)", title, auc))
                .xAxisTitle("false-positive rate").yAxisTitle("true-positive rate").build();
        style(c);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setXAxisMax(1.0);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        XYSeries s = c.addSeries("ROC", fpr, tpr);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(PALETTE[0]);
        XYSeries d = c.addSeries("chance", new double[]{0, 1}, new double[]{0, 1});
        d.setMarker(SeriesMarkers.NONE);
        d.setLineColor(Color.GRAY);
        d.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
        return png(c);
    }

    private static void style(Chart<?, ?> c) {
        Styler s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(200, 200, 200));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setChartTitleBoxVisible(false);
        s.setLegendBorderColor(new Color(220, 220, 220));
        s.setAntiAlias(true);
        if (s instanceof org.knowm.xchart.style.AxesChartStyler a) {
            a.setPlotGridLinesColor(new Color(235, 235, 235));
            a.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            a.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            a.setDecimalPattern("#,##0.###");
        }
    }

    private static byte[] png(Chart<?, ?> c) {
        try {
            return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new SnnaudioException("cannot render plot '" + c.getTitle() + "': " + e.getMessage(), e);
        }
    }

    private static byte[] encode(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new SnnaudioException("cannot encode plot: " + e.getMessage(), e);
        }
    }

    private static Color blend(Color a, Color b, double t) {
        t = Math.max(0, Math.min(1, t));
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    private static String clip(String s, FontMetrics fm, int w) {
        if (fm.stringWidth(s) <= w) {
            return s;
        }
        String t = s;
        while (t.length() > 1 && fm.stringWidth(t + "…") > w) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }

    private static double[] finite(double[] y) {
        double[] out = y.clone();
        for (int i = 0; i < out.length; i++) {
            if (!Double.isFinite(out[i])) {
                out[i] = Double.NaN;
            }
        }
        return out;
    }

    static String fmt(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e4)) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        return String.format(Locale.ROOT, a < 0.1 ? "%.3f" : "%.2f", v);
    }
}
