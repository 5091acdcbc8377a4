package io.jthanos.cmd.runtime;

/**
 * A process role (receive, store, query, compact, rule) as {@code bin/thanos} runs it. The
 * {@link ComponentRunner} owns the HTTP and gRPC servers, metrics, probes and the run group;
 * the component only registers what it adds, in {@link #configure}.
 */
public interface Component {

  /** The subcommand name, e.g. {@code receive}; used in logs. */
  String name();

  /**
   * Registers HTTP routes, gRPC services, metrics and run-group actors on {@code context}.
   * Called once, before the servers bind. The component calls
   * {@code context.prober().ready()} when it can serve (maybe later, from an actor).
   *
   * @throws Exception for a configuration or start-up error; it ends the process
   */
  void configure(ComponentContext context) throws Exception;
}
