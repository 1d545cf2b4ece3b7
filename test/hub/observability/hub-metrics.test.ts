/**
 * `GET /metrics` on the hub, scraped after real traffic through the real hub over the example subgraphs and a
 * real OpenID Provider: the numbers an operator's Prometheus would see, per outcome, per subgraph, per policy.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../../hub/server.js';
import {
  postGraphQL,
  silentLogger,
  startAuthStack,
  startTestGraph,
  tempDir,
  testHubConfig,
  trustIssuer,
  type AuthStack,
  type TestGraph,
} from '../../helpers/hub.js';
import { startTestIssuer, type TestIssuer } from '../../helpers/oidc-provider.js';
import { sample } from '../../helpers/prometheus.js';

async function scrape(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

describe('hub metrics after real traffic', () => {
  let issuer: TestIssuer;
  let stack: AuthStack;
  let text: string;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    stack = await startAuthStack(
      {
        auth: { issuers: [trustIssuer(issuer)] },
        limits: { maxDepth: { max: 4 } },
        metrics: { operationNames: ['TopProducts'] },
      },
      { logger: silentLogger() },
    );
    const token = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:users' });
    const top = 'query TopProducts { topProducts(first: 2) { name reviews { body } } }';
    for (let i = 0; i < 3; i++) {
      const result = await stack.query(top, { token });
      expect(result.status).toBe(200);
      expect(result.body.errors).toBeUndefined();
    }
    // A name the hub was not told about: counted, but as `other`.
    expect((await stack.query('query Whatever123 { topProducts(first: 1) { name } }')).status).toBe(200);
    expect((await stack.query(top, { token: 'not-a-token' })).status).toBe(401);
    const deep = await stack.query('query Deep { topProducts { reviews { author { reviews { body } } } } }');
    expect(deep.status).toBe(400);
    expect(deep.body.errors?.[0]?.extensions?.['code']).toBe('MAX_DEPTH_EXCEEDED');
    expect((await stack.query('{ topProducts { ')).status).toBe(400);
    // Anonymous, asking for a field that needs a scope: field-authz removes it (filter mode), twice.
    for (let i = 0; i < 2; i++) {
      const filtered = await stack.query(
        'query Birthdays { topProducts(first: 1) { reviews { author { birthday } } } }',
      );
      expect(filtered.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    }
    text = await scrape(stack.hub.metricsUrl!);
  });

  afterAll(async () => {
    await stack?.close();
    await issuer?.close();
  });

  it('is served at /metrics on the GraphQL listener outside production', () => {
    expect(stack.hub.metricsUrl).toBe(`${stack.hub.url}/metrics`);
  });

  it('counts requests by operation type, bounded operation name, outcome and status', () => {
    const requests = (labels: Record<string, string>) => sample(text, 'atrium_hub_requests_total', labels);
    expect(
      requests({ operation_type: 'query', operation_name: 'TopProducts', outcome: 'success', status: '200' }),
    ).toBe(3);
    expect(
      requests({ operation_type: 'query', operation_name: 'other', outcome: 'success', status: '200' }),
    ).toBe(1);
    expect(text).not.toContain('Whatever123');
    expect(requests({ operation_type: 'unknown', outcome: 'refused', status: '401' })).toBe(1);
    expect(requests({ operation_type: 'unknown', outcome: 'refused', status: '400' })).toBe(1);
    expect(requests({ operation_type: 'unknown', outcome: 'error', status: '400' })).toBe(1);
    expect(sample(text, 'atrium_hub_requests_in_flight')).toBe(0);
  });

  it('times whole requests in a histogram', () => {
    const count = sample(text, 'atrium_hub_request_duration_seconds_count', {
      operation_type: 'query',
      outcome: 'success',
    });
    expect(count).toBe(4);
    const sum = sample(text, 'atrium_hub_request_duration_seconds_sum', {
      operation_type: 'query',
      outcome: 'success',
    });
    expect(sum).toBeGreaterThan(0);
  });

  it('times each subgraph fetch by subgraph name and status', () => {
    // 6 operations ask products (4 successful, 2 with a denied field); 5 of them also ask reviews.
    const fetches = (subgraph: string) =>
      sample(text, 'atrium_hub_subgraph_fetch_duration_seconds_count', { subgraph, status: '200' });
    expect(fetches('products')).toBe(6);
    expect(fetches('reviews')).toBe(5);
    expect(sample(text, 'atrium_hub_subgraph_fetch_errors_total')).toBeUndefined();
  });

  it("counts every policy's decisions", () => {
    expect(sample(text, 'atrium_hub_auth_failures_total', { reason: 'invalid_token' })).toBe(1);
    expect(
      sample(text, 'atrium_hub_policy_refusals_total', { policy: 'auth', code: 'UNAUTHENTICATED' }),
    ).toBe(1);
    expect(sample(text, 'atrium_hub_limit_refusals_total', { limit: 'maxDepth', enforced: 'true' })).toBe(1);
    expect(
      sample(text, 'atrium_hub_policy_refusals_total', { policy: 'limits', code: 'MAX_DEPTH_EXCEEDED' }),
    ).toBe(1);
  });

  it('counts the operations field-authz denied fields of, and the fields', () => {
    expect(sample(text, 'atrium_hub_field_authz_denials_total')).toBe(2);
    expect(sample(text, 'atrium_hub_field_authz_denied_fields_total')).toBe(2);
    // The same operation for the same (anonymous) caller: decided once, then found.
    expect(sample(text, 'atrium_hub_cache_lookups_total', { cache: 'authz-decisions', result: 'miss' })).toBe(
      1,
    );
    expect(sample(text, 'atrium_hub_cache_lookups_total', { cache: 'authz-decisions', result: 'hit' })).toBe(
      1,
    );
  });

  it("counts the operations whose plans the hub's own executor ran (the default), none on the gateway's", () => {
    // TopProducts three times, Whatever123 and Birthdays twice; the refused and unparsable ones never ran.
    expect(sample(text, 'atrium_hub_plan_executions_total', { executor: 'hub' })).toBe(6);
    expect(sample(text, 'atrium_hub_plan_executions_total', { executor: 'gateway' })).toBe(0);
  });

  it('reports the cache hit ratios: plans and verified tokens', () => {
    // TopProducts three times, Birthdays twice: each planned once, then found; Whatever123 planned once.
    expect(sample(text, 'atrium_hub_cache_lookups_total', { cache: 'plans', result: 'hit' })).toBe(3);
    expect(sample(text, 'atrium_hub_cache_lookups_total', { cache: 'plans', result: 'miss' })).toBe(3);
    expect(sample(text, 'atrium_hub_cache_lookups_total', { cache: 'verified-tokens', result: 'hit' })).toBe(
      2,
    );
    // The first sight of the real token, and the malformed one.
    expect(sample(text, 'atrium_hub_cache_lookups_total', { cache: 'verified-tokens', result: 'miss' })).toBe(
      2,
    );
  });

  it('names the supergraph served, with its age', () => {
    const hash = stack.hub.current()!.hash;
    expect(sample(text, 'atrium_hub_supergraph_info', { hash })).toBe(1);
    const age = sample(text, 'atrium_hub_supergraph_age_seconds');
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(120);
  });

  it('documents every metric it serves in docs/metrics.md', async () => {
    const docs = await readFile(join(import.meta.dirname, '../../../docs/metrics.md'), 'utf8');
    const names = [...text.matchAll(/^# TYPE (atrium_\S+)/gm)].map((match) => match[1] ?? '');
    expect(names.length).toBeGreaterThan(15);
    expect(names.filter((name) => !docs.includes(`\`${name}\``))).toEqual([]);
  });

  it("includes Node's process metrics", () => {
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'process_start_time_seconds')).toBeLessThanOrEqual(Date.now() / 1000);
  });
});

describe('subgraph fetch failures', () => {
  let graph: TestGraph;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let silent: Server;
  let hub: RunningHub;

  beforeAll(async () => {
    graph = await startTestGraph();
    dir = await tempDir();
    silent = createServer((request) => request.resume());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const file = join(dir.path, 'supergraph.graphql');
    await writeFile(
      file,
      graph.supergraphSdl.replaceAll(graph.reviews.url, `http://127.0.0.1:${port}/graphql`),
    );
    hub = await startHub(testHubConfig({ supergraph: { file }, subgraphs: { timeoutMs: 200 } }), {
      logger: silentLogger(),
    });
  });

  afterAll(async () => {
    await hub?.close();
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
    await graph.close();
    await dir.remove();
  });

  it('counts a timeout by subgraph, and the request as an error', async () => {
    const result = await postGraphQL(`${hub.url}/graphql`, {
      query: '{ products { upc reviews { body } } }',
    });
    expect(result.body.errors?.[0]?.extensions?.['code']).toBe('SUBGRAPH_UNAVAILABLE');
    const text = await scrape(hub.metricsUrl!);
    expect(
      sample(text, 'atrium_hub_subgraph_fetch_errors_total', { subgraph: 'reviews', reason: 'timeout' }),
    ).toBe(1);
    expect(
      sample(text, 'atrium_hub_subgraph_fetch_duration_seconds_count', { subgraph: 'reviews', status: '0' }),
    ).toBe(1);
    expect(
      sample(text, 'atrium_hub_requests_total', { operation_type: 'query', outcome: 'error', status: '200' }),
    ).toBe(1);
  });
});

describe('where the metrics are served', () => {
  let graph: TestGraph;
  let dir: Awaited<ReturnType<typeof tempDir>>;

  beforeAll(async () => {
    graph = await startTestGraph();
    dir = await tempDir();
    await writeFile(join(dir.path, 'supergraph.graphql'), graph.supergraphSdl);
  });

  afterAll(async () => {
    await graph.close();
    await dir.remove();
  });

  it('in production, on a listener of their own, never on the public GraphQL port', async () => {
    const hub = await startHub(
      testHubConfig(
        { supergraph: { file: join(dir.path, 'supergraph.graphql') }, metrics: { port: 0 } },
        { NODE_ENV: 'production' },
      ),
      { logger: silentLogger() },
    );
    try {
      expect(new URL(hub.metricsUrl!).port).not.toBe(String(hub.port));
      expect((await fetch(`${hub.url}/metrics`)).status).toBe(404);
      await postGraphQL(`${hub.url}/graphql`, { query: '{ products { upc } }' });
      const text = await scrape(hub.metricsUrl!);
      expect(sample(text, 'atrium_hub_requests_total', { outcome: 'success' })).toBe(1);
    } finally {
      await hub.close();
    }
  });

  it('not at all with metrics.enabled: false', async () => {
    const hub = await startHub(
      testHubConfig({
        supergraph: { file: join(dir.path, 'supergraph.graphql') },
        metrics: { enabled: false },
      }),
      { logger: silentLogger() },
    );
    try {
      expect(hub.metricsUrl).toBeUndefined();
      expect((await fetch(`${hub.url}/metrics`)).status).toBe(404);
    } finally {
      await hub.close();
    }
  });
});

describe('persisted operations and quotas in the metrics', () => {
  const TOP = 'query TopProducts { topProducts(first: 1) { name } }';
  const TOP_ID = createHash('sha256').update(TOP).digest('hex');
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let stack: AuthStack;
  let text: string;
  const statuses: number[] = [];

  beforeAll(async () => {
    dir = await tempDir();
    const manifest = join(dir.path, 'manifest.json');
    await writeFile(
      manifest,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id: TOP_ID, name: 'TopProducts', type: 'query', body: TOP }],
      }),
    );
    stack = await startAuthStack(
      {
        clients: {
          records: [
            { id: 'anonymous', persistedOperations: 'enforce', rate: { requests: 3, windowSeconds: 3600 } },
          ],
        },
        persistedOperations: { manifests: [{ client: 'anonymous', version: 'v1', file: manifest }] },
        quotas: { store: { kind: 'memory' } },
      },
      { logger: silentLogger() },
    );
    const send = (body: unknown) => postGraphQL(stack.url, body);
    const byId = { extensions: { persistedQuery: { version: 1, sha256Hash: TOP_ID } } };
    const unknown = await send({
      extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } },
    });
    expect(unknown.body.errors?.[0]?.extensions?.['code']).toBe('PERSISTED_QUERY_NOT_FOUND');
    const unregistered = await send({ query: '{ topProducts { upc } }' });
    expect(unregistered.body.errors?.[0]?.extensions?.['code']).toBe('OPERATION_NOT_ALLOWED');
    for (let i = 0; i < 6; i++) statuses.push((await send(byId)).status);
    text = await scrape(stack.hub.metricsUrl!);
  });

  afterAll(async () => {
    await stack?.close();
    await dir?.remove();
  });

  it('counts the misses of persisted operations, by reason', () => {
    expect(sample(text, 'atrium_hub_persisted_operation_misses_total', { reason: 'unknown_id' })).toBe(1);
    expect(sample(text, 'atrium_hub_persisted_operation_misses_total', { reason: 'not_registered' })).toBe(1);
    expect(
      sample(text, 'atrium_hub_policy_refusals_total', {
        policy: 'persisted-operations',
        code: 'PERSISTED_QUERY_NOT_FOUND',
      }),
    ).toBe(1);
  });

  it('counts every quota refusal the clients saw', () => {
    const refused = statuses.filter((status) => status === 429).length;
    expect(refused).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 200).length).toBe(6 - refused);
    expect(sample(text, 'atrium_hub_quota_refusals_total', { quota: 'rate', enforced: 'true' })).toBe(
      refused,
    );
    expect(sample(text, 'atrium_hub_policy_refusals_total', { policy: 'quotas', code: 'RATE_LIMITED' })).toBe(
      refused,
    );
    expect(sample(text, 'atrium_hub_requests_total', { outcome: 'refused', status: '429' })).toBe(refused);
  });
});
