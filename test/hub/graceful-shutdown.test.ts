import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub } from '../../hub/server.js';
import {
  postGraphQL,
  silentLogger,
  sleep,
  startTestGraph,
  tempDir,
  testHubConfig,
  type TestGraph,
} from '../helpers/hub.js';

let graph: TestGraph;
let dir: Awaited<ReturnType<typeof tempDir>>;
let file: string;

beforeAll(async () => {
  graph = await startTestGraph();
  dir = await tempDir();
  file = join(dir.path, 'supergraph.graphql');
  await writeFile(file, graph.supergraphSdl);
});

afterAll(async () => {
  await graph?.close();
  await dir?.remove();
});

describe('close()', () => {
  it('stops accepting, lets in-flight requests finish, then stops', async () => {
    const hub = await startHub(testHubConfig({ supergraph: { file } }), { logger: silentLogger() });
    const inFlight = postGraphQL(`${hub.url}/graphql`, { query: '{ slow(ms: 800) }' });
    await sleep(150);
    const closing = hub.close();
    await sleep(50);
    await expect(fetch(`${hub.url}/health`)).rejects.toThrow();
    const result = await inFlight;
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ data: { slow: 'done' } });
    await closing;
    expect(hub.close()).toBe(hub.close());
  });

  it('does not wait longer than server.shutdownTimeoutMs', async () => {
    const hub = await startHub(testHubConfig({ supergraph: { file }, server: { shutdownTimeoutMs: 200 } }), {
      logger: silentLogger(),
    });
    const inFlight = postGraphQL(`${hub.url}/graphql`, { query: '{ slow(ms: 5000) }' }).catch(
      (error: unknown) => error,
    );
    await sleep(150);
    const started = Date.now();
    await hub.close();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await inFlight).toBeInstanceOf(Error);
  });
});
