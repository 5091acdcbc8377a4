package io.jthanos.store;

/** What a fan-out does when some stores fail: warn and return the rest, or abort the request. */
public enum PartialResponseStrategy {
    /** Failed stores become warnings. Thanos's default (proto value 0). */
    WARN,
    /** Any failed store fails the whole request. */
    ABORT
}
