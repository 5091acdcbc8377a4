package io.jthanos.cmd.rule;

import io.jthanos.model.Labels;
import io.jthanos.model.relabel.RelabelConfig;
import io.jthanos.store.LimitedStoreApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Configuration of {@code thanos rule}, from its flags.
 *
 * @param ruleFiles {@code --rule-file} patterns
 * @param dataDir {@code --data-dir}
 * @param externalLabels {@code --label}
 * @param queryEndpoints {@code --query}
 * @param querySdFiles {@code --query.sd-files}
 * @param alertmanagerUrls {@code --alertmanagers.url}
 * @param alertmanagersConfig the YAML of {@code --alertmanagers.config[-file]}, or null
 * @param sendTimeout {@code --alertmanagers.send-timeout}
 * @param alertLabelDrop {@code --alert.label-drop}
 * @param alertQueryUrl {@code --alert.query-url}, may be empty
 * @param evalInterval {@code --eval-interval}
 * @param queryOffset {@code --rule-query-offset}
 * @param resendDelay {@code --resend-delay}
 * @param forOutageTolerance {@code --for-outage-tolerance}
 * @param forGracePeriod {@code --for-grace-period}
 * @param blockDuration {@code --tsdb.block-duration}
 * @param retention {@code --tsdb.retention}
 * @param objstoreConfig the bucket YAML of {@code --objstore.config[-file]}, or null: no uploads
 * @param objstoreSource names the bucket configuration in error messages (the file or the flag)
 * @param queryConfig the YAML of {@code --query.config[-file]}, or null: it replaces {@code queryEndpoints} and
 *     {@code querySdFiles}, as in Thanos
 * @param alertRelabel {@code --alert.relabel-config[-file]}: applied to alerts before they are sent
 * @param routePrefix {@code --web.route-prefix}, normalised to {@code ""} or {@code /x}: where the HTTP API and
 *     {@code /-/reload} are served (probes and metrics stay at the root, as in Thanos)
 * @param storeLimits {@code --store.limits.request-series}, {@code --store.limits.request-samples}: per Series call of the
 *     StoreAPI
 */
public record RuleSettings(List<String> ruleFiles, Path dataDir, Labels externalLabels, List<String> queryEndpoints,
        List<String> querySdFiles, List<String> alertmanagerUrls, String alertmanagersConfig, Duration sendTimeout,
        List<String> alertLabelDrop, String alertQueryUrl, Duration evalInterval, Duration queryOffset, Duration resendDelay,
        Duration forOutageTolerance, Duration forGracePeriod, Duration blockDuration, Duration retention, String objstoreConfig,
        String objstoreSource, String queryConfig, List<RelabelConfig> alertRelabel, String routePrefix,
        LimitedStoreApi.Limits storeLimits) {

    /** Without a query config, alert relabelling, a route prefix and StoreAPI limits. */
    public RuleSettings(List<String> ruleFiles, Path dataDir, Labels externalLabels, List<String> queryEndpoints,
            List<String> querySdFiles, List<String> alertmanagerUrls, String alertmanagersConfig, Duration sendTimeout,
            List<String> alertLabelDrop, String alertQueryUrl, Duration evalInterval, Duration queryOffset,
            Duration resendDelay, Duration forOutageTolerance, Duration forGracePeriod, Duration blockDuration,
            Duration retention, String objstoreConfig, String objstoreSource) {
        this(ruleFiles, dataDir, externalLabels, queryEndpoints, querySdFiles, alertmanagerUrls, alertmanagersConfig,
                sendTimeout, alertLabelDrop, alertQueryUrl, evalInterval, queryOffset, resendDelay, forOutageTolerance,
                forGracePeriod, blockDuration, retention, objstoreConfig, objstoreSource, null, List.of(), "",
                LimitedStoreApi.Limits.NONE);
    }
}
