package dev.dropscope.rules.model;

/**
 * One input series of a unit test, in promtool's notation.
 *
 * @param series {@code name{label="value"}}
 * @param values promtool's expanding notation, e.g. {@code 0+10x30} or {@code 1 1 0 0}
 */
public record Series(String series, String values) {}
