import { importJWK, SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateDevSigningKey } from '../../../dev/oidc/dev-oidc-provider.js';
import { createTokenVerifier } from '../../../policies/auth/verify-access-token.js';
import {
  JWKS_PATH,
  invalidTokenChallenge,
  issuerOptions,
  silentLogger,
  startTestIssuer,
  type TestIssuer,
} from '../../helpers/oidc-provider.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const COOLDOWN_MS = 1_000;

describe('JWKS refresh', () => {
  let issuer: TestIssuer;
  beforeEach(async () => {
    issuer = await startTestIssuer();
  });
  afterEach(() => issuer.close());

  /** Tokens signed with a key the issuer never published, each with its own unknown kid. */
  async function tokensWithUnknownKids(count: number): Promise<string[]> {
    const stranger = await importJWK(await generateDevSigningKey(), 'RS256');
    return Promise.all(
      Array.from({ length: count }, (_, index) =>
        new SignJWT(issuer.accessTokenClaims())
          .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: `unknown-${index}` })
          .sign(stranger),
      ),
    );
  }

  it('refetches the JWKS at most once per cooldown for unknown kids, then rejects', async () => {
    const verifier = createTokenVerifier(
      { issuers: [issuerOptions(issuer)], jwksCooldownMs: COOLDOWN_MS },
      { logger: silentLogger },
    );
    const valid = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:users' });
    const [first, ...others] = await tokensWithUnknownKids(4);
    expect((await verifier.verify(`Bearer ${valid}`)).kind).toBe('authenticated');
    expect(issuer.requestCount(JWKS_PATH)).toBe(1);

    await sleep(COOLDOWN_MS + 100);
    expect(await verifier.verify(`Bearer ${first}`)).toMatchObject({
      kind: 'rejected',
      status: 401,
      code: 'UNAUTHENTICATED',
      wwwAuthenticate: invalidTokenChallenge('No key of the issuer matches the access token'),
    });
    expect(issuer.requestCount(JWKS_PATH)).toBe(2);

    for (const token of others) {
      expect(await verifier.verify(`Bearer ${token}`)).toMatchObject({ status: 401 });
    }
    expect(issuer.requestCount(JWKS_PATH)).toBe(2);
    expect((await verifier.verify(`Bearer ${valid}`)).kind).toBe('authenticated');
    expect(issuer.requestCount(JWKS_PATH)).toBe(2);
  });

  it('picks up a rotated key without a restart, and keeps accepting tokens of the previous key', async () => {
    const verifier = createTokenVerifier(
      { issuers: [issuerOptions(issuer)], jwksCooldownMs: COOLDOWN_MS },
      { logger: silentLogger },
    );
    const before = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:users' });
    expect((await verifier.verify(`Bearer ${before}`)).kind).toBe('authenticated');

    await issuer.rotateKeys();
    const after = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:users' });
    const kid = (token: string) =>
      (JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as { kid: string }).kid;
    expect(kid(after)).toBe(issuer.signingKey.kid);
    expect(kid(after)).not.toBe(kid(before));

    await sleep(COOLDOWN_MS + 100);
    expect((await verifier.verify(`Bearer ${after}`)).kind).toBe('authenticated');
    expect((await verifier.verify(`Bearer ${before}`)).kind).toBe('authenticated');
    expect(issuer.requestCount(JWKS_PATH)).toBe(2);
  });
});
