import { Type, type Static } from '@sinclair/typebox';

/**
 * identity's own settings (`Identity:` in etc/identity.yaml). Durations carry their unit in the
 * key; defaults live only here.
 */
export const IdentityConfigSchema = Type.Object(
  {
    Issuer: Type.String({
      minLength: 1,
      default: 'vigil-identity',
      description: '`iss` of issued access tokens; verifiers may require it (Auth.Issuer).',
    }),
    Audience: Type.Optional(
      Type.String({ minLength: 1, description: '`aud` of issued access tokens, when set.' }),
    ),
    AccessTokenTtlSec: Type.Integer({
      minimum: 60,
      default: 900,
      description: 'Access token lifetime, s. Short: access tokens cannot be revoked.',
    }),
    RefreshTokenTtlSec: Type.Integer({
      minimum: 60,
      default: 604_800,
      description: 'A refresh token expires this long after it was issued (7 days), s.',
    }),
    SessionMaxAgeSec: Type.Integer({
      minimum: 60,
      default: 2_592_000,
      description: 'A login session (refresh family) ends this long after the login (30 days), s.',
    }),
    Lockout: Type.Object(
      {
        MaxFailures: Type.Integer({
          minimum: 1,
          default: 5,
          description: 'Failed logins that lock a username.',
        }),
        WindowSec: Type.Integer({
          minimum: 1,
          default: 900,
          description: 'Window they are counted in, s.',
        }),
        LockSec: Type.Integer({
          minimum: 1,
          default: 900,
          description: 'How long the lock lasts, s.',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    Password: Type.Object(
      {
        MinLength: Type.Integer({ minimum: 8, default: 10, description: 'Shortest password.' }),
        MemoryCostKiB: Type.Integer({
          minimum: 1024,
          default: 19_456,
          description: 'argon2id memory per hash, KiB (OWASP: 19 MiB with TimeCost 2).',
        }),
        TimeCost: Type.Integer({ minimum: 1, default: 2, description: 'argon2id passes.' }),
      },
      { additionalProperties: false, default: {} },
    ),
    SigningKey: Type.Object(
      {
        Algorithm: Type.Union([Type.Literal('EdDSA'), Type.Literal('ES256')], {
          default: 'EdDSA',
          description: 'EdDSA (Ed25519) or ES256 (P-256) for new keys.',
        }),
        ActivationDelaySec: Type.Integer({
          minimum: 0,
          default: 60,
          description:
            'A new key is published this long before it signs, so verifiers (JWKS refetch ' +
            'cooldown 30 s) know it before the first token carries its kid, s.',
        }),
        RotateAfterDays: Type.Integer({
          minimum: 0,
          default: 30,
          description: 'Start a new key when the signing key is this old; 0 = only on demand.',
        }),
        EncryptionKey: Type.Optional(
          Type.String({
            pattern: '^[A-Za-z0-9+/_-]{43}=?$',
            description:
              'Base64 of 32 random bytes: private keys are AES-256-GCM encrypted at rest with ' +
              'it. Unset: stored unencrypted (a warning at start-up).',
          }),
        ),
        RefreshIntervalSec: Type.Integer({
          minimum: 1,
          default: 30,
          description: 'Each replica rereads the keys (and runs housekeeping) this often, s.',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false, default: {} },
);

/** identity's settings, defaults filled. */
export type IdentityConfig = Static<typeof IdentityConfigSchema>;

/** `VigilMode` in the YAML, from `VIGIL_MODE`: embedded allows the demo password. */
export const VigilModeSchema = Type.Union([Type.Literal('embedded'), Type.Literal('production')], {
  default: 'production',
  description: 'embedded (one machine, demo data) or production (demo users refused).',
});

/** The run mode. */
export type VigilMode = Static<typeof VigilModeSchema>;
