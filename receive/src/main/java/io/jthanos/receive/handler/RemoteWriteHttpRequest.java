package io.jthanos.receive.handler;

import java.util.function.UnaryOperator;

/**
 * What the handler needs of an HTTP request: header lookup (case-insensitive, {@code null} when absent) and
 * the raw body.
 */
public record RemoteWriteHttpRequest(UnaryOperator<String> header, byte[] body) {}
