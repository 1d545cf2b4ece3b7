// A subgraph answer is read only up to `subgraphs.maxResponseBytes`: one that sends 100 MB fails that fetch
// (partial data, SUBGRAPH_RESPONSE_TOO_LARGE) without the hub holding the 100 MB. And the hub does not send a
// client more than `server.maxResponseBytes`.
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
  silentLogger,
  startTestGraph,
  tempDir,
  testHubConfig,
  type CapturedLogs,
  type TestGraph,
} from '../helpers/hub.js';

const HUNDRED_MB = 100 * 1024 * 1024;
const CHUNK = Buffer.from(`"${'x'.repeat(64 * 1024 - 3)}",`);

interface BulkSubgraph {
  readonly url: string;
  /** Bytes of the body the last `huge` answer managed to send before the hub hung up. */
  readonly sent: number;
  close(): Promise<void>;
}

/**
 * `huge` streams a 100 MB JSON answer in 64 KiB chunks as the socket drains (nothing allocated up front);
 * `declared` announces 100 MB in `content-length` first; `medium` answers a 50 KB string.
 */
async function startBulkSubgraph(): Promise<BulkSubgraph> {
  let sent = 0;
  const stream = (response: ServerResponse, declare: boolean) => {
    const head = Buffer.from('{"data":{"huge":[');
    const tail = Buffer.from('"end"]}}');
    const chunks = Math.ceil(HUNDRED_MB / CHUNK.length);
    response.writeHead(200, {
      'content-type': 'application/json',
      ...(declare ? { 'content-length': String(head.length + chunks * CHUNK.length + tail.length) } : {}),
    });
    sent = 0;
    let written = 0;
    let closed = false;
    response.on('close', () => (closed = true));
    response.write(head);
    const pump = () => {
      while (!closed && written < chunks) {
        written += 1;
        sent += CHUNK.length;
        if (!response.write(CHUNK)) {
          response.once('drain', pump);
          return;
        }
      }
      if (!closed) response.end(tail);
    };
    pump();
  };
  const server: Server = createServer((request, response) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => {
      const { query } = JSON.parse(Buffer.concat(parts).toString('utf8')) as { query: string };
      if (query.includes('medium')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ data: { medium: 'm'.repeat(50_000) } }));
        return;
      }
      stream(response, query.includes('declared'));
    });
  });
  server.on('clientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    get sent() {
      return sent;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let graph: TestGraph;
let bulk: BulkSubgraph;
let dir: Awaited<ReturnType<typeof tempDir>>;
let file: string;
const hubs: RunningHub[] = [];

beforeAll(async () => {
  graph = await startTestGraph();
  bulk = await startBulkSubgraph();
  dir = await tempDir();
  file = join(dir.path, 'supergraph.graphql');
  const typeDefs = `${FEDERATION_LINK}
    type Query { huge: [String] declared: [String] medium: String }`;
  await writeFile(
    file,
    composeSupergraph([graph.products, graph.reviews, { name: 'bulk', url: bulk.url, typeDefs }]),
  );
});

afterAll(async () => {
  for (const hub of hubs) await hub.close();
  await bulk?.close();
  await graph?.close();
  await dir?.remove();
});

async function hub(config: Parameters<typeof testHubConfig>[0] = {}, logs?: CapturedLogs) {
  const started = await startHub(testHubConfig({ ...config, supergraph: { file } }), {
    logger: logs?.logger ?? silentLogger(),
  });
  hubs.push(started);
  return started;
}

/** The largest resident set size seen while `work` runs. */
async function peakRss<T>(work: Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  try {
    const result = await work;
    return { result, peak: Math.max(peak, process.memoryUsage.rss()) };
  } finally {
    clearInterval(timer);
  }
}

describe('subgraphs.maxResponseBytes (default 16 MiB)', () => {
  it.each(['huge', 'declared'])(
    'fails a fetch that answers 100 MB with SUBGRAPH_RESPONSE_TOO_LARGE, keeps the other data, and never holds the 100 MB (%s)',
    async (field) => {
      const logs = captureLogs();
      const defaults = await hub({}, logs);
      (globalThis as { gc?: () => void }).gc?.();
      const before = process.memoryUsage.rss();
      const { result, peak } = await peakRss(
        postGraphQL(`${defaults.url}/graphql`, { query: `{ products { upc } ${field} }` }),
      );

      expect(result.status).toBe(200);
      expect(result.body.data).toEqual({ products: [{ upc: '1' }, { upc: '2' }], [field]: null });
      expect(result.body.errors).toHaveLength(1);
      expect(result.body.errors?.[0]?.message).toBe('Subgraph "bulk" answered more than the hub accepts');
      expect(result.body.errors?.[0]?.extensions).toMatchObject({
        code: 'SUBGRAPH_RESPONSE_TOO_LARGE',
        serviceName: 'bulk',
      });
      // The hub stopped reading at 16 MiB and hung up: the subgraph could not send the rest.
      expect(bulk.sent).toBeLessThan(HUNDRED_MB / 2);
      expect(peak - before).toBeLessThan(HUNDRED_MB / 2);
      const logged = logs.lines.find((line) => line['msg'] === 'subgraph response too large');
      expect(logged).toMatchObject({ subgraph: 'bulk', limitBytes: 16 * 1024 * 1024 });
    },
    60_000,
  );

  it('is configurable', async () => {
    const small = await hub({ subgraphs: { maxResponseBytes: 10_000 } });
    const result = await postGraphQL(`${small.url}/graphql`, { query: '{ medium }' });
    expect(result.body.errors?.[0]?.extensions?.['code']).toBe('SUBGRAPH_RESPONSE_TOO_LARGE');
    const large = await hub({ subgraphs: { maxResponseBytes: 100_000 } });
    const served = await postGraphQL(`${large.url}/graphql`, { query: '{ medium }' });
    expect(served.body).toEqual({ data: { medium: 'm'.repeat(50_000) } });
  });
});

describe('server.maxResponseBytes', () => {
  it('answers RESPONSE_TOO_LARGE (400) instead of a response larger than the ceiling', async () => {
    const logs = captureLogs();
    const capped = await hub({ server: { maxResponseBytes: 20_000 } }, logs);
    const result = await postGraphQL(`${capped.url}/graphql`, { query: '{ medium }' });
    expect(result.status).toBe(400);
    expect(result.body).toEqual({
      errors: [
        {
          message: 'The response to this operation is larger than the hub sends (20000 bytes)',
          extensions: { code: 'RESPONSE_TOO_LARGE', limitBytes: 20_000 },
        },
      ],
    });
    const requestId = result.headers.get('x-request-id');
    expect(logs.lines.find((line) => line['msg'] === 'response too large')).toMatchObject({ requestId });
    const small = await postGraphQL(`${capped.url}/graphql`, { query: '{ products { upc } }' });
    expect(small.body).toEqual({ data: { products: [{ upc: '1' }, { upc: '2' }] } });
  });
});
