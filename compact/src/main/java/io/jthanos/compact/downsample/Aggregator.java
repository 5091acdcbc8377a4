package io.jthanos.compact.downsample;

/**
 * Running statistics over a stream of values (Thanos {@code aggregator}): count, sum, min and max of
 * the current window, and a counter with resets applied since the start of the stream.
 */
final class Aggregator {
    int total;
    int count;
    double sum;
    double min;
    double max;
    double counter;
    int resets;
    double last;

    /** Starts a new window; the counter carries on. */
    void reset() {
        count = 0;
        sum = 0;
        min = Double.MAX_VALUE;
        max = -Double.MAX_VALUE;
    }

    void add(double v) {
        if (total > 0) {
            if (v < last) {
                counter += v;
                resets++;
            } else {
                counter += v - last;
            }
        } else {
            counter = v;
        }
        last = v;
        sum += v;
        count++;
        total++;
        if (v < min) {
            min = v;
        }
        if (v > max) {
            max = v;
        }
    }
}
