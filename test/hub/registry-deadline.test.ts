// A registry that accepts the connection but never answers must not keep the hub from serving its
// last-known-good copy: the poll's deadline has to survive garbage collections (Node 20's
// `AbortSignal.any([…, AbortSignal.timeout(ms)])` loses its timeout at the first one).
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../hub/server.js';
import { createLastKnownGoodStore } from '../../hub/supergraph/last-known-good.js';
import { prepare as prepareSupergraph } from '../helpers/prepared-supergraph.js';
import { whileCollectingGarbage, within } from '../helpers/gc.js';
import { startHangingServer, type HangingMode } from '../helpers/hanging-server.js';
import {
  captureLogs,
  postGraphQL,
  startTestGraph,
  tempDir,
  testHubConfig,
  type TestGraph,
} from '../helpers/hub.js';

const GRAPH_REF = 'shop@hanging';
const TIMEOUT_MS = 500;
/** Far more than the deadline needs: with the old code the hub never became ready at all. */
const MARGIN_MS = 10_000;

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

describe.each<HangingMode>(['silent', 'stalled-body'])('a registry that hangs (%s)', (mode) => {
  it('does not hold the hub back: after the poll deadline it serves the last-known-good copy and says why', async () => {
    const registry = await startHangingServer(mode);
    cleanups.push(() => registry.close());
    const lkgDir = join(dir.path, mode);
    const hash = prepareSupergraph(graph.supergraphSdl).hash;
    await createLastKnownGoodStore({ dir: lkgDir, graphRef: GRAPH_REF }).save({
      supergraphSdl: graph.supergraphSdl,
      hash,
      version: 7,
    });
    const logs = captureLogs();
    const config = testHubConfig(
      {
        supergraph: {
          registry: { url: registry.url, graph: GRAPH_REF, timeoutMs: TIMEOUT_MS, pollIntervalMs: 60_000 },
        },
        lastKnownGood: { dir: lkgDir },
      },
      { ATRIUM_TOKEN: 'reader-token' },
    );

    const starting = startHub(config, { logger: logs.logger });
    const hub: RunningHub | undefined = await within(
      whileCollectingGarbage(starting),
      TIMEOUT_MS + MARGIN_MS,
    );
    expect(hub, 'the hub started (its first poll ended)').toBeDefined();
    if (hub === undefined) return;
    cleanups.push(() => hub.close());

    expect(registry.connections).toBeGreaterThan(0);
    expect(hub.ready()).toBe(true);
    expect(hub.current()?.hash).toBe(hash);
    const failed = logs.lines.find((line) => line['msg'] === 'supergraph poll failed');
    expect(failed?.['reason']).toBe('registry unreachable: timed out');
    const fallback = logs.lines.find((line) => line['msg'] === 'serving the last-known-good supergraph');
    expect(fallback?.['reason']).toContain('timed out');
    expect(fallback?.['version']).toBe(7);
    const ready = (await (await fetch(`${hub.url}/ready`)).json()) as Record<string, unknown>;
    expect(ready).toEqual({ status: 'ready', supergraph: { hash } });
    const result = await postGraphQL(`${hub.url}/graphql`, { query: '{ products { upc } }' });
    expect(result.body).toEqual({ data: { products: [{ upc: '1' }, { upc: '2' }] } });
  });
});
