package io.jthanos.cmd.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Runs a set of actors until the first one returns, then interrupts the rest and waits for them,
 * like oklog/run's {@code Group} that every Thanos component is built on.
 *
 * <p>An actor is a pair: {@code execute} blocks until the actor is done (or fails), and
 * {@code interrupt} must make {@code execute} return promptly. {@link #run()} starts every
 * {@code execute} on its own thread, waits for the first to finish, calls every {@code interrupt}
 * with that actor's error (or {@code null}), waits for all to return and reports the first
 * actor's error. A group is run once.
 */
public final class RunGroup {

  /** The blocking half of an actor. */
  @FunctionalInterface
  public interface Execute {
    /** Runs until done or interrupted; throwing fails the group. */
    void execute() throws Exception;
  }

  /** The stopping half of an actor; must not block for long. */
  @FunctionalInterface
  public interface Interrupt {
    /** Makes the matching {@link Execute} return; {@code cause} is the first actor's error, or null. */
    void interrupt(Throwable cause);
  }

  private record Actor(String name, Execute execute, Interrupt interrupt) {}

  private record Outcome(Actor actor, Throwable error) {}

  private final List<Actor> actors = new ArrayList<>();
  private boolean started;

  /** Adds an actor; the name shows up in thread names and in {@link ActorFailure} messages. */
  public synchronized void add(String name, Execute execute, Interrupt interrupt) {
    if (started) {
      throw new IllegalStateException("run group already started");
    }
    actors.add(new Actor(name, execute, interrupt));
  }

  /**
   * Runs all actors as described in the class comment.
   *
   * @return the error of the first actor to return, or {@code null} when it returned normally
   *     (or there were no actors)
   */
  public Throwable run() throws InterruptedException {
    List<Actor> toRun;
    synchronized (this) {
      if (started) {
        throw new IllegalStateException("run group already started");
      }
      started = true;
      toRun = List.copyOf(actors);
    }
    if (toRun.isEmpty()) {
      return null;
    }
    BlockingQueue<Outcome> outcomes = new ArrayBlockingQueue<>(toRun.size());
    for (Actor actor : toRun) {
      Thread.ofPlatform().name("actor-" + actor.name()).start(() -> outcomes.add(new Outcome(actor, runActor(actor))));
    }

    Outcome first = outcomes.take();
    Throwable cause = first.error() == null ? null : new ActorFailure(first.actor().name(), first.error());
    for (Actor actor : toRun) {
      try {
        actor.interrupt().interrupt(cause);
      } catch (RuntimeException e) {
        if (cause != null) {
          cause.addSuppressed(e);
        }
      }
    }
    for (int i = 1; i < toRun.size(); i++) {
      outcomes.take();
    }
    return cause;
  }

  private static Throwable runActor(Actor actor) {
    try {
      actor.execute().execute();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  /** The error of the actor that ended the group, named after it. */
  public static final class ActorFailure extends Exception {
    private final String actorName;

    ActorFailure(String actorName, Throwable cause) {
      super(actorName + ": " + cause.getMessage(), cause);
      this.actorName = actorName;
    }

    /** The name the failing actor was added with. */
    public String actorName() {
      return actorName;
    }
  }
}
