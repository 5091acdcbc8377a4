package io.jthanos.benchmarks.promql;

import io.jthanos.promql.differential.DifferentialDataset;
import java.util.List;

/**
 * The fixed range queries of the speed comparison, over the differential dataset
 * ({@link DifferentialDataset}): all six hours at a 30 s step.
 */
public final class BenchQueries {

    /** One benchmarked query and its short name. */
    public record BenchQuery(String name, String query) {
    }

    public static final long START_SECONDS = DifferentialDataset.START;
    public static final long END_SECONDS = DifferentialDataset.END;
    public static final long STEP_SECONDS = 30;
    public static final long SEED = 20261121L;

    public static final List<BenchQuery> QUERIES = List.of(
            new BenchQuery("selector", "queue_length"),
            new BenchQuery("sum", "sum(queue_length)"),
            new BenchQuery("sum by", "sum by (shard, env) (queue_length)"),
            new BenchQuery("rate", "rate(http_requests_total[5m])"),
            new BenchQuery("sum by rate", "sum by (job, code) (rate(http_requests_total[5m]))"),
            new BenchQuery("many-to-one join", "node_cpu_seconds_total * on (instance) group_left node_memory_free_bytes"),
            new BenchQuery("histogram_quantile",
                    "histogram_quantile(0.9, sum by (le, job) (rate(http_request_duration_seconds_bucket[5m])))"),
            new BenchQuery("topk", "topk(5, rate(node_cpu_seconds_total[5m]))"),
            new BenchQuery("subquery", "max_over_time(sum by (job) (rate(http_requests_total[1m]))[30m:1m])"));

    private BenchQueries() {
    }
}
