/**
 * A label set's values as strings in `labelNames` order, from positional values or an object;
 * throws naming the metric when one is missing or extra.
 */
export function labelRecord(
  metric: string,
  labelNames: readonly string[],
  values: readonly unknown[],
): string[] {
  const ordered =
    values.length === 1 && typeof values[0] === 'object' && values[0] !== null
      ? labelNames.map((l) => (values[0] as Record<string, unknown>)[l])
      : values;
  if (ordered.length !== labelNames.length || ordered.some((v) => v === undefined)) {
    throw new Error(`${metric}: expected labels ${labelNames.join(', ') || '(none)'}`);
  }
  return ordered.map(String);
}

/** The Map key of a label set. */
export function labelKey(values: readonly string[]): string {
  return values.join('\u0000');
}
