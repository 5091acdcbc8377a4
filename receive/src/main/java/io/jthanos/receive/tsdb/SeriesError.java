package io.jthanos.receive.tsdb;

/** Why one series of a write request was (partly) rejected, with a message naming the series. */
public record SeriesError(ErrorKind kind, String message) {}
