// The dashboard's end-to-end tests and `npm run screenshots` run against this: a real registry (PGlite in
// memory, on an ephemeral port, its logs kept), the four example subgraphs, a real hub that reports usage, and the
// demo's data: the example graph in shop@dev (four versions), the demo's client records and registered operations,
// traffic from two client versions (one uses the deprecated Product.legacyCode), and a failed check.
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { startDevOidcProvider } from '../../dev/oidc/index.js';
import { loadHubConfig } from '../../hub/config/load-hub-config.js';
import { startHub } from '../../hub/server.js';
import { startRegistry } from '../../registry/server.js';
import {
  EXAMPLE_SUBGRAPH_NAMES,
  exampleManifestPath,
  exampleSubgraphSdl,
  startExampleSubgraphs,
} from '../../subgraphs-example/index.js';

export const DEMO_GRAPH = 'shop';
export const DEMO_VARIANT = 'dev';

/** The field the failed check removes: deprecated, and still used by two client versions. */
const BREAKING_FIELD = 'legacyCode';

export interface DashboardStack {
  readonly registryUrl: string;
  readonly adminToken: string;
  readonly readerToken: string;
  /** The id of a failed check: products without `Product.legacyCode`. */
  readonly failedCheckId: string;
  /** The SDL of that check, to publish once it is approved. */
  readonly failedCheckSdl: string;
  readonly productsRoutingUrl: string;
  /** Everything the registry logged so far (pino JSON lines). */
  registryLogs(): string;
  call(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

interface Traffic {
  client: { name: string; version: string };
  /** The development provider's client whose access token it sends; none: anonymous. */
  as?: 'demo-app' | 'pricing-app';
  query: string;
  times: number;
}

const TRAFFIC: readonly Traffic[] = [
  {
    client: { name: 'demo-app', version: '1.0.0' },
    as: 'demo-app',
    query: '{ topProducts(first: 2) { upc name legacyCode } }',
    times: 3,
  },
  {
    client: { name: 'demo-app', version: '1.1.0' },
    as: 'demo-app',
    query: '{ topProducts(first: 2) { upc name price } }',
    times: 4,
  },
  {
    client: { name: 'pricing-app', version: '2.0' },
    as: 'pricing-app',
    query: '{ topProducts(first: 1) { upc legacyCode price } }',
    times: 2,
  },
  // Without a token: User.email (@authenticated) is denied.
  {
    client: { name: 'web', version: '3.2' },
    query: '{ topProducts(first: 1) { reviews { author { name email } } } }',
    times: 2,
  },
];

export async function startDashboardStack(): Promise<DashboardStack> {
  const work = await mkdtemp(join(tmpdir(), 'atrium-dashboard-'));
  let logs = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs += chunk.toString('utf8');
      done();
    },
  });
  const adminToken = `atr_dashboard_admin_${Math.random().toString(36).slice(2)}${Date.now()}`;
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  };
  try {
    const subgraphs = await startExampleSubgraphs();
    closers.push(() => subgraphs.close());
    const registry = await startRegistry({
      dataDir: 'memory://',
      adminToken,
      logger: pino({ level: 'info' }, sink),
    });
    closers.push(() => registry.close());
    const call: DashboardStack['call'] = async (method, path, body, token = adminToken) => {
      const response = await fetch(`${registry.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
    };
    const must = async (method: string, path: string, body?: unknown) => {
      const answer = await call(method, path, body);
      if (answer.status >= 400)
        throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body as Record<string, unknown>;
    };
    const variant = `/v1/graphs/${DEMO_GRAPH}/variants/${DEMO_VARIANT}`;
    await must('POST', '/v1/graphs', { name: DEMO_GRAPH });
    for (const name of EXAMPLE_SUBGRAPH_NAMES) {
      await must('POST', `${variant}/subgraphs/${name}`, {
        sdl: exampleSubgraphSdl(name),
        routingUrl: subgraphs.urls[name],
        ownerTeam: name === 'products' ? 'catalog' : undefined,
      });
    }
    await must('POST', `/v1/graphs/${DEMO_GRAPH}/clients`, {
      id: 'demo-app',
      recognition: { kind: 'client-id', clientIds: ['demo-app'] },
      tier: 'standard',
      rate: { requests: 600, windowSeconds: 60 },
      budget: { points: 100_000, windowSeconds: 3600 },
      persistedOperations: 'audit',
    });
    await must('POST', `/v1/graphs/${DEMO_GRAPH}/clients`, {
      id: 'pricing-app',
      recognition: { kind: 'client-id', clientIds: ['pricing-app'] },
      tier: 'trial',
      rate: { requests: 60, windowSeconds: 60, burst: 10 },
      budget: { points: 100, windowSeconds: 3600 },
    });
    const manifest = JSON.parse(await readFile(exampleManifestPath(), 'utf8')) as {
      operations: { id: string; body: string; name: string; type: string }[];
    };
    await must('POST', `${variant}/clients/demo-app/versions/1.0.0/operations`, {
      operations: manifest.operations,
    });
    const reader = await must('POST', '/v1/tokens', { name: 'dashboard-reader', role: 'reader' });
    const usage = await must('POST', '/v1/tokens', { name: 'dashboard-hub-usage', role: 'usage' });

    const issuer = await startDevOidcProvider({ port: 0 });
    closers.push(() => issuer.close());
    const hub = await startHub(
      loadHubConfig({
        env: {},
        cwd: work,
        overrides: {
          server: { port: 0 },
          supergraph: {
            registry: {
              url: registry.url,
              graph: `${DEMO_GRAPH}@${DEMO_VARIANT}`,
              token: adminToken,
              pollIntervalMs: 500,
            },
          },
          lastKnownGood: { dir: join(work, 'hub') },
          auth: {
            issuers: [
              {
                issuer: issuer.issuer,
                audience: issuer.audience,
                dangerouslyAllowInsecureHttp: true, // the development issuer speaks plain HTTP on 127.0.0.1
              },
            ],
          },
          authorization: { mode: 'filter' },
          // Quotas counted in this hub (memory): the Clients page shows what it reports of them.
          quotas: { store: { kind: 'memory' } },
          usage: { token: usage.secret as string, flushIntervalMs: 200 },
        },
      }),
      { logger: pino({ level: 'silent' }) },
    );
    closers.push(() => hub.close());
    await waitUntil(() => hub.ready(), 60_000, 'the hub did not become ready');
    let sent = 0;
    for (const { client, as, query, times } of TRAFFIC) {
      const token = as ? await issuer.issueToken({ clientId: as }) : null;
      for (let i = 0; i < times; i += 1) {
        const response = await fetch(`${hub.url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'apollographql-client-name': client.name,
            'apollographql-client-version': client.version,
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify({ query }),
        });
        await response.text();
        sent += 1;
      }
    }
    // The hub flushes every 200 ms; the registry has counted everything once the deprecated field's users show.
    await waitUntilAsync(
      async () => {
        const report = await call('GET', `${variant}/usage/fields/Product.legacyCode`);
        return (report.body as { total?: number }).total === 5;
      },
      60_000,
      `the hub's usage of ${sent} requests did not reach the registry`,
    );

    // A change that removes a field clients use: a failed check, kept for approval.
    const products = exampleSubgraphSdl('products');
    const failedCheckSdl = products.replace(/\n\s*legacyCode: String @deprecated\([^)]*\)/, '');
    if (failedCheckSdl === products) throw new Error(`products SDL has no ${BREAKING_FIELD} to remove`);
    const check = await must('POST', `${variant}/checks`, { subgraph: 'products', sdl: failedCheckSdl });
    const stored = check.check as { id: string; passed: boolean };
    if (stored.passed) throw new Error('removing Product.legacyCode passed its check');

    return {
      registryUrl: registry.url,
      adminToken,
      readerToken: reader.secret as string,
      failedCheckId: stored.id,
      failedCheckSdl,
      productsRoutingUrl: subgraphs.urls.products,
      registryLogs: () => logs,
      call,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number, message: string): Promise<void> {
  await waitUntilAsync(() => Promise.resolve(condition()), timeoutMs, message);
}

async function waitUntilAsync(
  condition: () => Promise<boolean>,
  timeoutMs: number,
  message: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
