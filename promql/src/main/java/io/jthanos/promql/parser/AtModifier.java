package io.jthanos.promql.parser;

/** The {@code @ start()} / {@code @ end()} preprocessors, or none. */
public enum AtModifier { NONE, START, END }
