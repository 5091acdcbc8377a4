package io.jthanos.cmd.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.jthanos.model.Labels;
import io.jthanos.proto.prompb.Label;
import io.jthanos.proto.prompb.Sample;
import io.jthanos.proto.prompb.TimeSeries;
import io.jthanos.receive.ReceiveMetrics;
import io.jthanos.receive.hashring.Endpoint;
import io.jthanos.receive.hashring.Hashrings;
import io.jthanos.receive.replication.GrpcPeerClient;
import io.jthanos.receive.replication.ReceiverMode;
import io.jthanos.receive.replication.WriteRouter;
import io.jthanos.receive.replication.WriteableStoreService;
import io.jthanos.receive.tsdb.HeadTenantDbFactory;
import io.jthanos.receive.tsdb.MultiTsdb;
import io.jthanos.receive.tsdb.TenantWriter;
import io.jthanos.tsdb.head.HeadOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver's forward with {@code --receive.grpc-compression=snappy} (the default) reaches a
 * {@code thanos.WriteableStore} served by our {@link GrpcServer} over real gRPC on loopback.
 */
class GrpcServerSnappyTest {
  @TempDir Path dir;

  @Test
  void snappyCompressedForwardIsDecompressedAndWritten() throws Exception {
    assertForwardIsWritten("snappy");
  }

  @Test
  void uncompressedForwardIsWritten() throws Exception {
    assertForwardIsWritten("none");
  }

  private void assertForwardIsWritten(String compression) throws Exception {
    List<String> encodings = new CopyOnWriteArrayList<>();
    ServerInterceptor recordEncoding = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        String encoding = headers.get(Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER));
        encodings.add(encoding == null ? "identity" : encoding);
        return next.startCall(call, headers);
      }
    };
    Hashrings ring = Hashrings.singleNode("local");
    GrpcServer server = new GrpcServer(new InetSocketAddress("127.0.0.1", 0), Duration.ZERO);
    try (MultiTsdb storage = new MultiTsdb(dir, new HeadTenantDbFactory(HeadOptions.defaults()),
            Labels.of("receive_replica", "1"), "tenant_id");
        WriteRouter router = new WriteRouter(() -> ring, "local", 1, ReceiverMode.INGESTOR_ONLY, new TenantWriter(storage),
            new GrpcPeerClient(), Duration.ofSeconds(5), Duration.ofMillis(100),
            new ReceiveMetrics(new SimpleMeterRegistry()));
        GrpcPeerClient forwarder = new GrpcPeerClient(compression)) {
      server.addService(ServerInterceptors.intercept(new WriteableStoreService(router), recordEncoding));
      server.start();
      // large and repetitive enough that snappy really compresses
      List<TimeSeries> series = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        series.add(TimeSeries.newBuilder()
            .addLabels(Label.newBuilder().setName("__name__").setValue("http_requests_total"))
            .addLabels(Label.newBuilder().setName("instance").setValue("host-" + i))
            .addLabels(Label.newBuilder().setName("job").setValue("api-server"))
            .addSamples(Sample.newBuilder().setTimestamp(1000).setValue(i))
            .addSamples(Sample.newBuilder().setTimestamp(16000).setValue(i + 1))
            .build());
      }
      String address = "127.0.0.1:" + server.boundAddress().getPort();
      forwarder.write(Endpoint.of(address), "team-a", 1, series, System.nanoTime() + Duration.ofSeconds(10).toNanos());

      assertThat(encodings).containsExactly(compression.equals("snappy") ? "snappy" : "identity");
      MultiTsdb.Tenant tenant = storage.tenant("team-a");
      assertThat(tenant.db().numSeries()).isEqualTo(500);
      assertThat(tenant.db().minTime()).isEqualTo(1000);
      assertThat(tenant.db().maxTime()).isEqualTo(16000);
    } finally {
      server.shutdown(Duration.ofSeconds(1));
    }
  }
}
