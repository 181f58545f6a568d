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
export interface JwtVerifier {
  (token: string): Promise<AuthClaims>;
  /** The claims of a token this verifier already accepted and that has not expired, else undefined. */
  cached(token: string): AuthClaims | undefined;
}

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
 * Tokens already verified, until their `exp` (bounded LRU). A client reuses its access token for
 * many requests; checking the signature again each time (~60 µs for EdDSA) would dominate a
 * cached read. A token string is immutable, so a verified one stays valid until it expires.
 *
 * Entries are found by the token's last characters (its signature) and then compared in full:
 * every request brings the token as a new string, and a Map keyed by the whole token would hash
 * all of its ~500 characters each time (≈ 0.5 µs here) where a memory compare takes a few ns.
 */
class VerifiedTokenCache {
  private readonly entries = new Map<
    string,
    { token: string; claims: AuthClaims; expiresAtMs: number }
  >();
  constructor(private readonly max = 10_000) {}

  get(token: string): AuthClaims | undefined {
    const key = cacheKey(token);
    const entry = this.entries.get(key);
    if (!entry || entry.token !== token) return undefined;
    if (Date.now() >= entry.expiresAtMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.claims;
  }

  set(token: string, claims: AuthClaims, exp: number | undefined): void {
    // Tokens without `exp` are verified every time: nothing bounds how long to trust them.
    if (exp === undefined) return;
    const key = cacheKey(token);
    if (this.entries.size >= this.max && !this.entries.has(key)) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { token, claims, expiresAtMs: exp * 1000 });
  }
}

/**
 * The last 24 characters of a token: part of its signature (144 bits of it for a JWS), so two
 * live tokens practically never share one; if they did, the later simply replaces the earlier.
 */
const CACHE_KEY_LENGTH = 24;
function cacheKey(token: string): string {
  return token.length > CACHE_KEY_LENGTH ? token.slice(-CACHE_KEY_LENGTH) : token;
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
  const verified = new VerifiedTokenCache();
  const verify = async (token: string): Promise<AuthClaims> => {
    const cached = verified.get(token);
    if (cached) return cached;
    try {
      const { payload } = await (getKey instanceof Uint8Array
        ? jwtVerify(token, getKey, options)
        : jwtVerify(token, getKey, options));
      if (payload.typ === 'refresh')
        throw new AppError('UNAUTHENTICATED', 'A refresh token cannot be used as an access token');
      const claims: AuthClaims = {
        sub: typeof payload.sub === 'string' ? payload.sub : '',
        roles: toStringArray(payload.roles),
        sites: toStringArray(payload.sites),
        claims: payload,
      };
      verified.set(token, claims, payload.exp);
      return claims;
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
  return Object.assign(verify, { cached: (token: string) => verified.get(token) });
}

/** Extracts the token from an `Authorization` header (`Bearer ` prefix optional, as go-zero). */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const value =
    header.startsWith('Bearer ') || header.startsWith('bearer ') ? header.slice(7) : header;
  return value.trim() || undefined;
}
