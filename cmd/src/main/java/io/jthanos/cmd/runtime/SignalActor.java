package io.jthanos.cmd.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The run-group actor that ends the process on SIGTERM or SIGINT, like Thanos's
 * {@code interrupt()} actor: the signal makes {@link #execute()} return normally, so the group
 * stops every other actor gracefully and the process exits 0.
 *
 * <p>Uses {@code sun.misc.Signal} (javac warns: internal API) because a shutdown hook runs only
 * once the JVM is already exiting, with exit status 143, while Thanos exits 0 after a graceful stop.
 */
public final class SignalActor implements RunGroup.Execute, RunGroup.Interrupt {

  private static final Logger LOG = LoggerFactory.getLogger(SignalActor.class);

  private static final String[] SIGNALS = {"TERM", "INT"};

  private final CountDownLatch done = new CountDownLatch(1);
  private final AtomicReference<String> caught = new AtomicReference<>();
  private final Map<String, SignalHandler> previous = new HashMap<>();

  /** Installs handlers for TERM and INT that trigger this actor. */
  public static SignalActor installed() {
    SignalActor actor = new SignalActor();
    for (String name : SIGNALS) {
      actor.previous.put(name, Signal.handle(new Signal(name), signal -> actor.signal("SIG" + signal.getName())));
    }
    return actor;
  }

  /** Restores the handlers that {@link #installed()} replaced. */
  public void uninstall() {
    previous.forEach((name, handler) -> Signal.handle(new Signal(name), handler));
    previous.clear();
  }

  /** Behaves as if the named signal arrived. */
  public void signal(String name) {
    if (caught.compareAndSet(null, name)) {
      done.countDown();
    }
  }

  @Override
  public void execute() throws InterruptedException {
    done.await();
    String signal = caught.get();
    if (signal != null) {
      LOG.atInfo().addKeyValue("signal", signal).log("caught signal. Exiting.");
    }
  }

  @Override
  public void interrupt(Throwable cause) {
    done.countDown();
  }
}
