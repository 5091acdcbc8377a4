package io.jthanos.benchmarks.promql;

import io.jthanos.promql.differential.DifferentialBlocks;
import io.jthanos.promql.engine.Engine;
import io.jthanos.promql.engine.EngineOptions;
import io.jthanos.promql.engine.QueryResult;
import io.jthanos.testing.Oracles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's own time for each of {@link BenchQueries} over the differential blocks (built with promtool
 * on first use under {@code target/differential}). Sample-time mode: the median resists the noise of a
 * shared machine better than an average.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class PromqlEngineBenchmark {

    @Param({"0", "1", "2", "3", "4", "5", "6", "7", "8"})
    public int query;

    private DifferentialBlocks blocks;
    private Engine engine;
    private String text;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = DifferentialBlocks.build(Oracles.promtool(), BenchQueries.SEED, Path.of("target", "differential"));
        blocks = DifferentialBlocks.open(dir);
        engine = new Engine(EngineOptions.DEFAULT);
        text = BenchQueries.QUERIES.get(query).query();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        blocks.close();
    }

    @Benchmark
    public QueryResult rangeQuery() {
        return engine.rangeQuery(blocks, text, Instant.ofEpochSecond(BenchQueries.START_SECONDS),
                Instant.ofEpochSecond(BenchQueries.END_SECONDS), Duration.ofSeconds(BenchQueries.STEP_SECONDS)).execute();
    }
}
