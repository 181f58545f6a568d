import { createPrivateKey, generateKeyPair, type JsonWebKey, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { SingleFlight, type Clock } from '@vigil/core';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { Logger } from 'pino';
import type { IdentityDatabase } from '../model/schema.js';
import {
  deleteSigningKeys,
  insertSigningKey,
  listSigningKeys,
  type SigningKeyRecord,
} from '../model/signing-key-model.js';
import { openPrivateKey, sealPrivateKey } from './key-encryption.js';

/** Algorithms identity signs with (asymmetric: verifiers need only the public JWKS). */
export type SigningAlgorithm = 'EdDSA' | 'ES256';

/** One public key as published in the JWKS (RFC 7517 §4). */
export interface PublicJwk {
  kty: string;
  crv: string;
  x: string;
  y?: string;
  kid: string;
  alg: string;
  use: 'sig';
}

/** The key that signs right now. */
export interface Signer {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly key: KeyObject;
}

/** What a {@link KeyRing} needs. */
export interface KeyRingOptions {
  database: IdentityDatabase;
  logger: Logger;
  /** Wall clock, epoch ms. */
  now: Clock;
  algorithm: SigningAlgorithm;
  /** A new key is published this long before it signs. */
  activationDelayMs: number;
  /** Rotate automatically when the signing key is this old; 0 = never. */
  rotateAfterMs: number;
  /** Lifetime of access tokens: how long a superseded key must stay published. */
  accessTokenTtlMs: number;
  /** How stale this replica's view of the keys may get. */
  refreshIntervalMs: number;
  /** AES-256 key for private keys at rest; undefined = stored unencrypted. */
  encryptionKey: Buffer | undefined;
}

/** Signing keys of all replicas, as stored in the database (see migrations/0008). */
export interface KeyRing {
  /** Loads the keys, creating the first one (active at once) when there is none. */
  init(): Promise<void>;
  /** The key to sign with now (rereads the keys when this replica's view is stale). */
  signer(): Promise<Signer>;
  /** Pending, active and recently superseded public keys. */
  jwks(): Promise<{ keys: PublicJwk[] }>;
  /** Publishes a new key that signs after the activation delay (or returns the pending one). */
  rotate(): Promise<{ kid: string; previousKid: string | undefined; activatesAt: Date }>;
  /** Rereads the keys, rotates when due and deletes keys no live token can carry. */
  maintain(): Promise<void>;
}

const generate = promisify(generateKeyPair);
// Clock skew tolerated between replicas and verifiers.
const SKEW_MS = 60_000;

async function newKey(alg: SigningAlgorithm, now: number, activationDelayMs: number, kek?: Buffer) {
  const pair =
    alg === 'EdDSA' ? await generate('ed25519') : await generate('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y } = pair.publicKey.export({ format: 'jwk' });
  const publicJwk: JWK = y === undefined ? { kty, crv, x } : { kty, crv, x, y };
  // RFC 7638 thumbprint: a kid every replica and verifier derives the same way.
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  const privateJwk = JSON.stringify(pair.privateKey.export({ format: 'jwk' }));
  const record: SigningKeyRecord = {
    kid,
    alg,
    publicJwk: JSON.stringify(publicJwk),
    privateKey: sealPrivateKey(privateJwk, kid, kek),
    createdAt: new Date(now),
    activatesAt: new Date(now + activationDelayMs),
  };
  return record;
}

/** Creates the key ring; call {@link KeyRing.init} before use. */
export function createKeyRing(options: KeyRingOptions): KeyRing {
  const { database, logger } = options;
  // A superseded key signed tokens until its successor activated, plus one refresh interval on
  // replicas that had not reread the keys yet; those tokens live accessTokenTtl.
  const retainMs = options.accessTokenTtlMs + options.refreshIntervalMs + SKEW_MS;
  const privateKeys = new Map<string, KeyObject>();
  const loads = new SingleFlight<SigningKeyRecord[]>();
  let keys: SigningKeyRecord[] = [];
  let loadedAt = -Infinity;

  /** Rereads the keys; `afterWrite` skips joining a read that may have started before it. */
  async function load(afterWrite = false): Promise<SigningKeyRecord[]> {
    const startedAt = options.now();
    const read = () => listSigningKeys(database.db);
    keys = afterWrite ? await read() : await loads.do('keys', read);
    loadedAt = startedAt;
    return keys;
  }

  async function current(): Promise<SigningKeyRecord[]> {
    return options.now() - loadedAt >= options.refreshIntervalMs ? load() : keys;
  }

  /** Index of the active key in newest-first `list`, or -1. */
  function activeIndex(list: SigningKeyRecord[], now: number): number {
    return list.findIndex((k) => k.activatesAt.getTime() <= now);
  }

  /** Keys at index > active whose successor activated so long ago that no token remains. */
  function expired(list: SigningKeyRecord[], now: number): Set<string> {
    const out = new Set<string>();
    const active = activeIndex(list, now);
    if (active < 0) return out;
    for (let i = active + 1; i < list.length; i++) {
      if (list[i - 1]!.activatesAt.getTime() <= now - retainMs) out.add(list[i]!.kid);
    }
    return out;
  }

  function privateKeyOf(record: SigningKeyRecord): KeyObject {
    let key = privateKeys.get(record.kid);
    if (!key) {
      const jwk = JSON.parse(openPrivateKey(record.privateKey, record.kid, options.encryptionKey));
      key = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
      privateKeys.set(record.kid, key);
    }
    return key;
  }

  async function insert(activationDelayMs: number): Promise<SigningKeyRecord> {
    const record = await newKey(
      options.algorithm,
      options.now(),
      activationDelayMs,
      options.encryptionKey,
    );
    await insertSigningKey(database.db, record);
    logger.info(
      { kid: record.kid, alg: record.alg, activatesAt: record.activatesAt },
      'signing key created',
    );
    return record;
  }

  const ring: KeyRing = {
    async init() {
      if (!options.encryptionKey) {
        logger.warn(
          'Identity.SigningKey.EncryptionKey is not set: signing keys stored unencrypted',
        );
      }
      const list = await load();
      if (activeIndex(list, options.now()) < 0) {
        await insert(0);
        await load(true);
      }
      privateKeyOf(await activeRecord());
    },

    async signer() {
      const record = await activeRecord();
      return { kid: record.kid, alg: record.alg as SigningAlgorithm, key: privateKeyOf(record) };
    },

    async jwks() {
      const list = await current();
      const gone = expired(list, options.now());
      return {
        keys: list
          .filter((k) => !gone.has(k.kid))
          .map((k) => ({
            ...(JSON.parse(k.publicJwk) as PublicJwk),
            kid: k.kid,
            alg: k.alg,
            use: 'sig',
          })),
      };
    },

    async rotate() {
      const list = await load();
      const now = options.now();
      const active = list[activeIndex(list, now)];
      // A key already waiting to activate is the rotation in progress: publishing a second
      // one would only lengthen the JWKS.
      const pending = list.find((k) => k.activatesAt.getTime() > now);
      const next = pending ?? (await insert(options.activationDelayMs));
      if (!pending) await load(true);
      return { kid: next.kid, previousKid: active?.kid, activatesAt: next.activatesAt };
    },

    async maintain() {
      const list = await load();
      const now = options.now();
      const active = list[activeIndex(list, now)];
      const pending = list.some((k) => k.activatesAt.getTime() > now);
      if (
        options.rotateAfterMs > 0 &&
        active &&
        !pending &&
        now - active.activatesAt.getTime() >= options.rotateAfterMs
      ) {
        await ring.rotate();
      }
      const gone = [...expired(keys, now)];
      if (gone.length) {
        await deleteSigningKeys(database.db, gone);
        for (const kid of gone) privateKeys.delete(kid);
        await load(true);
      }
    },
  };

  async function activeRecord(): Promise<SigningKeyRecord> {
    const list = await current();
    const record = list[activeIndex(list, options.now())];
    if (!record) throw new Error('identity has no active signing key (init() not called?)');
    return record;
  }

  return ring;
}
