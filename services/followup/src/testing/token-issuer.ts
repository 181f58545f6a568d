import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/**
 * Test support: identity's token issuing in miniature — an EdDSA key, its JWKS on a loopback
 * port (what `Auth.JwksUrl` points at) and access tokens with identity's claims.
 */
export interface TokenIssuer {
  readonly jwksUrl: string;
  sign(claims: {
    sub: string;
    roles: string[];
    sites?: string[];
    patientId?: string;
  }): Promise<string>;
  close(): Promise<void>;
}

/** Starts a JWKS server for a fresh key pair. */
export async function startTokenIssuer(): Promise<TokenIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA', use: 'sig' };
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    sign: (claims) =>
      new SignJWT({
        roles: claims.roles,
        sites: claims.sites ?? [],
        typ: 'access',
        ...(claims.patientId ? { patientId: claims.patientId } : {}),
      })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'k1', typ: 'JWT' })
        .setSubject(claims.sub)
        .setIssuer('vigil-identity')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
