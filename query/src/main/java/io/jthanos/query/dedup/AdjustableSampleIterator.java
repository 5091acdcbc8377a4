package io.jthanos.query.dedup;

import io.jthanos.tsdb.chunkenc.SampleIterator;

/**
 * A sample iterator whose current value may be corrected given the last value emitted before a replica
 * switch (Thanos's {@code adjustableSeriesIterator}).
 */
interface AdjustableSampleIterator extends SampleIterator {
    /** Corrects the current value knowing that {@code lastValue} was emitted just before it. */
    void adjustAtValue(double lastValue);
}
