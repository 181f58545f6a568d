/**
 * Values derived from three label values (a metric's children, an access line's fragment), in
 * nested maps keyed by the values themselves. On a hot path those values are the same string objects (a route template, a
 * method, an upstream name) or small numbers, whose hashes V8 keeps: a key joined from them
 * would be a new string to build and hash on every observation. At most `max` children are kept
 * (labels must stay bounded); beyond that the caller derives the value each time.
 */
export class ChildCache<A, B, C, V> {
  private readonly root = new Map<A, Map<B, Map<C, V>>>();
  private size = 0;

  constructor(private readonly max = 5000) {}

  get(a: A, b: B, c: C): V | undefined {
    return this.root.get(a)?.get(b)?.get(c);
  }

  set(a: A, b: B, c: C, value: V): void {
    const known = this.root.get(a)?.get(b);
    if (known?.has(c)) {
      known.set(c, value);
      return;
    }
    if (this.size >= this.max) return;
    let byB = this.root.get(a);
    if (!byB) this.root.set(a, (byB = new Map()));
    let byC = byB.get(b);
    if (!byC) byB.set(b, (byC = new Map()));
    byC.set(c, value);
    this.size++;
  }
}
