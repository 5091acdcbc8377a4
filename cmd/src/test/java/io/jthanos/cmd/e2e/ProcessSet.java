package io.jthanos.cmd.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The child processes of one e2e test, each logging to {@code <logDir>/<name>.log}. {@link #close()}
 * stops every process still alive by PID (SIGTERM, then SIGKILL after a grace period); a JVM shutdown
 * hook does the same if the test JVM dies first.
 */
final class ProcessSet implements AutoCloseable {
    private static final long GRACE_SECONDS = 15;

    private final Path logDir;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Thread hook = new Thread(this::killAll, "e2e-process-reaper");

    ProcessSet(Path logDir) throws IOException {
        this.logDir = Files.createDirectories(logDir);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The body of an e2e test, run with its processes. */
    interface Body {
        void run(ProcessSet processes) throws Exception;
    }

    /**
     * Runs {@code body} with a process set logging under {@code target/e2e-logs/<name>} (emptied first); if it
     * fails, prints the last lines of every log before passing the failure on. Every process is stopped after.
     */
    static void withProcesses(String name, Body body) throws Exception {
        Path logs = Path.of("target", "e2e-logs", name).toAbsolutePath();
        E2eEnv.deleteRecursively(logs);
        try (ProcessSet processes = new ProcessSet(logs)) {
            try {
                body.run(processes);
            } catch (Throwable t) {
                System.err.println(processes.logTails(40));
                throw t;
            }
        }
    }

    /** Starts {@code command} as {@code name} (unique while it runs); its output appends to its log. */
    synchronized Process start(String name, List<String> command) throws IOException {
        if (processes.containsKey(name) && processes.get(name).isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        Path log = log(name);
        Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        p.getOutputStream().close();
        processes.put(name, p);
        return p;
    }

    /** Stops {@code name} gracefully (SIGTERM), killing it after the grace period; returns its exit code. */
    synchronized int stop(String name) throws InterruptedException {
        Process p = processes.remove(name);
        return p == null ? -1 : stop(p);
    }

    /** The running process started as {@code name}, if any. */
    synchronized java.util.Optional<Process> process(String name) {
        return java.util.Optional.ofNullable(processes.get(name));
    }

    Path log(String name) {
        return logDir.resolve(name + ".log");
    }

    /** The last lines of every log, for a failure message. */
    synchronized String logTails(int lines) {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(logDir)) {
            for (Path f : files.sorted().toList()) {
                List<String> all = Files.readAllLines(f, StandardCharsets.UTF_8);
                sb.append("==== ").append(f).append('\n');
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> sb.append(l).append('\n'));
            }
        } catch (IOException e) {
            sb.append("(logs unreadable: ").append(e).append(")\n");
        }
        return sb.toString();
    }

    @Override
    public synchronized void close() throws InterruptedException {
        List<String> names = new ArrayList<>(processes.keySet());
        java.util.Collections.reverse(names);
        for (String name : names) {
            stop(name);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to
        }
    }

    private static int stop(Process p) throws InterruptedException {
        if (p.isAlive()) {
            p.destroy();
            if (!p.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
            }
        }
        return p.isAlive() ? -1 : p.exitValue();
    }

    private void killAll() {
        for (Process p : processes.values()) {
            p.destroyForcibly();
        }
    }
}
