package io.jthanos.cmd.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * Health and readiness of one process, as Thanos's {@code prober.Combine(httpProbe, grpcProbe)}:
 * {@code /-/healthy} and {@code /-/ready} answer from it, and the gRPC health service follows
 * readiness. A process starts neither healthy nor ready; components call {@link #healthy()} once
 * their servers run and {@link #ready()} once they can serve (e.g. after the initial block sync).
 */
public final class Prober {

  /** Notified with (healthy, ready) on every change. */
  @FunctionalInterface
  public interface Listener extends BiConsumer<Boolean, Boolean> {}

  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean healthy;
  private volatile boolean ready;

  /** Registers a listener and tells it the current state. */
  public void addListener(Listener listener) {
    listeners.add(listener);
    listener.accept(healthy, ready);
  }

  /** Marks the process healthy. */
  public void healthy() {
    healthy = true;
    notifyListeners();
  }

  /** Marks the process unhealthy. */
  public void notHealthy() {
    healthy = false;
    notifyListeners();
  }

  /** Marks the process ready to serve. */
  public void ready() {
    ready = true;
    notifyListeners();
  }

  /** Marks the process not ready, e.g. while shutting down. */
  public void notReady() {
    ready = false;
    notifyListeners();
  }

  public boolean isHealthy() {
    return healthy;
  }

  public boolean isReady() {
    return ready;
  }

  private void notifyListeners() {
    List<Listener> snapshot = new ArrayList<>(listeners);
    boolean h = healthy;
    boolean r = ready;
    for (Listener listener : snapshot) {
      listener.accept(h, r);
    }
  }
}
