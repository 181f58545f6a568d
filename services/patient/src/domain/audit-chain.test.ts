import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalEntry,
  chainEntries,
  ChainVerifier,
  GENESIS_HASH,
  type AuditDraft,
  type AuditEntry,
  type ChainLink,
} from './audit-chain.js';

function draft(i: number, extra: Partial<AuditDraft> = {}): AuditDraft {
  return {
    changeId: `c${i}`,
    at: new Date(Date.UTC(2025, 0, 1, 0, 0, i, 7)),
    actor: 'u1',
    actorRole: 'investigator',
    entity: 'patient',
    entityId: 'P-S01-001',
    siteId: 'S01',
    action: 'update',
    field: 'name',
    oldValue: `old ${i}`,
    newValue: `new ${i}`,
    reason: 'typo',
    ...extra,
  };
}

function verify(entries: AuditEntry[], head: ChainLink | undefined = entries[entries.length - 1]) {
  const v = new ChainVerifier();
  for (const e of entries) {
    const problem = v.push(e);
    if (problem) return { problem, checked: v.checked };
  }
  return { problem: v.finish(head ?? { seq: 0, hash: GENESIS_HASH }), checked: v.checked };
}

const chain = chainEntries(
  { seq: 0, hash: GENESIS_HASH },
  [1, 2, 3, 4, 5].map((i) => draft(i)),
);

describe('hash chain', () => {
  it('hashes sha256(prev hash, newline, canonical entry) and links each entry to the last', () => {
    const first = chain[0]!;
    const expected = createHash('sha256')
      .update(`${GENESIS_HASH}\n${canonicalEntry(1, draft(1))}`)
      .digest('hex');
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, hash: expected });
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.prevHash).toBe(chain[i - 1]!.hash);
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('serializes in a fixed order with a format version and UTC milliseconds', () => {
    expect(JSON.parse(canonicalEntry(9, draft(1, { oldValue: null })))).toEqual([
      'v1',
      9,
      'c1',
      '2025-01-01T00:00:01.007Z',
      'u1',
      'investigator',
      'patient',
      'P-S01-001',
      'S01',
      'update',
      'name',
      null,
      'new 1',
      'typo',
    ]);
  });

  it('tells null from the text "null" and an empty reason from none', () => {
    const a = chainEntries({ seq: 0, hash: GENESIS_HASH }, [draft(1, { oldValue: null })]);
    const b = chainEntries({ seq: 0, hash: GENESIS_HASH }, [draft(1, { oldValue: 'null' })]);
    const c = chainEntries({ seq: 0, hash: GENESIS_HASH }, [draft(1, { reason: '' })]);
    const d = chainEntries({ seq: 0, hash: GENESIS_HASH }, [draft(1, { reason: null })]);
    expect(a[0]!.hash).not.toBe(b[0]!.hash);
    expect(c[0]!.hash).not.toBe(d[0]!.hash);
  });

  it('continues from a head', () => {
    const more = chainEntries(chain[4]!, [draft(6)]);
    expect(more[0]).toMatchObject({ seq: 6, prevHash: chain[4]!.hash });
    expect(verify([...chain, ...more]).problem).toBeUndefined();
  });
});

describe('ChainVerifier', () => {
  it('accepts an intact chain and an empty one', () => {
    expect(verify(chain)).toEqual({ problem: undefined, checked: 5 });
    expect(verify([]).problem).toBeUndefined();
  });

  it('names an entry whose content was altered', () => {
    const altered = chain.map((e) => (e.seq === 3 ? { ...e, newValue: 'forged' } : e));
    expect(verify(altered).problem).toMatchObject({
      id: 3,
      reason: expect.stringContaining('altered'),
    });
  });

  it('names an altered entry whose hash was recomputed by the link the next entry breaks', () => {
    const forged = { ...chain[2]!, newValue: 'forged' };
    const rehashed = { ...forged, hash: chainEntries(chain[1]!, [forged])[0]!.hash };
    const entries = chain.map((e) => (e.seq === 3 ? rehashed : e));
    expect(verify(entries).problem).toMatchObject({
      id: 4,
      reason: expect.stringContaining('entry 3'),
    });
  });

  it('names removed entries in the middle, at the start and at the end', () => {
    expect(verify(chain.filter((e) => e.seq !== 2)).problem).toMatchObject({
      id: 2,
      reason: expect.stringContaining('entry 2 removed'),
    });
    expect(verify(chain.filter((e) => e.seq > 2)).problem).toMatchObject({
      id: 1,
      reason: expect.stringContaining('entry 1..2 removed'),
    });
    expect(verify(chain.slice(0, 3), chain[4]).problem).toMatchObject({
      id: 4,
      reason: expect.stringContaining('entries 4..5 removed'),
    });
  });

  it('reports a head that does not match the last entry', () => {
    expect(verify(chain, { seq: 5, hash: 'f'.repeat(64) }).problem).toMatchObject({ id: 5 });
    expect(verify(chain, { seq: 4, hash: chain[3]!.hash }).problem).toMatchObject({ id: 5 });
  });

  it('keeps the first problem', () => {
    const v = new ChainVerifier();
    v.push(chain[0]!);
    const first = v.push(chain[2]!);
    expect(v.push(chain[3]!)).toBe(first);
    expect(v.finish(chain[4]!)).toBe(first);
    expect(v.checked).toBe(1);
  });
});
