package io.jthanos.store.grpc;

import io.jthanos.store.StoreChunk;
import io.jthanos.store.StoreSeries;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins consecutive frames of one series: a server splits a series with many chunks over several frames with
 * the same labels. Frames go in through {@link #add}; a series comes out once a frame with other labels, or
 * {@link #finish}, shows that it is complete.
 */
final class FrameJoiner {
    /** The series held back until it is known to be complete. */
    private StoreSeries pending;
    private List<StoreChunk> joined;

    /**
     * Takes the next frame and returns the series it shows complete, or null.
     *
     * @param mayContinue whether the frame may continue the pending series; false spares the label comparison
     */
    StoreSeries add(StoreSeries frame, boolean mayContinue) {
        if (pending != null && mayContinue && pending.labels().equals(frame.labels())) {
            if (joined == null) {
                joined = new ArrayList<>(pending.chunks());
            }
            joined.addAll(frame.chunks());
            return null;
        }
        StoreSeries done = finish();
        pending = frame;
        return done;
    }

    /** The pending series, whole, or null if there is none; the joiner is empty afterwards. */
    StoreSeries finish() {
        StoreSeries done = pending == null || joined == null ? pending : new StoreSeries(pending.labels(), joined);
        pending = null;
        joined = null;
        return done;
    }
}
