package io.jthanos.store.grpc;

import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jthanos.store.SeriesCursor;
import io.jthanos.store.StoreSeries;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A {@code thanos.Store/Series} call read by pulling. gRPC parses each response on its executor and
 * queues it here; the reader takes them from the queue and asks the server for one more response per
 * response taken, so at most {@link #PREFETCH} wait here and flow control holds the server back beyond
 * that. Frames of one series (a server splits a series with many chunks) are joined again: within a response
 * by {@link SeriesResponseDecoder}, across responses here.
 */
final class GrpcSeriesCursor implements SeriesCursor {
    /** Responses asked for ahead of the reader; each holds up to a batch of series. */
    static final int PREFETCH = 4;

    /** The end of the call, queued after its last response. */
    private record Closed(Status status, Metadata trailers) {}

    private final ClientCall<?, SeriesResponseDecoder.Decoded> call;
    private final String target;
    /** Decoded responses, then one {@link Closed}. */
    private final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private List<StoreSeries> batch = List.of();
    private int index;
    /** Whether the last frame taken was the first of its response, so possibly the rest of the pending series. */
    private boolean firstOfResponse;
    private final FrameJoiner frames = new FrameJoiner();
    private boolean ended;
    private volatile boolean closed;

    GrpcSeriesCursor(ClientCall<?, SeriesResponseDecoder.Decoded> call, String target) {
        this.call = call;
        this.target = target;
    }

    /** What gRPC calls on its executor, one callback at a time. */
    ClientCall.Listener<SeriesResponseDecoder.Decoded> listener() {
        return new ClientCall.Listener<>() {
            @Override
            public void onMessage(SeriesResponseDecoder.Decoded message) {
                received.add(message);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                received.add(new Closed(status, trailers));
            }
        };
    }

    @Override
    public StoreSeries next(Consumer<String> warnings, long timeoutNanos) throws InterruptedException, TimeoutException {
        while (true) {
            StoreSeries frame = nextFrame(warnings, timeoutNanos);
            if (frame == null) {
                return frames.finish();
            }
            // within a response the decoder has joined the frames already
            StoreSeries done = frames.add(frame, firstOfResponse);
            if (done != null) {
                return done;
            }
        }
    }

    /** The next frame as the server sent it, or null at the end of the call. */
    private StoreSeries nextFrame(Consumer<String> warnings, long timeoutNanos)
            throws InterruptedException, TimeoutException {
        while (index >= batch.size()) {
            if (ended) {
                return null;
            }
            Object r = timeoutNanos > 0 ? received.poll(timeoutNanos, TimeUnit.NANOSECONDS) : received.take();
            if (r == null) {
                close();
                throw new TimeoutException("failed to receive any data in "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + "ms from " + target);
            }
            if (r instanceof Closed c) {
                ended = true;
                if (!c.status().isOk()) {
                    throw StoreProtos.fromStatus(new StatusRuntimeException(c.status(), c.trailers()), target);
                }
                return null;
            }
            SeriesResponseDecoder.Decoded d = (SeriesResponseDecoder.Decoded) r;
            call.request(1);
            batch = d.series();
            index = 0;
            if (d.warning() != null) {
                warnings.accept(d.warning());
            }
        }
        firstOfResponse = index == 0;
        return batch.get(index++);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            call.cancel("the reader closed the series stream", null);
        }
    }
}
