// A subgraph that accepts connections but never answers must not hold client requests hostage.
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../hub/server.js';
import {
  postGraphQL,
  silentLogger,
  startTestGraph,
  tempDir,
  testHubConfig,
  type TestGraph,
} from '../helpers/hub.js';

let graph: TestGraph;
let dir: Awaited<ReturnType<typeof tempDir>>;
let silent: Server;
let hub: RunningHub;

beforeAll(async () => {
  graph = await startTestGraph();
  dir = await tempDir();
  // Reads the request, never writes a response.
  silent = createServer((request) => request.resume());
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as { port: number };
  const file = join(dir.path, 'supergraph.graphql');
  await writeFile(
    file,
    graph.supergraphSdl.replaceAll(graph.reviews.url, `http://127.0.0.1:${port}/graphql`),
  );
  hub = await startHub(testHubConfig({ supergraph: { file }, subgraphs: { timeoutMs: 300 } }), {
    logger: silentLogger(),
  });
});

afterAll(async () => {
  await hub.close();
  silent.closeAllConnections();
  await new Promise((resolve) => silent.close(resolve));
  await graph.close();
  await dir.remove();
});

describe('subgraphs.timeoutMs', () => {
  it('answers with partial data and SUBGRAPH_UNAVAILABLE once a subgraph has not answered in time', async () => {
    const started = Date.now();
    const result = await postGraphQL(`${hub.url}/graphql`, {
      query: '{ products { upc reviews { body } } }',
    });
    const elapsed = Date.now() - started;

    expect(result.status).toBe(200);
    expect(result.body.data).toEqual({
      products: [
        { upc: '1', reviews: null },
        { upc: '2', reviews: null },
      ],
    });
    expect(result.body.errors?.[0]?.extensions?.['code']).toBe('SUBGRAPH_UNAVAILABLE');
    expect(result.body.errors?.[0]?.extensions?.['serviceName']).toBe('reviews');
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(5_000);
  });
});
