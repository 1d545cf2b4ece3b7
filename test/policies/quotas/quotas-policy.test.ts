/**
 * The quotas policy in a real hub over the example subgraphs, with the real OpenID Provider, on the in-memory
 * store: which record a request is limited by (token client id, default, address, anonymous, trusted proxies,
 * forged client-name headers), 429 with `Retry-After` and the RateLimit fields, budgets charged by cost and
 * settled with the actual cost, burst and refill, `measure` mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubConfigInput } from '../../../hub/config/load-hub-config.js';
import { sleep, startAuthStack, trustIssuer, type AuthStack } from '../../helpers/hub.js';
import { startTestIssuer, type TestIssuer } from '../../helpers/oidc-provider.js';
import { limitFields } from '../../helpers/rate-limit-fields.js';

const SMALL_QUERY = '{ topProducts(first: 1) { upc } }';
/** Asks for 20 products: the estimate counts 20, the example catalogue has fewer, so the actual cost is lower. */
const WIDE_QUERY = '{ topProducts(first: 20) { upc name } }';

let issuer: TestIssuer;
const tokens: Record<string, string> = {};

async function tokenFor(clientId: string): Promise<string> {
  tokens[clientId] ??= await issuer.signToken({
    ...issuer.accessTokenClaims(),
    azp: clientId,
    client_id: clientId,
  });
  return tokens[clientId];
}

const RECORDS = [
  {
    id: 'tight',
    recognition: { kind: 'client-id', clientIds: ['tight-app'] },
    tier: 'free',
    rate: { requests: 3, windowSeconds: 60 },
  },
  {
    id: 'bursty',
    recognition: { kind: 'client-id', clientIds: ['bursty-app'] },
    rate: { requests: 10, windowSeconds: 1, burst: 2 },
  },
  {
    id: 'budgeted',
    recognition: { kind: 'client-id', clientIds: ['budget-app'] },
    budget: { points: 100, windowSeconds: 3_600 },
  },
  {
    id: 'partner',
    recognition: { kind: 'remote-address', addresses: ['198.51.100.0/24'] },
    rate: { requests: 7, windowSeconds: 60 },
  },
  {
    id: 'premium',
    recognition: { kind: 'client-id', clientIds: ['premium-app'] },
    rate: { requests: 999, windowSeconds: 60 },
  },
  { id: 'default', rate: { requests: 500, windowSeconds: 60 }, budget: null },
  { id: 'anonymous', rate: { requests: 50, windowSeconds: 60 }, budget: null },
] as const;

function hubConfig(extra: Partial<HubConfigInput> = {}): Partial<HubConfigInput> {
  return {
    auth: { issuers: [trustIssuer(issuer)] },
    cost: { expose: { headers: true } },
    clients: { records: RECORDS as unknown as NonNullable<HubConfigInput['clients']>['records'] },
    quotas: {},
    ...extra,
  };
}

beforeAll(async () => {
  issuer = await startTestIssuer();
});
afterAll(() => issuer.close());

describe('quotas on a hub with client records in its configuration file', () => {
  let stack: AuthStack;
  let proxied: AuthStack;
  beforeAll(async () => {
    stack = await startAuthStack(hubConfig());
    proxied = await startAuthStack(hubConfig({ server: { trustedProxies: ['127.0.0.1'] } }));
  });
  afterAll(async () => {
    await stack?.close();
    await proxied?.close();
  });

  it('answers 429 RATE_LIMITED with Retry-After, RateLimit-Policy and RateLimit once the rate is spent', async () => {
    const token = await tokenFor('tight-app');
    const allowed = [];
    for (let i = 0; i < 3; i++) allowed.push(await stack.query(SMALL_QUERY, { token }));
    expect(allowed.map((result) => result.status)).toEqual([200, 200, 200]);
    expect(allowed.map((result) => limitFields(result.headers).limit.rate?.r)).toEqual([2, 1, 0]);
    expect(allowed[0]?.headers.get('ratelimit-policy')).toBe('"rate";q=3;w=60');

    const refused = await stack.query(SMALL_QUERY, { token });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    // One request comes back every 20 s.
    expect(retryAfter).toBeGreaterThanOrEqual(19);
    expect(retryAfter).toBeLessThanOrEqual(20);
    expect(refused.headers.get('ratelimit-policy')).toBe('"rate";q=3;w=60');
    expect(refused.headers.get('ratelimit')).toBe(`"rate";r=0;t=${retryAfter}`);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors).toHaveLength(1);
    // (Outside production the hub adds a stack trace to extensions, so compare what a client relies on.)
    expect(refused.body.errors?.[0]).toMatchObject({
      message: `Rate limit exceeded: 3 requests per 60 s; retry in ${retryAfter} s`,
      extensions: {
        code: 'RATE_LIMITED',
        policy: 'rate',
        limit: 3,
        windowSeconds: 60,
        remaining: 0,
        resetSeconds: retryAfter,
        retryAfterSeconds: retryAfter,
      },
    });
    expect(refused.body.errors?.[0]?.extensions).not.toHaveProperty('headers');
    // Nothing reached a subgraph for the refused request, and another client is not affected.
    const other = await stack.query(SMALL_QUERY, { token: await tokenFor('premium-app') });
    expect(other.status).toBe(200);
  });

  it('lets a burst through at once and refills at the steady rate', async () => {
    const token = await tokenFor('bursty-app');
    const burst = [];
    for (let i = 0; i < 3; i++) burst.push((await stack.query(SMALL_QUERY, { token })).status);
    expect(burst).toEqual([200, 200, 429]);
    // 10 per second: one request back every 100 ms (generous margin for a loaded machine).
    await sleep(250);
    expect((await stack.query(SMALL_QUERY, { token })).status).toBe(200);
    await sleep(400);
    const refilled = [];
    for (let i = 0; i < 3; i++) refilled.push((await stack.query(SMALL_QUERY, { token })).status);
    expect(refilled.slice(0, 2)).toEqual([200, 200]);
  });

  it('charges the estimated cost against the budget and settles the difference with the actual cost', async () => {
    const token = await tokenFor('budget-app');
    const first = await stack.query(WIDE_QUERY, { token });
    expect(first.status).toBe(200);
    const estimated = Number(first.headers.get('x-atrium-cost-estimated'));
    const actual = Number(first.headers.get('x-atrium-cost-actual'));
    expect(actual).toBeLessThan(estimated);
    expect(first.headers.get('ratelimit-policy')).toBe('"budget";q=100;w=3600;atrium-unit="cost"');
    expect(limitFields(first.headers).limit.budget?.r).toBe(100 - estimated);

    // The first operation was refunded down to its actual cost after it ran.
    const second = await stack.query(WIDE_QUERY, { token });
    expect(second.status).toBe(200);
    expect(limitFields(second.headers).limit.budget?.r).toBe(100 - actual - estimated);

    // Spend the rest, then an operation whose estimate exceeds what remains is refused before it runs.
    let last = second;
    while (last.status === 200) last = await stack.query(WIDE_QUERY, { token });
    expect(last.status).toBe(429);
    const error = last.body.errors?.[0];
    expect(error?.extensions?.code).toBe('BUDGET_EXHAUSTED');
    expect(error?.extensions?.policy).toBe('budget');
    expect(error?.extensions?.limit).toBe(100);
    expect(Number(error?.extensions?.remaining)).toBeLessThan(estimated);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limitFields(last.headers).limit.budget?.t).toBe(Number(last.headers.get('retry-after')));

    // A cheaper operation still fits.
    const cheap = await stack.query(SMALL_QUERY, { token });
    expect(Number(cheap.headers.get('x-atrium-cost-estimated'))).toBeLessThanOrEqual(
      Number(error?.extensions?.remaining),
    );
    expect(cheap.status).toBe(200);
  });

  it('limits a token whose client id no record has by the default record', async () => {
    const result = await stack.query(SMALL_QUERY, { token: await tokenFor('unknown-app') });
    expect(result.status).toBe(200);
    expect(result.headers.get('ratelimit-policy')).toBe('"rate";q=500;w=60');
  });

  it('limits callers without a token by the anonymous record, or by the address record of their address', async () => {
    const anonymous = await stack.query(SMALL_QUERY);
    expect(anonymous.headers.get('ratelimit-policy')).toBe('"rate";q=50;w=60');
    // From a trusted proxy, X-Forwarded-For names the caller: the partner range, or an unknown address.
    const partner = await proxied.query(SMALL_QUERY, { headers: { 'x-forwarded-for': '198.51.100.9' } });
    expect(partner.headers.get('ratelimit-policy')).toBe('"rate";q=7;w=60');
    const spoofedLeft = await proxied.query(SMALL_QUERY, {
      headers: { 'x-forwarded-for': '198.51.100.9, 203.0.113.7' },
    });
    expect(spoofedLeft.headers.get('ratelimit-policy')).toBe('"rate";q=50;w=60');
    // From a peer that is not a trusted proxy, the header is ignored.
    const ignored = await stack.query(SMALL_QUERY, { headers: { 'x-forwarded-for': '198.51.100.9' } });
    expect(ignored.headers.get('ratelimit-policy')).toBe('"rate";q=50;w=60');
  });

  it('never selects the record from apollographql-client-name / -version headers', async () => {
    const forged = { 'apollographql-client-name': 'premium', 'apollographql-client-version': 'premium-app' };
    const anonymous = await stack.query(SMALL_QUERY, { headers: forged });
    expect(anonymous.headers.get('ratelimit-policy')).toBe('"rate";q=50;w=60');
    const token = await tokenFor('tight-app'); // spent in the first test
    const stillTight = await stack.query(SMALL_QUERY, { token, headers: forged });
    expect(stillTight.status).toBe(429);
    expect(stillTight.headers.get('ratelimit-policy')).toBe('"rate";q=3;w=60');
  });
});

describe('quotas in measure mode', () => {
  let stack: AuthStack;
  beforeAll(async () => {
    stack = await startAuthStack(hubConfig({ quotas: { mode: 'measure' } }));
  });
  afterAll(() => stack?.close());

  it('counts but never refuses, and sends no RateLimit fields', async () => {
    const token = await tokenFor('tight-app');
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const result = await stack.query(SMALL_QUERY, { token });
      statuses.push(result.status);
      expect(result.headers.get('ratelimit')).toBeNull();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });
});

describe('quotas with headers.onSuccess: false', () => {
  let stack: AuthStack;
  beforeAll(async () => {
    stack = await startAuthStack(hubConfig({ quotas: { headers: { onSuccess: false } } }));
  });
  afterAll(() => stack?.close());

  it('sends the RateLimit fields with refusals only', async () => {
    const token = await tokenFor('tight-app');
    for (let i = 0; i < 3; i++)
      expect((await stack.query(SMALL_QUERY, { token })).headers.get('ratelimit')).toBeNull();
    const refused = await stack.query(SMALL_QUERY, { token });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit')).toMatch(/^"rate";r=0;t=\d+$/);
  });
});
