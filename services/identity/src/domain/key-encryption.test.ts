import { randomBytes } from 'node:crypto';
import { AppError } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { openPrivateKey, parseEncryptionKey, sealPrivateKey } from './key-encryption.js';

const key = randomBytes(32);
const secret = '{"kty":"OKP","crv":"Ed25519","d":"secret","x":"pub"}';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof AppError ? err.code : 'not an AppError';
  }
}

describe('private key encryption at rest', () => {
  it('seals with AES-256-GCM so the stored text reveals nothing, and opens again', () => {
    const sealed = sealPrivateKey(secret, 'kid-1', key);
    expect(sealed.startsWith('enc:v1:')).toBe(true);
    expect(sealed).not.toContain('secret');
    expect(sealPrivateKey(secret, 'kid-1', key)).not.toBe(sealed); // fresh nonce each time
    expect(openPrivateKey(sealed, 'kid-1', key)).toBe(secret);
  });

  it('refuses a sealed key moved to another kid, a wrong key, tampering or no key', () => {
    const sealed = sealPrivateKey(secret, 'kid-1', key);
    expect(codeOf(() => openPrivateKey(sealed, 'kid-2', key))).toBe('INTERNAL');
    expect(codeOf(() => openPrivateKey(sealed, 'kid-1', randomBytes(32)))).toBe('INTERNAL');
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(codeOf(() => openPrivateKey(tampered, 'kid-1', key))).toBe('INTERNAL');
    expect(codeOf(() => openPrivateKey(sealed, 'kid-1', undefined))).toBe('INTERNAL');
    expect(codeOf(() => openPrivateKey('rot13:xyz', 'kid-1', key))).toBe('INTERNAL');
  });

  it('stores plainly without a key, and still opens those once a key is configured', () => {
    const plain = sealPrivateKey(secret, 'kid-1', undefined);
    expect(plain).toBe(`plain:${secret}`);
    expect(openPrivateKey(plain, 'kid-1', key)).toBe(secret);
  });

  it('reads the key from base64 or base64url and insists on 32 bytes', () => {
    expect(parseEncryptionKey(key.toString('base64'))?.equals(key)).toBe(true);
    expect(parseEncryptionKey(key.toString('base64url'))?.equals(key)).toBe(true);
    expect(parseEncryptionKey(undefined)).toBeUndefined();
    expect(codeOf(() => parseEncryptionKey(randomBytes(16).toString('base64')))).toBe(
      'CONFIG_INVALID',
    );
  });
});
