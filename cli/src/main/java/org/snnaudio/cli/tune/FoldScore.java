package org.snnaudio.cli.tune;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scores of one trained model on one validation fold, by name; the standard names are the
 * constants of this record, further ones (loss, firing rate, ...) are carried into the results table.
 */
public record FoldScore(int fold, Map<String, Double> metrics) {
    /** Accuracy on the held-out samples, in [0, 1]. */
    public static final String ACCURACY = "accuracy";
    /** ROC AUC on the held-out samples. */
    public static final String AUC = "auc";
    /** Estimated energy per inference, in joules. */
    public static final String ENERGY_J = "energy_per_inference_j";

    public FoldScore {
        if (fold < 0) {
            throw new IllegalArgumentException("fold must be >= 0, got " + fold);
        }
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
}
