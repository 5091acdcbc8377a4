package io.jthanos.cmd.runtime;

import io.jthanos.cmd.tracing.Tracing;
import io.jthanos.cmd.grpc.GrpcServer;
import io.jthanos.cmd.http.HttpRouter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What a {@link Component} gets to wire itself into the process.
 *
 * @param router the HTTP router of {@code --http-address}; {@code /metrics}, {@code /-/healthy}
 *     and {@code /-/ready} are taken
 * @param grpc the gRPC server of {@code --grpc-address}, or {@code null} when the component
 *     has none; add services here
 * @param registry the metrics registry served on {@code /metrics}
 * @param prober health and readiness; call {@code ready()} when able to serve
 * @param runGroup add long-running actors (loops, extra servers) here
 * @param tracing the process's tracing ({@code --tracing.config}), for servers and clients the component makes
 */
public record ComponentContext(
    HttpRouter router, GrpcServer grpc, MeterRegistry registry, Prober prober, RunGroup runGroup, Tracing tracing) {}
