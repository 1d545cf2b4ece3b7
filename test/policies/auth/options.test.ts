import { describe, expect, it } from 'vitest';
import { ASYMMETRIC_ALGORITHMS, authOptions } from '../../../policies/auth/options.js';

const issuer = { issuer: 'https://issuer.example', audience: 'https://api.example' };

describe('authOptions', () => {
  it('fills in documented, safe defaults', () => {
    expect(authOptions.parse({ issuers: [issuer] })).toEqual({
      issuers: [
        {
          ...issuer,
          algorithms: [...ASYMMETRIC_ALGORITHMS],
          clockToleranceSeconds: 30,
          requireAccessTokenType: true,
          dangerouslyAllowInsecureHttp: false,
        },
      ],
      requireAuthentication: false,
      realm: 'atrium',
      jwksCooldownMs: 30_000,
      jwksTimeoutMs: 5_000,
      issuerTimeoutMs: 5_000,
      issuerRetryMs: 5_000,
      maxTokenBytes: 8_192,
      introspectionCache: { maxEntries: 10_000, maxTtlSeconds: 300, inactiveTtlSeconds: 10 },
      verifiedJwtCache: { maxEntries: 10_000, maxTtlSeconds: 60 },
    });
  });

  it('accepts only asymmetric algorithms', () => {
    expect(authOptions.safeParse({ issuers: [{ ...issuer, algorithms: ['HS256'] }] }).success).toBe(false);
    expect(authOptions.safeParse({ issuers: [{ ...issuer, algorithms: ['none'] }] }).success).toBe(false);
  });

  it('rejects unknown keys, duplicate issuers, and introspection at more than one issuer', () => {
    expect(authOptions.safeParse({ issuers: [issuer], requireAuth: true }).success).toBe(false);
    expect(authOptions.safeParse({ issuers: [issuer, issuer] }).success).toBe(false);
    const introspection = { clientId: 'hub', clientSecret: 's' };
    const result = authOptions.safeParse({
      issuers: [
        { ...issuer, introspection },
        { ...issuer, issuer: 'https://other.example', introspection },
      ],
    });
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      'at most one issuer may configure introspection (opaque tokens carry no issuer)',
    ]);
  });

  it('requires at least one issuer', () => {
    expect(authOptions.safeParse({ issuers: [] }).success).toBe(false);
  });
});
