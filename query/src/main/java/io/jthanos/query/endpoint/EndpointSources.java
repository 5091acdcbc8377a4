package io.jthanos.query.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where the querier's endpoints come from, combined into one list of {@link EndpointSpec}s: the static
 * {@code --endpoint}/{@code --endpoint-strict} flags, the {@code --endpoint.sd-config} content (re-read
 * through its supplier, the last valid version kept), and {@code --store.sd-files}. Dynamic addresses are
 * resolved through DNS at most once per {@code dnsInterval}. An address listed twice is used once, strict
 * if any listing is. Thread-safe.
 */
public final class EndpointSources implements Supplier<List<EndpointSpec>> {
    private record Resolution(Instant at, List<String> addresses) {
    }

    private final List<EndpointSettings> flags;
    private final Supplier<String> configContent;
    private final FileSd fileSd;
    private final DnsResolver dns;
    private final Duration dnsInterval;
    private final Clock clock;
    private final Map<String, Resolution> resolutions = new HashMap<>();
    private String lastConfig;
    private List<EndpointSettings> configured = List.of();

    /**
     * @param flags endpoints from the command line
     * @param configContent the endpoint config content, called on every update; {@code null} for none
     * @param fileSd file SD, {@code null} for none
     * @param dns resolver of dynamic addresses
     * @param dnsInterval how long a DNS answer is reused
     * @param clock time source
     * @throws IllegalArgumentException when the initial config is invalid
     */
    public EndpointSources(List<EndpointSettings> flags, Supplier<String> configContent, FileSd fileSd,
            DnsResolver dns, Duration dnsInterval, Clock clock) {
        EndpointConfig.validate(flags);
        this.flags = List.copyOf(flags);
        this.configContent = configContent;
        this.fileSd = fileSd;
        this.dns = dns;
        this.dnsInterval = dnsInterval;
        this.clock = clock;
        if (configContent != null) {
            lastConfig = configContent.get();
            configured = EndpointConfig.parse(lastConfig);
        }
    }

    @Override
    public synchronized List<EndpointSpec> get() {
        reloadConfig();
        Map<String, Boolean> strictByAddress = new LinkedHashMap<>();
        List<EndpointSettings> all = new ArrayList<>(flags);
        all.addAll(configured);
        if (fileSd != null) {
            for (String target : fileSd.targets()) {
                all.add(new EndpointSettings(target, false, false));
            }
        }
        for (EndpointSettings s : all) {
            for (String address : resolve(s.address())) {
                strictByAddress.merge(address, s.strict(), Boolean::logicalOr);
            }
        }
        List<EndpointSpec> out = new ArrayList<>(strictByAddress.size());
        strictByAddress.forEach((a, strict) -> out.add(new EndpointSpec(a, strict)));
        return out;
    }

    private void reloadConfig() {
        if (configContent == null) {
            return;
        }
        String content;
        try {
            content = configContent.get();
        } catch (RuntimeException e) {
            return;
        }
        if (content == null || content.equals(lastConfig)) {
            return;
        }
        try {
            configured = EndpointConfig.parse(content);
            lastConfig = content;
        } catch (IllegalArgumentException e) {
            // An invalid new config keeps the last valid one, as Thanos's reloader does.
        }
    }

    private List<String> resolve(String address) {
        if (!DnsResolver.isDynamic(address)) {
            return List.of(address);
        }
        Instant now = clock.instant();
        Resolution r = resolutions.get(address);
        if (r == null || !now.isBefore(r.at().plus(dnsInterval))) {
            try {
                r = new Resolution(now, dns.resolve(address));
            } catch (IllegalArgumentException e) {
                r = new Resolution(now, List.of());
            }
            resolutions.put(address, r);
        }
        return r.addresses();
    }
}
