// What a decision shows the client: the RateLimit fields, Retry-After, and the refusal's code and extensions.
import { describe, expect, it } from 'vitest';
import { MemoryQuotaStore } from '../../../policies/quotas/memory-store.js';
import { quotaHeaders, quotaRefusal } from '../../../policies/quotas/quota-response.js';

const T0 = 1_700_000_000_000;
const subject = { graph: 'shop', client: 'web' };
const rate = { requests: 10, windowSeconds: 60, burst: 3 };
const budget = { points: 5000, windowSeconds: 3600 };

describe('quota response', () => {
  it('tells an allowed request where it stands, unless switched off', () => {
    const store = new MemoryQuotaStore();
    const allowed = store.consumeNow({ subject, rate, budget, cost: 800, now: T0 });
    expect(quotaHeaders(allowed)).toEqual({
      'ratelimit-policy': '"rate";q=10;w=60;atrium-burst=3, "budget";q=5000;w=3600;atrium-unit="cost"',
      ratelimit: '"rate";r=2;t=6, "budget";r=4200;t=576',
    });
    expect(quotaHeaders(allowed, { onSuccess: false })).toEqual({});
    expect(quotaRefusal(allowed)).toBeNull();
    expect(quotaHeaders(store.consumeNow({ subject, rate: null, budget: null, cost: 1, now: T0 }))).toEqual(
      {},
    );
  });

  it('answers a rate refusal with 429 RATE_LIMITED, Retry-After and t at the same moment', () => {
    const store = new MemoryQuotaStore();
    for (let i = 0; i < 3; i++) store.consumeNow({ subject, rate, budget, cost: 10, now: T0 });
    const refused = store.consumeNow({ subject, rate, budget, cost: 10, now: T0 + 1_500 });
    expect(quotaRefusal(refused, { names: { rate: 'requests' } })).toEqual({
      code: 'RATE_LIMITED',
      status: 429,
      extensions: {
        policy: 'requests',
        limit: 10,
        windowSeconds: 60,
        remaining: 0,
        resetSeconds: 5,
        retryAfterSeconds: 5,
      },
      headers: {
        'ratelimit-policy': '"requests";q=10;w=60;atrium-burst=3, "budget";q=5000;w=3600;atrium-unit="cost"',
        ratelimit: '"requests";r=0;t=5, "budget";r=4972;t=21',
        'retry-after': '5',
      },
    });
  });

  it('answers a budget refusal with 429 BUDGET_EXHAUSTED; no Retry-After when the cost exceeds the whole budget', () => {
    const store = new MemoryQuotaStore();
    store.consumeNow({ subject, rate: null, budget, cost: 4990, now: T0 });
    const refused = store.consumeNow({ subject, rate: null, budget, cost: 20, now: T0 });
    expect(quotaRefusal(refused)).toMatchObject({
      code: 'BUDGET_EXHAUSTED',
      status: 429,
      extensions: { policy: 'budget', limit: 5000, remaining: 10, resetSeconds: 8, retryAfterSeconds: 8 },
      headers: { ratelimit: '"budget";r=10;t=8', 'retry-after': '8' },
    });
    const never = store.consumeNow({
      subject: { graph: 'shop', client: 'x' },
      rate: null,
      budget,
      cost: 5001,
      now: T0,
    });
    const refusal = quotaRefusal(never);
    expect(refusal).toMatchObject({
      code: 'BUDGET_EXHAUSTED',
      extensions: { remaining: 5000, resetSeconds: 0, retryAfterSeconds: null },
    });
    expect(refusal?.headers['retry-after']).toBeUndefined();
  });

  it('answers an unavailable store with 503 QUOTA_STORE_UNAVAILABLE and Retry-After only', () => {
    const refusal = quotaRefusal({
      status: 'unavailable',
      retryAfterSeconds: 2,
      reason: 'Redis is not connected',
    });
    expect(refusal).toEqual({
      code: 'QUOTA_STORE_UNAVAILABLE',
      status: 503,
      extensions: { retryAfterSeconds: 2 },
      headers: { 'retry-after': '2' },
    });
  });
});
