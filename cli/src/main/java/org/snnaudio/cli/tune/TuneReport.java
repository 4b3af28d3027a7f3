package org.snnaudio.cli.tune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.snnaudio.core.io.AtomicFiles;
import org.snnaudio.core.SnnaudioException;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of a search: {@code trials.csv} and {@code trials.json} (every trial, its values and
 * per-fold metric), and {@code report.html} with the best-so-far curve, the metric against each
 * parameter and, for grids over two parameters, the heatmap of the metric over the grid.
 * Every file is written atomically.
 */
public final class TuneReport {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    public static final String CSV = "trials.csv";
    public static final String JSON = "trials.json";
    public static final String HTML = "report.html";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TuneReport() {
    }

    /** Writes the CSV and JSON tables. */
    public static void writeTables(Path dir, TuneSpec spec, List<TrialResult> results) {
        AtomicFiles.writeString(dir.resolve(CSV), csv(spec, results));
        AtomicFiles.writeString(dir.resolve(JSON), json(spec, results));
    }

    /** The trials as CSV: trial, status, values, objective, mean, std, median, per-fold metric, seconds, error. */
    static String csv(TuneSpec spec, List<TrialResult> results) {
        int folds = results.stream().mapToInt(r -> r.perFold().length).max().orElse(0);
        StringBuilder sb = new StringBuilder("trial,status");
        for (ParamSpec p : spec.space().params()) {
            sb.append(',').append(csvCell(p.path()));
        }
        sb.append(",objective,mean,std,median");
        for (int f = 0; f < folds; f++) {
            sb.append(",fold").append(f);
        }
        sb.append(",seconds,error\n");
        for (TrialResult r : results) {
            sb.append(r.trial()).append(',').append(r.ok() ? "ok" : "failed");
            for (ParamSpec p : spec.space().params()) {
                sb.append(',').append(csvCell(String.valueOf(r.assignment().get(p.path()))));
            }
            sb.append(',').append(num(r.objective())).append(',').append(num(r.mean())).append(',')
                    .append(num(r.std())).append(',').append(num(r.median()));
            double[] pf = r.perFold();
            for (int f = 0; f < folds; f++) {
                sb.append(',').append(f < pf.length ? num(pf[f]) : "");
            }
            sb.append(',').append(String.format(Locale.ROOT, "%.3f", r.seconds())).append(',')
                    .append(r.error() == null ? "" : csvCell(r.error())).append('\n');
        }
        return sb.toString();
    }

    static String json(TuneSpec spec, List<TrialResult> results) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("strategy", spec.strategy().name().toLowerCase(Locale.ROOT));
        root.put("metric", spec.metric().label());
        root.put("aggregate", spec.aggregate().name().toLowerCase(Locale.ROOT));
        root.put("seed", spec.seed());
        TuneRunner.best(results).ifPresent(b -> root.put("best_trial", b.trial()));
        ArrayNode arr = root.putArray("trials");
        for (TrialResult r : results) {
            ObjectNode t = arr.addObject();
            t.put("trial", r.trial());
            t.put("status", r.ok() ? "ok" : "failed");
            t.set("values", Journal.values(r.assignment()));
            putNum(t, "objective", r.objective());
            putNum(t, "mean", r.mean());
            putNum(t, "std", r.std());
            putNum(t, "median", r.median());
            ArrayNode pf = t.putArray("per_fold");
            for (double v : r.perFold()) {
                pf.add(v);
            }
            ArrayNode fm = t.putArray("folds");
            for (FoldScore f : r.folds()) {
                ObjectNode o = fm.addObject();
                o.put("fold", f.fold());
                f.metrics().forEach((k, v) -> putNum(o, k, v));
            }
            t.put("seconds", r.seconds());
            if (r.error() != null) {
                t.put("error", r.error());
            }
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (IOException e) {
            throw new SnnaudioException("cannot write trials as JSON: " + e.getMessage(), e);
        }
    }

    private static void putNum(ObjectNode o, String k, double v) {
        if (Double.isFinite(v)) {
            o.put(k, v);
        } else {
            o.putNull(k);
        }
    }

    /** Best objective so far after each trial, in trial order (NaN until a trial succeeds). */
    public static double[] bestSoFar(List<TrialResult> results) {
        double[] out = new double[results.size()];
        double best = Double.NaN;
        for (int i = 0; i < results.size(); i++) {
            TrialResult r = results.get(i);
            if (r.ok() && (Double.isNaN(best) || r.objective() > best)) {
                best = r.objective();
            }
            out[i] = best;
        }
        return out;
    }

    /** Writes the HTML page with its embedded plots; {@code header} lines describe the search. */
    public static void writeHtml(Path dir, TuneSpec spec, List<TrialResult> results, Map<String, String> header) {
        AtomicFiles.writeString(dir.resolve(HTML), html(spec, results, header));
    }

    static String html(TuneSpec spec, List<TrialResult> results, Map<String, String> header) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>snnaudio tune</title><style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}th{background:#eee}")
                .append("tr.best{background:#dfd}img{max-width:100%}.plots{display:flex;flex-wrap:wrap;gap:8px}")
                .append("</style></head><body>\n<h1>Hyperparameter search</h1>\n<table>");
        header.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td style=\"text-align:left\">")
                .append(esc(v)).append("</td></tr>"));
        h.append("</table>\n");
        var best = TuneRunner.best(results);
        if (best.isPresent()) {
            TrialResult b = best.get();
            h.append("<h2>Best trial</h2><p>Trial ").append(b.trial()).append(": ").append(esc(spec.metric().label()))
                    .append(String.format(Locale.ROOT, " = %.4f (mean %.4f &plusmn; %.4f, median %.4f over %d fold%s)",
                            b.objective(), b.mean(), b.std(), b.median(), b.perFold().length,
                            b.perFold().length == 1 ? "" : "s"))
                    .append("</p><p>").append(esc(b.assignment().key())).append("</p>\n");
        } else {
            h.append("<p><b>No trial succeeded.</b></p>\n");
        }
        h.append("<h2>Plots</h2><div class=\"plots\">\n");
        img(h, bestSoFarChart(spec, results), "best so far");
        for (ParamSpec p : spec.space().params()) {
            img(h, paramChart(spec, p, results), p.path());
        }
        h.append("</div>\n");
        HeatMapChart heat = heatmap(spec, results);
        if (heat != null) {
            h.append("<h2>Grid</h2>\n");
            img(h, heat, "heatmap");
        }
        h.append("<h2>All trials</h2>\n<table><tr><th>trial</th>");
        for (ParamSpec p : spec.space().params()) {
            h.append("<th>").append(esc(p.path())).append("</th>");
        }
        h.append("<th>objective</th><th>mean</th><th>std</th><th>median</th><th>seconds</th><th>error</th></tr>\n");
        int bestTrial = best.map(TrialResult::trial).orElse(-1);
        for (TrialResult r : results) {
            h.append(r.trial() == bestTrial ? "<tr class=\"best\">" : "<tr>").append("<td>").append(r.trial())
                    .append("</td>");
            for (ParamSpec p : spec.space().params()) {
                h.append("<td>").append(esc(Assignment.format(r.assignment().get(p.path())))).append("</td>");
            }
            h.append("<td>").append(num(r.objective())).append("</td><td>").append(num(r.mean())).append("</td><td>")
                    .append(num(r.std())).append("</td><td>").append(num(r.median())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f", r.seconds())).append("</td><td style=\"text-align:left\">")
                    .append(r.error() == null ? "" : esc(r.error())).append("</td></tr>\n");
        }
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    static XYChart bestSoFarChart(TuneSpec spec, List<TrialResult> results) {
        XYChart c = new XYChartBuilder().width(520).height(360).title("Best so far").xAxisTitle("trial")
                .yAxisTitle(spec.metric().label()).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        List<Double> tx = new ArrayList<>();
        List<Double> ty = new ArrayList<>();
        double[] bsf = bestSoFar(results);
        List<Double> bx = new ArrayList<>();
        List<Double> by = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            TrialResult r = results.get(i);
            if (r.ok()) {
                tx.add((double) r.trial() + 1);
                ty.add(r.objective());
            }
            if (!Double.isNaN(bsf[i])) {
                bx.add((double) r.trial() + 1);
                by.add(bsf[i]);
            }
        }
        if (!tx.isEmpty()) {
            XYSeries s = c.addSeries("trial", tx, ty);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            XYSeries b = c.addSeries("best so far", bx, by);
            b.setMarker(SeriesMarkers.NONE);
        }
        return c;
    }

    static Chart<?, ?> paramChart(TuneSpec spec, ParamSpec p, List<TrialResult> results) {
        List<TrialResult> ok = results.stream().filter(TrialResult::ok).toList();
        if (p instanceof ParamSpec.Categorical cat) {
            CategoryChart c = new CategoryChartBuilder().width(520).height(360).title(p.path()).xAxisTitle(p.path())
                    .yAxisTitle(spec.metric().label()).build();
            c.getStyler().setChartBackgroundColor(Color.WHITE);
            List<String> names = new ArrayList<>();
            List<Double> best = new ArrayList<>();
            List<Double> mean = new ArrayList<>();
            for (Object choice : cat.choices()) {
                double b = Double.NaN;
                double s = 0;
                int n = 0;
                for (TrialResult r : ok) {
                    if (cat.indexOf(r.assignment().get(p.path())) == cat.indexOf(choice)) {
                        b = Double.isNaN(b) ? r.objective() : Math.max(b, r.objective());
                        s += r.objective();
                        n++;
                    }
                }
                if (n > 0) {
                    names.add(String.valueOf(choice));
                    best.add(b);
                    mean.add(s / n);
                }
            }
            if (!names.isEmpty()) {
                c.addSeries("best", names, best);
                c.addSeries("mean", names, mean);
            }
            return c;
        }
        XYChart c = new XYChartBuilder().width(520).height(360).title(p.path()).xAxisTitle(p.path())
                .yAxisTitle(spec.metric().label()).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setXAxisLogarithmic(p.logScale());
        c.getStyler().setLegendVisible(false);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> e = new ArrayList<>();
        for (TrialResult r : ok) {
            x.add(((Number) r.assignment().get(p.path())).doubleValue());
            y.add(r.objective());
            e.add(Double.isFinite(r.std()) ? r.std() : 0);
        }
        if (!x.isEmpty()) {
            // Error bars: the spread over folds.
            XYSeries s = c.addSeries("trials", x, y, e);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        return c;
    }

    /**
     * For a grid search over (at least) two parameters with several values each: the metric over the
     * first two such parameters, each cell the best over the other parameters (the slides' beta x
     * num_steps table); null otherwise.
     */
    static HeatMapChart heatmap(TuneSpec spec, List<TrialResult> results) {
        if (spec.strategy() != TuneSpec.Kind.GRID) {
            return null;
        }
        List<ParamSpec> axes = spec.space().params().stream().filter(p -> p.gridValues().size() > 1).toList();
        if (axes.size() < 2) {
            return null;
        }
        ParamSpec px = axes.get(0);
        ParamSpec py = axes.get(1);
        List<String> xs = new ArrayList<>();
        px.gridValues().forEach(v -> xs.add(shortLabel(v)));
        List<String> ys = new ArrayList<>();
        py.gridValues().forEach(v -> ys.add(shortLabel(v)));
        Map<String, Double> cell = new LinkedHashMap<>();
        for (TrialResult r : results) {
            if (!r.ok()) {
                continue;
            }
            String k = shortLabel(r.assignment().get(px.path())) + "|" + shortLabel(r.assignment().get(py.path()));
            cell.merge(k, r.objective(), Math::max);
        }
        if (cell.isEmpty()) {
            return null;
        }
        List<Number[]> data = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < xs.size(); i++) {
            for (int j = 0; j < ys.size(); j++) {
                Double v = cell.get(xs.get(i) + "|" + ys.get(j));
                if (v != null) {
                    data.add(new Number[]{i, j, Math.round(v * 1000) / 1000.0});
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        String agg = spec.aggregate().name().toLowerCase(Locale.ROOT);
        HeatMapChart c = new HeatMapChartBuilder().width(760).height(520)
                .title(agg + " " + spec.metric().label() + " over the grid" + (axes.size() > 2 ? " (best over the other parameters)" : ""))
                .xAxisTitle(px.path()).yAxisTitle(py.path()).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setShowValue(true);
        c.getStyler().setHeatMapValueDecimalPattern("0.000");
        c.getStyler().setValueFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
        // The colour legend prints its ends as plain doubles: round them outwards to the cells' 3 decimals.
        double min = Math.floor(lo * 1000) / 1000.0;
        double max = Math.ceil(hi * 1000) / 1000.0;
        c.getStyler().setMin(min);
        c.getStyler().setMax(max > min ? max : min + 0.001);
        c.getStyler().setRangeColors(new Color[]{new Color(68, 1, 84), new Color(59, 82, 139), new Color(33, 145, 140),
                new Color(94, 201, 98), new Color(253, 231, 37)});
        c.addSeries(spec.metric().label(), xs, ys, data);
        return c;
    }

    private static void img(StringBuilder h, Chart<?, ?> chart, String alt) {
        try {
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            h.append("<img alt=\"").append(esc(alt)).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png)).append("\">\n");
        } catch (IOException e) {
            throw new SnnaudioException("cannot draw the " + alt + " plot: " + e.getMessage(), e);
        }
    }

    /** A grid value as an axis label: four significant digits, no trailing zeros. */
    static String shortLabel(Object v) {
        if (v instanceof Double d) {
            return new java.math.BigDecimal(d).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(v);
    }

    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }

    private static String csvCell(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
