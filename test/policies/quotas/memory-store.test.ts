// MemoryQuotaStore's memory: idle clients are dropped, and at most `maxEntries` are kept (least recently used
// first out).
import { describe, expect, it } from 'vitest';
import { MemoryQuotaStore } from '../../../policies/quotas/memory-store.js';

const T0 = 1_700_000_000_000;
const rate = { requests: 1, windowSeconds: 10 };
const consume = (store: MemoryQuotaStore, client: string, now = T0) =>
  store.consumeNow({ subject: { graph: 'g', client }, rate, budget: null, cost: 0, now });

describe('MemoryQuotaStore', () => {
  it('forgets a client once its limits are full again', () => {
    const store = new MemoryQuotaStore();
    consume(store, 'a');
    consume(store, 'b', T0 + 1_000);
    expect(store.size).toBe(2);
    // 'a' is full again at T0 + 10 s: the next write drops it; 'b' (full at T0 + 11 s) stays.
    consume(store, 'c', T0 + 10_500);
    expect(store.size).toBe(2);
    consume(store, 'd', T0 + 60_000);
    expect(store.size).toBe(1);
  });

  it('keeps at most maxEntries clients, dropping the least recently used', () => {
    const store = new MemoryQuotaStore({ maxEntries: 3 });
    for (const client of ['a', 'b', 'c']) expect(consume(store, client).status).toBe('allowed');
    expect(consume(store, 'a').status).toBe('refused'); // 'a' is now the most recently used
    expect(consume(store, 'd').status).toBe('allowed'); // drops 'b'
    expect(store.size).toBe(3);
    expect(consume(store, 'b').status).toBe('allowed'); // forgotten: a full quota again (drops 'c')
    expect(consume(store, 'a').status).toBe('refused');
    expect(consume(store, 'd').status).toBe('refused');
  });

  it('uses its clock when a request has no time of its own', () => {
    let now = T0;
    const store = new MemoryQuotaStore({ clock: () => now });
    const request = { subject: { graph: 'g', client: 'x' }, rate, budget: null, cost: 0 };
    expect(store.consumeNow(request).status).toBe('allowed');
    expect(store.consumeNow(request)).toMatchObject({ status: 'refused', retryAfterSeconds: 10 });
    now += 10_000;
    expect(store.consumeNow(request).status).toBe('allowed');
  });

  it('refuses a negative or non-finite cost as a programming error', () => {
    const store = new MemoryQuotaStore();
    const request = {
      subject: { graph: 'g', client: 'x' },
      rate: null,
      budget: { points: 10, windowSeconds: 1 },
    };
    expect(() => store.consumeNow({ ...request, cost: -1 })).toThrow(RangeError);
    expect(() => store.consumeNow({ ...request, cost: Number.NaN })).toThrow(RangeError);
    expect(() => new MemoryQuotaStore({ maxEntries: 0 })).toThrow(RangeError);
  });
});
