import { SignJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { createJwtVerifier } from './jwt-verifier.js';

const secret = 'a-test-secret-of-at-least-32-bytes!!';

async function sign(claims: { sub: string; roles?: string[] }, exp: string | number = '1h') {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));
}

describe('JWT verifier cache', () => {
  it('answers a verified token from the cache, as a new string too', async () => {
    const verify = await createJwtVerifier({ AccessSecret: secret });
    const token = await sign({ sub: 'u1', roles: ['monitor'] });
    expect(verify.cached(token)).toBeUndefined();
    const claims = await verify(token);
    expect(claims).toMatchObject({ sub: 'u1', roles: ['monitor'] });
    // Requests bring the token as a fresh string each time.
    const again = Buffer.from(token).toString('latin1');
    expect(verify.cached(again)).toBe(claims);
  });

  it('never answers a different token from the cache, even one with the same signature end', async () => {
    const verify = await createJwtVerifier({ AccessSecret: secret });
    const token = await sign({ sub: 'u1', roles: ['monitor'] });
    await verify(token);
    const [header, , signature] = token.split('.');
    const payload = Buffer.from(JSON.stringify({ sub: 'u1', roles: ['admin'], exp: 4e9 })).toString(
      'base64url',
    );
    const forged = `${header}.${payload}.${signature}`;
    expect(forged.slice(-24)).toBe(token.slice(-24));
    expect(verify.cached(forged)).toBeUndefined();
    await expect(verify(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    // The genuine token is still answered from the cache.
    expect(verify.cached(token)).toMatchObject({ roles: ['monitor'] });
  });

  it('drops a cached token once it expires', async () => {
    const verify = await createJwtVerifier({ AccessSecret: secret });
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = await sign({ sub: 'u1' }, exp);
    await verify(token);
    expect(verify.cached(token)).toBeDefined();
    const now = vi.spyOn(Date, 'now').mockReturnValue(exp * 1000);
    try {
      expect(verify.cached(token)).toBeUndefined();
    } finally {
      now.mockRestore();
    }
  });
});
