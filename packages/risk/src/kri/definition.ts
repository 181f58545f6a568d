/**
 * What a key risk indicator (KRI) is: the ratio it measures, the statistical method that turns the
 * ratio into a score, and the thresholds that turn the score into a flag. Mirrors the metadata of
 * gsm's `reportingMetrics.csv` (`AnalysisType`, `Model`, `Threshold`, `nMinDenominator`).
 */

/** `rate`: events per unit of exposure (Poisson-like). `binary`: proportion of trials. */
export type KriType = 'rate' | 'binary';

/** Statistical method that scores each group. */
export type KriMethod = 'normal' | 'poisson' | 'fisher' | 'identity';

/** Every method, in documentation order. */
export const KRI_METHODS: readonly KriMethod[] = ['normal', 'poisson', 'fisher', 'identity'];

/** A validated KRI definition (build one with `defineKri`). */
export interface KriDefinition {
  /** Stable identifier, e.g. `kri0001`. */
  readonly id: string;
  /** Short label, e.g. `AE`. */
  readonly abbreviation: string;
  /** What the metric is, e.g. `Adverse Event Rate`. */
  readonly name: string;
  /** What the numerator counts. */
  readonly numerator: string;
  /** What the denominator counts. */
  readonly denominator: string;
  /** Level of the groups, e.g. `Site` or `Country`. */
  readonly groupLevel: string;
  readonly type: KriType;
  readonly method: KriMethod;
  /**
   * Ascending cut points. For `normal`, `poisson`, `identity`: flag k is given to scores in the
   * left-closed interval [t_k, t_k+1). For `fisher`: two p-value cut-offs [strong, moderate].
   */
  readonly thresholds: readonly number[];
  /** Flag of each interval, length thresholds + 1, non-decreasing (unused by `fisher`). */
  readonly flags: readonly number[];
  /** Groups whose denominator is below this get no score and no flag (0 = no minimum). */
  readonly minN: number;
}

/**
 * Thresholds a method uses when a KRI is re-scored with a method other than its own: gsm's defaults
 * (v2 `Flag`: -3,-2,2,3; v1 `Flag_Poisson`: -7,-5,5,7; v1 `Flag_Fisher`: 0.01, 0.05). Identity
 * thresholds are in the metric's own unit, so there is no sensible default.
 */
export const DEFAULT_THRESHOLDS: Readonly<Record<KriMethod, readonly number[] | undefined>> = {
  normal: [-3, -2, 2, 3],
  poisson: [-7, -5, 5, 7],
  fisher: [0.01, 0.05],
  identity: undefined,
};

/**
 * Flags used when a definition gives none: gsm's -2..2 for four thresholds, and the natural
 * symmetric or one-sided scales for two and one thresholds. Other counts must list their flags.
 */
export function defaultFlags(thresholdCount: number): readonly number[] | undefined {
  switch (thresholdCount) {
    case 4:
      return [-2, -1, 0, 1, 2];
    case 2:
      return [-1, 0, 1];
    case 1:
      return [0, 1];
    default:
      return undefined;
  }
}

/** Flags of Fisher's test: ±2 below the strong cut-off, ±1 below the moderate one (gsm v1). */
export const FISHER_FLAGS: readonly number[] = [-2, -1, 0, 1, 2];
