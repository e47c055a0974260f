package dev.chatmesh.client;

import java.lang.System.Logger.Level;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: one client's
 * state machine and listeners live here, so they need no locks and never run concurrently.
 */
final class SerialExecutor implements Executor {

    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());

    private final Executor delegate;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    // Counts queued tasks; whoever moves it from 0 starts the drain, so one drain runs at a time.
    private final AtomicInteger pending = new AtomicInteger();

    SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (pending.getAndIncrement() == 0) {
            delegate.execute(this::drain);
        }
    }

    private void drain() {
        do {
            Runnable task = tasks.poll();
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "client task failed", e);
            }
        } while (pending.decrementAndGet() > 0);
    }
}
