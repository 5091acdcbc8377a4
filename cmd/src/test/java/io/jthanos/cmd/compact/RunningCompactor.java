package io.jthanos.cmd.compact;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.cmd.BuildInfo;
import io.jthanos.cmd.runtime.ComponentRunner;
import io.jthanos.cmd.runtime.ServerSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link CompactComponent} running in this JVM with its HTTP server on a free port, until {@link #close()}. */
final class RunningCompactor implements AutoCloseable {
    final CompactComponent component;
    private final ComponentRunner runner;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicReference<Throwable> result = new AtomicReference<>();
    private final Thread thread;
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;

    RunningCompactor(CompactSettings settings) throws Exception {
        component = new CompactComponent(settings, Clock.systemUTC());
        ServerSettings server = new ServerSettings(new InetSocketAddress("127.0.0.1", 0), Duration.ofSeconds(1), null,
                Duration.ZERO, Duration.ZERO);
        runner = new ComponentRunner(component, server, BuildInfo.current());
        runner.start();
        runner.runGroup().add("test", stop::await, cause -> stop.countDown());
        thread = new Thread(() -> {
            try {
                result.set(runner.run());
            } catch (InterruptedException e) {
                result.set(e);
            }
        });
        thread.start();
        base = URI.create("http://127.0.0.1:" + runner.httpAddress().getPort());
    }

    boolean running() {
        return thread.isAlive();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Stops the component as SIGTERM would and checks that it ended cleanly. */
    @Override
    public void close() throws Exception {
        try {
            stop.countDown();
            thread.join(20_000);
            assertThat(thread.isAlive()).isFalse();
            assertThat(result.get()).isNull();
        } finally {
            runner.close();
        }
    }
}
