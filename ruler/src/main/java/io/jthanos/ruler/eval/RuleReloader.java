package io.jthanos.ruler.eval;

import io.jthanos.ruler.rulefmt.RuleFile;
import io.jthanos.ruler.rulefmt.RuleFileException;
import io.jthanos.ruler.rulefmt.RuleFileParser;
import io.jthanos.ruler.rulefmt.RuleFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * (Re)loads the {@code --rule-file} patterns into a {@link RuleManager}, all or nothing: when any
 * file fails to parse or validate, the reload is refused with every error and the running groups
 * stay as they were (with their alert state). Used at start, on SIGHUP and on {@code POST /-/reload}.
 */
public final class RuleReloader {
    private static final Logger LOG = LoggerFactory.getLogger(RuleReloader.class);

    private final List<String> patterns;
    private final RuleManager manager;
    private final ReentrantLock lock = new ReentrantLock();
    private final io.micrometer.core.instrument.Counter reloads;
    private final io.micrometer.core.instrument.Counter failures;
    private volatile boolean lastSuccessful;

    public RuleReloader(List<String> patterns, RuleManager manager, io.micrometer.core.instrument.MeterRegistry registry) {
        this.patterns = List.copyOf(patterns);
        this.manager = manager;
        this.reloads = io.micrometer.core.instrument.Counter.builder("thanos_rule_loaded_rules_reloads_total")
                .description("Total number of rule reloads.").register(registry);
        this.failures = io.micrometer.core.instrument.Counter.builder("thanos_rule_config_last_reload_failures_total")
                .description("Total number of failed rule reloads.").register(registry);
        io.micrometer.core.instrument.Gauge.builder("thanos_rule_config_last_reload_successful", this, r -> r.lastSuccessful ? 1 : 0)
                .description("Whether the last configuration reload attempt was successful.").register(registry);
    }

    /**
     * Loads every file matching the patterns and swaps the groups in.
     *
     * @throws RuleFileException listing every problem; the running groups are untouched
     */
    public void reload() throws RuleFileException {
        lock.lock();
        try {
            reloads.increment();
            List<Path> files;
            try {
                files = RuleFiles.expand(patterns);
            } catch (IOException e) {
                throw refused(new RuleFileException(List.of("expand rule files: " + e.getMessage())));
            }
            List<RuleFile> parsed = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            for (Path f : files) {
                try {
                    parsed.add(RuleFileParser.parseFile(f));
                } catch (RuleFileException e) {
                    errors.addAll(e.errors());
                }
            }
            if (!errors.isEmpty()) {
                throw refused(new RuleFileException(errors));
            }
            manager.update(parsed);
            lastSuccessful = true;
            LOG.atInfo().addKeyValue("files", files.size())
                    .addKeyValue("groups", parsed.stream().mapToInt(f -> f.groups().size()).sum()).log("Rules loaded");
        } finally {
            lock.unlock();
        }
    }

    private RuleFileException refused(RuleFileException e) {
        lastSuccessful = false;
        failures.increment();
        LOG.atError().addKeyValue("err", e.getMessage()).log("Reloading rules refused; the previous rules keep running");
        return e;
    }
}
