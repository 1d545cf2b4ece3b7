// End to end: a client with a record (limit 10 requests and 1,000 cost points per hour) sends requests with a
// verified access token through a real hub with quotas on; the hub's usage batches reach the real registry,
// whose client record API then shows what the client was told in its `RateLimit` fields (3 requests of 10:
// 7 remaining), refused requests included. Two hubs sharing Redis: the newest observation is the shared count.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHubConfig, type DeepPartial, type HubConfigInput } from '../../../hub/config/load-hub-config.js';
import { startHub, type RunningHub } from '../../../hub/server.js';
import { startRegistry, type RunningRegistry } from '../../../registry/server.js';
import { startExampleSubgraphs, type StartedSubgraphs } from '../../../subgraphs-example/index.js';
import { postGraphQL, trustIssuer, type GraphQLResult } from '../../helpers/hub.js';
import { startTestIssuer, type TestIssuer } from '../../helpers/oidc-provider.js';
import { limitFields } from '../../helpers/rate-limit-fields.js';
import { deleteKeys, describeWithRedis, TEST_REDIS_URL, uniqueKeyPrefix } from '../../helpers/redis.js';
import { createRegistryToken, publishExampleGraph } from '../../helpers/usage-stack.js';
import { waitFor } from '../../helpers/wait.js';

const ADMIN_TOKEN = 'atr_e2e_consumption_admin_token_01234567';
const QUERY = '{ topProducts(first: 2) { upc name } }';

interface Observation {
  limit: number;
  capacity: number;
  remaining: number;
  used: number;
  windowSeconds: number;
  resetAt: string;
  observedAt: string;
  ageSeconds: number;
  variant: string;
}
interface Consumption {
  rate: Observation | null;
  budget: Observation | null;
}

let work: string;
let subgraphs: StartedSubgraphs;
let registry: RunningRegistry;
let issuer: TestIssuer;
let usageToken: string;
const hubs: RunningHub[] = [];

async function admin(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${registry.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function createRecord(graph: string, id: string): Promise<void> {
  const answer = await admin('POST', `/v1/graphs/${graph}/clients`, {
    id,
    recognition: { kind: 'client-id', clientIds: [`${id}-app`] },
    rate: { requests: 10, windowSeconds: 3600 },
    budget: { points: 1000, windowSeconds: 3600 },
  });
  if (answer.status !== 201) throw new Error(`creating ${id}: ${answer.status} ${await answer.text()}`);
}

async function consumptionOf(graph: string, id: string): Promise<Consumption> {
  const answer = await admin('GET', `/v1/graphs/${graph}/clients/${id}?include=consumption`);
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { client: { consumption: Consumption } }).client.consumption;
}

async function hubFor(ref: string, quotas: DeepPartial<HubConfigInput>['quotas']): Promise<RunningHub> {
  const hub = await startHub(
    loadHubConfig({
      env: {},
      cwd: work,
      overrides: {
        server: { port: 0 },
        supergraph: { registry: { url: registry.url, graph: ref, token: ADMIN_TOKEN, pollIntervalMs: 200 } },
        lastKnownGood: { dir: join(work, `lkg-${hubs.length}`) },
        auth: { issuers: [trustIssuer(issuer)] },
        quotas,
        usage: { token: usageToken, flushIntervalMs: 200 },
        policies: { 'request-logging': { enabled: false } },
      },
    }),
    { logger: pino({ level: 'silent' }) },
  );
  hubs.push(hub);
  await waitFor(() => (hub.ready() ? true : undefined), { what: 'hub ready', timeoutMs: 30_000 });
  return hub;
}

const bearerOf = (clientId: string) =>
  issuer.signToken({ ...issuer.accessTokenClaims(), azp: clientId, client_id: clientId });

const ask = (hub: RunningHub, bearer: string): Promise<GraphQLResult> =>
  postGraphQL(`${hub.url}/graphql`, { query: QUERY }, { authorization: `Bearer ${bearer}` });

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'atrium-consumption-e2e-'));
  subgraphs = await startExampleSubgraphs();
  registry = await startRegistry({ dataDir: 'memory://', adminToken: ADMIN_TOKEN, logger: false });
  issuer = await startTestIssuer();
  usageToken = await createRegistryToken(registry.url, ADMIN_TOKEN, 'usage');
}, 60_000);

afterAll(async () => {
  for (const hub of hubs) await hub.close();
  await registry?.close();
  await issuer?.close();
  await subgraphs?.close();
  await rm(work, { recursive: true, force: true });
}, 90_000);

describe('client consumption through a real hub (memory store)', () => {
  const REF = 'shop@consumption';

  it('shows 7 of 10 remaining after 3 requests, the budget as the client was told, then 0 after refusals', async () => {
    await publishExampleGraph(registry.url, ADMIN_TOKEN, REF, subgraphs);
    await createRecord('shop', 'mobile');
    const hub = await hubFor(REF, { store: { kind: 'memory' } });
    expect(await consumptionOf('shop', 'mobile')).toEqual({ rate: null, budget: null });

    const bearer = await bearerOf('mobile-app');
    // The hub picks up the record by polling: wait until its limits apply.
    const first = await waitFor(
      async () => {
        const result = await ask(hub, bearer);
        return result.headers.get('ratelimit-policy')?.startsWith('"rate";q=10;w=3600') ? result : undefined;
      },
      { what: "the mobile record's limits in the hub" },
    );
    expect(first.status).toBe(200);
    await ask(hub, bearer);
    const third = await ask(hub, bearer);
    expect(third.status).toBe(200);
    const told = limitFields(third.headers).limit;
    expect(told['rate']?.['r']).toBe(7);

    const shown = await waitFor(
      async () => {
        const consumption = await consumptionOf('shop', 'mobile');
        return consumption.rate?.remaining === 7 ? consumption : undefined;
      },
      { what: 'the consumption in the registry', timeoutMs: 20_000 },
    );
    expect(shown.rate).toMatchObject({
      limit: 10,
      capacity: 10,
      windowSeconds: 3600,
      used: 3,
      remaining: 7,
      variant: 'consumption',
    });
    // The budget as the third response's `RateLimit` said it (the estimate of the third charged).
    const budgetLeft = Number(told['budget']?.['r']);
    expect(budgetLeft).toBeGreaterThan(0);
    expect(budgetLeft).toBeLessThan(1000);
    expect(shown.budget).toMatchObject({ limit: 1000, capacity: 1000, remaining: budgetLeft });
    expect(shown.budget?.used).toBe(1000 - budgetLeft);
    // When it is whole again: the third request's `t`, from when it was observed.
    const observedAt = Date.parse(shown.rate?.observedAt ?? '');
    const resetIn = (Date.parse(shown.rate?.resetAt ?? '') - observedAt) / 1000;
    expect(Math.abs(resetIn - Number(told['rate']?.['t']))).toBeLessThanOrEqual(1);
    expect(shown.rate?.ageSeconds).toBeGreaterThanOrEqual(0);
    expect(shown.rate?.ageSeconds).toBeLessThan(60);

    // Seven more are allowed, the eighth refused: the refused request reports too (nothing left).
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await ask(hub, bearer)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 429]);
    const spent = await waitFor(
      async () => {
        const consumption = await consumptionOf('shop', 'mobile');
        return consumption.rate?.remaining === 0 ? consumption : undefined;
      },
      { what: 'the spent rate in the registry', timeoutMs: 20_000 },
    );
    expect(spent.rate).toMatchObject({ used: 10, remaining: 0, limit: 10 });
    // A record nobody used says so.
    await createRecord('shop', 'idle');
    expect(await consumptionOf('shop', 'idle')).toEqual({ rate: null, budget: null });
  }, 90_000);
});

describeWithRedis('client consumption with two hubs sharing Redis', () => {
  const REF = 'market@shared';
  let keyPrefix: string;
  beforeAll(() => {
    keyPrefix = uniqueKeyPrefix();
  });
  afterAll(() => deleteKeys(keyPrefix));

  it('shows the shared count: the newest observation of either hub', async () => {
    await publishExampleGraph(registry.url, ADMIN_TOKEN, REF, subgraphs);
    await createRecord('market', 'partner');
    const store = { kind: 'redis' as const, url: TEST_REDIS_URL, keyPrefix };
    const one = await hubFor(REF, { store });
    const two = await hubFor(REF, { store });
    const bearer = await bearerOf('partner-app');
    for (const hub of [one, two]) {
      await waitFor(
        async () =>
          (await ask(hub, bearer)).headers.get('ratelimit-policy')?.startsWith('"rate";q=10;w=3600')
            ? true
            : undefined,
        { what: "the partner record's limits in the hub" },
      );
    }
    // 2 requests so far (one per hub), then 2 on the first and 1 on the second: 5 of 10 between them.
    await ask(one, bearer);
    await ask(one, bearer);
    const last = await ask(two, bearer);
    expect(limitFields(last.headers).limit['rate']?.['r']).toBe(5);
    const shown = await waitFor(
      async () => {
        const consumption = await consumptionOf('market', 'partner');
        return consumption.rate?.remaining === 5 ? consumption : undefined;
      },
      { what: 'the shared consumption in the registry', timeoutMs: 20_000 },
    );
    expect(shown.rate).toMatchObject({ used: 5, remaining: 5, limit: 10 });
    // Both hubs stopped (each sends what it holds): the first hub's older observation (remaining 6) never
    // replaces the newer one, whichever batch came last.
    for (const hub of [one, two]) {
      await hub.close();
      hubs.splice(hubs.indexOf(hub), 1);
    }
    expect((await consumptionOf('market', 'partner')).rate?.remaining).toBe(5);
  }, 90_000);
});
