package io.jthanos.receive.replication;

import io.grpc.CompressorRegistry;
import io.grpc.DecompressorRegistry;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jthanos.proto.prompb.TimeSeries;
import io.jthanos.proto.storepb.WriteRequest;
import io.jthanos.proto.storepb.WriteableStoreGrpc;
import io.jthanos.receive.hashring.Endpoint;
import io.jthanos.receive.tsdb.ErrorKind;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Forwards over gRPC with one channel per peer address, plaintext unless set up with TLS. Status codes map as Thanos's router
 * reads them: {@code UNAVAILABLE} → unavailable, {@code ALREADY_EXISTS} → conflict,
 * {@code INVALID_ARGUMENT} → invalid, {@code DEADLINE_EXCEEDED} → unavailable, the rest → internal.
 */
public final class GrpcPeerClient implements PeerClient {
    private static final CompressorRegistry COMPRESSORS = SnappyGrpcCodec.compressors();
    private static final DecompressorRegistry DECOMPRESSORS = SnappyGrpcCodec.decompressors();

    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final String compression;
    private final Function<String, ManagedChannelBuilder<?>> channelBuilders;

    /** Forwards without compression. */
    public GrpcPeerClient() {
        this("none");
    }

    /**
     * @param compression {@code --receive.grpc-compression}: {@code snappy} compresses each forward with
     *     {@link SnappyGrpcCodec} (the peer must accept that encoding, as Thanos receivers do);
     *     {@code none} sends uncompressed
     */
    public GrpcPeerClient(String compression) {
        this(compression, target -> ManagedChannelBuilder.forTarget(target).usePlaintext());
    }

    /**
     * As above, over the channels {@code channels} builds (with TLS set up when the peers serve it,
     * {@code --remote-write.client-tls-*}).
     */
    public GrpcPeerClient(String compression, Function<String, ManagedChannelBuilder<?>> channels) {
        this.channelBuilders = channels;
        this.compression = switch (compression) {
            case "none", "" -> null;
            case SnappyGrpcCodec.NAME -> SnappyGrpcCodec.NAME;
            default -> throw new IllegalArgumentException("unsupported gRPC compression \"" + compression + "\"");
        };
    }

    @Override
    public void write(Endpoint endpoint, String tenant, long replica, List<TimeSeries> series, long deadlineNanos)
            throws PeerWriteException {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw new PeerWriteException(ErrorKind.UNAVAILABLE, "forwarding request to endpoint " + endpoint
                    + ": deadline exceeded", null);
        }
        WriteRequest.Builder b = WriteRequest.newBuilder().setTenant(tenant).setReplica(replica);
        for (TimeSeries ts : series) {
            b.addTimeseries(WireConversions.toCopy(ts));
        }
        try {
            WriteableStoreGrpc.WriteableStoreBlockingStub stub = WriteableStoreGrpc.newBlockingStub(channel(endpoint.address()))
                    .withDeadlineAfter(remaining, TimeUnit.NANOSECONDS);
            if (compression != null) {
                stub = stub.withCompression(compression);
            }
            stub.remoteWrite(b.build());
        } catch (StatusRuntimeException e) {
            throw new PeerWriteException(kind(e.getStatus()), "forwarding request to endpoint " + endpoint + ": "
                    + e.getStatus().getCode() + ": " + e.getStatus().getDescription(), e);
        }
    }

    static ErrorKind kind(Status status) {
        return switch (status.getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED -> ErrorKind.UNAVAILABLE;
            case ALREADY_EXISTS -> ErrorKind.CONFLICT;
            case INVALID_ARGUMENT -> ErrorKind.INVALID;
            default -> ErrorKind.INTERNAL;
        };
    }

    private ManagedChannel channel(String address) {
        return channels.computeIfAbsent(address, a -> channelBuilders.apply(a)
                .compressorRegistry(COMPRESSORS).decompressorRegistry(DECOMPRESSORS).maxInboundMessageSize(64 << 20).build());
    }

    /** Closes channels of peers that left the hashring. */
    public void retain(java.util.Set<String> addresses) {
        channels.entrySet().removeIf(e -> {
            if (!addresses.contains(e.getKey())) {
                e.getValue().shutdown();
                return true;
            }
            return false;
        });
    }

    @Override
    public void close() {
        for (ManagedChannel c : channels.values()) {
            c.shutdownNow();
        }
        channels.clear();
    }
}
