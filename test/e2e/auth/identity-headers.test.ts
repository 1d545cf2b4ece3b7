/**
 * End-to-end identity forwarding: every subgraph request carries the caller's identity in headers signed with
 * the documented HMAC scheme; copies a client sends under those names (and its Authorization header) are
 * stripped; the secret is never logged.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_IDENTITY_HEADERS,
  verifyIdentityHeaders,
} from '../../../policies/identity-forwarding/index.js';
import {
  captureLogs,
  startAuthStack,
  trustIssuer,
  type AuthStack,
  type CapturedLogs,
  type RecordedSubgraphRequest,
} from '../../helpers/hub.js';
import { startTestIssuer, type TestIssuer } from '../../helpers/oidc-provider.js';

const SECRET = 'test-identity-secret-0123456789abcdef';
const QUERY = '{ topProducts(first: 1) { name reviews { body } } }';
const FORGED = {
  'x-atrium-subject': 'admin',
  'x-atrium-scopes': 'admin read:finance',
  'x-atrium-timestamp': '1',
  'x-atrium-signature': 'v1=forged',
};

function header(request: RecordedSubgraphRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function verify(request: RecordedSubgraphRequest, secret = SECRET) {
  return verifyIdentityHeaders((name) => header(request, name), DEFAULT_IDENTITY_HEADERS, secret, {
    nowSeconds: Date.now() / 1000,
  });
}

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await startTestIssuer();
});
afterAll(() => issuer.close());

describe('with identityForwarding.secret (from ATRIUM_IDENTITY_SECRET)', () => {
  let stack: AuthStack;
  let logs: CapturedLogs;
  beforeAll(async () => {
    logs = captureLogs('trace');
    stack = await startAuthStack(
      { auth: { issuers: [trustIssuer(issuer)] }, logLevel: 'trace' },
      { logger: logs.logger, env: { ATRIUM_IDENTITY_SECRET: SECRET } },
    );
  });
  afterAll(async () => {
    await stack.close();
    expect(logs.text()).not.toContain(SECRET);
  });
  beforeEach(() => stack.clearRequests());

  it('signs the verified identity on every subgraph request and drops forged copies', async () => {
    const token = await issuer.signToken({
      ...issuer.accessTokenClaims(),
      sub: 'user 7@example.com',
      azp: 'demo-app',
      scope: 'read:users read:reviews',
    });
    const result = await stack.query(QUERY, { token, headers: FORGED });
    expect(result.status).toBe(200);
    expect(new Set(stack.requests.map((request) => request.subgraph))).toEqual(
      new Set(['products', 'reviews']),
    );
    for (const request of stack.requests) {
      expect(header(request, 'x-atrium-subject')).toBe('user%207%40example.com');
      expect(header(request, 'x-atrium-scopes')).toBe('read:reviews read:users');
      expect(header(request, 'authorization')).toBeUndefined();
      expect(verify(request)).toEqual({
        ok: true,
        subject: 'user 7@example.com',
        clientId: 'demo-app',
        issuer: issuer.issuer,
        scopes: ['read:reviews', 'read:users'],
      });
      expect(verify(request, 'another-secret-0123456789abcdefghij')).toEqual({
        ok: false,
        reason: 'bad-signature',
      });
    }
  });

  it('signs anonymous requests too, with no identity, so subgraphs can tell hub traffic apart', async () => {
    await stack.query(QUERY, { headers: FORGED });
    expect(stack.requests.length).toBeGreaterThan(0);
    for (const request of stack.requests) {
      expect(header(request, 'x-atrium-subject')).toBeUndefined();
      expect(header(request, 'x-atrium-scopes')).toBeUndefined();
      expect(verify(request)).toEqual({ ok: true, scopes: [] });
    }
  });

  it('is refused by a subgraph once the timestamp is older than its tolerance', async () => {
    await stack.query(QUERY);
    const [request] = stack.requests;
    if (request === undefined) throw new Error('no subgraph request');
    const later = verifyIdentityHeaders((name) => header(request, name), DEFAULT_IDENTITY_HEADERS, SECRET, {
      nowSeconds: Date.now() / 1000 + 120,
    });
    expect(later).toEqual({ ok: false, reason: 'expired' });
  });
});

describe('without a secret', () => {
  let stack: AuthStack;
  beforeAll(async () => {
    stack = await startAuthStack({ auth: { issuers: [trustIssuer(issuer)] } });
  });
  afterAll(() => stack.close());

  it('sends no identity headers, and still never the client copies or its token', async () => {
    const token = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:users' });
    await stack.query(QUERY, { token, headers: FORGED });
    for (const request of stack.requests) {
      for (const name of [...Object.keys(FORGED), 'authorization'])
        expect(header(request, name)).toBeUndefined();
    }
  });
});

describe('identityForwarding.dangerouslyForwardAuthorizationHeader', () => {
  let stack: AuthStack;
  beforeAll(async () => {
    stack = await startAuthStack({
      auth: { issuers: [trustIssuer(issuer)] },
      identityForwarding: { secret: SECRET, dangerouslyForwardAuthorizationHeader: true },
    });
  });
  afterAll(() => stack.close());

  it('passes the client token on when explicitly asked to', async () => {
    const token = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:users' });
    await stack.query(QUERY, { token });
    for (const request of stack.requests) {
      expect(header(request, 'authorization')).toBe(`Bearer ${token}`);
      expect(verify(request)).toMatchObject({ ok: true, subject: 'demo-app' });
    }
  });
});
