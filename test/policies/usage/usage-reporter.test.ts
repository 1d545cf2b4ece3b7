// The usage aggregate and reporter on plain inputs: counts per key with the document's coordinates and those
// variables added, early sealing at `maxKeys`, and delivery: a registry that never answers costs at most the
// deadline, the batch stays spooled on disk, and the next reporter on that directory sends it (gzip, once).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageAggregator, type CompiledOperation } from '../../../policies/usage/usage-aggregator.js';
import type { UsageBatch } from '../../../policies/usage/usage-batch.js';
import { UsageReporter } from '../../../policies/usage/usage-reporter.js';
import { startHangingServer, type HangingServer } from '../../helpers/hanging-server.js';
import { tempDir } from '../../helpers/hub.js';

const OPERATION: CompiledOperation = {
  hash: 'c'.repeat(64),
  name: 'Search',
  type: 'query',
  signature: 'query Search{searchProducts{upc}}',
  coordinates: ['Product.upc', 'Query.searchProducts'],
  known: new Set(['Product.upc', 'Query.searchProducts']),
};
const AT = Date.parse('2026-03-01T10:00:30.000Z');

function request(overrides: Partial<Parameters<UsageAggregator['add']>[1]> = {}) {
  return {
    atMs: AT,
    operation: OPERATION,
    clientName: 'web',
    clientVersion: '1.0',
    verifiedClientId: null,
    persistedOperationId: null,
    outcome: { kind: 'ok' as const },
    durationMs: 2,
    estimatedCost: 10,
    actualCost: 8,
    variableCoordinates: new Set<string>(),
    denied: [] as string[],
    weight: 1,
    ...overrides,
  };
}

describe('usage aggregate', () => {
  it('counts requests per key, the document coordinates for each, and what variables added', () => {
    const aggregate = new UsageAggregator(10);
    const add = (overrides: Parameters<typeof request>[0] = {}) => {
      const recorded = request(overrides);
      aggregate.add(aggregate.keyOf(recorded), recorded);
    };
    add({ variableCoordinates: new Set(['ProductSort.NAME']) });
    add({ outcome: { kind: 'refused', policy: 'cost' }, denied: ['User.email'] });
    add({ clientVersion: '2.0' });
    const batch = aggregate.seal('11111111-1111-4111-8111-111111111111', 0) as UsageBatch;
    expect(batch.operations).toEqual([
      {
        hash: OPERATION.hash,
        name: 'Search',
        type: 'query',
        signature: OPERATION.signature,
        coordinates: OPERATION.coordinates,
      },
    ]);
    expect(batch.entries).toEqual([
      expect.objectContaining({
        minute: Date.parse('2026-03-01T10:00:00.000Z'),
        client: { name: 'web', version: '1.0' },
        count: 2,
        ok: 1,
        refused: 1,
        refusedBy: { cost: 1 },
        durationMs: 4,
        estimatedCost: 20,
        coordinates: { 'Product.upc': 2, 'Query.searchProducts': 2, 'ProductSort.NAME': 1 },
        denied: { 'User.email': 1 },
      }),
      expect.objectContaining({ client: { name: 'web', version: '2.0' }, count: 1 }),
    ]);
    expect(aggregate.size).toBe(0);
    expect(aggregate.seal('22222222-2222-4222-8222-222222222222', 0)).toBeNull();
  });
});

describe('usage reporter', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  function reporter(endpoint: string, spoolDir: string, maxKeys = 100) {
    return new UsageReporter({
      endpoint,
      token: 'usage-token',
      flushIntervalMs: 600_000,
      timeoutMs: 300,
      maxBackoffMs: 1_000,
      maxKeys,
      spoolDir,
      maxSpoolBytes: 1024 * 1024,
      logger: pino({ level: 'silent' }),
    });
  }

  it('stops within the deadline against a registry that never answers, keeping the batch spooled for the next start', async () => {
    const dir = await tempDir();
    closers.push(() => dir.remove());
    const hanging: HangingServer = await startHangingServer('silent');
    closers.push(() => hanging.close());
    const first = reporter(`${hanging.url}/usage`, dir.path);
    await first.start();
    const recorded = request();
    first.record(first.aggregator.keyOf(recorded), recorded);
    const started = Date.now();
    await first.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await readdir(dir.path)).toHaveLength(1);

    const received: { authorization: string | undefined; encoding: string | undefined; batch: UsageBatch }[] =
      [];
    const registry: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({
          authorization: req.headers.authorization,
          encoding: req.headers['content-encoding'],
          batch: JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8')) as UsageBatch,
        });
        res.writeHead(202).end('{}');
      });
    });
    await new Promise<void>((listening) => registry.listen(0, '127.0.0.1', listening));
    closers.push(() => new Promise((closed) => registry.close(() => closed())));
    const url = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/usage`;
    const second = reporter(url, dir.path);
    await second.start();
    await second.stop();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ authorization: 'Bearer usage-token', encoding: 'gzip' });
    expect(received[0]?.batch.entries[0]).toMatchObject({ count: 1, client: { name: 'web' } });
    expect(await readdir(dir.path)).toEqual([]);
  });

  it('seals a batch early when a new key would pass maxKeys, so memory stays bounded', async () => {
    const dir = await tempDir();
    closers.push(() => dir.remove());
    const hanging = await startHangingServer('silent');
    closers.push(() => hanging.close());
    const bounded = reporter(`${hanging.url}/usage`, dir.path, 2);
    await bounded.start();
    for (const version of ['1', '2', '3', '4', '5']) {
      const recorded = request({ clientVersion: version });
      bounded.record(bounded.aggregator.keyOf(recorded), recorded);
      expect(bounded.aggregator.size).toBeLessThanOrEqual(2);
    }
    await bounded.stop();
    // Two sealed when full, one at stop: every request is in a spooled batch.
    expect(await readdir(dir.path)).toHaveLength(3);
  });
});
