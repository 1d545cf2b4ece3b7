import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../../../policies/auth/verify-access-token.js';
import {
  capturingLogger,
  DISCOVERY_PATH,
  issuerOptions,
  silentLogger,
  startTestIssuer,
  type TestIssuer,
} from '../../helpers/oidc-provider.js';

const UNAVAILABLE = {
  kind: 'rejected',
  status: 503,
  code: 'AUTH_ISSUER_UNAVAILABLE',
  retryAfterSeconds: 1,
  reason: 'The token issuer cannot be reached to verify the access token; retry later',
};

describe('when the issuer is unreachable', () => {
  let issuer: TestIssuer;
  beforeEach(async () => {
    issuer = await startTestIssuer();
  });
  afterEach(() => issuer.close());

  it('boots, answers 503 while the issuer is down, and verifies once it is back', async () => {
    const jwt = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:users' });
    const opaque = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:users', opaque: true });
    await issuer.stop();

    const { logger, output } = capturingLogger();
    const verifier = createTokenVerifier({ issuers: [issuerOptions(issuer)], issuerRetryMs: 0 }, { logger });
    expect(await verifier.verify(`Bearer ${jwt}`)).toEqual(UNAVAILABLE);
    expect(await verifier.verify(`Bearer ${opaque}`)).toEqual(UNAVAILABLE);

    await issuer.restart();
    expect((await verifier.verify(`Bearer ${jwt}`)).kind).toBe('authenticated');
    expect((await verifier.verify(`Bearer ${opaque}`)).kind).toBe('authenticated');

    expect(output()).toContain('OpenID discovery failed');
    expect(output()).not.toContain(jwt);
    expect(output()).not.toContain(opaque);
  });

  it('does not ask a failing issuer again before issuerRetryMs', async () => {
    const jwt = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:users' });
    await issuer.stop();
    const verifier = createTokenVerifier(
      { issuers: [issuerOptions(issuer)], issuerRetryMs: 60_000 },
      { logger: silentLogger },
    );
    expect(await verifier.verify(`Bearer ${jwt}`)).toMatchObject({ status: 503, retryAfterSeconds: 60 });
    await issuer.restart();
    issuer.resetCounts();
    expect(await verifier.verify(`Bearer ${jwt}`)).toMatchObject({ status: 503 });
    expect(issuer.requestCount(DISCOVERY_PATH)).toBe(0);
  });

  it('keeps verifying tokens whose keys are cached, and cached introspection results', async () => {
    const { logger, output } = capturingLogger();
    const verifier = createTokenVerifier(
      { issuers: [issuerOptions(issuer)], issuerRetryMs: 0, jwksCooldownMs: 0 },
      { logger },
    );
    const jwt = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:users' });
    const opaque = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:users', opaque: true });
    const later = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:reviews' });
    expect((await verifier.verify(`Bearer ${jwt}`)).kind).toBe('authenticated');
    expect((await verifier.verify(`Bearer ${opaque}`)).kind).toBe('authenticated');

    await issuer.stop();
    expect((await verifier.verify(`Bearer ${jwt}`)).kind).toBe('authenticated');
    expect((await verifier.verify(`Bearer ${later}`)).kind).toBe('authenticated');
    expect((await verifier.verify(`Bearer ${opaque}`)).kind).toBe('authenticated');

    // A key rotated in during the outage cannot be checked: 503, not a 401 the client would not retry.
    const unknownKid = await issuer.signToken(issuer.accessTokenClaims(), { kid: 'rotated-during-outage' });
    expect(await verifier.verify(`Bearer ${unknownKid}`)).toMatchObject({ status: 503 });
    // An opaque token never seen before needs the issuer.
    expect(await verifier.verify('Bearer never-seen-before-token')).toMatchObject({ status: 503 });

    expect(output()).not.toContain(jwt);
    expect(output()).not.toContain(opaque);
  });
});
