package org.snnaudio.cli.tune;

import org.snnaudio.core.SnnaudioException;

/**
 * How a search shares the machine: {@code parallel} trials at once, each training with
 * {@code threadsPerTrial} batch threads, never more than {@code cores} threads in all.
 */
public record ThreadBudget(int cores, int parallel, int threadsPerTrial) {
    public ThreadBudget {
        if (cores < 1) {
            throw new SnnaudioException("--cores must be >= 1, got " + cores);
        }
        if (parallel < 1) {
            throw new SnnaudioException("--parallel must be >= 1, got " + parallel);
        }
        if (threadsPerTrial < 1) {
            throw new SnnaudioException("--threads-per-trial must be >= 1, got " + threadsPerTrial);
        }
        if ((long) parallel * threadsPerTrial > cores) {
            throw new SnnaudioException("--parallel " + parallel + " x --threads-per-trial " + threadsPerTrial + " = "
                    + (long) parallel * threadsPerTrial + " threads, more than the " + cores
                    + " cores (--cores); lower one of them");
        }
    }

    /**
     * Fills in what was not given (null): cores default to the machine's; trial-level parallelism
     * comes first because trials share nothing, and leftover cores go to each trial's batch threads.
     */
    public static ThreadBudget resolve(Integer cores, Integer parallel, Integer threadsPerTrial, int trials) {
        int c = cores != null ? cores : Runtime.getRuntime().availableProcessors();
        if (c < 1) {
            throw new SnnaudioException("--cores must be >= 1, got " + c);
        }
        int p;
        int t;
        if (parallel != null && threadsPerTrial != null) {
            p = parallel;
            t = threadsPerTrial;
        } else if (parallel != null) {
            p = parallel;
            t = Math.max(1, c / Math.max(1, p));
        } else if (threadsPerTrial != null) {
            t = threadsPerTrial;
            p = Math.max(1, c / Math.max(1, t));
        } else {
            p = Math.max(1, Math.min(c, trials));
            t = Math.max(1, c / p);
        }
        return new ThreadBudget(c, p, t);
    }
}
