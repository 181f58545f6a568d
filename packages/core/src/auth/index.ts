export { bearerToken, createJwtVerifier } from './jwt-verifier.js';
export type { AuthClaims, AuthSettings, JwtVerifier } from './jwt-verifier.js';
