package org.snnaudio.cli.pipeline;

import org.snnaudio.cli.eval.ClassificationMetrics;
import org.snnaudio.cli.eval.FiringRateHealth;
import org.snnaudio.cli.eval.Roc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pipeline scored on a labelled set: classification metrics, the ROC for binary tasks, every
 * prediction and the per-neuron firing-rate health.
 *
 * @param metrics     accuracy, confusion matrix, per-class precision/recall/F1
 * @param roc         ROC of the positive class's score (binary tasks), else null
 * @param labels      true class per sample
 * @param predictions decision per sample
 * @param health      per-layer, per-neuron firing rates with NWAVE's dead/saturated check
 */
public record Evaluation(ClassificationMetrics metrics, Roc roc, int[] labels, List<Pipeline.Prediction> predictions,
                         FiringRateHealth health) {
    public Evaluation {
        labels = labels.clone();
        predictions = List.copyOf(predictions);
    }

    public double accuracy() {
        return metrics.accuracy();
    }

    /** AUC for binary tasks, NaN otherwise. */
    public double auc() {
        return roc == null ? Double.NaN : roc.auc();
    }

    /** The metrics.json form: accuracy, per_class, confusion_matrix, auc (binary), roc, firing_rates. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>(metrics.toMap());
        if (roc != null) {
            m.put("auc", roc.auc());
            m.put("roc", roc.toMap());
        }
        if (health != null) {
            m.put("firing_rates", health.toMap());
        }
        return m;
    }
}
