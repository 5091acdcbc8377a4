package io.jthanos.store.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.proto.storepb.Series;
import io.jthanos.proto.storepb.SeriesResponse;
import io.jthanos.proto.storepb.StoreGrpc;
import io.jthanos.store.ComponentType;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreApi;
import io.jthanos.store.StoreInfo;
import io.jthanos.store.TsdbStore;
import io.jthanos.store.testing.BaseStoreApiTestCase;
import io.jthanos.store.testing.InMemoryChunkQueryable;
import io.jthanos.store.testing.LoopbackStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The conformance suite against {@link TsdbStore} served by {@link StoreGrpcService} over loopback gRPC. */
class TsdbStoreGrpcTest extends BaseStoreApiTestCase {
    private final List<LoopbackStore> servers = new ArrayList<>();

    @AfterEach
    void closeServers() {
        for (LoopbackStore s : servers) {
            s.close();
        }
    }

    @Override
    protected StoreApi open(InMemoryChunkQueryable data, Labels externalLabels) {
        LoopbackStore s = new LoopbackStore(new TsdbStore(data, externalLabels, ComponentType.RECEIVE, () -> 0, () -> MAX_T));
        servers.add(s);
        return s.client();
    }

    @Override
    protected StoreApi openPartlyFailing(InMemoryChunkQueryable healthy, Labels externalLabels, RuntimeException failure) {
        healthy.failWith(failure);
        return open(healthy, externalLabels);
    }

    @Override
    protected boolean failuresBecomeWarnings() {
        return false;
    }

    @Test
    void infoAnnouncesExternalLabelsAndTimeRange() {
        StoreInfo info = open(db, EXTERNAL).info();
        assertThat(info.labelSets()).containsExactly(EXTERNAL);
        assertThat(info.minTime()).isZero();
        assertThat(info.maxTime()).isEqualTo(MAX_T);
        assertThat(info.componentType()).isEqualTo(ComponentType.RECEIVE);
        assertThat(info.supportsWithoutReplicaLabels()).isTrue();
    }

    @Test
    void everyQuerierIsClosed() {
        StoreApi store = open(db, EXTERNAL);
        collect(store, SeriesRequest.of(0, MAX_T, Matcher.regex("__name__", ".+")));
        collect(store, SeriesRequest.of(0, MAX_T, Matcher.regex("__name__", ".+")).withLimit(1));
        assertThat(db.openQueriers()).isZero();
    }

    @Test
    void seriesLargerThanOneFrameAreSplitAndJoinedAgain() {
        InMemoryChunkQueryable big = new InMemoryChunkQueryable();
        // Random values defeat XOR compression: ~16 bytes a sample, 100k samples is well over 1 MiB.
        java.util.Random rnd = new java.util.Random(1);
        int n = 100_000;
        long[] ts = new long[n];
        double[] vs = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = i * 1000L;
            vs[i] = rnd.nextDouble();
        }
        big.add(Labels.of("__name__", "big"), ts, vs, 120);
        StoreApi store = open(big, Labels.empty());
        Result r = collect(store, SeriesRequest.of(0, Long.MAX_VALUE, Matcher.equal("__name__", "big")));
        assertThat(r.series()).hasSize(1);
        assertThat(r.series().get(0).chunks()).hasSize((n + 119) / 120);
        assertThat(samples(r.series().get(0).chunks(), 0, Long.MAX_VALUE)).hasSize(n);
    }

    @Test
    void seriesComeInBatchesOnlyWhenTheRequestAsks() throws InterruptedException {
        LoopbackStore server = new LoopbackStore(new TsdbStore(db, EXTERNAL, ComponentType.RECEIVE, () -> 0, () -> MAX_T));
        servers.add(server);
        ManagedChannel channel = NettyChannelBuilder.forTarget(server.address()).usePlaintext().build();
        try {
            StoreGrpc.StoreBlockingStub stub = StoreGrpc.newBlockingStub(channel);
            io.jthanos.proto.storepb.SeriesRequest request =
                    StoreProtos.toProto(SeriesRequest.of(0, MAX_T, Matcher.regex("__name__", ".+")));
            // A peer that predates batching (response_batch_size unset) gets one series per response.
            List<Series> single = new ArrayList<>();
            stub.series(request).forEachRemaining(r -> {
                assertThat(r.getResultCase()).isEqualTo(SeriesResponse.ResultCase.SERIES);
                single.add(r.getSeries());
            });
            List<Series> batched = new ArrayList<>();
            List<Integer> batchSizes = new ArrayList<>();
            stub.series(request.toBuilder().setResponseBatchSize(2).build()).forEachRemaining(r -> {
                assertThat(r.getResultCase()).isEqualTo(SeriesResponse.ResultCase.BATCH);
                batchSizes.add(r.getBatch().getSeriesCount());
                batched.addAll(r.getBatch().getSeriesList());
            });
            assertThat(single).hasSizeGreaterThan(2);
            assertThat(batched).isEqualTo(single);
            assertThat(batchSizes).hasSize((single.size() + 1) / 2).allMatch(n -> n >= 1 && n <= 2);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
