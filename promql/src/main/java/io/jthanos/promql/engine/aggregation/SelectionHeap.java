package io.jthanos.promql.engine.aggregation;

/**
 * The heap of Prometheus's {@code aggregationK} for {@code topk}/{@code bottomk}, ported with Go's
 * {@code container/heap} sift order and {@code vectorByValueHeap} comparison (NaN is less than every
 * value), so that ties and NaNs select the same series as Prometheus. Holds member indices.
 */
final class SelectionHeap {

    private int[] members = new int[8];
    private double[] values = new double[8];
    private int size;
    private boolean bottom;
    private int k;

    /** Starts a new selection of {@code k} (at least 1) for topk, or bottomk when {@code bottom}. */
    void reset(int k, boolean bottom) {
        this.k = k;
        this.bottom = bottom;
        this.size = 0;
        if (members.length < k && k <= 1 << 20) {
            members = new int[k];
            values = new double[k];
        }
    }

    /** Offers the next present member in input order. */
    void offer(int member, double v) {
        if (size < k) {
            if (size == members.length) {
                members = java.util.Arrays.copyOf(members, size * 2);
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            members[size] = member;
            values[size] = v;
            size++;
            up(size - 1);
            return;
        }
        double top = values[0];
        boolean replace = bottom ? top > v : top < v;
        if (replace || (Double.isNaN(top) && !Double.isNaN(v))) {
            members[0] = member;
            values[0] = v;
            if (k > 1 && !down(0)) {
                up(0);
            }
        }
    }

    int size() {
        return size;
    }

    int member(int i) {
        return members[i];
    }

    private boolean less(int i, int j) {
        double vi = values[i];
        if (Double.isNaN(vi)) {
            return true;
        }
        return bottom ? vi > values[j] : vi < values[j];
    }

    private void swap(int i, int j) {
        int m = members[i];
        members[i] = members[j];
        members[j] = m;
        double v = values[i];
        values[i] = values[j];
        values[j] = v;
    }

    private void up(int j) {
        while (true) {
            int i = (j - 1) / 2;
            if (i == j || !less(j, i)) {
                break;
            }
            swap(i, j);
            j = i;
        }
    }

    private boolean down(int i0) {
        int i = i0;
        while (true) {
            int j1 = 2 * i + 1;
            if (j1 >= size || j1 < 0) {
                break;
            }
            int j = j1;
            int j2 = j1 + 1;
            if (j2 < size && less(j2, j1)) {
                j = j2;
            }
            if (!less(j, i)) {
                break;
            }
            swap(i, j);
            i = j;
        }
        return i > i0;
    }
}
