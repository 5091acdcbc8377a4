package io.jthanos.compact;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/** Runs I/O tasks with bounded concurrency on virtual threads; the first failure is rethrown. */
final class Parallel {
    /** A task that may fail with an {@link IOException}. */
    @FunctionalInterface
    interface IoTask {
        void run() throws IOException;
    }

    private Parallel() {}

    static void run(List<IoTask> tasks, int concurrency) throws IOException {
        if (concurrency <= 1 || tasks.size() <= 1) {
            for (IoTask t : tasks) {
                t.run();
            }
            return;
        }
        Semaphore permits = new Semaphore(concurrency);
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>(tasks.size());
            for (IoTask t : tasks) {
                fs.add(ex.submit(() -> {
                    permits.acquire();
                    try {
                        t.run();
                    } finally {
                        permits.release();
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
    }
}
