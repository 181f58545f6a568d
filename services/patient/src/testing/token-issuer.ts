import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/**
 * Test support: a stand-in for identity's token issuing — an EdDSA key, its JWKS served over
 * HTTP on a free loopback port (what `Auth.JwksUrl` points at), and tokens with identity's
 * claims (`roles`, `sites`, `patientId`, `typ: access`, issuer `vigil-identity`).
 */
export interface TokenIssuer {
  readonly jwksUrl: string;
  /** A signed access token for these claims, valid for 5 minutes. */
  sign(claims: TokenClaims, options?: { issuer?: string; expiresIn?: string }): Promise<string>;
  close(): Promise<void>;
}

/** The claims identity puts in an access token. */
export interface TokenClaims {
  sub: string;
  roles: string[];
  sites?: string[];
  patientId?: string;
}

/** The issuer identity signs with (etc/patient.yaml requires it). */
export const TEST_ISSUER = 'vigil-identity';

/** Starts a JWKS server for a fresh key pair. */
export async function startTokenIssuer(): Promise<TokenIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const kid = 'test-key-1';
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    sign: (claims, options = {}) => signWith(privateKey, kid, claims, options),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Signs with any key: a foreign key gives a token the service must refuse. */
export async function signWith(
  key: CryptoKey,
  kid: string,
  claims: TokenClaims,
  options: { issuer?: string; expiresIn?: string } = {},
): Promise<string> {
  return new SignJWT({
    roles: claims.roles,
    sites: claims.sites ?? [],
    typ: 'access',
    ...(claims.patientId ? { patientId: claims.patientId } : {}),
  })
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(options.issuer ?? TEST_ISSUER)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(key);
}
