package io.jthanos.query.api;

import io.jthanos.model.Labels;
import io.jthanos.query.endpoint.EndpointStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code status/buildinfo}, {@code status/flags}, {@code status/runtimeinfo}, {@code metadata} and
 * Thanos's {@code stores}.
 */
final class StatusEndpoints {
    private final StatusInfo info;
    private final Supplier<List<EndpointStatus>> stores;

    StatusEndpoints(StatusInfo info, Supplier<List<EndpointStatus>> stores) {
        this.info = info;
        this.stores = stores;
    }

    ApiResult buildInfo(ApiRequest r) {
        return ApiResult.of(w -> w.beginObject()
                .name("version").value(info.version())
                .name("revision").value(info.revision())
                .name("branch").value(info.branch())
                .name("buildUser").value(info.buildUser())
                .name("buildDate").value(info.buildDate())
                .name("goVersion").value(info.runtimeVersion())
                .endObject());
    }

    ApiResult flags(ApiRequest r) {
        Map<String, String> sorted = new TreeMap<>(info.flags());
        return ApiResult.of(w -> {
            w.beginObject();
            sorted.forEach((k, v) -> w.name(k).value(v));
            w.endObject();
        });
    }

    ApiResult runtimeInfo(ApiRequest r) {
        Runtime rt = Runtime.getRuntime();
        return ApiResult.of(w -> w.beginObject()
                .name("startTime").value(GoTime.rfc3339Nano(info.startTime()))
                .name("CWD").value(System.getProperty("user.dir"))
                .name("hostname").value(hostname())
                .name("serverTime").value(GoTime.rfc3339Nano(Instant.now()))
                .name("reloadConfigSuccess").value(true)
                .name("lastConfigTime").value(GoTime.rfc3339Nano(info.startTime()))
                .name("corruptionCount").value(0)
                .name("goroutineCount").value(Thread.activeCount())
                .name("GOMAXPROCS").value(rt.availableProcessors())
                .name("GOMEMLIMIT").value(rt.maxMemory())
                .name("GOGC").value("")
                .name("GODEBUG").value("")
                .name("storageRetention").value("")
                .endObject());
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "";
        }
    }

    ApiResult metadata(ApiRequest r) {
        Params.limit(r);
        return ApiResult.of(w -> w.beginObject().endObject());
    }

    /**
     * Thanos's {@code stores} handler: endpoint statuses grouped by component type name (keys sorted, as Go
     * writes maps), each group sorted by name; endpoints whose component type is unknown because they never
     * answered are left out. Each entry is Thanos's {@code query.EndpointStatus}: {@code name},
     * {@code lastCheck} (Go time), {@code lastError} (string or null), {@code labelSets}, {@code minTime},
     * {@code maxTime}.
     */
    ApiResult stores(ApiRequest r) {
        Map<String, List<EndpointStatus>> byType = new LinkedHashMap<>();
        for (EndpointStatus s : stores.get()) {
            if (s.componentType() != null) {
                byType.computeIfAbsent(s.componentType().wireName(), k -> new ArrayList<>()).add(s);
            }
        }
        return ApiResult.of(w -> {
            w.beginObject();
            new TreeMap<>(byType).forEach((type, list) -> {
                w.name(type).beginArray();
                for (EndpointStatus s : list) {
                    w.beginObject().name("name").value(s.name())
                            .name("lastCheck").value(GoTime.rfc3339Nano(s.lastCheck()))
                            .name("lastError").value(s.lastError())
                            .name("labelSets").beginArray();
                    for (Labels l : s.labelSets()) {
                        w.labels(l);
                    }
                    w.endArray().name("minTime").value(s.minTime()).name("maxTime").value(s.maxTime()).endObject();
                }
                w.endArray();
            });
            w.endObject();
        });
    }
}
