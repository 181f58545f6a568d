import type { Breaker } from './breaker.js';
import { createGoogleBreaker, type GoogleBreakerOptions } from './google-breaker.js';
import { createNopBreaker } from './nop-breaker.js';

/**
 * One breaker per name (e.g. per gRPC target or target+method), created on first use with the
 * registry's options (go-zero core/breaker/breakers.go GetBreaker / NoBreakerFor).
 */
export class BreakerRegistry {
  private readonly breakers = new Map<string, Breaker>();

  constructor(private readonly options: GoogleBreakerOptions = {}) {}

  /** The breaker for `name`, created on first use. */
  get(name: string): Breaker {
    let b = this.breakers.get(name);
    if (!b) {
      b = createGoogleBreaker(name, this.options);
      this.breakers.set(name, b);
    }
    return b;
  }

  /** Never trip for `name` from now on (go-zero NoBreakerFor). */
  disable(name: string): void {
    this.breakers.set(name, createNopBreaker(name));
  }

  /** Names with a breaker, for metrics and health pages. */
  names(): string[] {
    return [...this.breakers.keys()];
  }
}
