import { Registry } from 'prom-client';

/**
 * The exposition text of two fresh registries, each filled by `record` with one implementation
 * of the same metric type (ours, then prom-client's): tests compare them byte for byte.
 */
export async function expositionsOf<Make>(
  record: (registry: Registry, make: Make) => unknown,
  ours: Make,
  theirs: Make,
): Promise<[ours: string, theirs: string]> {
  const [a, b] = [new Registry(), new Registry()];
  record(a, ours);
  record(b, theirs);
  return [await a.metrics(), await b.metrics()];
}
