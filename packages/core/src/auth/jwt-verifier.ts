import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors as joseErrors,
  importSPKI,
  jwtVerify,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { AppError } from '../errors/index.js';

/** The `Auth` block of a service config (go-zero's `Auth{AccessSecret, AccessExpire}` and more). */
export interface AuthSettings {
  /** HS256 shared secret, as go-zero's `rest.WithJwt(AccessSecret)`. */
  AccessSecret?: string;
  /** Public keys (SPKI PEM or JWK JSON) to verify EdDSA/ES256 tokens offline. */
  PublicKeys?: string[];
  /** JWKS endpoint (e.g. identity's `/.well-known/jwks.json`), cached, refetched on unknown `kid`. */
  JwksUrl?: string;
  Issuer?: string;
  Audience?: string;
}

/** The verified identity of a caller, put on the request context. */
export interface AuthClaims {
  readonly sub: string;
  readonly roles: readonly string[];
  readonly sites: readonly string[];
  /** Every claim of the token (custom claims included), as go-zero puts them on the context. */
  readonly claims: Readonly<JWTPayload>;
}

/** Verifies a bearer token and returns its claims, or throws `AppError('UNAUTHENTICATED')`. */
export type JwtVerifier = (token: string) => Promise<AuthClaims>;

type PublicKey = Awaited<ReturnType<typeof importSPKI>>;

const ASYMMETRIC_ALGS = ['EdDSA', 'ES256', 'ES384', 'RS256', 'PS256'];

async function keyFromPublicKeys(keys: string[]): Promise<JWTVerifyGetKey> {
  const jwks: JWK[] = [];
  const pems: PublicKey[] = [];
  for (const key of keys) {
    const trimmed = key.trim();
    if (trimmed.startsWith('{')) jwks.push(JSON.parse(trimmed) as JWK);
    else {
      // SPKI PEM: try the algorithms we issue, in order of preference.
      let imported: PublicKey | undefined;
      for (const alg of ['EdDSA', 'ES256']) {
        try {
          imported = await importSPKI(trimmed, alg);
          break;
        } catch {
          /* try next algorithm */
        }
      }
      if (!imported)
        throw new Error('Auth.PublicKeys: a key is neither a JWK nor an EdDSA/ES256 SPKI PEM');
      pems.push(imported);
    }
  }
  const local = jwks.length ? createLocalJWKSet({ keys: jwks }) : undefined;
  return async (header, token) => {
    if (local && (header.kid || !pems.length)) return local(header, token);
    const pem = pems[0];
    if (!pem) throw new joseErrors.JWKSNoMatchingKey();
    return pem;
  };
}

function toStringArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string' && value) return [value];
  return [];
}

/**
 * Builds the verifier for one `Auth` block. Tokens are accepted only with the configured key type
 * (HS256 for a secret, asymmetric algorithms for public keys), so an attacker cannot downgrade
 * an EdDSA deployment to HMAC with the public key as secret.
 */
export async function createJwtVerifier(settings: AuthSettings): Promise<JwtVerifier> {
  let getKey: JWTVerifyGetKey | Uint8Array;
  let algorithms: string[];
  if (settings.JwksUrl) {
    getKey = createRemoteJWKSet(new URL(settings.JwksUrl), {
      cooldownDuration: 30_000,
      cacheMaxAge: 600_000,
    });
    algorithms = ASYMMETRIC_ALGS;
  } else if (settings.PublicKeys?.length) {
    getKey = await keyFromPublicKeys(settings.PublicKeys);
    algorithms = ASYMMETRIC_ALGS;
  } else if (settings.AccessSecret) {
    getKey = new TextEncoder().encode(settings.AccessSecret);
    algorithms = ['HS256', 'HS384', 'HS512'];
  } else {
    throw new Error('Auth: one of AccessSecret, PublicKeys or JwksUrl is required');
  }
  const options = { algorithms, issuer: settings.Issuer, audience: settings.Audience };
  return async (token) => {
    try {
      const { payload } = await (getKey instanceof Uint8Array
        ? jwtVerify(token, getKey, options)
        : jwtVerify(token, getKey, options));
      if (payload.typ === 'refresh')
        throw new AppError('UNAUTHENTICATED', 'A refresh token cannot be used as an access token');
      return {
        sub: typeof payload.sub === 'string' ? payload.sub : '',
        roles: toStringArray(payload.roles),
        sites: toStringArray(payload.sites),
        claims: payload,
      };
    } catch (err) {
      if (err instanceof AppError) throw err;
      const expired = err instanceof joseErrors.JWTExpired;
      throw new AppError(
        'UNAUTHENTICATED',
        expired ? 'The token has expired' : 'The token is invalid',
        { cause: err },
      );
    }
  };
}

/** Extracts the token from an `Authorization` header (`Bearer ` prefix optional, as go-zero). */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const value =
    header.startsWith('Bearer ') || header.startsWith('bearer ') ? header.slice(7) : header;
  return value.trim() || undefined;
}
