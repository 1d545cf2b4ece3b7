// `npm run bench:quotas`: how exactly RedisQuotaStore enforces a limit shared by several stores (as several
// hubs would), on the Redis at REDIS_URL (default redis://127.0.0.1:6379). Three measurements:
//   1. concurrency: STORES stores fire at one key whose limit does not refill during the run: allowed vs limit;
//   2. rate over time: the stores fire as fast as they can for SECONDS at a refilling rate: allowed vs
//      burst + rate × elapsed;
//   3. budget over time: the same with random costs against a cost budget: points charged vs
//      points + refill × elapsed.
// Keys live under a random prefix and are deleted afterwards.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { ConsumeRequest } from '../../policies/quotas/quota-store.js';
import { RedisQuotaStore } from '../../policies/quotas/redis-store.js';

const URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const STORES = Number(process.env.BENCH_STORES ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = 16; // calls in flight per store
const prefix = `atrium-bench:${randomBytes(4).toString('hex')}:`;

async function hammer(
  stores: RedisQuotaStore[],
  request: () => ConsumeRequest,
  until: () => boolean,
): Promise<{ allowed: number; refused: number; charged: number; degraded: number; elapsedMs: number }> {
  const totals = { allowed: 0, refused: 0, charged: 0, degraded: 0 };
  const started = performance.now();
  let firstAllowedAt: number | null = null;
  let lastAllowedAt = started;
  await Promise.all(
    stores.flatMap((store) =>
      Array.from({ length: CONCURRENCY }, async () => {
        while (until()) {
          const next = request();
          const result = await store.consume(next);
          if (result.status === 'unavailable') continue;
          if (result.degraded) totals.degraded += 1;
          if (result.status === 'allowed') {
            totals.allowed += 1;
            totals.charged += Math.ceil(next.cost);
            firstAllowedAt ??= performance.now();
            lastAllowedAt = performance.now();
          } else totals.refused += 1;
        }
      }),
    ),
  );
  return { ...totals, elapsedMs: lastAllowedAt - (firstAllowedAt ?? started) };
}

function ratio(actual: number, expected: number): string {
  return `${actual} / ${expected.toFixed(1)} = ${(actual / expected).toFixed(4)}`;
}

async function main(): Promise<void> {
  const stores = Array.from(
    { length: STORES },
    () => new RedisQuotaStore({ url: URL, keyPrefix: prefix, timeoutMs: 1_000 }),
  );
  for (const store of stores)
    if (!(await store.connect(5_000))) throw new Error(`Redis at ${URL} is not reachable`);

  // 1. A limit that cannot refill while the run lasts: exactly `requests` may be allowed.
  {
    const rate = { requests: 1_000, windowSeconds: 86_400 };
    let calls = 0;
    const result = await hammer(
      stores,
      () => ({ subject: { graph: 'bench', client: 'exact' }, rate, budget: null, cost: 0 }),
      () => calls++ < 20_000,
    );
    console.log(
      `1. concurrency (${STORES} stores × ${CONCURRENCY} in flight, 20,000 calls, limit 1,000/day):`,
    );
    console.log(`   allowed ${ratio(result.allowed, rate.requests)}, degraded ${result.degraded}`);
  }

  // 2. A refilling rate, hammered for SECONDS.
  {
    const rate = { requests: 200, windowSeconds: 1, burst: 20 };
    const end = performance.now() + SECONDS * 1_000;
    const result = await hammer(
      stores,
      () => ({ subject: { graph: 'bench', client: 'rate' }, rate, budget: null, cost: 0 }),
      () => performance.now() < end,
    );
    const expected = rate.burst + (rate.requests * result.elapsedMs) / 1_000;
    console.log(`2. rate 200/s, burst 20, ${SECONDS} s (${result.allowed + result.refused} calls):`);
    console.log(
      `   allowed ${ratio(result.allowed, expected)} (burst + rate × time between first and last allowed)`,
    );
  }

  // 3. A cost budget with random costs of 1 to 50, hammered for SECONDS.
  {
    const budget = { points: 10_000, windowSeconds: 10 }; // 1,000 points per second
    const end = performance.now() + SECONDS * 1_000;
    const result = await hammer(
      stores,
      () => ({
        subject: { graph: 'bench', client: 'budget' },
        rate: null,
        budget,
        cost: 1 + Math.floor(Math.random() * 50),
      }),
      () => performance.now() < end,
    );
    const expected = budget.points + (budget.points / budget.windowSeconds) * (result.elapsedMs / 1_000);
    console.log(
      `3. budget 10,000 points per 10 s, costs 1–50, ${SECONDS} s (${result.allowed + result.refused} calls):`,
    );
    console.log(
      `   charged ${ratio(result.charged, expected)} (points + refill × time between first and last allowed)`,
    );
  }

  await Promise.all(stores.map((store) => store.close()));
  const admin = new Redis(URL);
  const keys = await admin.keys(`${prefix}*`);
  if (keys.length > 0) await admin.del(...keys);
  admin.disconnect();
}

await main();
