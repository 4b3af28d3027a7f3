package org.snnaudio.core.nn;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * Helper threads of the batch-parallel engine. A helper that ran a job keeps polling for the next one for
 * a short while before it parks: waking a parked thread costs tens to hundreds of microseconds on a virtual
 * machine, as long as a whole small batch (kws: 16 samples, under a millisecond), so without the short
 * spin the calling thread would usually run every chunk itself.
 */
final class EnginePool implements Executor {
    /** How long an idle helper polls before parking: longer than the gap between two training batches. */
    static final long SPIN_NANOS = 2_000_000L;

    private final ConcurrentLinkedQueue<Runnable> jobs = new ConcurrentLinkedQueue<>();
    private final Thread[] helpers;

    EnginePool(int count) {
        helpers = new Thread[count];
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(this::loop, "snnaudio-engine");
            t.setDaemon(true);
            helpers[i] = t;
        }
        for (Thread t : helpers) {
            t.start();
        }
    }

    @Override
    public void execute(Runnable job) {
        jobs.add(job);
        for (Thread t : helpers) {
            LockSupport.unpark(t);
        }
    }

    private void loop() {
        long idleSince = System.nanoTime();
        while (true) {
            Runnable job = jobs.poll();
            if (job != null) {
                try {
                    job.run();
                } catch (RuntimeException | Error e) {
                    // jobs report their own failures; a helper must survive a failing job
                }
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                // the permit of an unpark that came after poll() makes this return at once
                LockSupport.park(this);
                idleSince = System.nanoTime();
            }
        }
    }
}
