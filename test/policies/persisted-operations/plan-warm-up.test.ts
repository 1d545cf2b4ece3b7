/**
 * Query-plan warm-up: a hub with registered operations (a local manifest) plans them once the set and the
 * supergraph are loaded, off the request path, so their first request by id (or by body) is a plan-cache hit;
 * an unregistered document still misses (and is planned on its request, as before).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadHubConfig, type DeepPartial, type HubConfigInput } from '../../../hub/config/load-hub-config.js';
import { startHub, type RunningHub } from '../../../hub/server.js';
import {
  exampleManifestPath,
  startExampleSubgraphs,
  type StartedSubgraphs,
} from '../../../subgraphs-example/index.js';
import { composeExampleSupergraph } from '../../helpers/compose-supergraph.js';
import { captureLogs, postGraphQL } from '../../helpers/hub.js';
import { waitFor } from '../../helpers/wait.js';

interface ManifestOperation {
  id: string;
  name: string;
  body: string;
}

let work: string;
let subgraphs: StartedSubgraphs;
let hub: RunningHub;
let operations: ManifestOperation[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'atrium-pq-warm-'));
  subgraphs = await startExampleSubgraphs();
  const supergraphFile = join(work, 'supergraph.graphql');
  await writeFile(supergraphFile, composeExampleSupergraph(subgraphs.urls).supergraphSdl);
  operations = (
    JSON.parse(await readFile(exampleManifestPath(), 'utf8')) as { operations: ManifestOperation[] }
  ).operations;
  const overrides = {
    server: { port: 0 },
    supergraph: { file: supergraphFile },
    lastKnownGood: { dir: join(work, 'lkg') },
    clients: { records: [{ id: 'anonymous', persistedOperations: 'audit' }] },
    persistedOperations: {
      manifests: [{ client: 'anonymous', version: 'local', file: exampleManifestPath() }],
    },
    policies: { 'request-logging': { enabled: false } },
  } as DeepPartial<HubConfigInput>;
  hub = await startHub(loadHubConfig({ env: {}, cwd: work, overrides }), { logger: captureLogs().logger });
  await waitFor(() => (hub.ready() ? true : undefined), { what: 'hub ready' });
}, 60_000);

afterAll(async () => {
  await hub?.close();
  await subgraphs?.close();
  await rm(work, { recursive: true, force: true });
});

const graphql = () => `${hub.url}/graphql`;

it('plans every registered operation once the set and the supergraph are loaded', async () => {
  await hub.plans.settled();
  expect(operations.length).toBeGreaterThan(1);
  expect(hub.plans.stats().warmed).toBe(operations.length);
});

it('serves the first request of a registered operation, by id or by body, from the plan cache', async () => {
  await hub.plans.settled();
  const plain = operations.find((operation) => !operation.body.includes('$'))!;
  const before = hub.plans.stats().misses;
  const byId = await postGraphQL(graphql(), { documentId: plain.id });
  const named = await postGraphQL(graphql(), { documentId: plain.id, operationName: plain.name });
  const byApq = await postGraphQL(graphql(), {
    extensions: { persistedQuery: { version: 1, sha256Hash: plain.id } },
  });
  const byBody = await postGraphQL(graphql(), { query: plain.body });
  for (const answer of [byId, named, byApq, byBody]) {
    expect(answer.status).toBe(200);
    expect(answer.body.data).toHaveProperty('topProducts');
  }
  expect(hub.plans.stats().misses).toBe(before);
});

it('an unregistered document misses the cache on its first request and hits it on its second', async () => {
  const query = '{ topProducts(first: 1) { upc name } }';
  expect(operations.map((operation) => operation.id)).not.toContain(
    createHash('sha256').update(query).digest('hex'),
  );
  const before = hub.plans.stats().misses;
  expect((await postGraphQL(graphql(), { query })).body.data).toHaveProperty('topProducts');
  expect(hub.plans.stats().misses).toBe(before + 1);
  await postGraphQL(graphql(), { query });
  expect(hub.plans.stats().misses).toBe(before + 1);
});

it('plans them again when a new supergraph loads (the gateway empties its plan cache)', async () => {
  await hub.plans.settled();
  const warmedBefore = hub.plans.stats().warmed;
  const hashBefore = hub.current()?.hash;
  // Another routing URL for one subgraph (same server): a new supergraph, hot-swapped from the file.
  const urls = { ...subgraphs.urls, accounts: `${subgraphs.urls.accounts}?reload=1` };
  await writeFile(join(work, 'supergraph.graphql'), composeExampleSupergraph(urls).supergraphSdl);
  await waitFor(() => (hub.plans.stats().warmed >= warmedBefore + operations.length ? true : undefined), {
    what: 'the registered operations planned for the new supergraph',
  });
  await hub.plans.settled();
  expect(hub.current()?.hash).not.toBe(hashBefore);
  const plain = operations.find((operation) => !operation.body.includes('$'))!;
  const before = hub.plans.stats().misses;
  const byId = await postGraphQL(graphql(), { documentId: plain.id });
  expect(byId.body.data).toHaveProperty('topProducts');
  expect(hub.plans.stats().misses).toBe(before);
});
