// The Lua script and the TypeScript maths are one algorithm: the same random sequence of requests, costs,
// adjustments and clock steps gives identical answers from the memory store and from Redis.
import { afterAll, expect, it } from 'vitest';
import { MemoryQuotaStore } from '../../../policies/quotas/memory-store.js';
import type { BudgetLimit, RateLimit } from '../../../lib/quota-limits.js';
import { RedisQuotaStore } from '../../../policies/quotas/redis-store.js';
import { deleteKeys, describeWithRedis, TEST_REDIS_URL, uniqueKeyPrefix } from '../../helpers/redis.js';

/** A small deterministic generator (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const limits: { rate: RateLimit | null; budget: BudgetLimit | null }[] = [
  { rate: { requests: 7, windowSeconds: 3 }, budget: { points: 50, windowSeconds: 7 } },
  { rate: { requests: 3, windowSeconds: 1, burst: 5 }, budget: null },
  { rate: null, budget: { points: 1000, windowSeconds: 60 } },
  { rate: { requests: 1000, windowSeconds: 1 }, budget: { points: 999, windowSeconds: 3 } },
];

describeWithRedis('memory and Redis stores agree', () => {
  const prefix = uniqueKeyPrefix();
  const redis = new RedisQuotaStore({ url: TEST_REDIS_URL, keyPrefix: prefix, timeoutMs: 5_000 });
  afterAll(async () => {
    await redis.close();
    await deleteKeys(prefix);
  });

  for (const seed of [1, 2, 3]) {
    it(`gives identical answers for 600 random steps (seed ${seed})`, async () => {
      const memory = new MemoryQuotaStore();
      const next = random(seed);
      let now = 1_700_000_000_000 + seed;
      let refused = 0;
      for (let step = 0; step < 600; step++) {
        now += Math.floor(next() * 60) + (next() < 0.05 ? 2_000 : 0) + next(); // fractional ms too
        const { rate, budget } = limits[Math.floor(next() * limits.length)] as (typeof limits)[number];
        const subject = { graph: `parity${seed}`, client: `c${Math.floor(next() * 3)}` };
        if (budget && next() < 0.2) {
          const delta = Math.floor(next() * 60) - 30;
          const request = { subject, budget, delta, now };
          expect(await redis.adjust(request), `step ${step}`).toEqual(await memory.adjust(request));
          continue;
        }
        const request = {
          subject,
          rate,
          budget,
          cost: Math.floor(next() * 40) + (next() < 0.3 ? 0.5 : 0),
          now,
        };
        const fromMemory = await memory.consume(request);
        expect(await redis.consume(request), `step ${step}`).toEqual(fromMemory);
        if (fromMemory.status === 'refused') refused += 1;
      }
      // The sequence exercises refusals, not only allowances.
      expect(refused).toBeGreaterThan(50);
      expect(redis.stats.local).toBe(0);
    });
  }
});
