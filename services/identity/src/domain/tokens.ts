import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Signer } from './key-ring.js';

/** What an access token says about its holder (no personal data beyond the username). */
export interface AccessClaims {
  readonly sub: string;
  readonly username: string;
  readonly roles: readonly string[];
  readonly sites: readonly string[];
  readonly patientId?: string | undefined;
}

/** Token settings. */
export interface AccessTokenOptions {
  issuer: string;
  audience?: string | undefined;
  ttlSec: number;
  /** Issue time, epoch ms. */
  nowMs: number;
}

/**
 * Signs an access token: `sub`, `roles`, `sites`, `name` (the username), `patientId` for
 * patients and `typ: "access"` (core's verifier rejects `typ: "refresh"`), plus `iss`, `iat`,
 * `exp`, `jti` and the signing key's `kid` in the header (RFC 7515 §4.1.4) for JWKS lookup.
 */
export async function signAccessToken(
  signer: Signer,
  claims: AccessClaims,
  options: AccessTokenOptions,
): Promise<string> {
  const iat = Math.floor(options.nowMs / 1000);
  const jwt = new SignJWT({
    roles: [...claims.roles],
    sites: [...claims.sites],
    name: claims.username,
    typ: 'access',
    ...(claims.patientId !== undefined ? { patientId: claims.patientId } : {}),
  })
    .setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(options.issuer)
    .setIssuedAt(iat)
    .setExpirationTime(iat + options.ttlSec)
    .setJti(randomUUID());
  if (options.audience) jwt.setAudience(options.audience);
  return jwt.sign(signer.key);
}

// A recognisable prefix lets secret scanners find leaked refresh tokens.
const REFRESH_PREFIX = 'vrt_';

/** A new opaque refresh token: 256 random bits. */
export function newRefreshToken(): string {
  return REFRESH_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * What is stored for a refresh token: SHA-256 hex. The token has 256 bits of entropy, so a fast
 * hash is enough (no salt or slow hash needed, unlike passwords) and lookup stays indexed.
 */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Key of the login throttle for a username: SHA-256 of its normalized form. */
export function usernameKey(normalizedUsername: string): string {
  return createHash('sha256').update(`login:${normalizedUsername}`).digest('hex');
}
