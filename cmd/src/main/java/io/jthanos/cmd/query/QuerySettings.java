package io.jthanos.cmd.query;

import io.jthanos.store.grpc.tls.ClientTls;
import io.jthanos.model.Labels;
import io.jthanos.promql.engine.EngineOptions;
import io.jthanos.query.QueryOptions;
import io.jthanos.query.api.StatusInfo;
import io.jthanos.query.api.Tenancy;
import java.time.Duration;
import java.util.List;

/**
 * The querier's configuration, as {@code QueryCommand} derives it from the flags.
 *
 * @param endpoints {@code --endpoint}
 * @param strictEndpoints {@code --endpoint-strict}
 * @param endpointConfig {@code --endpoint.sd-config}, or {@code null}
 * @param endpointConfigFile {@code --endpoint.sd-config-file}, or {@code null}
 * @param storeSdFiles {@code --store.sd-files}
 * @param dnsInterval {@code --store.sd-dns-interval}
 * @param endpointInfoTimeout Info call timeout and refresh interval of the endpoint set
 * @param unhealthyTimeout {@code --store.unhealthy-timeout}
 * @param storeResponseTimeout {@code --store.response-timeout}
 * @param selectorLabels {@code --selector-label}
 * @param engineOptions PromQL engine settings from the flags
 * @param defaults request defaults: replica labels, dedup function, partial response
 * @param autoDownsampling {@code --query.auto-downsampling}
 * @param maxConcurrent {@code --query.max-concurrent}
 * @param maxConcurrentSelect {@code --query.max-concurrent-select}: selects fanning out at once per query
 * @param routePrefix {@code --web.route-prefix}, normalised to {@code ""} or {@code /x}
 * @param statusInfo what the status endpoints report
 * @param clientTls {@code --grpc-client-tls-*}, {@code --grpc-client-server-name}: how to reach the endpoints
 * @param tenancy {@code --query.tenant-header}, {@code --query.default-tenant-id}, {@code --query.tenant-label-name},
 *     {@code --query.enforce-tenancy}
 * @param cors whether API answers carry CORS headers: not {@code --web.disable-cors}
 */
public record QuerySettings(List<String> endpoints, List<String> strictEndpoints, String endpointConfig,
        String endpointConfigFile, List<String> storeSdFiles, Duration dnsInterval, Duration endpointInfoTimeout,
        Duration unhealthyTimeout, Duration storeResponseTimeout, Labels selectorLabels, EngineOptions engineOptions,
        QueryOptions defaults, boolean autoDownsampling, int maxConcurrent, int maxConcurrentSelect, String routePrefix,
        StatusInfo statusInfo, ClientTls clientTls, Tenancy tenancy, boolean cors) {

    /** With plaintext gRPC to the endpoints. */
    public QuerySettings(List<String> endpoints, List<String> strictEndpoints, String endpointConfig,
            String endpointConfigFile, List<String> storeSdFiles, Duration dnsInterval, Duration endpointInfoTimeout,
            Duration unhealthyTimeout, Duration storeResponseTimeout, Labels selectorLabels, EngineOptions engineOptions,
            QueryOptions defaults, boolean autoDownsampling, int maxConcurrent, int maxConcurrentSelect,
            String routePrefix, StatusInfo statusInfo) {
        this(endpoints, strictEndpoints, endpointConfig, endpointConfigFile, storeSdFiles, dnsInterval,
                endpointInfoTimeout, unhealthyTimeout, storeResponseTimeout, selectorLabels, engineOptions, defaults,
                autoDownsampling, maxConcurrent, maxConcurrentSelect, routePrefix, statusInfo, ClientTls.NONE, Tenancy.DEFAULT, true);
    }
}
