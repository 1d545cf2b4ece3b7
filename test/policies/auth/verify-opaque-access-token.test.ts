import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTokenVerifier, type TokenVerifier } from '../../../policies/auth/verify-access-token.js';
import {
  INTROSPECTION_PATH,
  invalidTokenChallenge,
  issuerOptions,
  silentLogger,
  startTestIssuer,
  type TestIssuer,
} from '../../helpers/oidc-provider.js';

describe('verifying opaque access tokens by introspection', () => {
  let issuer: TestIssuer;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    issuer = await startTestIssuer();
  });
  beforeEach(() => {
    verifier = createTokenVerifier({ issuers: [issuerOptions(issuer)] }, { logger: silentLogger });
    issuer.resetCounts();
  });
  afterAll(() => issuer.close());

  it('accepts an active token, with the client as subject, and caches the result', async () => {
    const token = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:reviews', opaque: true });
    expect(token.includes('.')).toBe(false);

    const outcome = await verifier.verify(`Bearer ${token}`);
    if (outcome.kind !== 'authenticated')
      throw new Error(`expected authenticated, got ${JSON.stringify(outcome)}`);
    expect(outcome.principal).toMatchObject({
      subject: 'demo-app',
      clientId: 'demo-app',
      issuer: issuer.issuer,
    });
    expect([...outcome.principal.scopes]).toEqual(['read:reviews']);
    expect(outcome.principal.claims).not.toHaveProperty('active');
    expect(issuer.requestCount(INTROSPECTION_PATH)).toBe(1);

    expect((await verifier.verify(`Bearer ${token}`)).kind).toBe('authenticated');
    expect(issuer.requestCount(INTROSPECTION_PATH)).toBe(1);
  });

  it('shares one introspection request between concurrent checks of a token', async () => {
    const token = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:users', opaque: true });
    const outcomes = await Promise.all([1, 2, 3].map(() => verifier.verify(`Bearer ${token}`)));
    expect(outcomes.map((outcome) => outcome.kind)).toEqual([
      'authenticated',
      'authenticated',
      'authenticated',
    ]);
    expect(issuer.requestCount(INTROSPECTION_PATH)).toBe(1);
  });

  it('rejects an inactive token and caches that too', async () => {
    const unknown = 'q7VnP0aX2kLmC9sT4wYbZ1rE8uHdFgJi6oNpQ3xW5yA';
    const expected = {
      kind: 'rejected',
      status: 401,
      code: 'UNAUTHENTICATED',
      wwwAuthenticate: invalidTokenChallenge('The access token is not active'),
      reason: 'The access token is not active',
    };
    expect(await verifier.verify(`Bearer ${unknown}`)).toEqual(expected);
    expect(await verifier.verify(`Bearer ${unknown}`)).toEqual(expected);
    expect(issuer.requestCount(INTROSPECTION_PATH)).toBe(1);
  });

  it('answers 503 when the hub client is refused by the introspection endpoint', async () => {
    const misconfigured = createTokenVerifier(
      {
        issuers: [
          { ...issuerOptions(issuer), introspection: { clientId: 'atrium-hub', clientSecret: 'wrong' } },
        ],
      },
      { logger: silentLogger },
    );
    const token = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:users', opaque: true });
    expect(await misconfigured.verify(`Bearer ${token}`)).toMatchObject({
      kind: 'rejected',
      status: 503,
      code: 'AUTH_ISSUER_UNAVAILABLE',
    });
  });
});
