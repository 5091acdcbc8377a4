package io.jthanos.cmd.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RunGroupTest {

  /** An actor that blocks until interrupted and records the cause it was interrupted with. */
  private static final class Blocking {
    final CountDownLatch stop = new CountDownLatch(1);
    final List<Object> causes = new CopyOnWriteArrayList<>();

    void add(RunGroup group, String name) {
      group.add(name, stop::await, cause -> {
        causes.add(cause == null ? "null" : cause);
        stop.countDown();
      });
    }
  }

  @Test
  void emptyGroupReturnsImmediately() throws Exception {
    assertThat(new RunGroup().run()).isNull();
  }

  @Test
  void firstActorToReturnInterruptsTheRest() throws Exception {
    RunGroup group = new RunGroup();
    Blocking a = new Blocking();
    Blocking b = new Blocking();
    a.add(group, "a");
    b.add(group, "b");
    group.add("done", () -> {}, cause -> {});

    assertThat(group.run()).isNull();
    assertThat(a.causes).containsExactly("null");
    assertThat(b.causes).containsExactly("null");
  }

  @Test
  void failureIsReportedNamedAndPassedToInterrupts() throws Exception {
    RunGroup group = new RunGroup();
    Blocking other = new Blocking();
    other.add(group, "other");
    group.add("loader", () -> { throw new IllegalStateException("boom"); }, cause -> {});

    Throwable error = group.run();

    assertThat(error).isInstanceOf(RunGroup.ActorFailure.class).hasMessage("loader: boom");
    assertThat(((RunGroup.ActorFailure) error).actorName()).isEqualTo("loader");
    assertThat(error.getCause()).isInstanceOf(IllegalStateException.class);
    assertThat(other.causes).containsExactly(error);
  }

  @Test
  void runWaitsForEveryActorToReturn() throws Exception {
    RunGroup group = new RunGroup();
    CountDownLatch slowFinished = new CountDownLatch(1);
    CountDownLatch slowStop = new CountDownLatch(1);
    group.add("slow", () -> {
      slowStop.await();
      Thread.sleep(200);
      slowFinished.countDown();
    }, cause -> slowStop.countDown());
    group.add("quick", () -> {}, cause -> {});

    group.run();

    assertThat(slowFinished.await(0, TimeUnit.MILLISECONDS)).isTrue();
  }

  @Test
  void groupRunsOnlyOnce() throws Exception {
    RunGroup group = new RunGroup();
    group.run();
    assertThatThrownBy(group::run).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> group.add("late", () -> {}, c -> {})).isInstanceOf(IllegalStateException.class);
  }
}
