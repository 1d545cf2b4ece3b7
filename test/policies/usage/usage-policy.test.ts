// The usage policy in a real hub over the example subgraphs, reporting to a registry stand-in that keeps the
// batches: outcomes (ok, and refused by `cost` with its estimate), the verified client id (none: anonymous),
// variables walked for input fields and enum values, and the hub's own guards (`introspection: off`) as refusals by `hub`.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../../hub/server.js';
import type { UsageBatch, UsageEntry } from '../../../policies/usage/usage-batch.js';
import { startExampleSubgraphs, type StartedSubgraphs } from '../../../subgraphs-example/index.js';
import { composeExampleSupergraph } from '../../helpers/compose-supergraph.js';
import { silentLogger, tempDir, testHubConfig } from '../../helpers/hub.js';
import { queryAs } from '../../helpers/usage-stack.js';
import { waitFor } from '../../helpers/wait.js';

let subgraphs: StartedSubgraphs;
let dir: Awaited<ReturnType<typeof tempDir>>;
let sink: Server;
let hub: RunningHub;
const batches: UsageBatch[] = [];
const paths: string[] = [];

beforeAll(async () => {
  subgraphs = await startExampleSubgraphs();
  dir = await tempDir();
  const file = join(dir.path, 'supergraph.graphql');
  await writeFile(file, composeExampleSupergraph(subgraphs.urls).supergraphSdl);
  sink = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      paths.push(req.url ?? '');
      batches.push(JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8')) as UsageBatch);
      res.writeHead(202).end('{}');
    });
  });
  await new Promise<void>((listening) => sink.listen(0, '127.0.0.1', listening));
  const url = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  hub = await startHub(
    testHubConfig({
      supergraph: { file },
      lastKnownGood: { dir: join(dir.path, 'hub') },
      cost: { maxCost: 200 },
      introspection: 'off',
      usage: { token: 'usage-token', url, graph: 'shop@test', flushIntervalMs: 60_000 },
      policies: { 'request-logging': { enabled: false } },
    }),
    { logger: silentLogger() },
  );
  await waitFor(() => (hub.ready() ? true : undefined), { what: 'the hub' });
});
afterAll(async () => {
  await subgraphs?.close();
  await new Promise((closed) => sink?.close(closed));
  await dir?.remove();
});

function entriesOf(name: string | null): UsageEntry[] {
  const hashes = new Set(
    batches.flatMap((batch) => batch.operations.filter((op) => op.name === name).map((op) => op.hash)),
  );
  return batches.flatMap((batch) => batch.entries.filter((entry) => hashes.has(entry.operation)));
}

describe('usage policy in the hub', () => {
  it('records outcomes, refusals by policy, estimated cost and variables; flushes on close', async () => {
    const client = { name: 'web', version: '1.0' };
    await queryAs(
      hub.url,
      client,
      'query Search($f: ProductFilter!, $s: ProductSort) { searchProducts(filter: $f, sort: $s) { upc } }',
      { f: { maxPrice: 4000 }, s: 'PRICE_ASC' },
    );
    const refused = await queryAs(
      hub.url,
      client,
      'query Costly { topProducts(first: 100) { upc relatedProducts(first: 100) { upc } } }',
    );
    expect(refused.status).toBe(400);
    const introspection = await queryAs(hub.url, client, 'query Intro { __schema { queryType { name } } }');
    expect(introspection.status).toBe(403);
    expect(batches).toHaveLength(0); // nothing is sent per request
    await hub.close();

    expect(paths).toEqual(['/v1/graphs/shop/variants/test/usage']);
    const [search] = entriesOf('Search');
    expect(search).toMatchObject({
      client: { name: 'web', version: '1.0' },
      verifiedClientId: null,
      count: 1,
      ok: 1,
    });
    expect(search?.coordinates).toMatchObject({
      'Query.searchProducts(filter:)': 1,
      'ProductFilter.maxPrice': 1,
      'ProductSort.PRICE_ASC': 1,
    });
    expect(search?.estimatedCost).toBeGreaterThan(0);
    const [costly] = entriesOf('Costly');
    expect(costly).toMatchObject({ count: 1, ok: 0, refused: 1, refusedBy: { cost: 1 } });
    expect(costly?.estimatedCost).toBeGreaterThan(200);
    expect(entriesOf('Intro')[0]).toMatchObject({ refused: 1, refusedBy: { hub: 1 } });
  });
});
