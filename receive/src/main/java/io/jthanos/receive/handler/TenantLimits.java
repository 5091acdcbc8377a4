package io.jthanos.receive.handler;

/**
 * The write limits of one tenant; 0 means unlimited.
 *
 * @param sizeBytesLimit largest request body, compressed and decompressed ({@code size_bytes_limit})
 * @param seriesLimit most series per request ({@code series_limit})
 * @param samplesLimit most samples per request ({@code samples_limit})
 * @param headSeriesLimit most active head series of the tenant on this receiver ({@code head_series_limit})
 */
public record TenantLimits(long sizeBytesLimit, long seriesLimit, long samplesLimit, long headSeriesLimit) {
    public static final TenantLimits UNLIMITED = new TenantLimits(0, 0, 0, 0);
}
