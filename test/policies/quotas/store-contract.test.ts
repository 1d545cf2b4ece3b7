// What every quota store answers, on an injected clock: the in-memory store and the Redis store (real Redis),
// run through the same cases. The decisions are exact, so the expected values are too.
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryQuotaStore } from '../../../policies/quotas/memory-store.js';
import type { ConsumeRequest, QuotaStore, QuotaSubject } from '../../../policies/quotas/quota-store.js';
import { RedisQuotaStore } from '../../../policies/quotas/redis-store.js';
import { deleteKeys, describeWithRedis, TEST_REDIS_URL, uniqueKeyPrefix } from '../../helpers/redis.js';

const T0 = 1_700_000_000_000; // ms
const rate = { requests: 10, windowSeconds: 60, burst: 3 }; // one request per 6 s, 3 at once
const budget = { points: 1000, windowSeconds: 100 }; // 10 points per second

let subjects = 0;
function subject(): QuotaSubject {
  subjects += 1;
  return { graph: 'shop', client: `client-${subjects}` };
}

function contract(name: string, makeStore: () => QuotaStore): void {
  describe(name, () => {
    const store = makeStore();
    afterAll(() => store.close());
    const consume = (request: Partial<ConsumeRequest> & { subject: QuotaSubject }) =>
      store.consume({ rate, budget, cost: 1, now: T0, ...request });

    it('allows the burst, refuses the next request with Retry-After, and refills one per interval', async () => {
      const who = subject();
      for (let i = 0; i < 3; i++) expect((await consume({ subject: who })).status).toBe('allowed');
      const refused = await consume({ subject: who });
      expect(refused).toEqual({
        status: 'refused',
        refusedBy: 'rate',
        retryAfterSeconds: 6,
        degraded: false,
        rate: {
          limit: 10,
          windowSeconds: 60,
          capacity: 3,
          remaining: 0,
          resetSeconds: 18,
          allowed: false,
          retryAfterSeconds: 6,
        },
        budget: {
          limit: 1000,
          windowSeconds: 100,
          capacity: 1000,
          remaining: 997,
          resetSeconds: 1,
          allowed: true,
          retryAfterSeconds: 0,
        },
      });
      expect((await consume({ subject: who, now: T0 + 5_999 })).status).toBe('refused');
      const refilled = await consume({ subject: who, now: T0 + 6_000 });
      expect(refilled).toMatchObject({ status: 'allowed', rate: { remaining: 0, resetSeconds: 18 } });
      expect((await consume({ subject: who, now: T0 + 6_000 })).status).toBe('refused');
    });

    it('charges the budget by cost and refuses a cost above what remains, charging neither limit', async () => {
      const who = subject();
      const first = await consume({ subject: who, cost: 700 });
      expect(first).toMatchObject({ status: 'allowed', rate: { remaining: 2 }, budget: { remaining: 300 } });
      const tooMuch = await consume({ subject: who, cost: 301 });
      expect(tooMuch).toMatchObject({
        status: 'refused',
        refusedBy: 'budget',
        retryAfterSeconds: 1, // 1 point at 10 per second: 0.1 s, rounded up
        rate: { remaining: 2, allowed: true },
        budget: { remaining: 300, allowed: false, retryAfterSeconds: 1 },
      });
      // Nothing was charged: the rate still has 2, the budget still 300.
      expect(await consume({ subject: who, cost: 300 })).toMatchObject({
        status: 'allowed',
        rate: { remaining: 1 },
        budget: { remaining: 0, resetSeconds: 100 },
      });
      // 25 s later 250 points are back.
      expect(await consume({ subject: who, cost: 250, now: T0 + 25_000 })).toMatchObject({
        status: 'allowed',
        budget: { remaining: 0 },
      });
    });

    it('does not charge the budget when the rate refuses, and names the rate when both refuse', async () => {
      const who = subject();
      for (let i = 0; i < 3; i++) await consume({ subject: who, cost: 100 });
      const both = await consume({ subject: who, cost: 2000 });
      expect(both).toMatchObject({ status: 'refused', refusedBy: 'rate', retryAfterSeconds: null });
      const rateOnly = await consume({ subject: who, cost: 100 });
      expect(rateOnly).toMatchObject({ status: 'refused', refusedBy: 'rate', budget: { remaining: 700 } });
    });

    it('never allows a cost above the whole budget: no Retry-After', async () => {
      const refused = await consume({ subject: subject(), cost: 1001 });
      expect(refused).toMatchObject({
        status: 'refused',
        refusedBy: 'budget',
        retryAfterSeconds: null,
        budget: { remaining: 1000, retryAfterSeconds: null },
      });
    });

    it('rounds a fractional cost up, allows a cost of 0 and requests without limits', async () => {
      const who = subject();
      expect(await consume({ subject: who, cost: 0.2 })).toMatchObject({ budget: { remaining: 999 } });
      expect(await consume({ subject: who, cost: 0 })).toMatchObject({ budget: { remaining: 999 } });
      expect(await store.consume({ subject: who, rate: null, budget: null, cost: 5, now: T0 })).toEqual({
        status: 'allowed',
        rate: null,
        budget: null,
        degraded: false,
      });
      expect(await store.consume({ subject: who, rate: null, budget, cost: 9, now: T0 })).toMatchObject({
        status: 'allowed',
        rate: null,
        budget: { remaining: 990 },
      });
    });

    it('refunds and charges the difference after execution', async () => {
      const who = subject();
      await consume({ subject: who, cost: 500 });
      const refund = await store.adjust({ subject: who, budget, delta: -200, now: T0 });
      expect(refund).toMatchObject({ status: 'adjusted', degraded: false, budget: { remaining: 700 } });
      const charge = await store.adjust({ subject: who, budget, delta: 900, now: T0 });
      // 1,200 spent of 1,000: in debt, nothing remains for 120 s.
      expect(charge).toMatchObject({ status: 'adjusted', budget: { remaining: 0, resetSeconds: 120 } });
      expect(await consume({ subject: who, cost: 1, now: T0 + 20_000 })).toMatchObject({
        status: 'refused',
        refusedBy: 'budget',
        retryAfterSeconds: 1,
      });
      expect(await consume({ subject: who, cost: 1, now: T0 + 20_100 })).toMatchObject({ status: 'allowed' });
      // A refund never gives back more than was spent.
      const fresh = subject();
      expect(await store.adjust({ subject: fresh, budget, delta: -50, now: T0 })).toMatchObject({
        budget: { remaining: 1000, resetSeconds: 0 },
      });
    });

    it('keeps subjects apart, also when graph and client names contain the separators', async () => {
      const a = { graph: 'a:b', client: 'c' };
      const b = { graph: 'a', client: 'b:c' };
      const c = { graph: 'x{y}', client: '%7B' };
      await consume({ subject: a, cost: 1000 });
      expect(await consume({ subject: b, cost: 1000 })).toMatchObject({ status: 'allowed' });
      expect(await consume({ subject: c, cost: 1000 })).toMatchObject({ status: 'allowed' });
      expect(await consume({ subject: a, cost: 1 })).toMatchObject({ status: 'refused' });
    });
  });
}

contract('MemoryQuotaStore', () => new MemoryQuotaStore());

describeWithRedis('RedisQuotaStore on real Redis', () => {
  const prefix = uniqueKeyPrefix();
  afterAll(() => deleteKeys(prefix));
  contract(
    'contract',
    () => new RedisQuotaStore({ url: TEST_REDIS_URL, keyPrefix: prefix, timeoutMs: 2_000 }),
  );
});
