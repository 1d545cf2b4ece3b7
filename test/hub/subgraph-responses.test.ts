// What a subgraph answers is checked before the gateway uses it: a body that is not JSON gets a catalogue
// code naming the subgraph, never the parser's message or the body itself.
import { writeFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../hub/server.js';
import {
  captureLogs,
  composeSupergraph,
  FEDERATION_LINK,
  postGraphQL,
  tempDir,
  testHubConfig,
  type CapturedLogs,
  type TestGraph,
  startTestGraph,
} from '../helpers/hub.js';

type Behaviour = (response: ServerResponse) => void;

const BEHAVIOURS: Record<string, Behaviour> = {
  truncated: (response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"data":{"stock":[{"upc":"1"');
  },
  html: (response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<html><body>Proxy error at lb-3.internal</body></html>');
  },
};

/** A subgraph whose answer depends on the field asked for (`truncated`, `html`). */
async function startMisbehavingSubgraph(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { query } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string };
      const behaviour = Object.entries(BEHAVIOURS).find(([field]) => query.includes(field))?.[1];
      behaviour?.(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let graph: TestGraph;
let misbehaving: Awaited<ReturnType<typeof startMisbehavingSubgraph>>;
let dir: Awaited<ReturnType<typeof tempDir>>;
let hub: RunningHub;
let logs: CapturedLogs;

beforeAll(async () => {
  graph = await startTestGraph();
  misbehaving = await startMisbehavingSubgraph();
  dir = await tempDir();
  const file = join(dir.path, 'supergraph.graphql');
  const typeDefs = `${FEDERATION_LINK}
    type Query { truncated: [Stock] html: [Stock] }
    type Stock { upc: String! }`;
  await writeFile(
    file,
    composeSupergraph([graph.products, graph.reviews, { name: 'stock', url: misbehaving.url, typeDefs }]),
  );
  logs = captureLogs();
  hub = await startHub(testHubConfig({ supergraph: { file } }), { logger: logs.logger });
});

afterAll(async () => {
  await hub?.close();
  await misbehaving?.close();
  await graph?.close();
  await dir?.remove();
});

describe('a subgraph answering something that is not JSON', () => {
  it.each(['truncated', 'html'])(
    'yields SUBGRAPH_INVALID_RESPONSE naming it, keeps the other data, and logs the detail (%s)',
    async (field) => {
      const result = await postGraphQL(`${hub.url}/graphql`, {
        query: `{ products { upc } ${field} { upc } }`,
      });
      expect(result.status).toBe(200);
      expect(result.body.data).toEqual({ products: [{ upc: '1' }, { upc: '2' }], [field]: null });
      expect(result.body.errors).toHaveLength(1);
      const error = result.body.errors?.[0];
      expect(error?.message).toBe(
        'Subgraph "stock" answered with a body that is not a GraphQL JSON response',
      );
      expect(error?.extensions).toMatchObject({ code: 'SUBGRAPH_INVALID_RESPONSE', serviceName: 'stock' });
      const text = JSON.stringify(result.body);
      expect(text).not.toMatch(/JSON at position|Unexpected|lb-3\.internal|<html>/);

      const requestId = result.headers.get('x-request-id');
      const logged = logs.lines.find(
        (line) => line['msg'] === 'subgraph answered an invalid response' && line['requestId'] === requestId,
      );
      expect(logged).toMatchObject({ subgraph: 'stock', status: 200 });
      expect(String(logged?.['err'])).not.toBe('');
    },
  );
});
