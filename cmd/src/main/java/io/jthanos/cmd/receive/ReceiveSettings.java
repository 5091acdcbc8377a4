package io.jthanos.cmd.receive;

import io.jthanos.model.relabel.RelabelConfig;
import io.jthanos.store.LimitedStoreApi;
import io.jthanos.store.grpc.tls.ClientTls;
import io.jthanos.store.grpc.tls.ServerTls;
import io.jthanos.tsdb.wal.DurabilityMode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The flag values {@link ReceiveComponent} runs with, already validated.
 *
 * @param remoteWriteAddress {@code --remote-write.address}
 * @param tsdbPath {@code --tsdb.path}
 * @param externalLabels {@code --label}
 * @param blockDuration {@code --tsdb.min-block-duration} (the head's chunk range and block length)
 * @param retention {@code --tsdb.retention}
 * @param hashringsFile {@code --receive.hashrings-file} or {@code null}
 * @param hashrings {@code --receive.hashrings} or {@code null}
 * @param hashringsAlgorithm {@code --receive.hashrings-algorithm}
 * @param hashringsRefreshInterval {@code --receive.hashrings-file-refresh-interval}
 * @param localEndpoint {@code --receive.local-endpoint} or {@code null}
 * @param replicationFactor {@code --receive.replication-factor}
 * @param tenantHeader {@code --receive.tenant-header}
 * @param defaultTenant {@code --receive.default-tenant-id}
 * @param tenantLabelName {@code --receive.tenant-label-name}
 * @param replicaHeader {@code --receive.replica-header}
 * @param limitsConfig {@code --receive.limits-config[-file]} content, or {@code null}
 * @param forwardTimeout hidden {@code --receive-forward-timeout}
 * @param forwardMaxBackoff hidden {@code --receive-forward-max-backoff}
 * @param objstoreConfig {@code --objstore.config[-file]} content, or {@code null} to keep blocks local
 * @param objstoreSource where {@code objstoreConfig} came from, for error messages
 * @param grpcCompression {@code --receive.grpc-compression}: {@code snappy} or {@code none}, for forwards to peers
 * @param walDurability {@code --tsdb.wal-fsync}: when each tenant's WAL is fsynced
 * @param tooFarInFuture {@code --tsdb.too-far-in-future.time-window}: samples later than now plus this are refused;
 *     zero accepts any
 * @param relabel {@code --receive.relabel-config[-file]}: applied to every series before it is written
 * @param remoteWriteTls {@code --remote-write.server-tls-*}: HTTPS on the remote-write endpoint
 * @param peerTls {@code --remote-write.client-tls-*}, {@code --remote-write.client-server-name}: how to reach peers
 * @param storeLimits {@code --store.limits.request-series}, {@code --store.limits.request-samples}: per Series call of the
 *     StoreAPI
 * @param limitsConfigFile {@code --receive.limits-config-file}, reloaded when it changes; null when the limits came
 *     from {@code --receive.limits-config} or there are none
 * @param limitsReloadInterval {@code --receive.limits-config-reload-timer}: how often the file is checked
 */
public record ReceiveSettings(InetSocketAddress remoteWriteAddress, Path tsdbPath, Map<String, String> externalLabels,
        Duration blockDuration, Duration retention, Path hashringsFile, String hashrings, String hashringsAlgorithm,
        Duration hashringsRefreshInterval, String localEndpoint, int replicationFactor, String tenantHeader,
        String defaultTenant, String tenantLabelName, String replicaHeader, String limitsConfig,
        Duration forwardTimeout, Duration forwardMaxBackoff, String objstoreConfig, String objstoreSource,
        String grpcCompression, DurabilityMode walDurability, Duration tooFarInFuture, List<RelabelConfig> relabel,
        ServerTls remoteWriteTls, ClientTls peerTls, LimitedStoreApi.Limits storeLimits, Path limitsConfigFile,
        Duration limitsReloadInterval) {

    /** Without relabelling; plaintext HTTP for remote write and gRPC to the peers. */
    public ReceiveSettings(InetSocketAddress remoteWriteAddress, Path tsdbPath, Map<String, String> externalLabels,
            Duration blockDuration, Duration retention, Path hashringsFile, String hashrings, String hashringsAlgorithm,
            Duration hashringsRefreshInterval, String localEndpoint, int replicationFactor, String tenantHeader,
            String defaultTenant, String tenantLabelName, String replicaHeader, String limitsConfig,
            Duration forwardTimeout, Duration forwardMaxBackoff, String objstoreConfig, String objstoreSource,
            String grpcCompression, DurabilityMode walDurability) {
        this(remoteWriteAddress, tsdbPath, externalLabels, blockDuration, retention, hashringsFile, hashrings,
                hashringsAlgorithm, hashringsRefreshInterval, localEndpoint, replicationFactor, tenantHeader,
                defaultTenant, tenantLabelName, replicaHeader, limitsConfig, forwardTimeout, forwardMaxBackoff,
                objstoreConfig, objstoreSource, grpcCompression, walDurability, Duration.ZERO, List.of(), ServerTls.NONE,
                ClientTls.NONE, LimitedStoreApi.Limits.NONE, null, Duration.ofSeconds(1));
    }
}
