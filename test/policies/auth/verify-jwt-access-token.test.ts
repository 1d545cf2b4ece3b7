import { createPublicKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier, type TokenVerifier } from '../../../policies/auth/verify-access-token.js';
import {
  DISCOVERY_PATH,
  invalidTokenChallenge,
  issuerOptions,
  kidOf,
  silentLogger,
  startTestIssuer,
  type TestIssuer,
} from '../../helpers/oidc-provider.js';

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (segment: string) => JSON.parse(Buffer.from(segment, 'base64url').toString()) as object;
const bearer = (token: string) => `Bearer ${token}`;

describe('verifying JWT access tokens from a real OpenID Provider', () => {
  let issuer: TestIssuer;
  let verifier: TokenVerifier;
  let token: string;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    verifier = createTokenVerifier({ issuers: [issuerOptions(issuer)] }, { logger: silentLogger });
    token = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:users read:reviews' });
  });
  afterAll(() => issuer.close());

  async function expectInvalid(authorization: string, description: string) {
    const outcome = await verifier.verify(authorization);
    expect(outcome).toEqual({
      kind: 'rejected',
      status: 401,
      code: 'UNAUTHENTICATED',
      wwwAuthenticate: invalidTokenChallenge(description),
      reason: description,
    });
  }

  it('accepts a token from the token endpoint and builds a frozen principal', async () => {
    const outcome = await verifier.verify(bearer(token));
    if (outcome.kind !== 'authenticated')
      throw new Error(`expected authenticated, got ${JSON.stringify(outcome)}`);
    const { principal } = outcome;
    expect(principal.subject).toBe('demo-app');
    expect(principal.clientId).toBe('demo-app');
    expect([...principal.scopes]).toEqual(['read:users', 'read:reviews']);
    expect(principal.issuer).toBe(issuer.issuer);
    expect(principal.claims['aud']).toBe(issuer.audience);
    expect(Object.isFrozen(principal)).toBe(true);
    expect(Object.isFrozen(principal.claims)).toBe(true);
  });

  it('accepts the scheme in any case', async () => {
    expect((await verifier.verify(`bEaReR ${token}`)).kind).toBe('authenticated');
  });

  it('rejects alg "none"', async () => {
    const [, payload] = token.split('.') as [string, string, string];
    const unsigned = `${encode({ alg: 'none', typ: 'at+jwt' })}.${payload}.`;
    await expectInvalid(bearer(unsigned), 'The access token signing algorithm is not allowed');
  });

  it('rejects HS256 signed with the RSA public key as the HMAC secret (key confusion)', async () => {
    // Node derives the public key from the private JWK.
    const publicPem = createPublicKey({ key: { ...issuer.signingKey }, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    const forged = await new SignJWT(issuer.accessTokenClaims())
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: kidOf(issuer.signingKey) })
      .sign(new TextEncoder().encode(publicPem));
    await expectInvalid(bearer(forged), 'The access token signing algorithm is not allowed');
  });

  it('rejects an expired token, beyond the leeway', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await issuer.signToken({ ...issuer.accessTokenClaims(), iat: now - 600, exp: now - 60 });
    await expectInvalid(bearer(expired), 'The access token expired');
  });

  it('accepts a token expired within the 30 s leeway', async () => {
    const now = Math.floor(Date.now() / 1000);
    const justExpired = await issuer.signToken({
      ...issuer.accessTokenClaims(),
      iat: now - 600,
      exp: now - 10,
    });
    expect((await verifier.verify(bearer(justExpired))).kind).toBe('authenticated');
  });

  it('rejects a token whose nbf is in the future', async () => {
    const notYet = await issuer.signToken({
      ...issuer.accessTokenClaims(),
      nbf: Math.floor(Date.now() / 1000) + 600,
    });
    await expectInvalid(bearer(notYet), 'The access token is not valid yet');
  });

  it('rejects a token from an unknown issuer, even when signed with a trusted key', async () => {
    const foreign = await issuer.signToken({ ...issuer.accessTokenClaims(), iss: 'https://evil.example' });
    await expectInvalid(bearer(foreign), 'The access token issuer is not trusted');
    const trailingSlash = await issuer.signToken({ ...issuer.accessTokenClaims(), iss: `${issuer.issuer}/` });
    await expectInvalid(bearer(trailingSlash), 'The access token issuer is not trusted');
  });

  it('rejects a token for another audience', async () => {
    const other = await issuer.signToken({ ...issuer.accessTokenClaims(), aud: 'https://other.example' });
    await expectInvalid(bearer(other), 'The access token is not intended for this audience');
  });

  it('rejects an ID token used as an access token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const idTokenClaims = {
      iss: issuer.issuer,
      sub: 'user-1',
      aud: 'demo-app',
      azp: 'demo-app',
      nonce: 'n-0S6',
      at_hash: 'x',
      iat: now,
      exp: now + 300,
    };
    const idToken = await issuer.signToken(idTokenClaims, { typ: 'JWT' });
    await expectInvalid(bearer(idToken), 'The token is not an access token (its typ header must be at+jwt)');
    // Even with the API audience added, the typ header still tells it apart.
    const widened = await issuer.signToken(
      { ...idTokenClaims, aud: [issuer.audience, 'demo-app'] },
      { typ: 'JWT' },
    );
    await expectInvalid(bearer(widened), 'The token is not an access token (its typ header must be at+jwt)');
  });

  it('without the typ requirement, still rejects ID tokens by audience and by their claims', async () => {
    const lenient = createTokenVerifier(
      { issuers: [{ ...issuerOptions(issuer), requireAccessTokenType: false }] },
      { logger: silentLogger },
    );
    const now = Math.floor(Date.now() / 1000);
    const idTokenClaims = {
      iss: issuer.issuer,
      sub: 'user-1',
      aud: 'demo-app',
      nonce: 'n-0S6',
      iat: now,
      exp: now + 300,
    };
    const forClient = await issuer.signToken(idTokenClaims, { typ: 'JWT' });
    expect(await lenient.verify(bearer(forClient))).toMatchObject({
      reason: 'The access token is not intended for this audience',
    });
    const withApiAudience = await issuer.signToken(
      { ...idTokenClaims, aud: issuer.audience },
      { typ: 'JWT' },
    );
    expect(await lenient.verify(bearer(withApiAudience))).toMatchObject({
      reason: 'An ID token cannot be used as an access token',
    });
    const plainJwt = await issuer.signToken(issuer.accessTokenClaims(), { typ: 'JWT' });
    expect((await lenient.verify(bearer(plainJwt))).kind).toBe('authenticated');
  });

  it('rejects a tampered signature', async () => {
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = signature[10] === 'A' ? 'B' : 'A';
    const tampered = `${header}.${payload}.${signature.slice(0, 10)}${flipped}${signature.slice(11)}`;
    await expectInvalid(bearer(tampered), 'The access token signature is invalid');
  });

  it('rejects a tampered payload', async () => {
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const widened = encode({ ...decode(payload), scope: 'read:users read:reviews admin' });
    await expectInvalid(bearer(`${header}.${widened}.${signature}`), 'The access token signature is invalid');
  });

  it('rejects an oversized token before parsing it or contacting the issuer', async () => {
    const fresh = await startTestIssuer();
    try {
      const guarded = createTokenVerifier({ issuers: [issuerOptions(fresh)] }, { logger: silentLogger });
      const huge = `${token}.${'a'.repeat(9 * 1024)}`;
      await expect(guarded.verify(bearer(huge))).resolves.toMatchObject({
        status: 401,
        reason: 'The access token is too large',
      });
      expect(fresh.requestCount(DISCOVERY_PATH)).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it('lets a request without a token through as anonymous by default', async () => {
    expect(await verifier.verify(undefined)).toEqual({ kind: 'anonymous' });
    expect(await verifier.verify('')).toEqual({ kind: 'anonymous' });
  });

  it('rejects a request without a token when authentication is required, with a bare challenge', async () => {
    const strict = createTokenVerifier(
      { issuers: [issuerOptions(issuer)], requireAuthentication: true },
      { logger: silentLogger },
    );
    expect(await strict.verify(undefined)).toEqual({
      kind: 'rejected',
      status: 401,
      code: 'UNAUTHENTICATED',
      wwwAuthenticate: 'Bearer realm="atrium"',
      reason: 'Authentication is required',
    });
  });

  it('rejects other schemes and malformed credentials as invalid_request', async () => {
    for (const [header, description] of [
      ['Basic ZGVtbzpkZW1v', 'The Authorization header must use the Bearer scheme'],
      ['Bearer', 'The Bearer credentials are malformed'],
      [`Bearer ${token} ${token}`, 'The Bearer credentials are malformed'],
    ] as const) {
      const outcome = await verifier.verify(header);
      expect(outcome).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', reason: description });
      if (outcome.kind !== 'rejected') throw new Error('expected a rejection');
      expect(outcome.wwwAuthenticate).toBe(
        `Bearer realm="atrium", error="invalid_request", error_description="${description}"`,
      );
    }
  });

  it('rejects opaque tokens when no issuer introspects', async () => {
    const jwtOnly = createTokenVerifier(
      { issuers: [{ issuer: issuer.issuer, audience: issuer.audience, dangerouslyAllowInsecureHttp: true }] },
      { logger: silentLogger },
    );
    expect(await jwtOnly.verify('Bearer abc123')).toMatchObject({
      reason: 'Opaque access tokens are not accepted',
    });
  });
});
