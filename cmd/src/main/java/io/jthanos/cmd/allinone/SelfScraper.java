package io.jthanos.cmd.allinone;

import io.jthanos.model.Labels;
import io.jthanos.model.LabelsBuilder;
import io.jthanos.storage.AppendRejectedException;
import io.jthanos.storage.Appendable;
import io.jthanos.storage.Appender;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests the process's own metrics, as a Prometheus scraping itself would: each {@link #scrapeOnce()}
 * reads the {@code /metrics} text, parses it and appends every sample (plus {@code up 1}) with
 * {@code job} and {@code instance} labels at the scrape time (or the sample's own timestamp).
 */
final class SelfScraper {
    private static final Logger LOG = LoggerFactory.getLogger(SelfScraper.class);

    private final Supplier<String> metricsText;
    private final Supplier<Appendable> storage;
    private final String job;
    private final String instance;

    /**
     * @param metricsText the current {@code /metrics} exposition
     * @param storage where to append (resolved on each scrape; the tenant may be opened lazily)
     */
    SelfScraper(Supplier<String> metricsText, Supplier<Appendable> storage, String job, String instance) {
        this.metricsText = metricsText;
        this.storage = storage;
        this.job = job;
        this.instance = instance;
    }

    /**
     * Scrapes and appends once.
     *
     * @return the number of samples appended
     */
    int scrapeOnce() throws IOException {
        long now = System.currentTimeMillis();
        List<TextFormatParser.Sample> samples = TextFormatParser.parse(metricsText.get());
        Appender app = storage.get().appender();
        int appended = 0;
        int rejected = 0;
        LabelsBuilder b = new LabelsBuilder();
        try {
            for (TextFormatParser.Sample s : samples) {
                Labels labels = b.reset(s.labels()).set("job", job).set("instance", instance).build();
                if (append(app, labels, s.timestamp() == null ? now : s.timestamp(), s.value())) {
                    appended++;
                } else {
                    rejected++;
                }
            }
            if (append(app, Labels.of(Labels.METRIC_NAME, "up", "instance", instance, "job", job), now, 1)) {
                appended++;
            }
            app.commit();
        } catch (IOException | RuntimeException e) {
            app.rollback();
            throw e;
        }
        if (rejected > 0) {
            LOG.atDebug().addKeyValue("rejected", rejected).log("self-scrape samples rejected");
        }
        return appended;
    }

    private static boolean append(Appender app, Labels labels, long t, double v) {
        try {
            app.append(0, labels, t, v);
            return true;
        } catch (AppendRejectedException e) {
            return false;
        }
    }
}
