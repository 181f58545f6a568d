/**
 * Errors of the risk engine. The math never does I/O, so it cannot depend on `@vigil/core`; callers at
 * the edge (the `vigil` CLI, the risk service) translate `RiskInputError` into the catalog's
 * `VALIDATION_FAILED`, whose meaning it shares.
 */

/** One problem with the input, located as precisely as possible (file, line, field). */
export interface RiskInputProblem {
  /** Where: `input.csv line 18`, `kris[2].thresholds`, `rows[4]`. */
  readonly field: string;
  /** Why, for a person. */
  readonly reason: string;
}

/** Bad input (CSV rows, KRI definitions, options): the message names the file/row/field at fault. */
export class RiskInputError extends Error {
  override readonly name = 'RiskInputError';
  /** Matches `@vigil/core`'s catalog code so the edge can map it one-to-one. */
  readonly code = 'VALIDATION_FAILED' as const;
  readonly details: readonly RiskInputProblem[];

  constructor(
    message: string,
    details: readonly RiskInputProblem[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, { cause: options?.cause });
    this.details = details;
  }
}

/** Type guard usable across package copies (checks the name, not the prototype chain). */
export function isRiskInputError(err: unknown): err is RiskInputError {
  return err instanceof Error && err.name === 'RiskInputError';
}
