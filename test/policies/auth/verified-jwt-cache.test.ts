// The verified-JWT cache must never extend a token's life: a reused verification ends at the token's `exp`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../../../policies/auth/verify-access-token.js';
import {
  issuerOptions,
  silentLogger,
  startTestIssuer,
  type TestIssuer,
} from '../../helpers/oidc-provider.js';

describe('verified JWT cache', () => {
  let issuer: TestIssuer;

  beforeAll(async () => {
    issuer = await startTestIssuer();
  });
  afterAll(() => issuer.close());

  it('accepts a token again while it is valid and rejects it once it has expired', async () => {
    const verifier = createTokenVerifier(
      { issuers: [{ ...issuerOptions(issuer), clockToleranceSeconds: 0 }] },
      { logger: silentLogger },
    );
    const now = Math.floor(Date.now() / 1000);
    const token = await issuer.signToken({ ...issuer.accessTokenClaims(), iat: now, exp: now + 2 });

    expect((await verifier.verify(`Bearer ${token}`)).kind).toBe('authenticated');
    expect((await verifier.verify(`Bearer ${token}`)).kind).toBe('authenticated');
    await new Promise((resolve) => setTimeout(resolve, (now + 2) * 1000 - Date.now() + 50));
    expect(await verifier.verify(`Bearer ${token}`)).toMatchObject({
      kind: 'rejected',
      status: 401,
      reason: 'The access token expired',
    });
  });

  it('keeps working with the cache turned off', async () => {
    const verifier = createTokenVerifier(
      { issuers: [issuerOptions(issuer)], verifiedJwtCache: { maxEntries: 0 } },
      { logger: silentLogger },
    );
    const token = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:users' });
    for (let i = 0; i < 3; i++) expect((await verifier.verify(`Bearer ${token}`)).kind).toBe('authenticated');
  });
});
