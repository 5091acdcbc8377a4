package io.jthanos.cmd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jthanos.query.api.Tenancy;
import io.jthanos.store.LimitedStoreApi;
import io.jthanos.store.gateway.IndexCache;
import io.jthanos.store.gateway.StoreCaches;
import io.jthanos.store.grpc.tls.ClientTls;
import io.jthanos.store.grpc.tls.ServerTls;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as users meet it: exit codes and one-line messages. */
class CliTest {

  private record Result(int exitCode, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void versionLooksLikeThanos() {
    Result result = run("--version");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("thanos, version 0.1.0-SNAPSHOT (jthanos, branch: ");
  }

  @Test
  void subcommandsAcceptVersionToo() {
    assertThat(run("receive", "--version").out()).startsWith("thanos, version ");
  }

  @Test
  void helpListsEveryComponent() {
    Result result = run("--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("receive", "store", "query", "compact", "rule", "tools", "all-in-one");
  }

  @Test
  void componentHelpShowsThanosDefaults() {
    Result result = run("receive", "--help");
    assertThat(result.out()).contains("--remote-write.address", "0.0.0.0:19291", "--tsdb.retention", "15d");
    assertThat(result.out()).contains("--tracing.config-file", "--tracing.config");
    // unsupported flags stay out of the help
    assertThat(result.out()).doesNotContain("--receive.capnproto-address");
  }

  @Test
  void unsupportedThanosFlagIsRejectedWithExitCode2() {
    Result result = run("receive", "--receive.capnproto-address=0.0.0.0:19391");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).isEqualTo(
        "thanos: error: flag --receive.capnproto-address is not supported yet by jthanos receive" + System.lineSeparator());
  }

  @Test
  void unsupportedBooleanFlagIsRejectedInBothForms() {
    assertThat(run("store", "--web.disable").err()).contains("flag --web.disable is not supported yet by jthanos store");
    assertThat(run("store", "--no-web.disable").exitCode()).isEqualTo(2);
  }

  @Test
  void tracingConfigIsCheckedFirstOnEveryComponent() {
    for (String component : new String[] {"receive", "store", "query", "compact", "rule"}) {
      Result result = run(component, "--tracing.config=type: LIGHTSTEP\nconfig: {access_token: x}");
      assertThat(result.exitCode()).as(component).isEqualTo(1);
      assertThat(result.err()).as(component).isEqualTo("jthanos " + component + ": --tracing.config: tracing with type"
          + " LIGHTSTEP is not supported by jthanos; use JAEGER or OTLP (an OpenTelemetry Collector can forward OTLP)"
          + System.lineSeparator());
    }
    Result both = run("query", "--tracing.config=type: OTLP", "--tracing.config-file=tracing.yml");
    assertThat(both.err()).contains("--tracing.config-file and --tracing.config are mutually exclusive");
  }

  @Test
  void unknownFlagIsAUsageError() {
    Result result = run("receive", "--no-such-flag");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("thanos: error: Unknown option: '--no-such-flag'").doesNotContain("\tat ");
    assertThat(result.err().lines()).hasSize(1);
  }

  @Test
  void badDurationIsAUsageErrorOnOneLine() {
    Result result = run("query", "--query.timeout=5 minutes");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines()).singleElement().asString()
        .contains("--query.timeout").contains("unknown unit \" minutes\" in duration \"5 minutes\"");
  }

  @Test
  void notImplementedComponentSaysSo() {
    Result result = run("sidecar");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("jthanos sidecar: component not implemented yet" + System.lineSeparator());
  }

  @Test
  void componentMissingItsBucketSaysSoOnOneLine() {
    Result result = run("store", "--http-address=127.0.0.1:0");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(
        "jthanos store: no bucket configured: set --objstore.config-file or --objstore.config" + System.lineSeparator());
  }

  @Test
  void missingConfigFileIsOneLineUserError(@TempDir Path dir) {
    Result result = run("store", "--objstore.config-file=" + dir.resolve("bucket.yml"));
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err().lines()).singleElement().asString()
        .isEqualTo("jthanos store: read --objstore.config-file " + dir.resolve("bucket.yml") + ": no such file");
  }

  @Test
  void mutuallyExclusiveObjstoreFlags(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bucket.yml"), "type: FILESYSTEM\n");
    Result result = run("compact", "--objstore.config-file=" + file, "--objstore.config=type: FILESYSTEM");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("mutually exclusive");
  }

  @Test
  void badListenAddressIsUserError() {
    Result result = run("store", "--grpc-address=localhost");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("--grpc-address=localhost: missing port in address");
  }

  @Test
  void invalidEnumValueIsUsageError() {
    Result result = run("compact", "--log.level=verbose");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--log.level");
  }

  @Test
  void parentCommandsNeedASubcommand() {
    assertThat(run().exitCode()).isEqualTo(2);
    assertThat(run("tools").err()).contains("expected command but got nothing");
    assertThat(run("tools", "bucket").exitCode()).isEqualTo(2);
  }

  @Test
  void bucketLsReportsAnIncompleteBucketConfigInOneLine() {
    Result result = run("tools", "bucket", "ls", "--objstore.config=type: FILESYSTEM");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err().strip())
        .isEqualTo("jthanos tools bucket ls: --objstore.config: missing directory for filesystem bucket (config.directory)");
  }

  @Test
  void bucketMarkValidatesMarker() {
    Result result = run("tools", "bucket", "mark", "--objstore.config=x", "--id=01H", "--marker=foo.json");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("--marker must be one of");
  }

  @Test
  void grpcTlsFlagsAsInThanos() {
    StoreCommand store = new StoreCommand();
    new CommandLine(store).parseArgs("--grpc-server-tls-cert=s.crt", "--grpc-server-tls-key=s.key",
        "--grpc-server-tls-client-ca=ca.crt", "--grpc-server-tls-min-version=1.2");
    assertThat(store.grpc.tls()).isEqualTo(new ServerTls(Path.of("s.crt"), Path.of("s.key"), Path.of("ca.crt"), "1.2"));
    StoreCommand plain = new StoreCommand();
    new CommandLine(plain).parseArgs();
    assertThat(plain.grpc.tls().enabled()).isFalse();
    assertThat(plain.grpc.tls().minVersion()).isEqualTo("1.3");

    QueryCommand query = new QueryCommand();
    new CommandLine(query).parseArgs("--grpc-client-tls-secure", "--grpc-client-tls-ca=ca.crt",
        "--grpc-client-tls-cert=q.crt", "--grpc-client-tls-key=q.key", "--grpc-client-server-name=store.example");
    assertThat(query.options.clientTls()).isEqualTo(new ClientTls(true, false, Path.of("q.crt"), Path.of("q.key"),
        Path.of("ca.crt"), "store.example"));
    QueryCommand insecure = new QueryCommand();
    new CommandLine(insecure).parseArgs("--grpc-client-tls-secure", "--grpc-client-tls-skip-verify");
    assertThat(insecure.options.clientTls()).isEqualTo(new ClientTls(true, true, null, null, null, ""));

    Result half = run("query", "--grpc-server-tls-cert=s.crt", "--http-address=127.0.0.1:0", "--grpc-address=127.0.0.1:0");
    assertThat(half.exitCode()).isEqualTo(1);
    assertThat(half.err()).contains("--grpc-server-tls-cert, --grpc-server-tls-key, --grpc-server-tls-client-ca,"
        + " --grpc-server-tls-min-version: a server TLS certificate needs its key");
  }

  @Test
  void indexCacheConfigsChooseTheInMemoryOrTheMemcachedCache(@TempDir Path tmp) throws Exception {
    String bucket = "--objstore.config=type: FILESYSTEM\nconfig:\n  directory: " + tmp;
    assertThat(storeCaches(bucket, "--index-cache-size=100MB").index())
        .isEqualTo(new StoreCaches.InMemoryIndex(100L << 20, 50L << 20, EnumSet.allOf(IndexCache.ItemType.class)));
    assertThat(storeCaches(bucket, "--index-cache.config=type: in-memory\nconfig:\n  max_size: 1GB\n  max_item_size: 1MB\n")
        .index()).isEqualTo(new StoreCaches.InMemoryIndex(1L << 30, 1L << 20, EnumSet.allOf(IndexCache.ItemType.class)));

    Path file = tmp.resolve("index-cache.yml");
    Files.writeString(file, "type: IN-MEMORY\n");
    assertThat(((StoreCaches.InMemoryIndex) storeCaches(bucket, "--index-cache.config-file=" + file).index()).maxBytes())
        .as("Thanos's default max_size").isEqualTo(250L << 20);

    // kube-thanos's shape: dnssrv+ addresses are resolved when the store starts, not while parsing
    Files.writeString(file, """
        type: memcached
        config:
          addresses: ["dnssrv+_client._tcp.memcached.monitoring.svc"]
          timeout: 5s
          max_idle_connections: 500
          max_async_buffer_size: 100000
          max_async_concurrency: 100
          max_get_multi_batch_size: 1000
          max_get_multi_concurrency: 100
          max_item_size: 16MiB
          dns_provider_update_interval: 30s
        enabled_items: [Series, ExpandedPostings]
        ttl: 12h
        """);
    StoreCaches.RemoteIndex remote = (StoreCaches.RemoteIndex) storeCaches(bucket, "--index-cache.config-file=" + file).index();
    assertThat(remote.ttl()).isEqualTo(Duration.ofHours(12));
    assertThat(remote.items()).containsExactly(IndexCache.ItemType.SERIES);
    Files.writeString(file, "type: MEMCACHED\nconfig:\n  addresses: [m:11211]\n");
    assertThat(((StoreCaches.RemoteIndex) storeCaches(bucket, "--index-cache.config-file=" + file).index()).ttl())
        .as("Thanos's default ttl").isEqualTo(Duration.ofHours(24));

    assertRefused(bucket, "--index-cache.config=type: REDIS\nconfig:\n  addr: r:6379\n",
        "--index-cache.config: index cache type REDIS is not supported by jthanos (supported: IN-MEMORY, MEMCACHED)");
    assertRefused(bucket, "--index-cache.config=type: FILE\n", "--index-cache.config: index cache with type FILE is not supported");
    assertRefused(bucket, "--index-cache.config=type: MEMCACHED\nenabled_items: [Chunks]\nconfig:\n  addresses: [m:1]\n",
        "--index-cache.config: enabled_items: unsupported item type Chunks (supported: Postings, Series, ExpandedPostings)");
    assertRefused(bucket, "--index-cache.config=type: MEMCACHED\nconfig:\n  timeout: 1s\n", "no memcached addresses provided");
    assertRefused(bucket, "--index-cache.config=type: IN-MEMORY\nsize: 1GB\n", "--index-cache.config: size is not a known field");
  }

  @Test
  void cachingBucketConfigsChooseWhereChunkSubrangesAreCached(@TempDir Path tmp) throws Exception {
    String bucket = "--objstore.config=type: FILESYSTEM\nconfig:\n  directory: " + tmp;
    assertThat(storeCaches(bucket, "--store.chunk-cache-size=64MB").chunks())
        .isEqualTo(new StoreCaches.InMemoryChunks(64L << 20, 16_000, 3));
    assertThat(storeCaches(bucket, "--store.caching-bucket.config=type: IN-MEMORY\nconfig:\n  max_size: 1GB\n"
        + "chunk_subrange_size: 8000\nmax_chunks_get_range_requests: 5\n").chunks())
        .isEqualTo(new StoreCaches.InMemoryChunks(1L << 30, 8000, 5));
    // Thanos's documented example, all options
    StoreCaches.RemoteChunks remote = (StoreCaches.RemoteChunks) storeCaches(bucket, """
        --store.caching-bucket.config=type: MEMCACHED
        config:
          addresses:
            - localhost:11211
        chunk_subrange_size: 16000
        max_chunks_get_range_requests: 3
        chunk_object_attrs_ttl: 24h
        chunk_subrange_ttl: 48h
        blocks_iter_ttl: 5m
        metafile_exists_ttl: 2h
        metafile_doesnt_exist_ttl: 15m
        metafile_content_ttl: 24h
        metafile_max_size: 1MiB
        """).chunks();
    assertThat(remote.ttl()).isEqualTo(Duration.ofHours(48));
    assertThat(remote.subrangeSize()).isEqualTo(16_000);
    assertThat(remote.maxGetRangeRequests()).isEqualTo(3);

    assertRefused(bucket, "--store.caching-bucket.config=type: REDIS\nconfig:\n  addr: r:6379\n",
        "--store.caching-bucket.config: caching bucket type REDIS is not supported by jthanos (supported: IN-MEMORY, MEMCACHED)");
    assertRefused(bucket, "--store.caching-bucket.config=type: MEMCACHED\nconfig:\n  addresses: [m:1]\nchunk_ttl: 1h\n",
        "--store.caching-bucket.config: chunk_ttl is not a known field");
    assertRefused(bucket, "--store.caching-bucket.config=type: MEMCACHED\nconfig:\n  addresses: [m:1]\nblocks_iter_ttl: 5x\n",
        "--store.caching-bucket.config: blocks_iter_ttl:");
    assertRefused(bucket, "--store.caching-bucket.config=type: IN-MEMORY\nchunk_subrange_size: 0\n",
        "--store.caching-bucket.config: chunk_subrange_size must be between 1 and 1GiB, got 0");
  }

  private static StoreCaches storeCaches(String... args) {
    StoreCommand c = new StoreCommand();
    new CommandLine(c).parseArgs(args);
    return c.settings().caches();
  }

  private static void assertRefused(String bucket, String flag, String message) {
    StoreCommand c = new StoreCommand();
    new CommandLine(c).parseArgs(bucket, flag);
    assertThatThrownBy(c::settings).isInstanceOf(UserError.class).hasMessageContaining(message);
  }

  @Test
  void alertRelabelConfigsAreParsedAndTheirErrorsNamed(@TempDir Path tmp) throws Exception {
    RuleCommand rule = new RuleCommand();
    new CommandLine(rule).parseArgs("--query=q:9090",
        "--alert.relabel-config=- source_labels: [severity]\n  regex: info\n  action: drop\n");
    assertThat(rule.settings().alertRelabel()).hasSize(1);

    Path file = tmp.resolve("relabel.yml");
    Files.writeString(file, "- action: nonsense\n");
    RuleCommand bad = new RuleCommand();
    new CommandLine(bad).parseArgs("--query=q:9090", "--alert.relabel-config-file=" + file);
    assertThatThrownBy(bad::settings).isInstanceOf(UserError.class).hasMessageContaining(file.toString())
        .hasMessageContaining("unknown relabel action \"nonsense\"");
  }

  @Test
  void aRulerQueryConfigIsValidatedWhenTheFlagsAreRead() {
    Result bad = run("rule", "--query.config=- static_configs: [q:9090]\n  http_config:\n    oauth2: {}\n",
        "--http-address=127.0.0.1:0", "--grpc-address=127.0.0.1:0");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("--query.config[0].http_config.oauth2 is not supported yet by jthanos");

    RuleCommand rule = new RuleCommand();
    new CommandLine(rule).parseArgs("--query.config=- static_configs: [q:9090]\n  scheme: https\n");
    assertThat(rule.settings().queryConfig()).contains("scheme: https");
  }

  @Test
  void receiveFlagsWhoseValuesAreNotImplementedAreRefusedNotIgnored() {
    for (String flag : List.of("--tsdb.out-of-order.time-window=10m", "--tsdb.max-exemplars=100",
        "--tsdb.max-retention-bytes=10GB")) {
      Result r = run("receive", flag, "--http-address=127.0.0.1:0", "--grpc-address=127.0.0.1:0",
          "--remote-write.address=127.0.0.1:0");
      assertThat(r.exitCode()).as(flag).isEqualTo(1);
      assertThat(r.err()).contains(flag.substring(0, flag.indexOf('=')) + " is not supported yet by jthanos receive");
    }
  }

  @Test
  void theTooFarInFutureWindowReachesTheReceiver() {
    ReceiveCommand receive = new ReceiveCommand();
    new CommandLine(receive).parseArgs("--tsdb.too-far-in-future.time-window=1h");
    assertThat(receive.settings().tooFarInFuture()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void receiveRelabelConfigsAreParsed() {
    ReceiveCommand receive = new ReceiveCommand();
    new CommandLine(receive).parseArgs("--receive.relabel-config=- regex: pod\n  action: labeldrop\n");
    assertThat(receive.settings().relabel()).hasSize(1);
    ReceiveCommand bad = new ReceiveCommand();
    new CommandLine(bad).parseArgs("--receive.relabel-config=- action: keep\n  regex: '('\n");
    assertThatThrownBy(bad::settings).isInstanceOf(UserError.class).hasMessageContaining("--receive.relabel-config");
  }

  @Test
  void theRulersRoutePrefixIsNormalisedAsTheQuerys() {
    RuleCommand rule = new RuleCommand();
    new CommandLine(rule).parseArgs("--web.route-prefix=ruler/", "--query=q:9090");
    assertThat(rule.settings().routePrefix()).isEqualTo("/ruler");
    RuleCommand root = new RuleCommand();
    new CommandLine(root).parseArgs("--web.route-prefix=/", "--query=q:9090");
    assertThat(root.settings().routePrefix()).isEmpty();
  }

  @Test
  void theStoresDeprecatedLimitFlagsCountWhenTheNewOnesAreUnset() {
    StoreCommand old = new StoreCommand();
    new CommandLine(old).parseArgs("--store.grpc.series-sample-limit=50000", "--store.grpc.touched-series-limit=10");
    assertThat(old.options.limits(old.storeLimits)).isEqualTo(new LimitedStoreApi.Limits(10, 50_000));
    StoreCommand both = new StoreCommand();
    new CommandLine(both).parseArgs("--store.grpc.series-sample-limit=50000", "--store.limits.request-samples=1200");
    assertThat(both.options.limits(both.storeLimits)).isEqualTo(new LimitedStoreApi.Limits(0, 1200));
  }

  @Test
  void storeApiLimitsOfTheReceiverAndTheRulerReachTheirSettings() {
    ReceiveCommand receive = new ReceiveCommand();
    new CommandLine(receive).parseArgs("--store.limits.request-series=100", "--store.limits.request-samples=1200");
    assertThat(receive.settings().storeLimits()).isEqualTo(new LimitedStoreApi.Limits(100, 1200));
    assertThat(receive.settings().limitsReloadInterval()).isEqualTo(Duration.ofSeconds(1));
    ReceiveCommand reloading = new ReceiveCommand();
    new CommandLine(reloading).parseArgs("--receive.limits-config-reload-timer=5s");
    assertThat(reloading.settings().limitsReloadInterval()).isEqualTo(Duration.ofSeconds(5));
    RuleCommand rule = new RuleCommand();
    new CommandLine(rule).parseArgs("--query=q:9090", "--store.limits.request-series=7");
    assertThat(rule.settings().storeLimits()).isEqualTo(new LimitedStoreApi.Limits(7, 0));
  }

  @Test
  void theQuerysTenancyFlagsAsInThanos() {
    QueryCommand defaults = new QueryCommand();
    new CommandLine(defaults).parseArgs("--endpoint=a:1");
    assertThat(defaults.settings().tenancy()).isEqualTo(Tenancy.DEFAULT);
    QueryCommand query = new QueryCommand();
    new CommandLine(query).parseArgs("--endpoint=a:1", "--query.enforce-tenancy", "--query.tenant-header=X-Scope-OrgID",
        "--query.default-tenant-id=anonymous", "--query.tenant-label-name=tenant");
    assertThat(query.settings().tenancy()).isEqualTo(new Tenancy(true, "X-Scope-OrgID", "anonymous", "tenant"));
  }

  @Test
  void theQuerysStatusFlagsWriteDurationsAsTheyAreGiven() {
    QueryCommand query = new QueryCommand();
    new CommandLine(query).parseArgs("--query.timeout=90s", "--endpoint=a:1", "--endpoint=b:2");
    Map<String, String> flags = query.flagValues();
    assertThat(flags).containsEntry("query.timeout", "1m30s").containsEntry("http-grace-period", "2m")
        .containsEntry("query.lookback-delta", "0s").containsEntry("store.sd-dns-interval", "30s")
        .containsEntry("endpoint", "a:1,b:2");
    assertThat(flags.values()).noneMatch(v -> v.startsWith("PT"));
  }

  @Test
  void defaultsFollowThanos() {
    ReceiveCommand receive = new ReceiveCommand();
    new CommandLine(receive).parseArgs();
    assertThat(receive.http.address).isEqualTo("0.0.0.0:10902");
    assertThat(receive.http.gracePeriod).isEqualTo(Duration.ofMinutes(2));
    assertThat(receive.grpc.address).isEqualTo("0.0.0.0:10901");
    assertThat(receive.grpc.gracePeriod).isEqualTo(Duration.ofMinutes(2));
    assertThat(receive.grpc.maxConnectionAge).isEqualTo(Duration.ofMinutes(60));
    assertThat(receive.logging.level.name()).isEqualTo("info");
    assertThat(receive.logging.format.name()).isEqualTo("logfmt");
    assertThat(receive.options.tsdbRetention).isEqualTo(Duration.ofDays(15));
    assertThat(receive.options.tenantHeader).isEqualTo("THANOS-TENANT");
    assertThat(receive.options.replicationFactor).isEqualTo(1);
    assertThat(receive.options.grpcCompression).isEqualTo("snappy");
    assertThat(receive.options.walDurability()).isEqualTo(io.jthanos.receive.tsdb.TsdbTenantDbFactory.DEFAULT_DURABILITY);

    StoreCommand store = new StoreCommand();
    new CommandLine(store).parseArgs("--no-cache-index-header");
    assertThat(store.options.indexCacheSize).isEqualTo(250L << 20);
    assertThat(store.options.chunkPoolSize).isEqualTo(2L << 30);
    assertThat(store.options.chunkCacheSize).isEqualTo(256L << 20);
    assertThat(store.options.cacheIndexHeader).isFalse();
    StoreCommand storeDefaults = new StoreCommand();
    new CommandLine(storeDefaults).parseArgs();
    assertThat(storeDefaults.options.cacheIndexHeader).isTrue();
    StoreCommand storePositive = new StoreCommand();
    new CommandLine(storePositive).parseArgs("--cache-index-header");
    assertThat(storePositive.options.cacheIndexHeader).isTrue();
    // As Thanos (dataDir = "" in runStore): without the cache nothing is kept under --data-dir.
    String bucket = "--objstore.config=type: FILESYSTEM\nconfig:\n  directory: /tmp/bucket\n";
    StoreCommand noCache = new StoreCommand();
    new CommandLine(noCache).parseArgs(bucket, "--data-dir=/tmp/store", "--no-cache-index-header");
    assertThat(noCache.settings().store().dataDir()).isNull();
    StoreCommand cache = new StoreCommand();
    new CommandLine(cache).parseArgs(bucket, "--data-dir=/tmp/store");
    assertThat(cache.settings().store().dataDir()).isEqualTo(Path.of("/tmp/store"));
    assertThat(cache.settings().store().chunkCacheSize()).isEqualTo(256L << 20);
    StoreCommand noChunkCache = new StoreCommand();
    new CommandLine(noChunkCache).parseArgs(bucket, "--store.chunk-cache-size=0");
    assertThat(noChunkCache.settings().store().chunkCacheSize()).isZero();

    CompactCommand compact = new CompactCommand();
    new CommandLine(compact).parseArgs("-w", "--deduplication.replica-label=replica", "--deduplication.replica-label=rule_replica");
    assertThat(compact.options.waitForWork).isTrue();
    assertThat(compact.options.deleteDelay).isEqualTo(Duration.ofHours(48));
    assertThat(compact.options.deduplicationReplicaLabels).containsExactly("replica", "rule_replica");
    assertThat(compact.settings(java.time.Clock.systemUTC()).compactor().haltOnError()).isTrue();
    assertThat(compact.settings(java.time.Clock.systemUTC()).compactor().blocksFetchConcurrency()).isEqualTo(1);
    CompactCommand noHalt = new CompactCommand();
    Cli.commandLine(noHalt).parseArgs("--no-debug.halt-on-error", "--compact.blocks-fetch-concurrency=4");
    assertThat(noHalt.settings(java.time.Clock.systemUTC()).compactor().haltOnError()).isFalse();
    assertThat(noHalt.settings(java.time.Clock.systemUTC()).compactor().blocksFetchConcurrency()).isEqualTo(4);
    CompactCommand halt = new CompactCommand();
    Cli.commandLine(halt).parseArgs("--debug.halt-on-error");
    assertThat(halt.settings(java.time.Clock.systemUTC()).compactor().haltOnError()).isTrue();

    QueryCommand autoOff = new QueryCommand();
    Cli.commandLine(autoOff).parseArgs("--no-query.auto-downsampling", "--query.partial-response");
    assertThat(autoOff.options.autoDownsampling).isFalse();
    assertThat(autoOff.options.partialResponse).isTrue();

    QueryCommand query = new QueryCommand();
    new CommandLine(query).parseArgs("--no-query.partial-response");
    assertThat(query.options.partialResponse).isFalse();
    assertThat(query.options.timeout).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void receiveWalFsyncValues() {
    ReceiveCommand receive = new ReceiveCommand();
    new CommandLine(receive).parseArgs("--tsdb.wal-fsync=commit");
    assertThat(receive.options.walDurability()).isEqualTo(io.jthanos.tsdb.wal.DurabilityMode.FSYNC_EACH_COMMIT);
    new CommandLine(receive).parseArgs("--tsdb.wal-fsync=segment");
    assertThat(receive.options.walDurability()).isEqualTo(io.jthanos.tsdb.wal.DurabilityMode.NONE);
    Result result = run("receive", "--tsdb.wal-fsync=always");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("--tsdb.wal-fsync must be one of interval, commit, segment, got \"always\"");
  }

  @Test
  void externalLabelsParseLikeThanos() {
    assertThat(ExternalLabels.parse(java.util.List.of("replica=\"a\"", "cluster=\"eu \\\"1\\\"\"")))
        .containsExactly(java.util.Map.entry("cluster", "eu \"1\""), java.util.Map.entry("replica", "a"));
  }
}
