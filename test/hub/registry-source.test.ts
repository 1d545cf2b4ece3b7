import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../hub/server.js';
import { waitFor } from '../helpers/wait.js';
import {
  captureLogs,
  postGraphQL,
  silentLogger,
  startFakeRegistry,
  startTestGraph,
  tempDir,
  testHubConfig,
  type FakeRegistry,
  type TestGraph,
} from '../helpers/hub.js';

const TOKEN = 'atr_test_reader_token';
const GRAPH_REF = 'shop@test';

let graph: TestGraph;
let dir: Awaited<ReturnType<typeof tempDir>>;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  graph = await startTestGraph();
  dir = await tempDir();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await graph?.close();
  await dir?.remove();
});

async function registry(): Promise<FakeRegistry> {
  const started = await startFakeRegistry({ token: TOKEN, graphRef: GRAPH_REF });
  cleanups.push(() => started.close());
  return started;
}

async function hubFor(url: string, lkgDir: string, logger = silentLogger()): Promise<RunningHub> {
  const hub = await startHub(
    testHubConfig(
      {
        supergraph: {
          registry: { url, graph: GRAPH_REF, pollIntervalMs: 50, maxBackoffMs: 200, timeoutMs: 1000 },
        },
        lastKnownGood: { dir: lkgDir },
      },
      { ATRIUM_TOKEN: TOKEN },
    ),
    { logger },
  );
  cleanups.push(() => hub.close());
  return hub;
}

describe('registry source', () => {
  it('polls with If-None-Match: an unchanged supergraph costs a 304, a new one is served', async () => {
    const fake = await registry();
    fake.publish(graph.supergraphSdl);
    const logs = captureLogs('trace');
    const hub = await hubFor(fake.url, join(dir.path, 'etag'), logs.logger);
    expect(hub.ready()).toBe(true);

    await waitFor(() => (fake.stats.notModified >= 3 ? true : undefined), { what: 'three 304s' });
    expect(fake.stats.unauthorized).toBe(0);
    expect((await postGraphQL(`${hub.url}/graphql`, { query: '{ greeting }' })).status).toBe(400);

    fake.publish(graph.supergraphWith('greeting: String'));
    const result = await waitFor(async () => {
      const answer = await postGraphQL(`${hub.url}/graphql`, { query: '{ greeting }' });
      return answer.status === 200 ? answer : undefined;
    });
    expect(result.body).toEqual({ data: { greeting: 'hello' } });
    expect(logs.text()).toContain('supergraph loaded');
    expect(logs.text()).not.toContain(TOKEN);
  });

  it('keeps a last-known-good copy and serves it when the registry is down at start', async () => {
    const lkgDir = join(dir.path, 'lkg');
    const fake = await registry();
    fake.publish(graph.supergraphSdl);
    const first = await hubFor(fake.url, lkgDir);
    const hash = first.current()?.hash;
    const copyPath = join(lkgDir, `${GRAPH_REF}.graphql`);
    const copy = await waitFor(() => readFile(copyPath, 'utf8'), { what: 'the last-known-good copy' });
    expect(copy).toBe(graph.supergraphSdl);
    const meta = JSON.parse(await readFile(join(lkgDir, `${GRAPH_REF}.json`), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(meta).toMatchObject({ graphRef: GRAPH_REF, hash, version: 1 });
    await first.close();
    await fake.close();

    const second = await hubFor(fake.url, lkgDir);
    expect(second.ready()).toBe(true);
    expect(second.current()?.hash).toBe(hash);
    const result = await postGraphQL(`${second.url}/graphql`, { query: '{ products { upc } }' });
    expect(result.body).toEqual({ data: { products: [{ upc: '1' }, { upc: '2' }] } });
  });

  it('starts without any supergraph: /ready and GraphQL answer 503, then it becomes ready by polling', async () => {
    const fake = await registry();
    const hub = await hubFor(fake.url, join(dir.path, 'empty'));
    expect(hub.ready()).toBe(false);

    const ready = await fetch(`${hub.url}/ready`);
    expect(ready.status).toBe(503);
    const readyBody = (await ready.json()) as { status: string; reason: string };
    expect(readyBody.status).toBe('not_ready');
    expect(readyBody.reason).toMatch(/SUPERGRAPH_NOT_FOUND.*no last-known-good/);

    const refused = await postGraphQL(`${hub.url}/graphql`, { query: '{ products { upc } }' });
    expect(refused.status).toBe(503);
    expect(refused.body.errors?.[0]?.extensions?.['code']).toBe('SUPERGRAPH_NOT_READY');

    fake.publish(graph.supergraphSdl);
    await waitFor(() => (hub.ready() ? true : undefined), { what: 'readiness' });
    const served = await postGraphQL(`${hub.url}/graphql`, { query: '{ products { upc } }' });
    expect(served.status).toBe(200);
  });

  it('rejects an unusable supergraph and keeps serving the previous one', async () => {
    const fake = await registry();
    fake.publish(graph.supergraphSdl);
    const hub = await hubFor(fake.url, join(dir.path, 'reject'));
    const hash = hub.current()?.hash;
    const requestsBefore = fake.stats.requests;
    fake.publish('type Query { broken: String }');
    await waitFor(() => (fake.stats.requests > requestsBefore + 3 ? true : undefined), {
      what: 'more polls',
    });
    expect(hub.current()?.hash).toBe(hash);
    expect((await postGraphQL(`${hub.url}/graphql`, { query: '{ products { upc } }' })).status).toBe(200);
  });
});
