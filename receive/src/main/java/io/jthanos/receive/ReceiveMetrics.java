package io.jthanos.receive;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Receive's metrics with Thanos's names (one class per subsystem, from an injected registry). */
public final class ReceiveMetrics {
    private final MeterRegistry registry;
    private final Counter forwardSuccess;
    private final Counter forwardError;
    private final Counter replicationSuccess;
    private final Counter replicationError;

    public ReceiveMetrics(MeterRegistry registry) {
        this.registry = registry;
        forwardSuccess = forward("success");
        forwardError = forward("error");
        replicationSuccess = replication("success");
        replicationError = replication("error");
    }

    private Counter forward(String result) {
        return Counter.builder("thanos_receive_forward_requests_total")
                .description("The number of forward requests.").tag("result", result).register(registry);
    }

    private Counter replication(String result) {
        return Counter.builder("thanos_receive_replications_total")
                .description("The number of replication operations done by the receiver. The success of replication "
                        + "is fulfilled when a quorum is met.")
                .tag("result", result).register(registry);
    }

    /** One forward to a peer finished. */
    public void forwarded(boolean success, boolean alreadyReplicated) {
        (success ? forwardSuccess : forwardError).increment();
        if (!alreadyReplicated) {
            (success ? replicationSuccess : replicationError).increment();
        }
    }

    /** One remote-write request answered with {@code code}, carrying that many series and samples. */
    public void request(int code, String tenant, int series, long samples) {
        String c = Integer.toString(code);
        Counter.builder("thanos_receive_write_requests_total").description("The number of remote write requests.")
                .tag("code", c).tag("tenant", tenant).register(registry).increment();
        Counter.builder("thanos_receive_write_timeseries_total")
                .description("The number of timeseries received in the incoming write requests.")
                .tag("code", c).tag("tenant", tenant).register(registry).increment(series);
        Counter.builder("thanos_receive_write_samples_total")
                .description("The number of sampled received in the incoming write requests.")
                .tag("code", c).tag("tenant", tenant).register(registry).increment(samples);
    }

    /** The registry, for subsystems that register their own meters. */
    public MeterRegistry registry() {
        return registry;
    }
}
