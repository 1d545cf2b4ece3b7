/**
 * End-to-end: the real hub (`auth:` configured) over the example subgraphs and a real in-process OpenID
 * Provider. Every rejected token is a 401 with code UNAUTHENTICATED and an RFC 6750 challenge, and no subgraph
 * is asked anything; an unreachable issuer is a 503; the token never appears in the logs.
 */
import { exportSPKI, importJWK, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateDevSigningKey } from '../../../dev/oidc/dev-oidc-provider.js';
import {
  captureLogs,
  sleep,
  startAuthStack,
  trustIssuer,
  type AuthStack,
  type CapturedLogs,
  type GraphQLResult,
} from '../../helpers/hub.js';
import {
  JWKS_PATH,
  kidOf as kidOfKey,
  startTestIssuer,
  type TestIssuer,
} from '../../helpers/oidc-provider.js';

const QUERY = '{ topProducts(first: 1) { name } }';
const COOLDOWN_MS = 500;
const now = () => Math.floor(Date.now() / 1000);

function expectRejected(result: GraphQLResult, description: string | RegExp): void {
  expect(result.status).toBe(401);
  expect(result.body.data).toBeUndefined();
  expect(result.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  const challenge = result.headers.get('www-authenticate') ?? '';
  expect(challenge).toMatch(/^Bearer realm="atrium", error="invalid_token", error_description="/);
  const given = /error_description="(.*)"$/.exec(challenge)?.[1] ?? '';
  if (typeof description === 'string') expect(given).toBe(description);
  else expect(given).toMatch(description);
  expect(result.body.errors?.[0]?.message).toBe(given);
}

describe('access tokens at the hub', () => {
  let issuer: TestIssuer;
  let stack: AuthStack;
  let logs: CapturedLogs;
  const sent: string[] = [];

  beforeAll(async () => {
    issuer = await startTestIssuer();
    logs = captureLogs('trace');
    stack = await startAuthStack(
      {
        auth: {
          issuers: [trustIssuer(issuer)],
          requireAuthentication: true,
          jwksCooldownMs: COOLDOWN_MS,
        },
        logLevel: 'trace',
      },
      { logger: logs.logger },
    );
  });
  afterAll(async () => {
    await stack.close();
    await issuer.close();
    // Never the token in the logs, whatever happened to it.
    for (const token of sent) expect(logs.text()).not.toContain(token);
  });
  beforeEach(() => stack.clearRequests());

  async function send(token: string): Promise<GraphQLResult> {
    sent.push(token);
    return stack.query(QUERY, { token });
  }

  async function signed(claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
    return issuer.signToken({ ...issuer.accessTokenClaims(), ...claims }, header);
  }

  it('serves a valid token from the token endpoint', async () => {
    const result = await send(await issuer.issueToken({ clientId: 'demo-app', scope: 'read:users' }));
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({ topProducts: [{ name: expect.any(String) as unknown }] });
    expect(stack.requests.length).toBeGreaterThan(0);
  });

  it('refuses a missing token with a bare challenge (requireAuthentication)', async () => {
    const result = await stack.query(QUERY);
    expect(result.status).toBe(401);
    expect(result.headers.get('www-authenticate')).toBe('Bearer realm="atrium"');
    expect(result.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect(stack.requests).toEqual([]);
  });

  it('refuses alg: none', async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const token = `${encode({ alg: 'none', typ: 'at+jwt' })}.${encode(issuer.accessTokenClaims())}.`;
    expectRejected(await send(token), /algorithm|malformed/);
    expect(stack.requests).toEqual([]);
  });

  it('refuses HS256 signed with the issuer public key as the secret', async () => {
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = issuer.signingKey;
    const publicKey = await importJWK({ ...publicJwk, alg: 'RS256' }, 'RS256');
    if (publicKey instanceof Uint8Array) throw new Error('expected an RSA key');
    const pem = await exportSPKI(publicKey);
    const token = await new SignJWT(issuer.accessTokenClaims())
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: kidOfKey(issuer.signingKey) })
      .sign(new TextEncoder().encode(pem));
    expectRejected(await send(token), 'The access token signing algorithm is not allowed');
    expect(stack.requests).toEqual([]);
  });

  it('refuses an expired token (beyond the 30 s leeway)', async () => {
    expectRejected(await send(await signed({ exp: now() - 120 })), 'The access token expired');
    expect(stack.requests).toEqual([]);
  });

  it('accepts a token expired within the leeway', async () => {
    const result = await send(await signed({ exp: now() - 5 }));
    expect(result.status).toBe(200);
  });

  it('refuses a token whose nbf is in the future', async () => {
    expectRejected(await send(await signed({ nbf: now() + 120 })), 'The access token is not valid yet');
    expect(stack.requests).toEqual([]);
  });

  it('refuses a wrong issuer', async () => {
    expectRejected(
      await send(await signed({ iss: 'https://evil.example.com' })),
      'The access token issuer is not trusted',
    );
    expect(stack.requests).toEqual([]);
  });

  it('refuses a wrong audience', async () => {
    expectRejected(
      await send(await signed({ aud: 'https://other-api.example.com' })),
      'The access token is not intended for this audience',
    );
    expect(stack.requests).toEqual([]);
  });

  it('refuses an ID token used as an access token', async () => {
    const idToken = await signed({ aud: 'demo-app', nonce: 'n-0S6_WzA2Mj' }, { typ: 'JWT' });
    expectRejected(await send(idToken), /not an access token|ID token|audience/);
    // Even typed at+jwt and with the API audience, ID-token claims give it away.
    expectRejected(
      await send(await signed({ nonce: 'n-0S6_WzA2Mj', at_hash: 'x' })),
      'An ID token cannot be used as an access token',
    );
    expect(stack.requests).toEqual([]);
  });

  it('refuses a tampered signature', async () => {
    const token = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:users' });
    const [header, payload, signature = ''] = token.split('.');
    const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    expectRejected(await send(`${header}.${payload}.${flipped}`), 'The access token signature is invalid');
    // A payload swapped under the original signature is caught the same way.
    const forged = Buffer.from(
      JSON.stringify({ ...issuer.accessTokenClaims(), scope: 'admin read:finance' }),
    ).toString('base64url');
    expectRejected(await send(`${header}.${forged}.${signature}`), 'The access token signature is invalid');
    expect(stack.requests).toEqual([]);
  });

  it('refuses an oversized token before parsing it', async () => {
    expectRejected(await send('a'.repeat(9_000)), 'The access token is too large');
    expect(stack.requests).toEqual([]);
  });

  it('verifies opaque tokens by introspection: active served, inactive refused', async () => {
    const opaque = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:users', opaque: true });
    expect((await send(opaque)).status).toBe(200);
    stack.clearRequests();
    expectRejected(await send('NotAnIssuedOpaqueToken0123456789'), 'The access token is not active');
    expect(stack.requests).toEqual([]);
  });

  it('refetches the JWKS once for an unknown kid, then refuses without asking again', async () => {
    await send(await issuer.issueToken({ clientId: 'demo-app' })); // keys are cached
    await sleep(COOLDOWN_MS + 100);
    stack.clearRequests();
    issuer.resetCounts();
    const stranger = await importJWK(await generateDevSigningKey(), 'RS256');
    const unknownKid = (kid: string) =>
      new SignJWT(issuer.accessTokenClaims())
        .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid })
        .sign(stranger);
    expectRejected(
      await send(await unknownKid('unknown-1')),
      'No key of the issuer matches the access token',
    );
    expect(issuer.requestCount(JWKS_PATH)).toBe(1);
    expectRejected(
      await send(await unknownKid('unknown-2')),
      'No key of the issuer matches the access token',
    );
    expect(issuer.requestCount(JWKS_PATH)).toBe(1);
    expect(stack.requests).toEqual([]);
  });

  it('accepts tokens of a rotated key without a restart', async () => {
    const before = await issuer.issueToken({ clientId: 'demo-app' });
    await issuer.rotateKeys();
    await sleep(COOLDOWN_MS + 100);
    const after = await issuer.issueToken({ clientId: 'demo-app' });
    expect(kidOf(after)).not.toBe(kidOf(before));
    expect((await send(after)).status).toBe(200);
    expect((await send(before)).status).toBe(200);
  });
});

describe('when the issuer is unreachable', () => {
  let issuer: TestIssuer;
  let stack: AuthStack;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    stack = await startAuthStack({
      auth: { issuers: [trustIssuer(issuer)], issuerRetryMs: 2_000 },
    });
  });
  afterAll(async () => {
    await stack.close();
    await issuer.close();
  });

  it('answers 503 AUTH_ISSUER_UNAVAILABLE with Retry-After when nothing cached can verify the token', async () => {
    const token = await issuer.issueToken({ clientId: 'demo-app' });
    await issuer.stop();
    try {
      const result = await stack.query(QUERY, { token });
      expect(result.status).toBe(503);
      expect(result.headers.get('retry-after')).toBe('2');
      expect(result.headers.get('www-authenticate')).toBeNull();
      expect(result.body.errors?.[0]?.extensions?.['code']).toBe('AUTH_ISSUER_UNAVAILABLE');
      expect(stack.requests).toEqual([]);
    } finally {
      await issuer.restart();
    }
  });

  it('keeps verifying with cached keys while the issuer is down', async () => {
    await sleep(2_100); // past issuerRetryMs after the failed discovery
    const first = await issuer.issueToken({ clientId: 'demo-app' });
    expect((await stack.query(QUERY, { token: first })).status).toBe(200);
    const second = await issuer.issueToken({ clientId: 'demo-app' });
    await issuer.stop();
    try {
      expect((await stack.query(QUERY, { token: second })).status).toBe(200);
    } finally {
      await issuer.restart();
    }
  });
});

function kidOf(token: string): string {
  const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as JWK;
  return header.kid ?? '';
}
