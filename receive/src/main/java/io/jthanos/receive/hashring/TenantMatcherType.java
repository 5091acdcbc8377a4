package io.jthanos.receive.hashring;

/** How the {@code tenants} of a hashring entry are compared with a request's tenant. */
public enum TenantMatcherType {
    /** Equal strings ({@code "exact"}, or the field absent). */
    EXACT,
    /** Go {@code path/filepath.Match} patterns ({@code "glob"}). */
    GLOB
}
