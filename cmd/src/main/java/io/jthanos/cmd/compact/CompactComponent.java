package io.jthanos.cmd.compact;

import io.jthanos.cmd.http.HttpResponse;
import io.jthanos.cmd.runtime.Component;
import io.jthanos.cmd.runtime.ComponentContext;
import io.jthanos.compact.CompactMetrics;
import io.jthanos.compact.Compactor;
import io.jthanos.compact.CriticalCompactionException;
import io.jthanos.compact.IterationResult;
import io.jthanos.objstore.Bucket;
import io.jthanos.objstore.BucketFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code thanos compact}: one {@link Compactor} over the configured bucket, run once or, with
 * {@code --wait}, every {@code --wait-interval}, with cleanup every {@code --compact.cleanup-interval}
 * and progress logs every {@code --compact.progress-interval}. {@code /-/ready} stays ready while
 * groups are skipped because of overlapping blocks, and its body names them with the fix.
 *
 * <p>Without {@code --wait} the process exits after one iteration: 0 when everything tried succeeded
 * (skipped groups included, they are reported), 1 otherwise. A critical error (a corrupt source block) halts
 * the compactor as in Thanos: with {@code --debug.halt-on-error} (the default) it stops compacting, sets
 * {@code thanos_compact_halted} to 1, says why on {@code /-/ready} and waits for SIGTERM; without it the process
 * fails, in either mode.
 */
public final class CompactComponent implements Component {
    private static final Logger LOG = LoggerFactory.getLogger(CompactComponent.class);

    private final CompactSettings settings;
    private final Clock clock;
    private volatile Compactor compactor;
    private volatile boolean stopping;

    public CompactComponent(CompactSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "compact";
    }

    /** The compactor, once configured. */
    public Compactor compactor() {
        return compactor;
    }

    @Override
    public void configure(ComponentContext ctx) throws Exception {
        Bucket bkt = BucketFactory.fromConfig(settings.objstoreYaml(), settings.objstoreSource(), ctx.registry());
        CompactMetrics metrics = new CompactMetrics(ctx.registry());
        Compactor c = new Compactor(bkt, settings.compactor(), metrics, clock);
        this.compactor = c;
        ctx.router().get("/-/ready", request -> ready(ctx, c));
        ctx.runGroup().add("compact", () -> {
            try {
                run(c);
            } finally {
                bkt.close();
            }
        }, cause -> stopping = true);
        ctx.prober().ready();
    }

    private static HttpResponse ready(ComponentContext ctx, Compactor c) {
        if (!ctx.prober().isReady()) {
            return HttpResponse.text(503, "NOT OK\n");
        }
        Map<String, String> stuck = c.stuckGroups();
        if (stuck.isEmpty() && c.halted().isEmpty()) {
            return HttpResponse.text(200, "OK");
        }
        StringBuilder sb = new StringBuilder("OK\n");
        c.halted().ifPresent(h -> sb.append("compactor halted on a critical error (--debug.halt-on-error): ")
                .append(h).append('\n'));
        if (stuck.isEmpty()) {
            return HttpResponse.text(200, sb.toString());
        }
        sb.append(stuck.size())
                .append(" compaction group(s) skipped, all others keep compacting:\n");
        stuck.forEach((k, v) -> sb.append("- ").append(v).append('\n'));
        return HttpResponse.text(200, sb.toString());
    }

    private void run(Compactor c) throws Exception {
        try {
            runIterations(c);
        } catch (CriticalCompactionException e) {
            if (!settings.compactor().haltOnError()) {
                // the message names the blocks and the fix; the stack trace adds nothing
                throw new CriticalCompactionException("critical error detected: " + e.getMessage());
            }
            // Thanos's halt: no more compaction, but the process stays up so that thanos_compact_halted is seen.
            while (!stopping) {
                sleep(1000);
            }
        }
    }

    private void runIterations(Compactor c) throws Exception {
        if (!settings.waitForWork()) {
            IterationResult r = iterate(c);
            if (!r.ok()) {
                throw new Exception("compaction iteration failed: " + String.join("; ", r.failures()));
            }
            return;
        }
        long nextCleanup = clock.millis() + settings.cleanupInterval().toMillis();
        long nextProgress = clock.millis();
        while (!stopping) {
            try {
                iterate(c);
            } catch (CriticalCompactionException e) {
                throw e;
            } catch (Exception e) {
                LOG.atError().addKeyValue("err", e.toString())
                        .log("compaction iteration failed; retrying after --wait-interval");
            }
            long deadline = clock.millis() + settings.waitInterval().toMillis();
            while (!stopping && clock.millis() < deadline) {
                long now = clock.millis();
                if (now >= nextCleanup) {
                    nextCleanup = now + settings.cleanupInterval().toMillis();
                    try {
                        int n = c.cleanup();
                        LOG.atInfo().addKeyValue("deleted", n)
                                .log("cleaned up blocks marked for deletion and aborted partial uploads");
                    } catch (Exception e) {
                        LOG.atWarn().addKeyValue("err", e.toString()).log("cleanup failed");
                    }
                }
                if (!settings.progressInterval().isZero() && now >= nextProgress) {
                    nextProgress = now + settings.progressInterval().toMillis();
                    logProgress(c);
                }
                sleep(Math.min(1000, Math.max(1, deadline - clock.millis())));
            }
        }
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            stopping = true;
            Thread.currentThread().interrupt();
        }
    }

    private IterationResult iterate(Compactor c) throws Exception {
        LOG.atInfo().log("start of compaction iteration");
        long start = clock.millis();
        IterationResult r = c.runIteration();
        LOG.atInfo().addKeyValue("duration", Duration.ofMillis(clock.millis() - start))
                .addKeyValue("compactions", r.compactions()).addKeyValue("downsamples", r.downsamples())
                .addKeyValue("retention_marked", r.retentionMarked()).addKeyValue("deleted", r.cleaned())
                .addKeyValue("skipped_groups", r.stuckGroups().size()).addKeyValue("failures", r.failures().size())
                .log("compaction iteration done");
        return r;
    }

    private static void logProgress(Compactor c) {
        Map<String, String> stuck = c.stuckGroups();
        LOG.atInfo().addKeyValue("skipped_groups", stuck.size()).addKeyValue("groups", stuck.keySet())
                .log("compaction progress");
    }
}
