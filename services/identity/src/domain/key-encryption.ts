import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '@vigil/core';

const ENCRYPTED = 'enc:v1:';
const PLAIN = 'plain:';
const IV_BYTES = 12; // GCM's recommended nonce size (NIST SP 800-38D §8.2)
const TAG_BYTES = 16;

/** Decodes the configured key-encryption key (base64 or base64url of 32 bytes). */
export function parseEncryptionKey(text: string | undefined): Buffer | undefined {
  if (text === undefined) return undefined;
  const key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32) {
    throw new AppError('CONFIG_INVALID', 'Identity.SigningKey.EncryptionKey must be 32 bytes', {
      details: [{ field: 'Identity.SigningKey.EncryptionKey', reason: 'not 32 bytes of base64' }],
    });
  }
  return key;
}

/**
 * Seals a private key for storage: AES-256-GCM with a random nonce and the kid as associated
 * data (a sealed key copied onto another row does not open), or `plain:` without a key.
 */
export function sealPrivateKey(plaintext: string, kid: string, key: Buffer | undefined): string {
  if (!key) return PLAIN + plaintext;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(kid));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ENCRYPTED + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** Opens what {@link sealPrivateKey} stored; `INTERNAL` when the key is missing or wrong. */
export function openPrivateKey(stored: string, kid: string, key: Buffer | undefined): string {
  if (stored.startsWith(PLAIN)) return stored.slice(PLAIN.length);
  if (!stored.startsWith(ENCRYPTED)) {
    throw new AppError('INTERNAL', `signing key ${kid} has an unknown storage format`);
  }
  if (!key) {
    throw new AppError(
      'INTERNAL',
      `signing key ${kid} is encrypted but Identity.SigningKey.EncryptionKey is not set`,
    );
  }
  const raw = Buffer.from(stored.slice(ENCRYPTED.length), 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES))
      .setAAD(Buffer.from(kid))
      .setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch (err) {
    throw new AppError('INTERNAL', `signing key ${kid} does not open with the configured key`, {
      cause: err,
    });
  }
}
