/**
 * The request log line of the real hub: a real duration (a subgraph that takes 150 ms makes a request of at
 * least 150 ms), the trace id, the client, the operation's name, type and hash, and, for requests refused
 * while the context is built (limits here, auth in test/e2e/observability), a line saying which policy
 * refused it (there was none before).
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../../hub/server.js';
import {
  captureLogs,
  postGraphQL,
  startTestGraph,
  tempDir,
  testHubConfig,
  type CapturedLogs,
  type TestGraph,
} from '../../helpers/hub.js';

const SLOW_MS = 150;

let graph: TestGraph;
let dir: Awaited<ReturnType<typeof tempDir>>;
let sink: Server;
let hub: RunningHub;
let logs: CapturedLogs;

const requestLines = () => logs.lines.filter((line) => line['msg'] === 'graphql request');
const lineOf = (requestId: string) => requestLines().find((line) => line['requestId'] === requestId);

beforeAll(async () => {
  graph = await startTestGraph();
  dir = await tempDir();
  const file = join(dir.path, 'supergraph.graphql');
  await writeFile(file, graph.supergraphSdl);
  // Takes the traces and says nothing: the log line carries the trace id of a traced request.
  sink = createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end('{}')));
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/v1/traces`;
  logs = captureLogs('info');
  hub = await startHub(
    testHubConfig({
      supergraph: { file },
      limits: { maxDepth: { max: 2 } },
      tracing: { enabled: true, endpoint },
    }),
    { logger: logs.logger },
  );
});

afterAll(async () => {
  await hub?.close();
  await graph?.close();
  sink?.closeAllConnections();
  await new Promise((resolve) => sink?.close(resolve));
  await dir?.remove();
});

describe('request log lines', () => {
  it('carry the real duration, the trace id, the client and the operation with its hash', async () => {
    const query = `query Slow { slow(ms: ${SLOW_MS}) }`;
    const result = await postGraphQL(
      `${hub.url}/graphql`,
      { query },
      { 'apollographql-client-name': 'storefront', 'apollographql-client-version': '1.4.2' },
    );
    expect(result.body).toEqual({ data: { slow: 'done' } });
    const line = lineOf(result.headers.get('x-request-id')!)!;
    expect(line).toMatchObject({
      policy: 'request-logging',
      clientName: 'storefront',
      clientVersion: '1.4.2',
      operationName: 'Slow',
      operationType: 'query',
      operationHash: createHash('sha256').update(query).digest('hex'),
      status: 200,
      errorCount: 0,
    });
    expect(line['traceId']).toMatch(/^[0-9a-f]{32}$/);
    expect(line['durationMs']).toBeGreaterThanOrEqual(SLOW_MS);
    expect(line['durationMs']).toBeLessThan(SLOW_MS + 5_000);
    expect(line).not.toHaveProperty('refusedBy');
  });

  it('are written for requests refused while the context is built, naming the policy', async () => {
    const query = '{ products { reviews { body } } }';
    const result = await postGraphQL(`${hub.url}/graphql`, { query, operationName: null });
    expect(result.status).toBe(400);
    const line = lineOf(result.headers.get('x-request-id')!);
    expect(line).toMatchObject({
      status: 400,
      refusedBy: 'limits',
      errorCount: 1,
      errorCodes: ['MAX_DEPTH_EXCEEDED'],
      operationHash: createHash('sha256').update(query).digest('hex'),
      operationType: null,
    });
    expect(line!['traceId']).toMatch(/^[0-9a-f]{32}$/);
    expect(line!['durationMs']).toBeGreaterThan(0);
  });

  it('name the refusing policy of a refused operation too', async () => {
    const result = await postGraphQL(`${hub.url}/graphql`, { query: '{ products { nope } }' });
    expect(result.status).toBe(400);
    const line = lineOf(result.headers.get('x-request-id')!);
    // A validation failure is no policy's refusal.
    expect(line).toMatchObject({ status: 400, errorCodes: ['GRAPHQL_VALIDATION_FAILED'] });
    expect(line).not.toHaveProperty('refusedBy');
  });
});
