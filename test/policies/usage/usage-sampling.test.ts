// Optional sampling (`sampling.oneIn`): one request in n is recorded, counted n times, and the first of each
// operation × client × version in a flush window is always recorded (counted once), so no operation goes unseen.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NO_POLICY_EVENTS } from '../../../policies/contract/policy-events.js';
import { RequestState } from '../../../policies/contract/request-state.js';
import { createUsage } from '../../../policies/usage/index.js';
import { usageOptions } from '../../../policies/usage/options.js';
import type { UsageBatch } from '../../../policies/usage/usage-batch.js';
import { exampleSupergraph } from '../../helpers/example-supergraph.js';
import { silentLogger, tempDir } from '../../helpers/hub.js';

const { apiSchema } = exampleSupergraph();
let sink: Server;
let url: string;
const batches: UsageBatch[] = [];

beforeAll(async () => {
  sink = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      batches.push(JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8')) as UsageBatch);
      res.writeHead(202).end('{}');
    });
  });
  await new Promise<void>((listening) => sink.listen(0, '127.0.0.1', listening));
  url = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((closed) => sink.close(() => closed())));

function requestContext(query: string, client: string) {
  const headers = new Map([['apollographql-client-name', client]]);
  return {
    document: parse(query),
    schema: apiSchema,
    operationName: null,
    request: { query, operationName: null, http: { headers } },
    response: {
      body: { kind: 'single', singleResult: { data: {} } },
      http: { status: 200, headers: new Map() },
    },
    contextValue: { state: new RequestState({ requestId: 'r', receivedAt: process.hrtime.bigint() }) },
    errors: undefined,
  };
}

describe('usage sampling', () => {
  it('records one request in n counted n times, and always the first of each key', async () => {
    const dir = await tempDir();
    const policy = createUsage(
      usageOptions.parse({
        token: 't',
        url,
        graph: 'shop@test',
        flushIntervalMs: 600_000,
        sampling: { oneIn: 4 },
        spool: { dir: dir.path },
      }),
      {
        logger: silentLogger(),
        supergraph: {
          current: () => null,
          supergraphForSchema: () => undefined,
          onLoad: () => () => undefined,
        },
        facts: { read: () => undefined, publish: () => undefined },
        events: NO_POLICY_EVENTS,
        clients: {
          start: () => Promise.resolve(),
          current: () => {
            throw new Error('the usage policy reads no client records');
          },
          onChange: () => () => undefined,
          status: () => ({ state: 'ready' }),
        },
        persistedOperations: {
          start: () => Promise.resolve(),
          current: () => {
            throw new Error('the usage policy reads no persisted operations');
          },
          onChange: () => () => undefined,
          status: () => ({ state: 'ready' }),
        },
      },
    );
    // Math.random below 1/4 on every fourth call: exactly one in four sampled.
    let calls = 0;
    const random = vi.spyOn(Math, 'random').mockImplementation(() => (calls++ % 4 === 0 ? 0.1 : 0.9));
    try {
      await policy.start?.();
      const hook = policy.response as (context: unknown) => void;
      for (let i = 0; i < 41; i++) hook(requestContext('{ topProducts { upc } }', 'web'));
      hook(requestContext('{ product(upc: "1") { name } }', 'rare'));
      await policy.stop?.();
    } finally {
      random.mockRestore();
      await dir.remove();
    }
    const entries = batches.flatMap((batch) => batch.entries);
    const byClient = Object.fromEntries(entries.map((entry) => [entry.client.name, entry.count]));
    // web: the first counted once, then 40 requests of which 10 sampled, 4 each.
    expect(byClient).toEqual({ web: 41, rare: 1 });
  });
});
