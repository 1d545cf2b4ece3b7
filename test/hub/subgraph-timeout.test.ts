// A subgraph that accepts connections but never answers (or stalls in the middle of its body) must not hold
// client requests hostage, even across garbage collections.
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../hub/server.js';
import { whileCollectingGarbage, within } from '../helpers/gc.js';
import { startHangingServer, type HangingServer } from '../helpers/hanging-server.js';
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
let stalled: HangingServer;
let hubs: { silent: RunningHub; stalled: RunningHub };

async function hubWithReviewsAt(url: string, name: string): Promise<RunningHub> {
  const file = join(dir.path, `${name}.graphql`);
  await writeFile(file, graph.supergraphSdl.replaceAll(graph.reviews.url, url));
  return startHub(testHubConfig({ supergraph: { file }, subgraphs: { timeoutMs: 300 } }), {
    logger: silentLogger(),
  });
}

beforeAll(async () => {
  graph = await startTestGraph();
  dir = await tempDir();
  // Reads the request, never writes a response.
  silent = createServer((request) => request.resume());
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as { port: number };
  stalled = await startHangingServer('stalled-body');
  hubs = {
    silent: await hubWithReviewsAt(`http://127.0.0.1:${port}/graphql`, 'silent'),
    stalled: await hubWithReviewsAt(`${stalled.url}/graphql`, 'stalled'),
  };
});

afterAll(async () => {
  await hubs?.silent.close();
  await hubs?.stalled.close();
  silent.closeAllConnections();
  await new Promise((resolve) => silent.close(resolve));
  await stalled?.close();
  await graph.close();
  await dir.remove();
});

describe('subgraphs.timeoutMs', () => {
  it.each(['silent', 'stalled'] as const)(
    'answers with partial data and SUBGRAPH_UNAVAILABLE once a subgraph has not answered in time (%s)',
    async (which) => {
      const started = Date.now();
      const result = await within(
        whileCollectingGarbage(
          postGraphQL(`${hubs[which].url}/graphql`, { query: '{ products { upc reviews { body } } }' }),
        ),
        10_000,
      );
      const elapsed = Date.now() - started;

      expect(result?.status).toBe(200);
      expect(result?.body.data).toEqual({
        products: [
          { upc: '1', reviews: null },
          { upc: '2', reviews: null },
        ],
      });
      expect(result?.body.errors?.[0]?.extensions?.['code']).toBe('SUBGRAPH_UNAVAILABLE');
      expect(result?.body.errors?.[0]?.extensions?.['serviceName']).toBe('reviews');
      expect(elapsed).toBeGreaterThanOrEqual(300);
      expect(elapsed).toBeLessThan(5_000);
    },
  );
});
