// RedisQuotaStore against real Redis: the server's clock, keys and expiry, the script cache, and limits shared by
// several stores and processes, with exact totals.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { quotaKeys } from '../../../policies/quotas/quota-keys.js';
import type { ConsumeResult } from '../../../policies/quotas/quota-store.js';
import { RedisQuotaStore } from '../../../policies/quotas/redis-store.js';
import {
  deleteKeys,
  describeWithRedis,
  inspector,
  TEST_REDIS_URL,
  uniqueKeyPrefix,
} from '../../helpers/redis.js';

const LOADER = fileURLToPath(
  new URL('../../../registry/workers/typescript-loader/register.mjs', import.meta.url),
);
const CONSUMER = fileURLToPath(new URL('../../helpers/quota-consumer.ts', import.meta.url));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ConsumerProcess {
  /** Starts the consumes, which run while the caller runs its own. */
  go(): void;
  readonly done: Promise<Totals>;
}

/** Starts the consumer process and resolves once it is connected and waits for `go()`. */
async function startConsumerProcess(job: Record<string, unknown>): Promise<ConsumerProcess> {
  const child = spawn(process.execPath, ['--import', LOADER, CONSUMER, JSON.stringify(job)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.startsWith('ready\n')) resolve();
    });
    void exited.then((code) => reject(new Error(`the consumer process exited with ${code}: ${stderr}`)));
  });
  return {
    go: () => child.stdin.end('go\n'),
    done: exited.then((code) => {
      if (code !== 0) throw new Error(`the consumer process exited with ${code}: ${stderr}`);
      return JSON.parse(stdout.slice('ready\n'.length).trim()) as Totals;
    }),
  };
}

/** Runs `count` calls, `concurrency` at a time. */
async function inWorkers<T>(count: number, concurrency: number, call: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let started = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < count) {
        started += 1;
        results.push(await call());
      }
    }),
  );
  return results;
}

interface Totals {
  allowed: number;
  refused: number;
  unavailable: number;
  degraded: number;
}

function totals(results: ConsumeResult[]): Totals {
  const counts: Totals = { allowed: 0, refused: 0, unavailable: 0, degraded: 0 };
  for (const result of results) {
    counts[result.status] += 1;
    if (result.status !== 'unavailable' && result.degraded) counts.degraded += 1;
  }
  return counts;
}

describeWithRedis('RedisQuotaStore', () => {
  const prefix = uniqueKeyPrefix();
  const admin = inspector(TEST_REDIS_URL);
  const stores: RedisQuotaStore[] = [];
  function store(): RedisQuotaStore {
    const created = new RedisQuotaStore({ url: TEST_REDIS_URL, keyPrefix: prefix, timeoutMs: 5_000 });
    stores.push(created);
    return created;
  }
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await deleteKeys(prefix);
    admin.disconnect();
  });

  it("uses the server's clock: a burst, a refusal, and one request more after one interval", async () => {
    const quotas = store();
    const subject = { graph: 'clock', client: 'web' };
    const rate = { requests: 5, windowSeconds: 5 }; // one per second, five at once
    const request = { subject, rate, budget: null, cost: 0 };
    for (let i = 0; i < 5; i++) expect((await quotas.consume(request)).status).toBe('allowed');
    const refused = await quotas.consume(request);
    expect(refused).toMatchObject({
      status: 'refused',
      refusedBy: 'rate',
      retryAfterSeconds: 1,
      degraded: false,
    });
    await sleep(1_200);
    expect((await quotas.consume(request)).status).toBe('allowed');
    expect((await quotas.consume(request)).status).toBe('refused');
  });

  it('keeps both keys of a client under one hash tag, expiring when the limits are full again', async () => {
    await admin.connect();
    const quotas = store();
    const subject = { graph: 'shop', client: 'ttl' };
    const keys = quotaKeys(prefix, subject);
    expect(keys).toEqual({ rate: `${prefix}{shop:ttl}:rate`, budget: `${prefix}{shop:ttl}:budget` });
    const result = await quotas.consume({
      subject,
      rate: { requests: 10, windowSeconds: 3 }, // 300 ms per request
      budget: { points: 100, windowSeconds: 2 }, // 20 ms per point
      cost: 10,
    });
    expect(result).toMatchObject({ status: 'allowed', rate: { remaining: 9 }, budget: { remaining: 90 } });
    const rateTtl = await admin.pttl(keys.rate);
    const budgetTtl = await admin.pttl(keys.budget);
    expect(rateTtl).toBeGreaterThan(0);
    expect(rateTtl).toBeLessThanOrEqual(300);
    expect(budgetTtl).toBeGreaterThan(0);
    expect(budgetTtl).toBeLessThanOrEqual(200);
    // The stored TAT is an integer count of microseconds, written exactly.
    expect(await admin.get(keys.rate)).toMatch(/^\d{16}$/);
    await sleep(600);
    expect(await admin.exists(keys.rate, keys.budget)).toBe(0);
  });

  it('loads the script again when Redis lost it (EVALSHA → NOSCRIPT → EVAL)', async () => {
    const quotas = store();
    const request = {
      subject: { graph: 'shop', client: 'noscript' },
      rate: { requests: 2, windowSeconds: 60 },
      budget: null,
      cost: 0,
    };
    expect((await quotas.consume(request)).status).toBe('allowed');
    await admin.script('FLUSH');
    expect(await quotas.consume(request)).toMatchObject({ status: 'allowed', degraded: false });
    expect((await quotas.consume(request)).status).toBe('refused');
    expect(quotas.stats).toMatchObject({ redis: 3, local: 0, errors: 0 });
  });

  it('enforces one request limit across two stores and another process: exactly the limit is allowed', async () => {
    const subject = { graph: 'shared', client: 'rate' };
    // 50 per hour: nothing refills while the test runs (one request is worth 72 s).
    const rate = { requests: 50, windowSeconds: 3_600 };
    const [a, b] = [store(), store()];
    const other = await startConsumerProcess({
      ...{ url: TEST_REDIS_URL, keyPrefix: prefix, subject, rate, budget: null, cost: 0 },
      ...{ count: 100, concurrency: 10 },
    });
    other.go();
    const fire = (quotas: RedisQuotaStore) =>
      inWorkers(100, 10, () => quotas.consume({ subject, rate, budget: null, cost: 0 }));
    const [inA, inB, there] = await Promise.all([fire(a), fire(b), other.done]);
    const here = totals([...inA, ...inB]);
    expect(here.allowed + there.allowed).toBe(50);
    expect(here.refused + there.refused).toBe(250);
    expect(here.degraded + there.degraded).toBe(0);
    // The other process really took part: all its requests were answered by the shared limit (how many of them
    // were allowed depends on when it started, which a loaded machine decides).
    expect(there.allowed + there.refused).toBe(100);
  });

  it('charges one cost budget across two stores and another process: exactly what fits is allowed', async () => {
    const subject = { graph: 'shared', client: 'budget' };
    const budget = { points: 1_000, windowSeconds: 36_000 }; // one point is worth 36 s
    const [a, b] = [store(), store()];
    const other = await startConsumerProcess({
      ...{ url: TEST_REDIS_URL, keyPrefix: prefix, subject, rate: null, budget, cost: 7 },
      ...{ count: 100, concurrency: 10 },
    });
    other.go();
    const fire = (quotas: RedisQuotaStore) =>
      inWorkers(100, 10, () => quotas.consume({ subject, rate: null, budget, cost: 7 }));
    const [inA, inB, there] = await Promise.all([fire(a), fire(b), other.done]);
    const here = totals([...inA, ...inB]);
    expect(here.allowed + there.allowed).toBe(142); // floor(1000 / 7)
    const last = await a.consume({ subject, rate: null, budget, cost: 6 });
    expect(last).toMatchObject({ status: 'allowed', budget: { remaining: 0 } }); // 1000 − 142 × 7 = 6 were left
  });
});
