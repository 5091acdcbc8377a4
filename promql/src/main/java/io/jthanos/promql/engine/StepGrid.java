package io.jthanos.promql.engine;

/**
 * The evaluation timestamps {@code start, start+interval, …, end} (milliseconds). An instant
 * evaluation has {@code start == end}. Internal to the engine.
 */
public record StepGrid(long start, long end, long interval) {

    public StepGrid {
        if (interval <= 0) {
            interval = 1;
        }
    }

    public int steps() {
        return (int) ((end - start) / interval) + 1;
    }

    public long time(int step) {
        return start + step * interval;
    }
}
