package dev.dropscope.etl.prometheus;

/**
 * What a reconcile compared.
 *
 * @param windows windows of the range
 * @param series series the selectors match in it
 * @param differences statistics (count, sum, min, max of a series in a window) that differ
 */
public record Reconciliation(int windows, int series, long differences) {}
