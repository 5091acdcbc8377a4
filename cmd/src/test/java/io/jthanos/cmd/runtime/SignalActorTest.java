package io.jthanos.cmd.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class SignalActorTest {

  @Test
  void realSigtermEndsTheGroupCleanly() throws Exception {
    SignalActor signals = SignalActor.installed();
    try {
      RunGroup group = new RunGroup();
      group.add("signal", signals, signals);
      java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
      group.add("server", stopped::await, cause -> stopped.countDown());
      CompletableFuture<Throwable> result = CompletableFuture.supplyAsync(() -> {
        try {
          return group.run();
        } catch (InterruptedException e) {
          return e;
        }
      });

      Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(ProcessHandle.current().pid())).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();

      assertThat(result.get(10, TimeUnit.SECONDS)).isNull();
      assertThat(stopped.getCount()).isZero();
    } finally {
      signals.uninstall();
    }
  }

  @Test
  void interruptEndsTheActorWithoutASignal() throws Exception {
    SignalActor actor = new SignalActor();
    actor.interrupt(null);
    actor.execute(); // returns at once
  }
}
