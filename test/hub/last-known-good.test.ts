// The last-known-good copy is served when the registry is down at start, so it must be the copy the hub
// wrote: its content is checked against the hash recorded next to it, and an edited copy is refused.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../hub/server.js';
import { createLastKnownGoodStore } from '../../hub/supergraph/last-known-good.js';
import { prepare as prepareSupergraph } from '../helpers/prepared-supergraph.js';
import {
  captureLogs,
  postGraphQL,
  startTestGraph,
  tempDir,
  testHubConfig,
  type TestGraph,
} from '../helpers/hub.js';

const GRAPH_REF = 'shop@lkg';

let graph: TestGraph;
let dir: Awaited<ReturnType<typeof tempDir>>;
let closedPortUrl: string;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  graph = await startTestGraph();
  dir = await tempDir();
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  closedPortUrl = `http://127.0.0.1:${port}`;
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await graph?.close();
  await dir?.remove();
});

async function savedCopy(name: string) {
  const lkgDir = join(dir.path, name);
  const store = createLastKnownGoodStore({ dir: lkgDir, graphRef: GRAPH_REF });
  const hash = prepareSupergraph(graph.supergraphSdl).hash;
  await store.save({ supergraphSdl: graph.supergraphSdl, hash, version: 3 });
  return { lkgDir, store, hash, sdlPath: join(lkgDir, `${GRAPH_REF}.graphql`) };
}

async function hubWithUnreachableRegistry(lkgDir: string) {
  const logs = captureLogs();
  const hub = await startHub(
    testHubConfig(
      {
        supergraph: { registry: { url: closedPortUrl, graph: GRAPH_REF, pollIntervalMs: 60_000 } },
        lastKnownGood: { dir: lkgDir },
      },
      { ATRIUM_TOKEN: 'reader-token' },
    ),
    { logger: logs.logger },
  );
  cleanups.push(() => hub.close());
  return { hub, logs };
}

async function readiness(hub: RunningHub): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${hub.url}/ready`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the last-known-good store', () => {
  it('writes the SDL and its meta (graph, hash, version), and leaves no temporary file behind', async () => {
    const { lkgDir, hash, sdlPath } = await savedCopy('save');
    expect(await readFile(sdlPath, 'utf8')).toBe(graph.supergraphSdl);
    const meta = JSON.parse(await readFile(join(lkgDir, `${GRAPH_REF}.json`), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(meta).toMatchObject({ graphRef: GRAPH_REF, hash, version: 3 });
    expect((await readdir(lkgDir)).sort()).toEqual([`${GRAPH_REF}.graphql`, `${GRAPH_REF}.json`]);
  });

  it('loads an intact copy, and refuses one whose content does not match the recorded hash', async () => {
    const { store, hash, sdlPath } = await savedCopy('load');
    expect(await store.load()).toMatchObject({
      kind: 'verified',
      supergraphSdl: graph.supergraphSdl,
      meta: { hash, version: 3 },
    });
    await writeFile(sdlPath, graph.supergraphSdl.replace('name: String', 'name: String secret: String'));
    const refused = await store.load();
    expect(refused.kind).toBe('refused');
    expect(refused.kind === 'refused' && refused.reason).toMatch(
      /^its content does not match the hash recorded in .*shop@lkg\.json \(recorded [0-9a-f]{12}…, found [0-9a-f]{12}…\)$/,
    );
  });
});

describe('a hub starting while the registry is unreachable', () => {
  it('serves an intact copy', async () => {
    const { lkgDir, hash } = await savedCopy('intact');
    const { hub } = await hubWithUnreachableRegistry(lkgDir);
    expect(hub.ready()).toBe(true);
    expect(hub.current()?.hash).toBe(hash);
  });

  it('refuses an edited copy: not ready, and /ready and the log say why', async () => {
    const { lkgDir, sdlPath } = await savedCopy('tampered');
    await writeFile(sdlPath, graph.supergraphSdl.replace('name: String', 'name: String secret: String'));
    const { hub, logs } = await hubWithUnreachableRegistry(lkgDir);

    expect(hub.ready()).toBe(false);
    const ready = await readiness(hub);
    expect(ready.status).toBe(503);
    expect(ready.body['reason']).toMatch(
      /registry unreachable: ECONNREFUSED; the last-known-good supergraph at .*shop@lkg\.graphql was refused: its content does not match the hash recorded/,
    );
    const refused = logs.lines.find((line) => line['msg'] === 'last-known-good supergraph refused');
    expect(refused?.['reason']).toMatch(/does not match the hash recorded/);
    expect(logs.text()).not.toContain('serving the last-known-good supergraph');
    const result = await postGraphQL(`${hub.url}/graphql`, { query: '{ products { upc } }' });
    expect(result.body.errors?.[0]?.extensions?.['code']).toBe('SUPERGRAPH_NOT_READY');
  });

  it('refuses a copy without its meta file, which cannot be verified', async () => {
    const { lkgDir } = await savedCopy('no-meta');
    await rm(join(lkgDir, `${GRAPH_REF}.json`));
    const { hub } = await hubWithUnreachableRegistry(lkgDir);
    expect(hub.ready()).toBe(false);
    expect((await readiness(hub)).body['reason']).toMatch(/was refused: its meta file .* is missing/);
  });
});
