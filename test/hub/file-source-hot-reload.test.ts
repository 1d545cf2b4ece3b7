import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../hub/server.js';
import { waitFor } from '../helpers/wait.js';
import {
  captureLogs,
  postGraphQL,
  startTestGraph,
  tempDir,
  testHubConfig,
  type CapturedLogs,
  type TestGraph,
} from '../helpers/hub.js';

let graph: TestGraph;
let hub: RunningHub;
let dir: Awaited<ReturnType<typeof tempDir>>;
let file: string;
let logs: CapturedLogs;

beforeAll(async () => {
  graph = await startTestGraph();
  dir = await tempDir();
  file = join(dir.path, 'supergraph.graphql');
  await writeFile(file, graph.supergraphSdl);
  logs = captureLogs();
  hub = await startHub(
    testHubConfig({ supergraph: { file }, policies: { 'request-logging': { enabled: false } } }),
    {
      logger: logs.logger,
    },
  );
});

afterAll(async () => {
  await hub?.close();
  await graph?.close();
  await dir?.remove();
});

describe('file source', () => {
  it('serves a new field after the file changes, while an in-flight request completes', async () => {
    const endpoint = `${hub.url}/graphql`;
    const before = await postGraphQL(endpoint, { query: '{ greeting }' });
    expect(before.status).toBe(400);
    const firstHash = hub.current()?.hash;

    let slowSettled = false;
    const slow = postGraphQL(endpoint, { query: '{ slow(ms: 1500) }' }).finally(() => {
      slowSettled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await writeFile(file, graph.supergraphWith('greeting: String'));
    await waitFor(() => (hub.current()?.hash !== firstHash ? true : undefined), { what: 'the reload' });
    expect(slowSettled).toBe(false);

    const after = await postGraphQL(endpoint, { query: '{ greeting products { upc } }' });
    expect(after.body).toEqual({ data: { greeting: 'hello', products: [{ upc: '1' }, { upc: '2' }] } });

    const inFlight = await slow;
    expect(inFlight.status).toBe(200);
    expect(inFlight.body).toEqual({ data: { slow: 'done' } });
  });

  it('ignores an invalid file and keeps serving the previous supergraph', async () => {
    const hash = hub.current()?.hash;
    await writeFile(file, 'this is not a supergraph {');
    await waitFor(() => (logs.text().includes('supergraph rejected') ? true : undefined), {
      what: 'the rejection',
    });
    expect(hub.current()?.hash).toBe(hash);
    const result = await postGraphQL(`${hub.url}/graphql`, { query: '{ greeting }' });
    expect(result.body).toEqual({ data: { greeting: 'hello' } });
  });
});
