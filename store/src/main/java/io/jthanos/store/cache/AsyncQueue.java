package io.jthanos.store.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * Thanos's {@code AsyncOperationProcessor}: a bounded queue drained by a fixed number of worker threads (virtual
 * threads, named {@code <name>-<n>}). {@link #offer} never blocks; with capacity 0 a task is taken only by an idle
 * worker, like an unbuffered Go channel. Closing stops the workers and drops what is still queued.
 */
final class AsyncQueue implements AutoCloseable {
    private final BlockingQueue<Runnable> queue;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;

    AsyncQueue(int capacity, int workerCount, String name) {
        queue = capacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity);
        for (int i = 0; i < workerCount; i++) {
            workers.add(Thread.ofVirtual().name(name + "-" + i).start(this::work));
        }
    }

    /** Queues {@code task}; false when the queue is full or closed. */
    boolean offer(Runnable task) {
        return !closed && queue.offer(task);
    }

    private void work() {
        while (!closed) {
            Runnable task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            task.run();
        }
    }

    @Override
    public void close() {
        closed = true;
        workers.forEach(Thread::interrupt);
        for (Thread worker : workers) {
            try {
                worker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        queue.clear();
    }
}
