/**
 * In-flight deduplication in a real hub over a real subgraph, with the real OpenID Provider: identical concurrent
 * queries share one execution (inbound, `operations.deduplicateInFlight`) or one subgraph fetch
 * (`subgraphs.deduplicateInFlight`); mutations never; callers with different identities or scopes never; an error
 * reaches every waiter; with both settings off every request is sent. Each deduplicated request is still charged
 * by quotas (Redis) and recorded by usage.
 *
 * The subgraph's resolvers wait at a gate until the expected requests arrived (or, when only one should, a moment
 * after the first), so the concurrent requests really overlap.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubConfigInput } from '../../hub/config/hub-config-schema.js';
import { loadHubConfig } from '../../hub/config/load-hub-config.js';
import { startHub, type RunningHub } from '../../hub/server.js';
import type { UsageBatch } from '../../policies/usage/usage-batch.js';
import {
  composeSupergraph,
  postGraphQL,
  silentLogger,
  startTestSubgraph,
  tempDir,
  testHubConfig,
  trustIssuer,
  type GraphQLResult,
  type TestSubgraph,
} from '../helpers/hub.js';
import { startTestIssuer, type TestIssuer } from '../helpers/oidc-provider.js';
import { limitFields } from '../helpers/rate-limit-fields.js';
import { deleteKeys, describeWithRedis, TEST_REDIS_URL, uniqueKeyPrefix } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

const TYPE_DEFS = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@requiresScopes"])
  type Query {
    things: [Thing!]!
    failing: String
  }
  type Mutation {
    bump: Int!
  }
  type Thing @key(fields: "id") {
    id: ID!
    name: String!
    secret: String @requiresScopes(scopes: [["read:secret"]])
  }
`;

/** Counts the subgraph's executions of each root field, holding each at the gate. */
const calls = { things: 0, failing: 0, bump: 0 };
let bumps = 0;
let expected = 1;
let arrivedFirstAt = 0;
let open = false;
const waiting: (() => void)[] = [];

function gate(field: keyof typeof calls): Promise<void> {
  calls[field] += 1;
  if (arrivedFirstAt === 0) arrivedFirstAt = Date.now();
  return open ? Promise.resolve() : new Promise((release) => waiting.push(release));
}

/**
 * Opens the gate once `count` executions arrived; when one is expected (the others share it), 1.5 s after it
 * arrived, so any request that failed to share would have arrived too (and is counted).
 */
async function releaseWhen(count: number): Promise<void> {
  await waitFor(
    () => {
      const arrived = calls.things + calls.failing + calls.bump;
      if (count > 1) return arrived >= count ? true : undefined;
      return arrivedFirstAt > 0 && Date.now() - arrivedFirstAt > 1_500 ? true : undefined;
    },
    { what: `${count} subgraph executions` },
  );
  open = true;
  for (const release of waiting.splice(0)) release();
}

function reset(count: number): void {
  calls.things = 0;
  calls.failing = 0;
  calls.bump = 0;
  arrivedFirstAt = 0;
  open = false;
  expected = count;
}

/** Sends `requests` at once, releases the gate as `releaseWhen(expected)` says, and returns the answers. */
async function concurrently(requests: (() => Promise<GraphQLResult>)[]): Promise<GraphQLResult[]> {
  const answers = Promise.all(requests.map((send) => send()));
  await releaseWhen(expected);
  return answers;
}

let issuer: TestIssuer;
let subgraph: TestSubgraph;
let dir: Awaited<ReturnType<typeof tempDir>>;
let supergraphFile: string;
const hubs: RunningHub[] = [];

async function hubWith(overrides: Partial<HubConfigInput>): Promise<string> {
  const hub = await startHub(
    testHubConfig({
      supergraph: { file: supergraphFile },
      lastKnownGood: { dir: join(dir.path, `lkg-${hubs.length}`) },
      auth: { issuers: [trustIssuer(issuer)] },
      policies: { 'request-logging': { enabled: false } },
      ...overrides,
    }),
    { logger: silentLogger() },
  );
  hubs.push(hub);
  await waitFor(() => (hub.ready() ? true : undefined), { what: 'the hub' });
  return `${hub.url}/graphql`;
}

async function token(subject: string, scope: string): Promise<string> {
  return issuer.signToken({ ...issuer.accessTokenClaims(), sub: subject, scope });
}

const post = (url: string, body: Record<string, unknown>, bearer?: string) => (): Promise<GraphQLResult> =>
  postGraphQL(url, body, bearer === undefined ? {} : { authorization: `Bearer ${bearer}` });

beforeAll(async () => {
  issuer = await startTestIssuer();
  subgraph = await startTestSubgraph('things', TYPE_DEFS, {
    Query: {
      things: async () => {
        await gate('things');
        return [{ id: '1', name: 'one', secret: 's-1' }];
      },
      failing: async () => {
        await gate('failing');
        throw new Error('the subgraph failed');
      },
    },
    Mutation: {
      bump: async () => {
        await gate('bump');
        return (bumps += 1);
      },
    },
  });
  dir = await tempDir();
  supergraphFile = join(dir.path, 'supergraph.graphql');
  await writeFile(supergraphFile, composeSupergraph([subgraph]));
});
afterAll(async () => {
  for (const hub of hubs) await hub.close();
  await subgraph?.close();
  await issuer?.close();
  await dir?.remove();
});

describe('in-flight deduplication (both on, the default)', () => {
  let url: string;
  beforeAll(async () => {
    url = await hubWith({});
  });

  it('is on by default', () => {
    const config = loadHubConfig({ env: {}, overrides: { supergraph: { file: supergraphFile } } });
    expect(config.operations.deduplicateInFlight).toBe(true);
    expect(config.subgraphs.deduplicateInFlight).toBe(true);
  });

  it('answers identical concurrent queries of one caller with one subgraph execution', async () => {
    reset(1);
    const bearer = await token('ana', 'read:secret');
    const answers = await concurrently(
      Array.from({ length: 5 }, () => post(url, { query: '{ things { id name secret } }' }, bearer)),
    );
    expect(calls.things).toBe(1);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ data: { things: [{ id: '1', name: 'one', secret: 's-1' }] } });
    }
  });

  it('shares the subgraph fetch of queries whose variables differ (unused by the operation)', async () => {
    reset(1);
    const answers = await concurrently(
      [1, 2, 3, 4].map((nonce) => post(url, { query: '{ things { id name } }', variables: { nonce } })),
    );
    expect(calls.things).toBe(1);
    expect(answers.map((answer) => answer.body)).toEqual(
      Array.from({ length: 4 }, () => ({ data: { things: [{ id: '1', name: 'one' }] } })),
    );
  });

  it('never shares a mutation', async () => {
    reset(4);
    const answers = await concurrently(
      Array.from({ length: 4 }, () => post(url, { query: 'mutation { bump }' })),
    );
    expect(calls.bump).toBe(4);
    const values = answers.map((answer) => (answer.body.data as { bump: number }).bump).sort((a, b) => a - b);
    expect(new Set(values).size).toBe(4);
  });

  it('never shares between callers whose scopes differ: each gets what it may see', async () => {
    reset(2);
    const [allowed, denied] = await concurrently([
      post(url, { query: '{ things { id secret } }' }, await token('ana', 'read:secret')),
      post(url, { query: '{ things { id secret } }' }, await token('bob', 'read:other')),
    ]);
    expect(allowed?.body).toEqual({ data: { things: [{ id: '1', secret: 's-1' }] } });
    expect(denied?.body.data).toEqual({ things: [{ id: '1', secret: null }] });
    expect(denied?.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    expect(calls.things).toBe(2);
  });

  it('never shares between different principals with the same scopes when identity is forwarded', async () => {
    // Without identity forwarding the two subgraph fetches would be identical (and shared, rightly): the subgraph
    // cannot tell the callers apart. With it, each fetch carries its caller's signed identity.
    const forwarding = await hubWith({
      identityForwarding: { secret: 'in-flight-deduplication-test-secret-0123456789' },
    });
    reset(2);
    const answers = await concurrently([
      post(forwarding, { query: '{ things { id } }' }, await token('ana', 'read:secret')),
      post(forwarding, { query: '{ things { id } }' }, await token('carl', 'read:secret')),
    ]);
    expect(calls.things).toBe(2);
    for (const answer of answers) expect(answer.body).toEqual({ data: { things: [{ id: '1' }] } });
  });

  it('hands an error to every waiter', async () => {
    reset(1);
    const answers = await concurrently(Array.from({ length: 4 }, () => post(url, { query: '{ failing }' })));
    expect(calls.failing).toBe(1);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ failing: null });
      expect(answer.body.errors?.map((error) => error.message)).toEqual(['the subgraph failed']);
    }
  });
});

describe('in-flight deduplication off', () => {
  let url: string;
  beforeAll(async () => {
    url = await hubWith({
      operations: { deduplicateInFlight: false },
      subgraphs: { deduplicateInFlight: false },
    });
  });

  it('sends every identical concurrent query to the subgraph', async () => {
    reset(4);
    const answers = await concurrently(
      Array.from({ length: 4 }, () => post(url, { query: '{ things { id } }' })),
    );
    expect(calls.things).toBe(4);
    for (const answer of answers) expect(answer.body).toEqual({ data: { things: [{ id: '1' }] } });
  });

  it('with only subgraph fetches deduplicated, identical queries still share the fetch', async () => {
    const fetchesOnly = await hubWith({ operations: { deduplicateInFlight: false } });
    reset(1);
    await concurrently(Array.from({ length: 4 }, () => post(fetchesOnly, { query: '{ things { id } }' })));
    expect(calls.things).toBe(1);
    // A shared fetch's error reaches each of the operations that waited for it.
    reset(1);
    const answers = await concurrently(
      Array.from({ length: 3 }, () => post(fetchesOnly, { query: '{ failing }' })),
    );
    expect(calls.failing).toBe(1);
    for (const answer of answers) {
      expect(answer.body.data).toEqual({ failing: null });
      expect(answer.body.errors?.map((error) => error.message)).toEqual(['the subgraph failed']);
    }
  });
});

describeWithRedis('deduplicated requests are each charged by quotas and recorded by usage', () => {
  const keyPrefix = uniqueKeyPrefix();
  const batches: UsageBatch[] = [];
  let sink: Server;
  let url: string;
  let hub: RunningHub;
  beforeAll(async () => {
    sink = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        batches.push(JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8')) as UsageBatch);
        res.writeHead(202).end('{}');
      });
    });
    await new Promise<void>((listening) => sink.listen(0, '127.0.0.1', listening));
    url = await hubWith({
      clients: {
        records: [
          {
            id: 'metered',
            recognition: { kind: 'client-id', clientIds: ['demo-app'] },
            rate: { requests: 100, windowSeconds: 60 },
          },
        ],
      },
      quotas: { store: { kind: 'redis', url: TEST_REDIS_URL, keyPrefix } },
      usage: {
        token: 'usage-token',
        url: `http://127.0.0.1:${(sink.address() as AddressInfo).port}`,
        graph: 'things@test',
        flushIntervalMs: 60_000,
      },
    });
    hub = hubs[hubs.length - 1] as RunningHub;
  });
  afterAll(async () => {
    await new Promise((closed) => sink?.close(closed));
    await deleteKeys(keyPrefix);
  });

  it('charges and records all five of five requests that shared one execution', async () => {
    reset(1);
    const bearer = await token('demo-app', 'read:secret');
    const answers = await concurrently(
      Array.from({ length: 5 }, () => post(url, { query: 'query Shared { things { id } }' }, bearer)),
    );
    expect(calls.things).toBe(1);
    // Each request took one of the 100: the five answers carry 99…95 remaining, in some order.
    const remaining = answers.map((answer) => Number(limitFields(answer.headers).limit.rate?.r));
    expect(remaining.sort((a, b) => b - a)).toEqual([99, 98, 97, 96, 95]);
    await hub.close();
    const entries = batches.flatMap((batch) => {
      const hashes = new Set(batch.operations.filter((op) => op.name === 'Shared').map((op) => op.hash));
      return batch.entries.filter((entry) => hashes.has(entry.operation));
    });
    expect(entries.reduce((sum, entry) => sum + entry.count, 0)).toBe(5);
    expect(entries.reduce((sum, entry) => sum + entry.ok, 0)).toBe(5);
  });
});
