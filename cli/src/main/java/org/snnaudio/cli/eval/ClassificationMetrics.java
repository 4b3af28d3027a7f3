package org.snnaudio.cli.eval;

import org.snnaudio.core.SnnaudioException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accuracy, confusion matrix and per-class precision, recall and F1 of a set of predictions.
 * {@code confusion[t][p]} counts samples of true class {@code t} predicted as {@code p}.
 *
 * @param classNames class names, index = class
 * @param confusion  [classes][classes] counts, rows true, columns predicted
 */
public record ClassificationMetrics(List<String> classNames, long[][] confusion) {

    /** Precision, recall and F1 of one class, and how many samples truly belong to it. */
    public record PerClass(String name, double precision, double recall, double f1, long support) {
    }

    public ClassificationMetrics {
        classNames = List.copyOf(classNames);
        if (confusion.length != classNames.size()) {
            throw new IllegalArgumentException("confusion matrix has " + confusion.length + " rows, expected "
                    + classNames.size());
        }
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            if (confusion[i].length != classNames.size()) {
                throw new IllegalArgumentException("confusion matrix row " + i + " has " + confusion[i].length
                        + " columns, expected " + classNames.size());
            }
            copy[i] = confusion[i].clone();
        }
        confusion = copy;
    }

    /** Metrics of predicted against true labels (both class indices). */
    public static ClassificationMetrics of(int[] labels, int[] predicted, List<String> classNames) {
        if (labels.length != predicted.length) {
            throw new SnnaudioException("metrics: " + labels.length + " labels but " + predicted.length + " predictions");
        }
        int k = classNames.size();
        long[][] m = new long[k][k];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= k || predicted[i] < 0 || predicted[i] >= k) {
                throw new SnnaudioException("metrics: sample " + i + " has label " + labels[i] + " / prediction "
                        + predicted[i] + " outside [0, " + k + ")");
            }
            m[labels[i]][predicted[i]]++;
        }
        return new ClassificationMetrics(classNames, m);
    }

    /** A copy of the confusion matrix. */
    @Override
    public long[][] confusion() {
        long[][] c = new long[confusion.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = confusion[i].clone();
        }
        return c;
    }

    public int classes() {
        return classNames.size();
    }

    public long total() {
        long n = 0;
        for (long[] row : confusion) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }

    public long correct() {
        long n = 0;
        for (int i = 0; i < confusion.length; i++) {
            n += confusion[i][i];
        }
        return n;
    }

    /** Share of samples predicted right; NaN when there are none. */
    public double accuracy() {
        long t = total();
        return t == 0 ? Double.NaN : (double) correct() / t;
    }

    /**
     * Per-class precision, recall and F1. A class never predicted has precision 0 (scikit-learn's
     * {@code zero_division=0}), a class with no samples recall 0.
     */
    public List<PerClass> perClass() {
        int k = classes();
        List<PerClass> out = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            long tp = confusion[c][c];
            long predicted = 0;
            long actual = 0;
            for (int j = 0; j < k; j++) {
                predicted += confusion[j][c];
                actual += confusion[c][j];
            }
            double p = predicted == 0 ? 0 : (double) tp / predicted;
            double r = actual == 0 ? 0 : (double) tp / actual;
            double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
            out.add(new PerClass(classNames.get(c), p, r, f1, actual));
        }
        return out;
    }

    /** Unweighted mean of per-class F1 over classes that have samples. */
    public double macroF1() {
        double s = 0;
        int n = 0;
        for (PerClass p : perClass()) {
            if (p.support() > 0) {
                s += p.f1();
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** The metrics as a JSON-ready map: accuracy, per_class, confusion_matrix, class_names. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy());
        m.put("samples", total());
        m.put("macro_f1", macroF1());
        Map<String, Object> pc = new LinkedHashMap<>();
        for (PerClass p : perClass()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("precision", p.precision());
            e.put("recall", p.recall());
            e.put("f1", p.f1());
            e.put("support", p.support());
            pc.put(p.name(), e);
        }
        m.put("per_class", pc);
        m.put("class_names", classNames);
        m.put("confusion_matrix", confusion());
        return m;
    }
}
