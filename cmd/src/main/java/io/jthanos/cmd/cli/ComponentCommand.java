package io.jthanos.cmd.cli;

import io.jthanos.cmd.BuildInfo;
import io.jthanos.cmd.logging.Logging;
import io.jthanos.cmd.runtime.Component;
import io.jthanos.cmd.runtime.ComponentRunner;
import io.jthanos.cmd.runtime.ServerSettings;
import io.jthanos.cmd.runtime.SignalActor;
import io.jthanos.cmd.tracing.Tracing;
import io.jthanos.store.grpc.tls.ServerTls;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every leaf subcommand: sets up logging from the flags, validates them, then
 * {@link #run()}s the component. Until a component exists, {@link #run()} reports
 * "jthanos &lt;command&gt;: component not implemented yet" and exits 1.
 */
abstract class ComponentCommand implements Callable<Integer>, UnsupportedFlags.Declaring {

  @Mixin LoggingOptions logging;

  @Spec CommandSpec spec;

  private Tracing tracing = Tracing.disabled();

  /** Validates component-specific flags; throws {@link UserError}. */
  protected abstract void validate();

  /** Unsupported flags of the component's own flag groups. */
  protected abstract List<List<String>> unsupportedFlagGroups();

  @Override
  public final List<String> unsupportedFlags() {
    List<String> all = new ArrayList<>();
    unsupportedFlagGroups().forEach(all::addAll);
    return all;
  }

  @Override
  public final Integer call() throws Exception {
    Logging.configure(logging.level, logging.format);
    tracing = logging.tracing();
    try {
      validate();
      return run();
    } finally {
      tracing.close();
    }
  }

  /** Runs the component and returns the exit code. */
  protected int run() throws Exception {
    spec.commandLine().getErr().println(commandName() + ": component not implemented yet");
    return 1;
  }

  /** "jthanos receive", "jthanos tools bucket ls", … */
  protected final String commandName() {
    return "j" + spec.qualifiedName(" ");
  }

  /**
   * Serves {@code component} until SIGTERM/SIGINT or until one of its actors ends: the shared
   * plumbing every implemented component's {@link #run()} delegates to.
   *
   * @return 0 after a signal-initiated graceful stop, 1 when an actor failed
   */
  protected final int serve(Component component, HttpServerOptions http, GrpcServerOptions grpc) throws Exception {
    ServerSettings settings =
        new ServerSettings(
            HostPort.parse("--http-address", http.address),
            http.gracePeriod,
            grpc == null ? null : HostPort.parse("--grpc-address", grpc.address),
            grpc == null ? java.time.Duration.ZERO : grpc.gracePeriod,
            grpc == null ? java.time.Duration.ZERO : grpc.maxConnectionAge,
            grpc == null ? ServerTls.NONE : grpc.tls(),
            http.tls());
    try (ComponentRunner runner = new ComponentRunner(component, settings, BuildInfo.current(), tracing)) {
      try {
        runner.start();
      } catch (java.io.IOException e) {
        throw new UserError(e.getMessage(), e);
      }
      SignalActor signals = SignalActor.installed();
      runner.runGroup().add("signal", signals, signals);
      Throwable error = runner.run();
      if (error != null) {
        LoggerFactory.getLogger(ComponentCommand.class)
            .atError().setCause(error).log(commandName() + " command failed");
        return 1;
      }
      return 0;
    }
  }
}
