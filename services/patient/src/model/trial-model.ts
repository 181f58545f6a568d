import type { Cache, Database } from '@vigil/core';
import type { PatientDb } from './schema.js';

/** A trial; `timeZone` (IANA) is where its visit days are counted. */
export interface TrialRecord {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly status: string;
  /** Unix ms. */
  readonly createdAt: number;
}

/** A site of a trial. */
export interface SiteRecord {
  readonly id: string;
  readonly trialId: string;
  readonly name: string;
  readonly city: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  /** Unix ms. */
  readonly createdAt: number;
}

const TRIALS_KEY = 'trial:all';
const sitesKey = (trialId: string) => `trial:${trialId}:sites`;
const SITE_INDEX_KEY = 'site:all';
// Set-up may also run from the CLI against a shared Redis without invalidating: a minute bounds
// how long a replica can serve an outdated list.
const LIST_TTL_MS = 60_000;

/**
 * Trials and sites: small, read on every list screen, changed only by set-up (the demo seed or
 * a migration), so whole lists are cached. Callers filter them by scope after the cache.
 */
export class TrialModel {
  constructor(
    private readonly database: Database<PatientDb>,
    private readonly cache: Cache,
  ) {}

  /** Every trial, by id. */
  async trials(): Promise<TrialRecord[]> {
    const rows = await this.cache.take(
      TRIALS_KEY,
      async () => {
        const all = await this.database.db
          .selectFrom('patient_trial')
          .selectAll()
          .orderBy('id')
          .execute();
        return all.map((r): TrialRecord => ({
          id: r.id,
          name: r.name,
          timeZone: r.time_zone,
          status: r.status,
          createdAt: new Date(r.created_at).getTime(),
        }));
      },
      { ttlMs: LIST_TTL_MS },
    );
    return rows ?? [];
  }

  /** The trial with `id`, if any. */
  async trial(id: string): Promise<TrialRecord | undefined> {
    return (await this.trials()).find((t) => t.id === id);
  }

  /** Every site (all trials), by id. */
  async allSites(): Promise<SiteRecord[]> {
    const rows = await this.cache.take(
      SITE_INDEX_KEY,
      async () => {
        const all = await this.database.db
          .selectFrom('patient_site')
          .selectAll()
          .orderBy('id')
          .execute();
        return all.map((r): SiteRecord => ({
          id: r.id,
          trialId: r.trial_id,
          name: r.name,
          city: r.city,
          country: r.country,
          createdAt: new Date(r.created_at).getTime(),
        }));
      },
      { ttlMs: LIST_TTL_MS },
    );
    return rows ?? [];
  }

  /** The sites of one trial, by id. */
  async sites(trialId: string): Promise<SiteRecord[]> {
    const rows = await this.cache.take(
      sitesKey(trialId),
      async () => (await this.allSites()).filter((s) => s.trialId === trialId),
      { ttlMs: LIST_TTL_MS },
    );
    return rows ?? [];
  }

  /** Drops the cached lists (after set-up wrote trials or sites). */
  async invalidate(trialIds: readonly string[] = []): Promise<void> {
    await this.cache.del(TRIALS_KEY, SITE_INDEX_KEY, ...trialIds.map(sitesKey));
  }
}
