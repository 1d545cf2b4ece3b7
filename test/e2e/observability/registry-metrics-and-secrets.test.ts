/**
 * End to end: the real registry (PGlite), the real hub polling it with a reader token, reporting usage with a
 * usage token, verifying callers' bearer tokens at a real OpenID Provider and exporting traces with a
 * collector API key. After real traffic:
 * - the registry's `/metrics` counts API requests by route template and status, times publishes and checks,
 *   counts the failed composition and the usage the hub sent;
 * - the hub's `/metrics` counts the usage batches it sent;
 * - no token, key or secret the test used appears in any log line of either service (both logging at trace).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../../hub/server.js';
import { startRegistry, type RunningRegistry } from '../../../registry/server.js';
import {
  exampleSubgraphSdl,
  startExampleSubgraphs,
  type StartedSubgraphs,
} from '../../../subgraphs-example/index.js';
import {
  captureLogs,
  postGraphQL,
  tempDir,
  testHubConfig,
  trustIssuer,
  type CapturedLogs,
} from '../../helpers/hub.js';
import { startTestIssuer, type TestIssuer } from '../../helpers/oidc-provider.js';
import { createRegistryToken, publishExampleGraph } from '../../helpers/usage-stack.js';
import { sample } from '../../helpers/prometheus.js';
import { waitFor } from '../../helpers/wait.js';

const ADMIN_TOKEN = 'atr_e2e_observability_admin_token_0123456789';
const OTLP_KEY = 'otlp-collector-api-key-5f1e2d3c4b5a69788796a5b4';
const REF = 'shop@observe';

const scrape = async (url: string) => (await fetch(url)).text();

async function call(url: string, method: string, body?: unknown): Promise<Response> {
  return fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

let subgraphs: StartedSubgraphs;
let issuer: TestIssuer;
let registry: RunningRegistry;
let hub: RunningHub;
let otlp: Server;
let dir: Awaited<ReturnType<typeof tempDir>>;
let registryLogs: CapturedLogs;
let hubLogs: CapturedLogs;
let otlpAuthorization: string | undefined;
const secrets: Record<string, string> = { admin: ADMIN_TOKEN, otlp: OTLP_KEY };

beforeAll(async () => {
  subgraphs = await startExampleSubgraphs();
  issuer = await startTestIssuer();
  dir = await tempDir();
  registryLogs = captureLogs('trace');
  hubLogs = captureLogs('trace');
  registry = await startRegistry({
    dataDir: 'memory://',
    adminToken: ADMIN_TOKEN,
    logger: registryLogs.logger,
  });
  await publishExampleGraph(registry.url, ADMIN_TOKEN, REF, subgraphs);
  secrets['reader'] = await createRegistryToken(registry.url, ADMIN_TOKEN, 'reader');
  secrets['usage'] = await createRegistryToken(registry.url, ADMIN_TOKEN, 'usage');
  otlp = createServer((req, res) => {
    otlpAuthorization = req.headers.authorization;
    req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => otlp.listen(0, '127.0.0.1', resolve));
  const otlpUrl = `http://127.0.0.1:${(otlp.address() as AddressInfo).port}/v1/traces`;
  hub = await startHub(
    testHubConfig({
      supergraph: {
        registry: { url: registry.url, graph: REF, token: secrets['reader'], pollIntervalMs: 200 },
      },
      lastKnownGood: { dir: join(dir.path, 'hub') },
      auth: { issuers: [trustIssuer(issuer)] },
      usage: { token: secrets['usage'], flushIntervalMs: 200 },
      tracing: { enabled: true, endpoint: otlpUrl, headers: { authorization: `Bearer ${OTLP_KEY}` } },
      logLevel: 'trace',
    }),
    { logger: hubLogs.logger },
  );
  await waitFor(() => (hub.ready() ? true : undefined), { what: 'the hub serving the published graph' });

  // Traffic: callers with a valid token, an expired one, a garbage one.
  secrets['bearer'] = await issuer.issueToken({ clientId: 'demo-app', scope: 'read:users' });
  secrets['expired'] = await issuer.signToken({
    ...issuer.accessTokenClaims(),
    exp: Math.floor(Date.now() / 1000) - 60,
  });
  secrets['garbage'] = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQtdGhhdC1tdXN0LW5vdC1sZWFr.c2ln';
  const graphql = `${hub.url}/graphql`;
  const query = { query: 'query Top { topProducts(first: 2) { name reviews { body } } }' };
  for (let i = 0; i < 3; i++) {
    const ok = await postGraphQL(graphql, query, { authorization: `Bearer ${secrets['bearer']}` });
    expect(ok.status).toBe(200);
  }
  expect((await postGraphQL(graphql, query, { authorization: `Bearer ${secrets['expired']}` })).status).toBe(
    401,
  );
  expect((await postGraphQL(graphql, query, { authorization: `Bearer ${secrets['garbage']}` })).status).toBe(
    401,
  );

  // Registry traffic besides the publishes: a check, a publish that does not compose, a route that does not exist.
  const variant = `${registry.url}/v1/graphs/shop/variants/observe`;
  expect(
    (await call(`${variant}/checks`, 'POST', { subgraph: 'products', sdl: exampleSubgraphSdl('products') }))
      .status,
  ).toBe(201);
  // `Product.inStock` as a String: the other subgraphs' `Product.price` is an Int, and `weight` is
  // external to a field no subgraph has as String: composition fails on the type mismatch of `price`.
  const conflicting = exampleSubgraphSdl('inventory').replace(
    'price: Int @external',
    'price: String @external',
  );
  const refused = await call(`${variant}/subgraphs/inventory`, 'POST', {
    sdl: conflicting,
    routingUrl: subgraphs.urls.inventory,
  });
  expect(refused.status).toBeGreaterThanOrEqual(400);
  expect((await call(`${registry.url}/v1/graphs/shop/secret-${ADMIN_TOKEN.slice(0, 4)}`, 'GET')).status).toBe(
    404,
  );
  // The hub's usage batch reaches the registry.
  await waitFor(
    async () =>
      (sample(await scrape(registry.metricsUrl!), 'atrium_registry_usage_batches_total', {
        result: 'ingested',
      }) ?? 0) > 0
        ? true
        : undefined,
    { what: 'a usage batch ingested by the registry' },
  );
}, 60_000);

afterAll(async () => {
  await hub?.close();
  await registry?.close();
  await issuer?.close();
  await subgraphs?.close();
  otlp?.closeAllConnections();
  await new Promise((resolve) => otlp?.close(resolve));
  await dir?.remove();
}, 60_000);

describe('registry metrics after real traffic', () => {
  it('counts API requests by route template and status, never by raw URL', async () => {
    const text = await scrape(registry.metricsUrl!);
    expect(registry.metricsUrl).toBe(`${registry.url}/metrics`);
    const publishes =
      sample(text, 'atrium_registry_http_requests_total', {
        method: 'POST',
        route: '/v1/graphs/:graph/variants/:variant/subgraphs/:name',
        status: '201',
      }) ??
      sample(text, 'atrium_registry_http_requests_total', {
        method: 'POST',
        route: '/v1/graphs/:graph/variants/:variant/subgraphs/:name',
        status: '200',
      });
    expect(publishes).toBe(4);
    expect(sample(text, 'atrium_registry_http_requests_total', { route: 'unmatched', status: '404' })).toBe(
      1,
    );
    // The hub's polls of the supergraph, by template.
    expect(
      sample(text, 'atrium_registry_http_requests_total', {
        method: 'GET',
        route: '/v1/graphs/:graph/variants/:variant/supergraph',
      }),
    ).toBeGreaterThan(0);
    expect(text).not.toContain('observe"');
    expect(text).not.toContain('secret-');
  });

  it('documents every metric it serves in docs/metrics.md', async () => {
    const text = await scrape(registry.metricsUrl!);
    const docs = await readFile(join(import.meta.dirname, '../../../docs/metrics.md'), 'utf8');
    const names = [...text.matchAll(/^# TYPE (atrium_\S+)/gm)].map((match) => match[1] ?? '');
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((name) => !docs.includes(`\`${name}\``))).toEqual([]);
  });

  it('times publishes and checks, and counts the failed composition', async () => {
    const text = await scrape(registry.metricsUrl!);
    const publishCount = text
      .split('\n')
      .filter((line) => line.startsWith('atrium_registry_publish_duration_seconds_count'))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    expect(publishCount).toBe(5);
    expect(sample(text, 'atrium_registry_publish_duration_seconds_sum')).toBeGreaterThan(0);
    expect(sample(text, 'atrium_registry_check_duration_seconds_count', { status: '201' })).toBe(1);
    expect(sample(text, 'atrium_registry_composition_failures_total', { during: 'publish' })).toBe(1);
  });

  it('counts the usage the hub sent, and the hub counts the batches it sent', async () => {
    const text = await scrape(registry.metricsUrl!);
    expect(sample(text, 'atrium_registry_usage_entries_total')).toBeGreaterThan(0);
    const hubText = await scrape(hub.metricsUrl!);
    expect(sample(hubText, 'atrium_hub_usage_batches_total', { result: 'sent' })).toBeGreaterThan(0);
    expect(sample(hubText, 'atrium_hub_auth_failures_total', { reason: 'expired' })).toBe(1);
  });
});

describe('secrets in logs', () => {
  it('no token, key or secret used by this test appears in any log line of the hub or the registry', async () => {
    await hub.close(); // flushes usage and traces: their log lines too
    // The collector got its API key: the key was in use.
    expect(otlpAuthorization).toBe(`Bearer ${OTLP_KEY}`);
    const hubText = hubLogs.text();
    const registryText = registryLogs.text();
    // The logs are there and speak of the requests that carried the secrets.
    expect(hubText).toContain('"msg":"graphql request"');
    expect(hubText).toContain('"refusedBy":"auth"');
    expect(registryText).toContain('/v1/graphs/shop/variants/observe/usage');
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret.length, name).toBeGreaterThan(16);
      for (const [service, text] of [
        ['hub', hubText],
        ['registry', registryText],
      ] as const) {
        expect(text.includes(secret), `${name} in the ${service} logs`).toBe(false);
        // Nor a recognisable part of it (JWTs: their signature).
        const tail = secret.slice(-16);
        expect(text.includes(tail), `the end of ${name} in the ${service} logs`).toBe(false);
      }
    }
  });
});
