package io.jthanos.receive.replication;

import io.grpc.Codec;
import io.grpc.CompressorRegistry;
import io.grpc.DecompressorRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.xerial.snappy.SnappyFramedInputStream;
import org.xerial.snappy.SnappyFramedOutputStream;

/**
 * The gRPC message encoding {@code snappy} that Thanos registers ({@code pkg/extgrpc/snappy}) and
 * receivers use for forwards by default ({@code --receive.grpc-compression=snappy}): the snappy
 * <em>framing</em> (stream) format, as Go's {@code snappy.NewBufferedWriter}/{@code snappy.NewReader}
 * write and read it, not the block format of remote-write bodies.
 */
public final class SnappyGrpcCodec implements Codec {
    /** The {@code grpc-encoding} name. */
    public static final String NAME = "snappy";
    public static final SnappyGrpcCodec INSTANCE = new SnappyGrpcCodec();

    private SnappyGrpcCodec() {}

    /** Identity, gzip and snappy: what a Thanos component may compress its messages with. */
    public static CompressorRegistry compressors() {
        CompressorRegistry r = CompressorRegistry.newEmptyInstance();
        r.register(Codec.Identity.NONE);
        r.register(new Codec.Gzip());
        r.register(INSTANCE);
        return r;
    }

    /** gRPC's default decompressors (identity, gzip) plus snappy, advertised in {@code grpc-accept-encoding}. */
    public static DecompressorRegistry decompressors() {
        return DecompressorRegistry.getDefaultInstance().with(INSTANCE, true);
    }

    @Override
    public String getMessageEncoding() {
        return NAME;
    }

    @Override
    public OutputStream compress(OutputStream os) throws IOException {
        return new SnappyFramedOutputStream(os);
    }

    @Override
    public InputStream decompress(InputStream is) throws IOException {
        return new SnappyFramedInputStream(is);
    }
}
