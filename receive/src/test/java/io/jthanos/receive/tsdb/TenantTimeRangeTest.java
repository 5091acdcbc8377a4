package io.jthanos.receive.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.jthanos.model.Labels;
import io.jthanos.model.Matcher;
import io.jthanos.receive.testing.StoreContents;
import io.jthanos.storage.Appender;
import io.jthanos.store.ComponentType;
import io.jthanos.store.SeriesObserver;
import io.jthanos.store.SeriesRequest;
import io.jthanos.store.StoreSeries;
import io.jthanos.store.proxy.ProxyStore;
import io.jthanos.store.proxy.StoreClient;
import io.jthanos.tsdb.head.HeadOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a receiver announces as its time range. A querier keeps the announced range between two info calls and
 * skips a store whose range misses the query's window, so a live head announces an open end, as Thanos does.
 */
class TenantTimeRangeTest {
    @TempDir Path dir;

    @Test
    void aTenantIsNotPrunedFromAWindowAfterTheNewestSampleOfTheLastInfo() throws Exception {
        try (MultiTsdb storage = new MultiTsdb(dir, new HeadTenantDbFactory(HeadOptions.defaults()),
                Labels.of("replica", "a"), "tenant_id")) {
            append(storage, 1_000, 1);
            // the info as a querier cached it, before newer samples arrived
            List<StoreClient> cached = storage.storeClients();
            append(storage, 5_000, 2);

            ProxyStore proxy = new ProxyStore(() -> cached, Labels.empty(), ComponentType.QUERY, Duration.ZERO);
            List<String> seen = new ArrayList<>();
            proxy.series(SeriesRequest.of(4_000, 6_000, Matcher.equal("__name__", "up")), new SeriesObserver() {
                @Override
                public void onSeries(StoreSeries series) {
                    seen.add(series.labels().toString());
                }

                @Override
                public void onWarning(String warning) {
                    throw new AssertionError(warning);
                }
            });
            assertThat(seen).containsExactly("{__name__=\"up\", replica=\"a\", tenant_id=\"t\"}");
            assertThat(cached.getFirst().info().maxTime()).isEqualTo(Long.MAX_VALUE);
            assertThat(StoreContents.read(storage.tenant("t").store()).values()).containsExactly(List.of("1000=1.0", "5000=2.0"));
        }
    }

    private static void append(MultiTsdb storage, long t, double v) throws Exception {
        Appender app = storage.tenant("t").db().appendable().appender();
        app.append(0, Labels.of("__name__", "up"), t, v);
        app.commit();
    }
}
